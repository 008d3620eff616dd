"""Opening databases: created when asked, refused (and left untouched) when unusable."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy.exc
from sqlalchemy import select

from cpts_desktop.domain.errors import DatabaseError
from cpts_desktop.logs import redact
from cpts_desktop.services.database import describe, open_database
from cpts_desktop.services.failures import explain
from cpts_desktop.store import migrate
from cpts_desktop.store.models import Profession


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_makes_a_migrated_database(tmp_path: Path):
    path = tmp_path / "nouvelle.sqlite"
    database = open_database(str(path), create=True)
    info = describe(database)
    database.close()
    assert path.exists()
    assert info.revision == migrate.head_revision()
    assert info.counts["members"] == 0


def test_missing_file_is_not_created_without_asking(tmp_path: Path):
    path = tmp_path / "absente.sqlite"
    with pytest.raises(DatabaseError, match="n’existe pas"):
        open_database(str(path))
    assert not path.exists()


def test_missing_folder_is_reported(tmp_path: Path):
    with pytest.raises(DatabaseError, match="Le dossier"):
        open_database(str(tmp_path / "nulle-part" / "base.sqlite"), create=True)


def test_text_file_is_refused_and_untouched(tmp_path: Path):
    path = tmp_path / "liste.txt"
    path.write_text("Nom;Prénom\nLefèvre;Anaïs\n", encoding="utf-8")
    before = digest(path)
    with pytest.raises(DatabaseError, match="n’est pas une base de données"):
        open_database(str(path))
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.txt"]


def test_a_folder_is_refused(tmp_path: Path):
    with pytest.raises(DatabaseError, match="dossier"):
        open_database(str(tmp_path))


def test_damaged_database_is_refused_and_untouched(db_path: Path):
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, min(len(data), page_size * 6)):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    with pytest.raises(DatabaseError, match="endommagée"):
        open_database(str(db_path))
    assert digest(db_path) == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path):
    path = tmp_path / "autre.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, nom TEXT)")
    before = digest(path)
    with pytest.raises(DatabaseError, match="pas une base CPTS Desktop"):
        open_database(str(path))
    assert digest(path) == before


def test_database_from_a_newer_version_is_refused(db_path: Path):
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = digest(db_path)
    with pytest.raises(DatabaseError, match="version plus récente"):
        open_database(str(db_path))
    assert digest(db_path) == before


def test_empty_file_becomes_a_database(tmp_path: Path):
    path = tmp_path / "vide.sqlite"
    path.touch()
    database = open_database(str(path))
    assert describe(database).revision == migrate.head_revision()
    database.close()


def test_url_is_accepted(tmp_path: Path):
    url = "sqlite:///" + str(tmp_path / "par-url.sqlite")
    database = open_database(url, create=True)
    assert database.path == tmp_path / "par-url.sqlite"
    database.close()


def test_professions_reference_is_loaded_and_kept_in_step(database):
    with database.sessions() as session:
        labels = {p.code: p.libelle for p in session.scalars(select(Profession))}
    assert labels["70"] == "Masseur-kinésithérapeute"
    assert len(labels) == 28 and "97" not in labels


def test_describe_counts_main_tables(demo_database):
    info = describe(demo_database)
    assert info.counts["association"] == 1
    assert info.counts["members"] >= 100
    assert set(info.counts) >= {"communes", "colleges", "payments", "meetings", "grants"}


def test_what_the_surroundings_cause_is_explained_in_french(tmp_path: Path):
    import errno

    target = str(tmp_path / "lettres.zip")
    assert explain(OSError(errno.ENOSPC, "No space left on device", target)) == (
        f"Le disque est plein : impossible d’écrire « {target} ». Libérez de la place, puis recommencez."
    )
    assert explain(PermissionError(errno.EACCES, "Permission denied", target)).startswith(
        f"Accès refusé à « {target} »"
    )
    locked = sqlalchemy.exc.OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))
    assert explain(locked, "cpts.sqlite").startswith("La base « cpts.sqlite » est verrouillée par un autre programme")
    assert explain(ValueError("a fault of the application")) is None
    assert explain(KeyError("montant")) is None


def test_a_lost_server_connection_is_explained(pg_server):
    pg_server.execute("CREATE DATABASE coupee TEMPLATE tpl_empty")
    database = open_database(pg_server.url("coupee"))
    try:
        with database.sessions() as session:
            session.execute(select(Profession)).first()  # the pool now holds a connection
        pg_server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'coupee'")
        with pytest.raises(sqlalchemy.exc.DBAPIError) as lost, database.sessions() as session:
            session.execute(select(Profession)).first()
        message = explain(lost.value, database.display_name)
        assert message is not None and message.startswith(
            f"Échange impossible avec le serveur de la base « {database.display_name} »"
        )
        assert "vérifiez le réseau, puis recommencez" in message
    finally:
        database.close()
        pg_server.execute("DROP DATABASE coupee WITH (FORCE)")


def test_sql_errors_never_carry_the_values_written(database):
    """What an error says reaches the log: members' names and e-mails must not be in it."""
    with pytest.raises(sqlalchemy.exc.DBAPIError) as failure, database.sessions.begin() as session:
        session.execute(
            sqlalchemy.text("INSERT INTO professions (code, libelle) VALUES (:code, :libelle)"),
            {"code": "70", "libelle": "Lefèvre anais.lefevre@example.org"},
        )
    logged = redact(str(failure.value))  # PostgreSQL repeats the row in its own detail: the log masks it
    assert "SQL parameters hidden" in logged and "Lefèvre" not in logged and "example.org" not in logged
