"""Tracebacks go to a log file in the user's log folder, never to the user.

The log is read by whoever helps with a problem: it holds no password, no SQL parameter and no
contact detail of a member. The file is the user's only (0600 in a 0700 folder)."""

from __future__ import annotations

import functools
import logging
import os
import re
from io import TextIOWrapper
from pathlib import Path
from typing import TYPE_CHECKING

from cpts_desktop.config import log_dir, private_file

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_NAME = "cpts-desktop.log"
HIDDEN = "***"


@functools.cache
def _redactions() -> tuple[tuple[re.Pattern[str], str], ...]:
    """What is masked, in the message and in the traceback alike: (pattern, replacement). Compiled at the
    first line written (about 2 ms that a run logging nothing does not pay)."""
    return (
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
    for pattern, replacement in _redactions():
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Masks private values in the whole line, traceback and exception messages included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateFileHandler(logging.Handler):
    """A rotating log whose every file, the rotated ones too, is created readable by the user only.

    The file is created at once, so that a log that cannot be written stops a run before it starts; what
    writes and rotates it (``logging.handlers``, which imports socket, pickle and queue: 10 to 15 ms of
    every command) is made at the first line, and most runs write none."""

    def __init__(self, filename: Path, max_bytes: int = 0, backup_count: int = 0, encoding: str | None = None) -> None:
        super().__init__()
        self.baseFilename = os.path.abspath(filename)
        private_file(Path(self.baseFilename))
        self._rotation = (max_bytes, backup_count, encoding)
        self._file: RotatingFileHandler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            self._file = _rotating_file(self.baseFilename, *self._rotation)
        self._file.formatter = self.formatter
        self._file.emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _rotating_file(path: str, max_bytes: int, backup_count: int, encoding: str | None) -> RotatingFileHandler:
    """The standard rotating handler of ``PrivateFileHandler``, each file it opens made private first; it
    opens the file when it writes, so that a failure to open is reported as any failure to write."""
    from logging.handlers import RotatingFileHandler  # socket, pickle, queue: only once a line is written

    class Private(RotatingFileHandler):
        def _open(self) -> TextIOWrapper:
            private_file(Path(self.baseFilename))
            return super()._open()

    return Private(path, maxBytes=max_bytes, backupCount=backup_count, encoding=encoding, delay=True)


def setup_logging() -> Path:
    """Send warnings and errors (with tracebacks) to the rotating log file; return its path."""
    path = log_dir() / LOG_NAME
    root = logging.getLogger()
    if not any(isinstance(h, PrivateFileHandler) for h in root.handlers):
        handler = PrivateFileHandler(path, max_bytes=1_000_000, backup_count=3, encoding="utf-8")
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path
