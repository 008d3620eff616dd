"""The copy of a base kept before its schema is upgraded: one per base and schema version.

An upgrade interrupted and run again must not pile up full copies of the base, so the copy's name
carries the base and its revision, and a copy already made is kept as it is.
"""

from __future__ import annotations

import errno
import hashlib
import re
import sqlite3
from pathlib import Path

from cpts_desktop import config
from cpts_desktop.services.failures import DatabaseUnavailable, reason
from cpts_desktop.store import sqlite_files


def copy_name(path: Path, revision: str) -> str:
    """« cpts-<base>-<6 hex of its full path>-avant-migration-<revision>.sqlite »: two bases with the
    same name in different folders do not share a copy."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-")[:40] or "base"
    tag = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:6]
    return f"cpts-{stem}-{tag}-avant-migration-{revision}.sqlite"


def keep_copy_before_migration(source: sqlite3.Connection, path: Path, revision: str) -> Path:
    """Copy the base read through ``source`` (at ``revision``) into the backups folder, unless this
    version of this base was already copied; the copy is complete or absent, never partial."""
    target = config.backups_dir() / copy_name(path, revision)
    if target.exists():
        return target
    try:
        return sqlite_files.copy_base(source, target)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseUnavailable(
            f"La base « {path} » doit être mise à jour, mais la copie gardée avant sa mise à jour n’a pas pu "
            f"être écrite dans « {target.parent} » : {_why(error)}. La base n’a pas été modifiée ; libérez de la "
            "place ou vérifiez les droits de ce dossier, puis rouvrez-la."
        ) from error


def _why(error: OSError | sqlite3.Error) -> str:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "le disque est plein"
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "l’écriture y est refusée"
    return reason(error)
