"""Tracebacks go to a log file in the user's log folder, never to the user.

The log is read by whoever helps with a problem: it holds no password, no SQL parameter and no
contact detail of a member. The file is the user's only (0600 in a 0700 folder)."""

from __future__ import annotations

import logging
import re
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from cpts_desktop.config import log_dir, private_file

LOG_NAME = "cpts-desktop.log"
HIDDEN = "***"

# What is masked, in the message and in the traceback alike: (pattern, replacement).
_REDACTIONS = (
    # « postgresql://user:secret@host/db » → « postgresql://user:***@host/db »
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s@]*@", re.IGNORECASE), rf"\g<1>{HIDDEN}@"),
    # « password=secret » in a connection string or a query string
    (re.compile(r"\b(password|passwd|pwd|passphrase)(\s*[=:]\s*)[^\s&;,)'\"]+", re.IGNORECASE), rf"\1\2{HIDDEN}"),
    # SQLAlchemy's « [parameters: ('Dupont', 'lea@example.org')] » (when hide_parameters is not set)
    (re.compile(r"\[parameters: [^\n]*"), "[paramètres masqués]"),
    # PostgreSQL's « DETAIL:  Key (email)=(lea@example.org) already exists. » and « Failing row contains (…) »
    (re.compile(r"(Key \([^)]*\)=\()[^\n]*?(\) )"), rf"\g<1>{HIDDEN}\2"),
    (re.compile(r"(Failing row contains \()[^\n]*(\))"), rf"\g<1>{HIDDEN}\2"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<courriel masqué>"),
    (re.compile(r"(?<![\d\w])(?:\+33[ .]?|0)[1-9](?:[ .-]?\d{2}){4}(?![\d\w])"), "<téléphone masqué>"),
)


def redact(text: str) -> str:
    """``text`` without passwords, SQL parameters, e-mail addresses or French phone numbers."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Masks private values in the whole line, traceback and exception messages included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateFileHandler(RotatingFileHandler):
    """A rotating log whose every file, the rotated ones too, is created readable by the user only."""

    def _open(self) -> TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def setup_logging() -> Path:
    """Send warnings and errors (with tracebacks) to the rotating log file; return its path."""
    path = log_dir() / LOG_NAME
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = PrivateFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path
