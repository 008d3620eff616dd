"""Backups: copies taken with SQLite's online backup API (consistent while the base is in use),
optionally encrypted, rotated, listed with what they hold, and restored safely.

Every file is written under a temporary name and renamed once complete; a restore first backs up the
base it replaces.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from cpts_desktop import config
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.database import open_database
from cpts_desktop.store import migrate
from cpts_desktop.store.engine import Database

MAGIC = b"CPTSENC1"
ENCRYPTED_SUFFIX = ".chiffre"
NAME = re.compile(r"^cpts-(\d{8}-\d{6})(?:-([a-z-]+))?\.sqlite(\.chiffre)?$")
COUNTED = {"members": "adhérents", "payments": "paiements", "grants": "financements", "meetings": "réunions"}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    encrypted: bool
    revision: str | None
    counts: dict[str, int] | None

    @property
    def label(self) -> str:
        return self.path.name


def default_folder() -> Path:
    folder = config.data_dir() / "sauvegardes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_copy(database: Database, target: Path) -> Path:
    """Write a complete, consistent copy of ``database`` to ``target`` (temporary name, then rename)."""
    source_path = database.path
    if source_path is None:
        raise CptsError(
            "Une base partagée se sauvegarde sur son serveur (pg_dump, par son administrateur) ; "
            "seule une base enregistrée dans un fichier peut être copiée ainsi."
        )
    target = target.expanduser().resolve()
    if target == source_path.resolve():
        raise CptsError("La copie doit porter un autre nom que la base ouverte.")
    if not target.parent.is_dir():
        raise CptsError(f"Le dossier « {target.parent} » n’existe pas.")
    raw = database.engine.raw_connection()
    try:
        _backup_into(raw.driver_connection, target, "La copie vers « {target} » a échoué : {error}.")
    finally:
        raw.close()
    return target


def _backup_into(source: sqlite3.Connection, target: Path, failure: str) -> None:
    """SQLite's online backup of ``source`` into one self-contained file, renamed to ``target`` once
    complete; ``failure`` is the French message (with {target} and {error}) if anything goes wrong."""
    partial = target.with_name(target.name + ".partiel")
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise CptsError(failure.format(target=target, error=error)) from error


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def encrypt_file(source: Path, target: Path, passphrase: str) -> None:
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, source.read_bytes(), MAGIC)
    _write_atomically(target, MAGIC + salt + nonce + sealed)


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    data = source.read_bytes()
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 28:
        raise CptsError(f"« {source.name} » n’est pas une sauvegarde chiffrée de CPTS Desktop.")
    salt, nonce, sealed = data[8:24], data[24:36], data[36:]
    try:
        plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, MAGIC)
    except InvalidTag as error:
        raise CptsError(
            "Phrase de passe incorrecte, ou sauvegarde modifiée depuis sa création : elle est refusée."
        ) from error
    _write_atomically(target, plain)


def _write_atomically(target: Path, data: bytes) -> None:
    partial = target.with_name(target.name + ".partiel")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CptsError(f"Impossible d’écrire « {target} » ({error.strerror}).") from error


def create_backup(
    database: Database, folder: Path | None = None, passphrase: str | None = None, reason: str = ""
) -> BackupInfo:
    """A dated backup in ``folder`` (the default backups folder otherwise), encrypted when a passphrase is given."""
    folder = (folder or default_folder()).expanduser()
    if not folder.is_dir():
        raise CptsError(f"Le dossier de sauvegarde « {folder} » n’existe pas (disque externe débranché ?).")
    stamp = datetime.now()
    suffix = f"-{reason}" if reason else ""
    name = f"cpts-{stamp:%Y%m%d-%H%M%S}{suffix}.sqlite"
    if passphrase:
        with tempfile.TemporaryDirectory() as work:
            plain = save_copy(database, Path(work) / name)
            encrypt_file(plain, folder / (name + ENCRYPTED_SUFFIX), passphrase)
        return describe_backup(folder / (name + ENCRYPTED_SUFFIX))
    return describe_backup(save_copy(database, folder / name))


def describe_backup(path: Path) -> BackupInfo:
    """Date, schema revision and counts of a backup (an encrypted one only says its date)."""
    match = NAME.match(path.name)
    created = (
        datetime.strptime(match.group(1), "%Y%m%d-%H%M%S") if match else datetime.fromtimestamp(path.stat().st_mtime)
    )
    if path.name.endswith(ENCRYPTED_SUFFIX):
        return BackupInfo(path, created, True, None, None)
    revision, counts = _read_plain(path)
    return BackupInfo(path, created, False, revision, counts)


def _read_plain(path: Path) -> tuple[str | None, dict[str, int]]:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise CptsError(f"La sauvegarde « {path.name} » est endommagée.")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            counts = {key: connection.execute(f"SELECT count(*) FROM {key}").fetchone()[0] for key in COUNTED}  # noqa: S608
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise CptsError(f"« {path.name} » n’est pas une sauvegarde lisible de CPTS Desktop.") from error
    return revision, counts


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    folder = folder or default_folder()
    found = []
    for path in sorted(folder.glob("cpts-*.sqlite*")):
        if path.name.endswith(".partiel"):
            continue
        try:
            found.append(describe_backup(path))
        except CptsError:
            continue
    return sorted(found, key=lambda b: b.created, reverse=True)


def rotate(folder: Path | None = None, daily: int = 7, monthly: int = 12) -> list[Path]:
    """Among automatic backups, keep the newest of each of the last ``daily`` days and ``monthly`` months.

    Backups made by hand (and the copies kept before a restore) are never removed.
    """
    backups = [b for b in list_backups(folder) if b.path.name.split(".")[0].endswith("-auto")]
    keep: set[Path] = set()
    for key, limit in ((lambda b: b.created.date(), daily), (lambda b: (b.created.year, b.created.month), monthly)):
        seen: list[object] = []
        for backup in backups:  # newest first
            period = key(backup)
            if period not in seen:
                seen.append(period)
                if len(seen) <= limit:
                    keep.add(backup.path)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def restore(backup: Path, target: Path, passphrase: str | None = None, folder: Path | None = None) -> BackupInfo | None:
    """Replace the base at ``target`` by ``backup``; the base replaced is itself backed up first.

    The caller must have closed every connection to ``target``. Returns the safety copy, if one was made.
    """
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        candidate = Path(work) / "restauration.sqlite"
        if backup.name.endswith(ENCRYPTED_SUFFIX):
            if not passphrase:
                raise CptsError("Cette sauvegarde est chiffrée : indiquez sa phrase de passe.")
            decrypt_file(backup, candidate, passphrase)
        else:
            candidate.write_bytes(backup.read_bytes())
        revision, _counts = _read_plain(candidate)
        if revision not in migrate.known_revisions():
            raise CptsError(
                "Cette sauvegarde vient d’une version plus récente de CPTS Desktop : mettez l’application à jour."
            )
        safety = _safety_copy(target, folder) if target.exists() and target.stat().st_size else None
        for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(candidate, target)
    return safety


def _safety_copy(target: Path, folder: Path | None) -> BackupInfo:
    """The base about to be replaced, kept: a proper backup, or the raw file when it cannot be opened."""
    try:
        current = open_database(str(target))
    except CptsError:
        copy = (folder or default_folder()) / f"cpts-{datetime.now():%Y%m%d-%H%M%S}-remplacee.sqlite"
        _write_atomically(copy, target.read_bytes())
        return BackupInfo(copy, datetime.now(), False, None, None)
    try:
        return create_backup(current, folder, reason="avant-restauration")
    finally:
        current.close()
