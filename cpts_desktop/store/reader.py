"""Reading a SQLite base with sqlite3 alone, for a command that only reads (``cpts members export``):
importing SQLAlchemy would take most of its time.

Only a base that needs nothing from the full opening (``services.database.open_database``) is read so:
a sound SQLite file at the shipped head revision, with neither a transaction a killed program left
half-written nor the copy of an interrupted upgrade beside it. For any other, the caller gets None and
opens the base the usual way, which upgrades, repairs or refuses it in French.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cpts_desktop.store import migrate, sqlite_files


def open_for_reading(path: Path) -> sqlite3.Connection | None:
    """A connection that cannot write to the base at ``path``, inside a read transaction (every read
    sees one snapshot), or None when the base needs the full opening."""
    try:
        if (
            not path.is_file()
            or sqlite_files.read_header(path) != sqlite_files.SQLITE_HEADER
            or sqlite_files.has_hot_journal(path)
            or migrate.leftovers(path)
        ):
            return None
        connection = sqlite_files.open_read_only(path)
    except (OSError, sqlite3.Error):
        return None
    try:
        connection.isolation_level = None  # transactions by hand: the snapshot begins at the check below
        connection.execute("BEGIN")
        sound = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        if sound and migrate.sqlite_revision(connection) == migrate.head_revision():
            return connection
    except sqlite3.Error:
        pass
    connection.close()
    return None
