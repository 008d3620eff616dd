"""Where things live: data, logs, bundled resources, and which database to open.

Nothing is read at import time, so tests can point everything elsewhere through the
environment (``CPTS_DATA_DIR``, ``CPTS_LOG_DIR``, ``CPTS_DB``) before calling these functions.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import platformdirs

from cpts_desktop import APP_NAME

DB_ENV = "CPTS_DB"
DATA_DIR_ENV = "CPTS_DATA_DIR"
LOG_DIR_ENV = "CPTS_LOG_DIR"
DEFAULT_DB_NAME = "cpts.sqlite"


def data_dir() -> Path:
    """The user's data folder (created if missing)."""
    path = Path(os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """The folder where tracebacks are written, never shown to the user (created if missing)."""
    path = Path(os.environ.get(LOG_DIR_ENV) or platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> str:
    """The database used when none is named: a SQLite file in the data folder."""
    return str(data_dir() / DEFAULT_DB_NAME)


def choose_database(cli_value: str | None, remembered: str | None = None) -> str:
    """The database to open: ``--db`` first, then ``CPTS_DB``, then the last one used, then the default."""
    for candidate in (cli_value, os.environ.get(DB_ENV), remembered):
        if candidate:
            return candidate
    return default_database()


def resources_dir() -> Path:
    """The ``resources`` folder, from a source checkout or from inside a frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of one bundled resource file."""
    return resources_dir().joinpath(*parts)


def reference_rows(name: str) -> list[dict[str, str]]:
    """The rows of a « ; »-separated reference file of ``resources/``; lines starting with « # » are notes."""
    text = resource(name).read_text(encoding="utf-8")
    data = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(data), delimiter=";"))
