"""E-mail screens: the mail server's settings, the send dialog shared by every kind of message, and the
outbox window that sends off the GUI thread."""
