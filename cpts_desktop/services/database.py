"""Opening, creating and describing a database, with checks before anything is written.

A file that is not a SQLite database, a damaged one, or one from a newer version of the application
is refused with a French message and left untouched.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from cpts_desktop.domain.errors import DamagedDatabase, DatabaseError
from cpts_desktop.services import audit
from cpts_desktop.services.aci import load_example_table
from cpts_desktop.services.failures import (
    ENVIRONMENT_CODES,
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    SQLITE_READONLY,
    DatabaseUnavailable,
    explain,
    is_busy,
    reason,
    sqlite_code,
)
from cpts_desktop.services.premigration import keep_copy_before_migration
from cpts_desktop.services.reference import COLUMNS as PROFESSION_COLUMNS
from cpts_desktop.services.reference import professions_in_step, reference_professions
from cpts_desktop.store import migrate, sqlite_files
from cpts_desktop.store.engine import BUSY_TIMEOUT_MS, Database, make_engine, sqlite_path, to_url
from cpts_desktop.store.models import (
    Association,
    College,
    Commune,
    CotisationRate,
    Funder,
    Grant,
    Mandate,
    Meeting,
    Member,
    Payment,
    Profession,
    StatutesVersion,
)
from cpts_desktop.store.sqlite_files import SQLITE_HEADER

log = logging.getLogger(__name__)

# How long a check waits for another program's transaction to end before calling the base locked.
LOCK_WAIT_SECONDS = BUSY_TIMEOUT_MS / 1000
# The back ends the application ships drivers for, and the drivers accepted in a URL (« » = default).
SUPPORTED_DRIVERS = {"sqlite": ("", "pysqlite"), "postgresql": ("", "psycopg")}
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9]*)(?:\+([A-Za-z0-9_]+))?://")
PASSWORD_IN_URL = re.compile(r"(//[^/\s:@]*:)[^\s@/]*@")

# Tables counted by ``describe``, with their JSON key.
COUNTED = {
    "association": Association,
    "communes": Commune,
    "colleges": College,
    "members": Member,
    "cotisation_rates": CotisationRate,
    "payments": Payment,
    "mandates": Mandate,
    "statutes_versions": StatutesVersion,
    "meetings": Meeting,
    "funders": Funder,
    "grants": Grant,
}


@dataclass(frozen=True)
class DatabaseInfo:
    location: str
    revision: str | None
    head: str
    counts: dict[str, int]


def open_database(location: str, *, create: bool = False) -> Database:
    """Open (and, with ``create``, create) the database at ``location``, migrated to the latest schema.

    Every verdict is reached before the engine touches the file (a SQLite file is examined read-only,
    after SQLite has rolled back a transaction a killed program left half-written), so a file that is
    refused is left as it was. An older SQLite base is upgraded on a copy that replaces it once checked.
    Raises ``DatabaseError`` with a French message: ``DamagedDatabase`` only when the content is damaged
    (a backup is the remedy), ``DatabaseUnavailable`` when rights, a lock or a full disk stand in the way.
    """
    url = checked_url(location)
    path = sqlite_path(url)
    if path is not None:
        revision = _prepare_sqlite_file(path, create=create)
        if revision != migrate.head_revision():
            _upgrade_sqlite_file(path)
    try:
        engine = make_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise DatabaseError(_unknown_address(location)) from error
    database = Database(url, engine)
    try:
        if path is None:
            _upgrade_server(database)
        sync_reference_data(database)
        audit.install(database)
    except DatabaseError:
        database.close()
        raise
    except (DBAPIError, OSError) as error:
        database.close()
        log.exception("cannot open %s", database.display_name)
        raise _unavailable(error, database.display_name) from error
    return database


def checked_url(location: str) -> str:
    """The SQLAlchemy URL of ``location``, refused in French unless it names a SQLite file or a
    PostgreSQL server reached through psycopg (the drivers shipped with the application)."""
    url = to_url(location)
    match = URL_SCHEME.match(url)
    backend, driver = (match.group(1).lower(), (match.group(2) or "").lower()) if match else ("", "")
    if SUPPORTED_DRIVERS.get(backend) is None or driver not in SUPPORTED_DRIVERS[backend]:
        raise DatabaseError(_unknown_address(location))
    try:
        make_url(url)
    except ArgumentError as error:
        raise DatabaseError(_unknown_address(location)) from error
    return url


def _unknown_address(location: str) -> str:
    return (
        f"Adresse de base non reconnue : « {hide_password(location)} ». Indiquez un fichier (une base "
        "SQLite), ou un serveur PostgreSQL sous la forme postgresql+psycopg://utilisateur@serveur/base."
    )


def hide_password(location: str) -> str:
    """``location`` with the password of a URL masked (« //utilisateur:***@serveur »)."""
    return PASSWORD_IN_URL.sub(r"\g<1>***@", location)


def _upgrade_server(database: Database) -> None:
    """A shared server's schema: checked, then upgraded in one transaction (PostgreSQL's DDL is
    transactional, so an interrupted upgrade leaves the old schema)."""
    with database.engine.connect() as connection:
        revision = migrate.current_revision(connection)
        tables = set(inspect(connection).get_table_names())
    _check_revision(revision, tables, database.display_name)
    if revision != migrate.head_revision():
        migrate.upgrade(database.engine)


def _upgrade_sqlite_file(path: Path) -> None:
    """Upgrade the file all or nothing (``migrate.upgrade_file``), the old version kept once."""

    def keep(source: sqlite3.Connection, revision: str) -> None:
        keep_copy_before_migration(source, path, revision)

    try:
        migrate.upgrade_file(path, keep, LOCK_WAIT_SECONDS)
    except (sqlite3.Error, DBAPIError, OSError) as error:
        log.exception("cannot upgrade %s", path)
        if is_busy(error):
            raise DatabaseUnavailable(
                f"La base « {path} » doit être mise à jour pour cette version de CPTS Desktop, mais elle est "
                "ouverte sur un autre poste ou par un autre programme : fermez-la là-bas, puis rouvrez-la ici. "
                "Elle n’a pas été modifiée."
            ) from error
        if isinstance(error, OSError) or sqlite_code(error) in ENVIRONMENT_CODES:
            raise _unavailable(error, str(path)) from error
        raise DatabaseError(_upgrade_failed(path)) from error
    except migrate.MigrationFailed as error:
        log.exception("upgraded copy of %s refused", path)
        raise DatabaseError(_upgrade_failed(path)) from error


def _upgrade_failed(path: Path) -> str:
    return (
        f"La mise à jour de la base « {path} » pour cette version de CPTS Desktop a échoué ; elle n’a pas été "
        "modifiée. Le détail est dans le journal de l’application : transmettez-le à l’assistance."
    )


def _unavailable(error: BaseException, where: str) -> DatabaseError:
    """The French refusal for ``error`` met while opening ``where``: typed by what the user can do."""
    code = sqlite_code(error)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedDatabase(f"La base « {where} » est endommagée : restaurez une sauvegarde récente.")
    sentence = explain(error, where) if code is not None or isinstance(error, OSError) else None
    if sentence is not None:
        return DatabaseUnavailable(sentence)
    message = f"Impossible d’ouvrir la base « {where} » : {reason(error)}."
    return DatabaseUnavailable(message) if isinstance(error, OperationalError) else DatabaseError(message)


def _prepare_sqlite_file(path: Path, *, create: bool) -> str | None:
    """Refuse what is not a sound CPTS Desktop file of a known version; return its revision (None for
    a base still to create). Nothing is written, except SQLite rolling back a hot journal and the
    removal of an interrupted upgrade's copy."""
    if path.is_dir():
        raise DatabaseError(f"« {path} » est un dossier, pas une base de données.")
    if not path.exists():
        if not create:
            raise DatabaseError(
                f"La base « {path} » n’existe pas. Créez-la avec « cpts --db {path} init » "
                "ou par le menu Fichier › Nouvelle base…"
            )
        if not path.parent.is_dir():
            raise DatabaseError(f"Le dossier « {path.parent} » n’existe pas : impossible d’y créer la base.")
        _check_folder_writable(path)
        return None
    header = _read_header(path)
    if header and header != SQLITE_HEADER:
        raise DatabaseError(
            f"Le fichier « {path} » n’est pas une base de données CPTS Desktop : vérifiez le fichier choisi."
        )
    if not os.access(path, os.W_OK):
        raise DatabaseUnavailable(
            f"La base « {path} » est en lecture seule : vérifiez ses droits, ou copiez-la dans un dossier "
            "où vous pouvez écrire."
        )
    _check_folder_writable(path)
    if not header:
        return None  # an empty file: SQLite makes it a new database
    _roll_back_hot_journal(path)
    revision, tables = _inspect_read_only(path)
    _check_revision(revision, tables, str(path))
    migrate.remove_leftovers(path)
    return revision


def _read_header(path: Path) -> bytes:
    try:
        return sqlite_files.read_header(path)
    except OSError as error:
        raise DatabaseUnavailable(
            explain(error) or f"Le fichier « {path} » ne peut pas être lu : vérifiez ses droits et le support."
        ) from error


def _check_folder_writable(path: Path) -> None:
    """SQLite writes its journal beside the base: a folder it cannot write in makes every save fail."""
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseUnavailable(
            f"Le dossier « {path.parent} » de la base « {path.name} » est en lecture seule : la base a besoin "
            "d’y écrire son journal de transactions. Vérifiez les droits du dossier, ou copiez la base dans "
            "un dossier où vous pouvez écrire."
        )


def _roll_back_hot_journal(path: Path) -> None:
    """A program killed mid-transaction leaves a « -journal » that a read-only check cannot undo: a
    read-write opening lets SQLite roll it back, restoring the base as it was before that transaction."""
    if not sqlite_files.has_hot_journal(path):
        return
    try:
        connection = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise _refusal(error, path) from error


def _inspect_read_only(path: Path) -> tuple[str | None, set[str]]:
    """Integrity check, schema revision and table names, through a read-only connection.

    Reading a base in WAL mode makes SQLite create its « -wal » and « -shm » companions. When the file
    is refused, those this check created (still empty of data) are removed, so a refused file is left
    exactly as the user gave it. A file that passes keeps them: another program may be using them, and
    removing them under its feet would lose its last transactions.
    """
    companions = [sqlite_files.companion(path, suffix) for suffix in ("-wal", "-shm")]
    existing = {c for c in companions if c.exists()}
    try:
        return _read_only_checks(path)
    except DatabaseError:
        wal = companions[0]
        if wal not in existing and (not wal.exists() or not wal.stat().st_size):
            for companion in companions:
                if companion not in existing:
                    companion.unlink(missing_ok=True)
        raise


def _read_only_checks(path: Path) -> tuple[str | None, set[str]]:
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT_SECONDS)
    except sqlite3.Error as error:
        raise _refusal(error, path) from error
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise DamagedDatabase(
                f"La base « {path} » est endommagée (contrôle d’intégrité : {result}). "
                "Restaurez une sauvegarde récente."
            )
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return revision, tables - {"alembic_version"}
    except sqlite3.Error as error:
        raise _refusal(error, path) from error
    finally:
        connection.close()


def _refusal(error: sqlite3.Error, path: Path) -> DatabaseError:
    """The verdict on ``path`` from what SQLite said: damaged only when the content is."""
    code = sqlite_code(error)
    if code == SQLITE_NOTADB:
        return DatabaseError(f"Le fichier « {path} » n’est pas une base de données CPTS Desktop, ou il est chiffré.")
    if code == SQLITE_CORRUPT:
        return DamagedDatabase(f"La base « {path} » est endommagée ({error}). Restaurez une sauvegarde récente.")
    if code == SQLITE_READONLY:
        return DatabaseUnavailable(
            f"La base « {path} » a une transaction interrompue à annuler, mais elle ou son dossier est en lecture "
            "seule : vérifiez leurs droits, ou copiez la base avec son fichier « -journal » dans un dossier où "
            "vous pouvez écrire."
        )
    return _unavailable(error, str(path))


def _check_revision(revision: str | None, tables: set[str], name: str) -> None:
    if revision is None:
        if tables:
            raise DatabaseError(f"Le fichier « {name} » est une base SQLite, mais pas une base CPTS Desktop.")
        return
    if revision not in migrate.known_revisions():
        raise DatabaseError(
            f"La base « {name} » a été créée par une version plus récente de CPTS Desktop "
            f"(schéma {revision}). Mettez l’application à jour pour l’ouvrir."
        )


def sync_reference_data(database: Database) -> None:
    """Bring the professions table in line with ``resources/professions.csv`` and give a new base the
    example ACI amounts table (one transaction). The table is compared first: at most openings it is
    already in step, and reading six plain columns costs less than loading and checking each row."""
    with database.sessions.begin() as session:
        if not professions_in_step(session.execute(select(*(getattr(Profession, c) for c in PROFESSION_COLUMNS)))):
            _sync_professions(session)
        load_example_table(session)


def _sync_professions(session: Session) -> None:
    """Write the reference rows; a code the file no longer lists is kept with its label (its members still
    show and export it) and marked out of the nomenclature, so that no new member can be given it."""
    existing = {p.code: p for p in session.scalars(select(Profession))}
    for item in reference_professions():
        row = existing.pop(item.code, None) or Profession(code=item.code)
        row.libelle = item.label
        row.auxiliaire_medical = item.paramedical
        row.categorie = item.category.value
        row.synonymes = "|".join(item.synonyms)
        row.en_nomenclature = True
        session.add(row)
    for retired in existing.values():
        retired.en_nomenclature = False


@dataclass(frozen=True)
class RetiredProfession:
    """A profession code the nomenclature no longer has, and how many members still hold it."""

    code: str
    label: str
    members: int


def retired_professions(database: Database) -> list[RetiredProfession]:
    """The codes removed from the nomenclature that members still hold (97 « Conseiller en génétique »…):
    what the secretary must correct, member by member."""
    with database.snapshot() as session:
        rows = session.execute(
            select(Profession.code, Profession.libelle, func.count(Member.id))
            .join(Member, Member.profession_code == Profession.code)
            .where(Profession.en_nomenclature.is_(False))
            .group_by(Profession.code, Profession.libelle)
            .order_by(Profession.code)
        ).all()
    return [RetiredProfession(code, label, count) for code, label, count in rows]


def describe(database: Database) -> DatabaseInfo:
    """Location, schema revision and row counts of the main tables."""
    with database.snapshot() as session:
        counts = {key: session.scalar(select(func.count()).select_from(model)) or 0 for key, model in COUNTED.items()}
        revision = migrate.current_revision(session.connection())
    return DatabaseInfo(database.display_name, revision, migrate.head_revision(), counts)
