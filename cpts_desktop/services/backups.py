"""Backups: copies taken with SQLite's online backup API (consistent while the base is in use),
optionally encrypted, rotated, listed with what they hold, and restored safely.

Guarantees:
- a backup file appears complete or not at all (written under a temporary name, then renamed), never
  over an existing one (a counter is added to the name), readable by the user only;
- a plain backup carries a SHA-256 checksum beside it (« NOM.sqlite.sha256 »), verified before a
  restore; an encrypted one is authenticated by its cipher, and the plain base never touches the disk
  while it is made;
- a restore writes the backup *into* the base through SQLite's backup API, in one transaction: another
  window or program using the base sees the restored content at its next transaction, never a deleted
  file; if the base stays locked, the restore is refused and nothing changes. The base replaced is
  backed up first, in that same transaction, and the receipt numbers it had issued are never issued
  again (``ReceiptFloor``). Only a missing, empty or damaged base is replaced by file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy.exc import SQLAlchemyError

from cpts_desktop import config
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services import failures
from cpts_desktop.services.failures import EnvironmentProblem, file_reason
from cpts_desktop.store import migrate, sqlite_files
from cpts_desktop.store.engine import BUSY_TIMEOUT_MS, Database, make_engine, to_url
from cpts_desktop.store.sqlite_files import COMPANIONS, PARTIAL_SUFFIX, SQLITE_HEADER

MAGIC = b"CPTSENC1"
ENCRYPTED_SUFFIX = ".chiffre"
CHECKSUM_SUFFIX = ".sha256"
STALE_PARTIAL_SECONDS = 3600
MIN_PASSPHRASE = 12
NAME = re.compile(r"^cpts-(\d{8}-\d{6})(?:-([a-z]+(?:-[a-z]+)*))?(?:-(\d+))?\.sqlite(\.chiffre)?$")
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
    return config.backups_dir()


# ----- writing files


def _write_atomically(target: Path, data: bytes) -> None:
    """``target`` replaced by ``data`` whole or left as it was (for a file the user named, or a checksum)."""
    try:
        sqlite_files.write_atomically(target, data)
    except OSError as error:
        raise EnvironmentProblem(f"Impossible d’écrire « {target} » : {file_reason(error)}.") from error


def _store(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """``data`` saved in ``folder`` under a new name (never an existing backup's), complete or not at all."""
    try:
        return sqlite_files.store_new(folder, stem, suffix, data, taken=lambda path: _checksum_path(path).exists())
    except OSError as error:
        raise EnvironmentProblem(
            f"La sauvegarde n’a pas pu être écrite dans « {folder} » : {file_reason(error)}."
        ) from error


def _checksum_path(path: Path) -> Path:
    return path.with_name(path.name + CHECKSUM_SUFFIX)


def _store_plain(folder: Path, stem: str, data: bytes) -> Path:
    """A plain backup and its checksum file (« sha256sum -c » reads it too)."""
    path = _store(folder, stem, ".sqlite", data)
    _write_atomically(_checksum_path(path), f"{hashlib.sha256(data).hexdigest()}  {path.name}\n".encode())
    return path


# ----- taking copies


def _snapshot_of(database: Database) -> bytes:
    if database.path is None:
        raise CptsError(
            "Une base partagée se sauvegarde sur son serveur (pg_dump, par son administrateur) ; "
            "seule une base enregistrée dans un fichier peut être copiée ainsi."
        )
    raw = database.engine.raw_connection()
    try:
        # a base with a file path is a SQLite one: its driver connection is sqlite3's
        return sqlite_files.snapshot(cast(sqlite3.Connection, raw.driver_connection))
    except sqlite3.Error as error:
        raise EnvironmentProblem(
            f"La base « {database.path} » n’a pas pu être lue : {failures.reason(error)}."
        ) from error
    finally:
        raw.close()


def save_copy(database: Database, target: Path) -> Path:
    """Write a complete, consistent copy of ``database`` to ``target``, the name the user chose."""
    if database.path is not None:
        target = target.expanduser().resolve()
        if target == database.path.resolve():
            raise CptsError("La copie doit porter un autre nom que la base ouverte.")
        if not target.parent.is_dir():
            raise CptsError(f"Le dossier « {target.parent} » n’existe pas.")
    _write_atomically(target, _snapshot_of(database))
    return target


def check_passphrase(passphrase: str) -> None:
    """A passphrase that protects personal data resists guessing only if it is long."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise CptsError(
            f"La phrase de passe doit compter au moins {MIN_PASSPHRASE} caractères (elle en a "
            f"{len(passphrase)}) : choisissez-en une plus longue, une courte phrase par exemple."
        )


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def _seal(plain: bytes, passphrase: str) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    return MAGIC + salt + nonce + AESGCM(_key(passphrase, salt)).encrypt(nonce, plain, MAGIC)


def _open_sealed(source: Path, passphrase: str) -> bytes:
    """The plain content of an encrypted backup, in memory (a passphrase of any length: older backups
    were made before the minimum)."""
    data = _read(source)
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 28:
        raise CptsError(f"« {source.name} » n’est pas une sauvegarde chiffrée de CPTS Desktop.")
    salt, nonce, sealed = data[8:24], data[24:36], data[36:]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, MAGIC)
    except InvalidTag as error:
        raise CptsError(
            "Phrase de passe incorrecte, ou sauvegarde modifiée depuis sa création : elle est refusée."
        ) from error


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise EnvironmentProblem(f"La sauvegarde « {path} » ne peut pas être lue : {file_reason(error)}.") from error


def create_backup(
    database: Database, folder: Path | None = None, passphrase: str | None = None, reason: str = ""
) -> BackupInfo:
    """A dated backup in ``folder`` (the default backups folder otherwise), encrypted when a passphrase is given."""
    folder = (folder or default_folder()).expanduser()
    if not folder.is_dir():
        raise CptsError(f"Le dossier de sauvegarde « {folder} » n’existe pas (disque externe débranché ?).")
    if passphrase:
        check_passphrase(passphrase)
    _sweep_partials(folder)
    data = _snapshot_of(database)
    stem = f"cpts-{datetime.now():%Y%m%d-%H%M%S}" + (f"-{reason}" if reason else "")
    if passphrase:
        return describe_backup(_store(folder, stem, ".sqlite" + ENCRYPTED_SUFFIX, _seal(data, passphrase)))
    return describe_backup(_store_plain(folder, stem, data))


def _sweep_partials(folder: Path) -> None:
    """Remove what backups killed halfway left in ``folder`` (a backup takes seconds, not an hour)."""
    limit = datetime.now().timestamp() - STALE_PARTIAL_SECONDS
    for partial in folder.glob(f"cpts-*{PARTIAL_SUFFIX}"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < limit:
                partial.unlink()


# ----- listing


def describe_backup(path: Path) -> BackupInfo:
    """Date, schema revision and counts of a backup (an encrypted one only says its date)."""
    created = _created(path)
    if path.name.endswith(ENCRYPTED_SUFFIX):
        return BackupInfo(path, created, True, None, None)
    revision, counts = _read_plain(path)
    return BackupInfo(path, created, False, revision, counts)


def _read_plain(path: Path, check: str = "quick_check", name: str | None = None) -> tuple[str | None, dict[str, int]]:
    """Revision and counts of a plain backup after SQLite's ``check``; ``name`` is what the user knows
    it by (the backup, not the private copy being restored)."""
    name = name or path.name
    if sqlite_files.has_hot_journal(path):  # a base kept with its journal: read-only, SQLite would wait then fail
        raise CptsError(f"« {name} » est une base gardée avec sa transaction interrompue, pas une sauvegarde.")
    try:
        connection = sqlite_files.open_read_only(path)
        try:
            result = connection.execute(f"PRAGMA {check}").fetchone()[0]
            if result != "ok":
                raise CptsError(
                    f"La sauvegarde « {name} » est endommagée (contrôle d’intégrité : {result}) : "
                    "elle est refusée. Choisissez-en une autre."
                )
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            counts = {key: connection.execute(f"SELECT count(*) FROM {key}").fetchone()[0] for key in COUNTED}  # noqa: S608
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise CptsError(f"« {name} » n’est pas une sauvegarde lisible de CPTS Desktop.") from error
    return revision, counts


def _created(path: Path) -> datetime:
    """When the backup was made: the moment in its name, else its file's."""
    match = NAME.match(path.name)
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S") if match else datetime.fromtimestamp(path.stat().st_mtime)


def _backup_files(folder: Path) -> list[Path]:
    """The backups in ``folder``, without the files that go with them or the copies being written."""
    return [
        path
        for path in sorted(folder.glob("cpts-*.sqlite*"))
        if not path.name.endswith((PARTIAL_SUFFIX, CHECKSUM_SUFFIX, *COMPANIONS))
    ]


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    found = []
    for path in _backup_files(folder or default_folder()):
        try:
            found.append(describe_backup(path))
        except (CptsError, OSError):
            continue
    return sorted(found, key=lambda b: b.created, reverse=True)


def rotate(folder: Path | None = None, daily: int = 7, monthly: int = 12) -> list[Path]:
    """Among automatic backups, keep the newest of each of the last ``daily`` days and ``monthly`` months.

    Backups made by hand (and the copies kept before a restore) are never removed. Known by their
    names alone: the application closes without reading every backup of the folder (each new one is
    checked as it is made).
    """
    automatic = [
        path
        for path in _backup_files(folder or default_folder())
        if (m := NAME.match(path.name)) and m.group(2) == "auto"
    ]
    moments = sorted(((_created(path), path) for path in automatic), reverse=True)
    keep: set[Path] = set()
    for key, limit in ((lambda moment: moment.date(), daily), (lambda moment: (moment.year, moment.month), monthly)):
        seen: list[object] = []
        for moment, path in moments:  # newest first
            period = key(moment)
            if period not in seen:
                seen.append(period)
                if len(seen) <= limit:
                    keep.add(path)
    removed = [path for _moment, path in moments if path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
        _checksum_path(path).unlink(missing_ok=True)
    return removed


# ----- restoring


def restore(backup: Path, target: Path, passphrase: str | None = None, folder: Path | None = None) -> BackupInfo | None:
    """Put the content of ``backup`` in the base at ``target``; the base replaced is backed up first.

    A sound base is written into (other connections may stay open: they see the restored content at
    their next transaction); a missing, empty or damaged one is replaced by file. Returns the copy of
    the base replaced, if there was one. Refusals (``CptsError``) leave the base as it was.
    """
    backup, target = backup.expanduser().resolve(), target.expanduser().resolve()
    if not backup.is_file():
        raise CptsError(f"La sauvegarde « {backup} » est introuvable.")
    folder = (folder or default_folder()).expanduser()
    with _workspace() as work:
        candidate = work / "restauration.sqlite"
        _unpack(backup, candidate, passphrase)
        _prepare(candidate, backup)
        return _put_in_place(candidate, target, folder)


def _put_in_place(candidate: Path, target: Path, folder: Path) -> BackupInfo | None:
    """Write ``candidate`` into ``target`` or replace it, a copy of ``target`` kept first.

    A journal left by a program stopped mid-transaction is replayed by the first opening for writing:
    the base and its journal are then copied as files before anything opens them."""
    kept = _keep_as_it_is(target, folder, "avant-restauration") if _replayed_at_opening(target) else None
    try:
        sound = _is_sound(target)
    except CptsError:
        _discard(kept)  # refused before anything changed: nothing was replaced
        raise
    if sound:
        return _restore_into(candidate, target, folder, kept)
    if kept is None and target.exists() and target.stat().st_size:
        kept = _keep_as_it_is(target, folder, "remplacee")
    _replace_file(candidate, target)
    return kept


@contextmanager
def _workspace() -> Iterator[Path]:
    """A folder for the plain copy being restored, in this run's private temp folder (0700, swept at
    the next start if the run is killed), removed in all cases."""
    with tempfile.TemporaryDirectory(prefix="restauration-", dir=config.temp_dir()) as work:
        yield Path(work)


def _unpack(backup: Path, candidate: Path, passphrase: str | None) -> None:
    """The backup's plain content in ``candidate``, its checksum verified when it has one."""
    if backup.name.endswith(ENCRYPTED_SUFFIX):
        if not passphrase:
            raise CptsError("Cette sauvegarde est chiffrée : indiquez sa phrase de passe.")
        data = _open_sealed(backup, passphrase)
    else:
        data = _read(backup)
        _verify_checksum(backup, data)
    try:
        sqlite_files.write_private(candidate, data)
    except OSError as error:
        raise EnvironmentProblem(f"La sauvegarde ne peut pas être préparée : {file_reason(error)}.") from error


def _verify_checksum(backup: Path, data: bytes) -> None:
    """Compare with the checksum written beside the backup; an older backup without one is accepted
    after the full integrity check of ``_prepare``."""
    sidecar = _checksum_path(backup)
    if not sidecar.exists():
        return
    try:
        expected = sidecar.read_text(encoding="ascii").split()[0].lower()
    except (OSError, UnicodeDecodeError, IndexError):
        expected = ""
    if expected != hashlib.sha256(data).hexdigest():
        raise CptsError(
            f"La sauvegarde « {backup} » a été modifiée ou abîmée depuis sa création : elle est refusée. "
            "Choisissez-en une autre."
        )


def _prepare(candidate: Path, backup: Path) -> None:
    """Full integrity check, a revision this version knows, upgraded to the current schema (so windows
    still open on the base keep working), in rollback-journal mode."""
    revision, _counts = _read_plain(candidate, check="integrity_check", name=backup.name)
    if revision not in migrate.known_revisions():
        raise CptsError(
            f"La sauvegarde « {backup.name} » vient d’une version plus récente de CPTS Desktop : "
            "mettez l’application à jour."
        )
    if revision != migrate.head_revision():
        engine = make_engine(to_url(str(candidate)))
        try:
            migrate.upgrade(engine)
        except (SQLAlchemyError, RuntimeError) as error:
            raise CptsError(
                f"La sauvegarde « {backup.name} » n’a pas pu être mise à jour pour cette version de CPTS Desktop "
                f"({failures.reason(error)}) : elle n’est pas restaurée. Choisissez-en une autre."
            ) from error
        finally:
            engine.dispose()
    connection = sqlite3.connect(candidate)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()


def _replayed_at_opening(target: Path) -> bool:
    """Whether opening ``target`` for writing would change it (a hot journal rolled back)."""
    try:
        return sqlite_files.read_header(target) == SQLITE_HEADER and sqlite_files.has_hot_journal(target)
    except OSError:
        return False


def _is_sound(target: Path) -> bool:
    """Whether ``target`` is a database to write into (False: missing, empty or damaged).

    Opened read-only (closing it cannot fold a « -wal » into a damaged base not yet kept aside), or
    read-write when its journal is to be replayed, which SQLite does first (the files were kept)."""
    if not target.exists() or target.stat().st_size == 0:
        return False
    if sqlite_files.read_header(target) != SQLITE_HEADER:
        return False
    mode = "rw" if sqlite_files.has_hot_journal(target) else "ro"
    try:
        connection = sqlite3.connect(f"{target.as_uri()}?mode={mode}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return bool(connection.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        raise _refusal(target, error) from error
    except sqlite3.DatabaseError:
        return False


def _refusal(target: Path, error: sqlite3.Error) -> CptsError:
    if failures.is_busy(error):
        return EnvironmentProblem(
            f"La base « {target} » est ouverte sur un autre poste ou par un autre programme : "
            "fermez-la puis recommencez."
        )
    message = f"La base « {target} » n’a pas pu être restaurée : {failures.reason(error)}. Elle n’a pas été modifiée."
    if failures.sqlite_code(error) in failures.ENVIRONMENT_CODES:
        return EnvironmentProblem(message)
    return CptsError(message)


class _Into:
    """The progress callback of the backup API, run while the restore holds the base's write lock.

    At its first call nobody else can commit any more: the safety copy taken then is exactly the base
    being replaced (unless its files were already copied as they were), and the receipt numbers it had
    issued are added to the content being copied (the backup API carries such a change to the pages
    already copied)."""

    def __init__(self, candidate: sqlite3.Connection, target: Path, folder: Path, kept: Path | None) -> None:
        self.candidate, self.target, self.folder = candidate, target, folder
        self.safety, self.started = kept, False

    def __call__(self, status: int, remaining: int, total: int) -> None:
        sqlite_files.give_up_when_busy(status, remaining, total)
        if self.started:
            return
        current = sqlite_files.open_read_only(self.target)
        try:
            if self.safety is None:
                stem = f"cpts-{datetime.now():%Y%m%d-%H%M%S}-avant-restauration"
                self.safety = _store_plain(self.folder, stem, sqlite_files.snapshot(current))
            floors = _issued_receipts(current)
        finally:
            current.close()
        self.candidate.executemany(
            "INSERT INTO receipt_sequences (annee, dernier_numero) VALUES (?, ?) ON CONFLICT (annee) "
            "DO UPDATE SET dernier_numero = max(dernier_numero, excluded.dernier_numero)",
            sorted(floors.items()),
        )
        self.candidate.commit()
        self.started = True


def _issued_receipts(connection: sqlite3.Connection) -> dict[int, int]:
    """Per year, the highest receipt number issued in this base (its payments and its counters, or
    the floors an older version kept)."""
    highest: dict[int, int] = {}
    for query in (
        "SELECT numero_recu FROM payments WHERE numero_recu IS NOT NULL",
        "SELECT annee || '-' || dernier_numero FROM receipt_sequences",
        "SELECT annee || '-' || dernier_numero FROM receipt_floors",
    ):
        try:
            rows = connection.execute(query).fetchall()
        except sqlite3.OperationalError:  # an older base, without that table
            continue
        for (number,) in rows:
            year, _dash, rank = str(number).partition("-")
            if year.isdigit() and rank.isdigit():
                highest[int(year)] = max(highest.get(int(year), 0), int(rank))
    return highest


def _restore_into(candidate: Path, target: Path, folder: Path, kept: BackupInfo | None) -> BackupInfo:
    """Copy ``candidate`` into the live base ``target`` page by page, in one write transaction."""
    source = sqlite3.connect(candidate)
    try:
        destination = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            # As every opening by the application does: WAL lets the safety copy read the base while
            # the restore holds it (a rollback journal would lock readers out).
            destination.execute("PRAGMA journal_mode=WAL")
            _match_page_size(source, destination)
            into = _Into(source, target, folder, kept.path if kept else None)
            source.backup(destination, pages=1, progress=into)  # one page first: the callback runs locked
            result = destination.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            destination.close()
    except sqlite3.Error as error:
        raise _refusal(target, error) from error
    finally:
        source.close()
    if result != "ok" or into.safety is None:
        raise CptsError(
            f"La base « {target} » ne passe pas le contrôle d’intégrité après la restauration ({result}). "
            "Restaurez la copie gardée dans le dossier des sauvegardes."
        )
    if kept is not None:
        return kept
    try:
        return describe_backup(into.safety)
    except CptsError:  # what was replaced was not a CPTS Desktop base: kept all the same
        return BackupInfo(into.safety, datetime.now(), False, None, None)


def _match_page_size(source: sqlite3.Connection, destination: sqlite3.Connection) -> None:
    """A base in WAL mode only accepts pages of its own size: rebuild the candidate with it if needed."""
    size = destination.execute("PRAGMA page_size").fetchone()[0]
    if source.execute("PRAGMA page_size").fetchone()[0] != size:
        source.execute(f"PRAGMA page_size={int(size)}")
        source.execute("VACUUM")


def _replace_file(candidate: Path, target: Path) -> None:
    """A missing, empty or damaged base (already kept aside): its companions cleared, then replaced."""
    if not target.parent.is_dir():
        raise CptsError(f"Le dossier « {target.parent} » n’existe pas : impossible d’y restaurer la base.")
    try:
        for suffix in COMPANIONS:  # a journal left beside would be replayed over the restored base
            sqlite_files.companion(target, suffix).unlink(missing_ok=True)
        sqlite_files.write_atomically(target, candidate.read_bytes())
    except OSError as error:
        raise EnvironmentProblem(f"La base « {target} » n’a pas pu être restaurée : {file_reason(error)}.") from error


def _keep_as_it_is(target: Path, folder: Path, why: str) -> BackupInfo:
    """The base and its companions copied byte for byte into the backups folder, before anything
    opens them (a damaged file, or a journal about to be replayed)."""
    stem = f"cpts-{datetime.now():%Y%m%d-%H%M%S}-{why}"
    copy = _store(folder, stem, ".sqlite", b"")
    try:
        sqlite_files.copy_files(target, copy)
    except OSError as error:
        _discard(BackupInfo(copy, datetime.now(), False, None, None))
        raise EnvironmentProblem(
            f"La base « {target} » n’a pas pu être mise de côté avant la restauration : {file_reason(error)}. "
            "Elle n’a pas été modifiée."
        ) from error
    return BackupInfo(copy, datetime.now(), False, None, None)


def _discard(kept: BackupInfo | None) -> None:
    """Remove a copy made for a restore that was refused before anything changed."""
    if kept is not None:
        for path in (kept.path, *(sqlite_files.companion(kept.path, suffix) for suffix in COMPANIONS)):
            path.unlink(missing_ok=True)
