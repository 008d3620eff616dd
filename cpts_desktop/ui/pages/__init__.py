"""One page per section of the main window."""
