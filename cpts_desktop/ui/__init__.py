"""The Qt interface: main window, one page per section, dialogs. Only ``app.py`` imports it."""
