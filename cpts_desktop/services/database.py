"""Opening, creating and describing a database, with checks before anything is written.

A file that is not a SQLite database, a damaged one, or one from a newer version of the application
is refused with a French message and left untouched.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from cpts_desktop.config import resource
from cpts_desktop.domain.errors import DamagedDatabase, DatabaseError
from cpts_desktop.domain.professions import load_professions
from cpts_desktop.services import audit
from cpts_desktop.services.aci import load_example_table
from cpts_desktop.services.premigration import keep_copy_before_migration
from cpts_desktop.store import migrate
from cpts_desktop.store.engine import Database, make_engine, sqlite_path, to_url
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

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"

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

    Every check runs before the engine touches the file (a SQLite file is examined read-only), so a
    file that is refused is left exactly as it was. Raises ``DatabaseError`` with a French message.
    """
    url = to_url(location)
    try:
        path = sqlite_path(url)
        if path is None:
            engine = make_engine(url)
    except (ArgumentError, NoSuchModuleError) as error:
        raise DatabaseError(
            f"Adresse de base non reconnue : « {location} ». Indiquez un fichier, "
            "ou un serveur sous la forme postgresql+psycopg://utilisateur@serveur/base."
        ) from error
    if path is not None:
        _check_sqlite_file(path, create=create)
        engine = make_engine(url)
    database = Database(url, engine)
    try:
        if path is None:
            with database.engine.connect() as connection:
                revision = migrate.current_revision(connection)
                tables = set(inspect(connection).get_table_names())
            _check_revision(revision, tables, database.display_name)
        revision = migrate.current_revision_of(database.engine)
        if revision != migrate.head_revision():
            if revision is not None and path is not None:
                source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
                try:
                    keep_copy_before_migration(source, path, revision)
                finally:
                    source.close()
            migrate.upgrade(database.engine)
        sync_reference_data(database)
        audit.install(database)
    except DatabaseError:
        database.close()
        raise
    except DBAPIError as error:
        database.close()
        log.exception("cannot open %s", database.display_name)
        raise DatabaseError(f"Impossible d’ouvrir la base « {database.display_name} » : {_reason(error)}.") from error
    return database


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    """Refuse, read-only, what is not a sound CPTS Desktop SQLite file of a version we know."""
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
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(f"Le fichier « {path} » ne peut pas être lu ({error.strerror}).") from error
    if not header:
        return  # an empty file: SQLite makes it a new database
    if header != SQLITE_HEADER:
        raise DatabaseError(f"Le fichier « {path} » n’est pas une base de données CPTS Desktop.")
    revision, tables = _inspect_read_only(path)
    _check_revision(revision, tables, str(path))


def _inspect_read_only(path: Path) -> tuple[str | None, set[str]]:
    """Integrity check, schema revision and table names, through a read-only connection.

    Reading a base in WAL mode makes SQLite create its « -wal » and « -shm » companions. When the file
    is refused, those this check created (still empty of data) are removed, so a refused file is left
    exactly as the user gave it. A file that passes keeps them: another program may be using them, and
    removing them under its feet would lose its last transactions.
    """
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
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
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise DatabaseError(f"Le fichier « {path} » ne peut pas être ouvert ({error}).") from error
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
    except sqlite3.DatabaseError as error:
        raise DamagedDatabase(f"La base « {path} » est endommagée ou n’est pas une base de données.") from error
    finally:
        connection.close()


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


# A shared server's refusals (SQLSTATE first, then the text, which the server may have translated).
_SERVER_REASONS = (
    (
        ("28P01", "28000"),
        ("authentication", "authentification", 'role "', "rôle"),
        "le serveur refuse cet utilisateur ou ce mot de passe",
    ),
    (
        ("3D000",),
        ("does not exist", "n'existe pas"),
        "cette base n’existe pas sur le serveur : demandez-en la création",
    ),
    ((), ("resolve host", "could not translate host"), "le nom du serveur est inconnu"),
    (
        (),
        ("refused", "timeout", "timed out", "could not connect", "No route"),
        "le serveur ne répond pas (adresse, port, réseau ?)",
    ),
)


def _reason(error: DBAPIError) -> str:
    message = str(error.orig) if error.orig is not None else str(error)
    state = getattr(error.orig, "sqlstate", None)
    for states, words, reason in _SERVER_REASONS:
        if state in states or any(word in message for word in words):
            return reason
    if "locked" in message:
        return "elle est verrouillée par un autre programme"
    if "readonly" in message or "read-only" in message:
        return "le fichier est en lecture seule"
    if "not a database" in message or "malformed" in message:
        return "le fichier est endommagé ou n’est pas une base de données"
    if "unable to open" in message:
        return "le fichier ne peut pas être ouvert"
    return "erreur de la base de données"


def sync_reference_data(database: Database) -> None:
    """Bring the professions table in line with ``resources/professions.csv`` and give a new base the
    example ACI amounts table (one transaction)."""
    reference = load_professions(resource("professions.csv"))
    with database.sessions.begin() as session:
        existing = {p.code: p for p in session.scalars(select(Profession))}
        for item in reference:
            row = existing.get(item.code) or Profession(code=item.code)
            row.libelle = item.label
            row.auxiliaire_medical = item.paramedical
            row.synonymes = "|".join(item.synonyms)
            session.add(row)
        load_example_table(session)


def describe(database: Database) -> DatabaseInfo:
    """Location, schema revision and row counts of the main tables."""
    with database.sessions() as session:
        counts = {key: session.scalar(select(func.count()).select_from(model)) or 0 for key, model in COUNTED.items()}
        revision = migrate.current_revision(session.connection())
    return DatabaseInfo(database.display_name, revision, migrate.head_revision(), counts)
