"""Copies of the database taken with SQLite's online backup API: consistent even while it is in use."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.store.engine import Database


def save_copy(database: Database, target: Path) -> Path:
    """Write a complete copy of ``database`` to ``target``.

    The copy is written under a temporary name and renamed at the end, so an interrupted copy never
    leaves a half-written file under the chosen name.
    """
    source_path = database.path
    if source_path is None:
        raise CptsError("Seule une base enregistrée dans un fichier peut être copiée ainsi.")
    target = target.expanduser().resolve()
    if target == source_path.resolve():
        raise CptsError("La copie doit porter un autre nom que la base ouverte.")
    if not target.parent.is_dir():
        raise CptsError(f"Le dossier « {target.parent} » n’existe pas.")
    partial = target.with_name(target.name + ".partiel")
    try:
        raw = database.engine.raw_connection()
        try:
            destination = sqlite3.connect(partial)
            try:
                raw.driver_connection.backup(destination)
            finally:
                destination.close()
        finally:
            raw.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise CptsError(f"La copie vers « {target} » a échoué : {error}.") from error
    return target
