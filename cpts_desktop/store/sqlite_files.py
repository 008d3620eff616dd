"""SQLite bases as files: consistent copies through SQLite's backup API, files written complete or not
at all and readable by the user only, the companions (« -wal », « -shm », « -journal ») that belong to
a base, and checks made without writing.

Backups, the copy kept before a migration and the opening checks all use these, so none of those
services needs another. Errors are the system's (``OSError``, ``sqlite3.Error``): the services say
them in French.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from cpts_desktop import config

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal")
PARTIAL_SUFFIX = ".partiel"


# ----- the files of a base


def companion(path: Path, suffix: str) -> Path:
    """The « -wal », « -shm » or « -journal » file SQLite keeps beside the base at ``path``."""
    return path.with_name(path.name + suffix)


def read_header(path: Path) -> bytes:
    """The first bytes of ``path``: ``SQLITE_HEADER`` for a SQLite base, b"" for an empty file."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER))


def has_hot_journal(path: Path) -> bool:
    """Whether a program stopped mid-transaction left a journal that the next opening will replay
    (an opening in write mode changes the base then: copy it first to keep it as it was)."""
    journal = companion(path, "-journal")
    return journal.exists() and journal.stat().st_size > 0


def check(path: Path, pragma: str = "quick_check", timeout: float = 5.0) -> str:
    """SQLite's verdict (« ok » or the first problem) on the base at ``path``, opened read-only."""
    connection = open_read_only(path, timeout)
    try:
        return str(connection.execute(f"PRAGMA {pragma}").fetchone()[0])
    finally:
        connection.close()


def open_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that cannot write to the base at ``path``."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


# ----- copies


def snapshot(source: sqlite3.Connection) -> bytes:
    """A consistent image of the base behind ``source``, made in memory (never a plain file on disk),
    in rollback-journal mode: opening the copy creates no « -wal » beside it."""
    memory = sqlite3.connect(":memory:")
    try:
        source.backup(memory, progress=give_up_when_busy)
        data = bytearray(memory.serialize())
    finally:
        memory.close()
    data[18:20] = b"\x01\x01"
    return bytes(data)


def give_up_when_busy(status: int, _remaining: int, _total: int) -> None:
    """Progress callback of the backup API, which would otherwise retry a locked base for ever (after
    the connection's own busy timeout)."""
    if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        raise sqlite3.OperationalError("database is locked")


def copy_base(source: sqlite3.Connection, target: Path) -> Path:
    """A self-contained copy of the base behind ``source`` at ``target``, complete or absent, readable
    by the user only, in rollback-journal mode. An existing ``target`` is replaced; what an earlier
    copy to ``target`` killed halfway left is removed (one writer at a time: the caller holds the base)."""
    partial = companion(target, PARTIAL_SUFFIX)
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, config.PRIVATE_FILE_MODE))
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination, progress=give_up_when_busy)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        fsync(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def copy_files(path: Path, target: Path) -> Path:
    """The base at ``path`` and its companions copied byte for byte beside ``target``, as they are
    (nothing opens them): what a damaged base or a hot journal was before anyone touched it."""
    write_atomically(target, path.read_bytes())
    for suffix in COMPANIONS:
        found = companion(path, suffix)
        if found.exists():
            write_atomically(companion(target, suffix), found.read_bytes())
    return target


# ----- writing files


def new_partial(folder: Path, name: str) -> Path:
    """A new empty file beside where ``name`` will be, readable by the user only."""
    descriptor, partial = tempfile.mkstemp(prefix=f"{name}.", suffix=PARTIAL_SUFFIX, dir=folder)
    os.close(descriptor)
    return Path(partial)


def write_private(path: Path, data: bytes) -> None:
    """``data`` on disk (fsync) in a file readable by the user only."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, config.PRIVATE_FILE_MODE), "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_atomically(target: Path, data: bytes) -> None:
    """``target`` replaced by ``data`` whole or left as it was."""
    partial = new_partial(target.parent, target.name)
    try:
        write_private(partial, data)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def store_new(folder: Path, stem: str, suffix: str, data: bytes, taken: Callable[[Path], bool]) -> Path:
    """``data`` saved in ``folder`` under the first free name among stem, stem-2, stem-3… (``taken``
    says which names are reserved besides existing files): complete or not at all, never over an
    existing file, even one another process writes in the same second."""
    partial = new_partial(folder, stem + suffix)
    try:
        write_private(partial, data)
        return _publish(partial, folder, stem, suffix, taken)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _publish(partial: Path, folder: Path, stem: str, suffix: str, taken: Callable[[Path], bool]) -> Path:
    for number in itertools.count(1):
        target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        if target.exists() or taken(target):
            continue
        try:
            os.link(partial, target)  # fails if the name was taken meanwhile
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links (FAT key): the name was free just above
            os.replace(partial, target)
            return target
        partial.unlink()
        return target
    raise AssertionError("unreachable")


def fsync(path: Path) -> None:
    """Make ``path`` (a file, or a folder's entries) durable."""
    if os.name == "nt" and path.is_dir():
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
