"""Where things live: data, logs, bundled resources, private temporary files, and which database to open.

Nothing is read at import time, so tests can point everything elsewhere through the
environment (``CPTS_DATA_DIR``, ``CPTS_LOG_DIR``, ``CPTS_DB``) before calling these functions.

What the application creates holds personal data, so it is readable by the user only: folders 0700 and
files 0600 on POSIX. On Windows the data, log and temporary folders sit in the user's own profile,
which other users cannot read; the POSIX modes are not applied there.
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import platformdirs

from cpts_desktop import APP_NAME

DB_ENV = "CPTS_DB"
DATA_DIR_ENV = "CPTS_DATA_DIR"
LOG_DIR_ENV = "CPTS_LOG_DIR"
DEFAULT_DB_NAME = "cpts.sqlite"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
TEMP_FOLDER = "temp"
LOCK_NAME = ".en-cours"
# A run's temporary folder is locked within microseconds of its creation: one without a lock that is
# older than this was left by a run killed in between.
UNLOCKED_GRACE_SECONDS = 60.0
POSIX = os.name == "posix"

# This process's temporary folder and its open lock, per data folder (tests switch data folders).
_own_temp: dict[tuple[int, Path], tuple[Path, IO[str]]] = {}


def private_dir(path: Path, tighten: bool = True) -> Path:
    """``path`` created if missing, with its missing parents, readable by the user only.

    ``tighten`` also closes a folder that existed (the application's own folders); a folder the user
    chose and that already existed keeps its modes (``tighten=False``)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        _chmod(folder, PRIVATE_DIR_MODE)
    if tighten and not missing:
        _chmod(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """``path`` readable and writable by the user only, created empty if missing (content untouched).

    Called before a library writes the file (opening it for writing keeps the mode), so its content is
    never readable by others, even for an instant."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    os.close(descriptor)
    _chmod(path, PRIVATE_FILE_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    """Set ``mode`` on POSIX; a file or folder owned by someone else keeps its own."""
    if POSIX:
        with contextlib.suppress(PermissionError):
            os.chmod(path, mode)


def data_dir_path() -> Path:
    """Where the user's data folder is, without creating it: for reading a file that may be missing, as
    the journal does at every write (creating and tightening the folder each time cost more than the write)."""
    return Path(os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user's data folder (created if missing), readable by the user only."""
    return private_dir(data_dir_path())


def backups_dir() -> Path:
    """The default backups folder, also where a base is copied before its schema is upgraded."""
    return private_dir(data_dir() / "sauvegardes")


def log_dir() -> Path:
    """The folder where tracebacks are written, never shown to the user (created if missing, private)."""
    path = Path(os.environ.get(LOG_DIR_ENV) or platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return private_dir(path)


def temp_dir() -> Path:
    """This run's private folder for temporary files with personal data (letters, previews).

    It sits under the data folder, not in the shared system temp folder, and holds a lock while the
    process lives: it is removed at exit, and by the sweep of the next start if the process was killed.
    A forked child gets its own."""
    root = private_dir(data_dir() / TEMP_FOLDER)
    key = (os.getpid(), root)
    own = _own_temp.get(key)
    if own is None or not own[0].is_dir():
        if own is not None:
            own[1].close()
        folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
        own = _own_temp[key] = (folder, _hold_lock(folder))
        atexit.register(_remove_own, folder, own[1], os.getpid())
    return own[0]


def _remove_own(folder: Path, lock: IO[str], owner: int) -> None:
    """At a normal exit: this run's temporary files go with it (not a forked child's exit)."""
    if os.getpid() != owner:
        return
    lock.close()
    shutil.rmtree(folder, ignore_errors=True)


def _hold_lock(folder: Path) -> IO[str]:
    """Lock ``folder`` for as long as the returned file stays open (the process's life).

    On POSIX the lock is taken under another name then renamed, so a sweep never sees it unlocked; on
    Windows an open file cannot be deleted, which is the lock."""
    if not POSIX:
        return open(folder / LOCK_NAME, "w", encoding="utf-8")  # noqa: SIM115 - held until the end
    import fcntl

    pending = folder / f"{LOCK_NAME}.tmp"
    handle = open(pending, "w", encoding="utf-8")  # noqa: SIM115 - held until the process ends
    # a file system without locks: the folder is never taken for abandoned (the sweep cannot lock it)
    with contextlib.suppress(OSError):
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.replace(pending, folder / LOCK_NAME)
    return handle


def _abandoned(folder: Path) -> bool:
    """Whether ``folder`` was left by a run that has ended (its lock is free)."""
    lock = folder / LOCK_NAME
    if not lock.exists():
        return time.time() - folder.stat().st_mtime > UNLOCKED_GRACE_SECONDS
    if not POSIX:
        try:
            lock.unlink()
        except PermissionError:
            return False
        return True
    import fcntl

    with open(lock, encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
    return True


def sweep_temp() -> list[Path]:
    """Remove what killed or crashed runs left in the private temp folder; return what was removed.

    Folders of runs still going (another window, a script) are locked and kept."""
    root = private_dir(data_dir() / TEMP_FOLDER)
    own = _own_temp.get((os.getpid(), root))
    removed = []
    for entry in sorted(root.iterdir()):
        if own is not None and entry == own[0]:
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                if _abandoned(entry):
                    shutil.rmtree(entry)
                    removed.append(entry)
            else:
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue  # in use or already gone: the next start tries again
    return removed


def private_by_default() -> None:
    """At start-up: every file and folder this process creates is the user's only, and the temporary
    files that killed runs left are removed."""
    if POSIX:
        os.umask(0o077)
    with contextlib.suppress(OSError):  # a data folder out of reach must not stop a run on another base
        sweep_temp()


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
