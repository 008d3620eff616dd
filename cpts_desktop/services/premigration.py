"""The copy of a base kept before its schema is upgraded: one per base and schema version.

An upgrade interrupted and run again must not pile up full copies of the base, so the copy's name
carries the base and its revision, and a copy already made is kept as it is.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sqlite3
from pathlib import Path

from cpts_desktop import config
from cpts_desktop.services.failures import DatabaseUnavailable, reason


def copy_name(path: Path, revision: str) -> str:
    """« cpts-<base>-<6 hex of its full path>-avant-migration-<revision>.sqlite »: two bases with the
    same name in different folders do not share a copy."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-")[:40] or "base"
    tag = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:6]
    return f"cpts-{stem}-{tag}-avant-migration-{revision}.sqlite"


def keep_copy_before_migration(source: sqlite3.Connection, path: Path, revision: str) -> Path:
    """Copy the base read through ``source`` (at ``revision``) into the backups folder, unless this
    version of this base was already copied; the copy is complete or absent, never partial."""
    from cpts_desktop.services.backups import default_folder  # backups itself opens bases

    target = default_folder() / copy_name(path, revision)
    if target.exists():
        return target
    partial = target.with_name(target.name + ".partiel")
    try:
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, config.PRIVATE_FILE_MODE))
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        _fsync(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise DatabaseUnavailable(
            f"La base « {path} » doit être mise à jour, mais la copie gardée avant sa mise à jour n’a pas pu "
            f"être écrite dans « {target.parent} » : {_why(error)}. La base n’a pas été modifiée ; libérez de la "
            "place ou vérifiez les droits de ce dossier, puis rouvrez-la."
        ) from error
    return target


def _why(error: OSError | sqlite3.Error) -> str:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "le disque est plein"
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "l’écriture y est refusée"
    return reason(error)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
