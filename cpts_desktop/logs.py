"""Tracebacks go to a log file in the user's log folder, never to the user."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from cpts_desktop.config import log_dir

LOG_NAME = "cpts-desktop.log"


def setup_logging() -> Path:
    """Send warnings and errors (with tracebacks) to the rotating log file; return its path."""
    path = log_dir() / LOG_NAME
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path
