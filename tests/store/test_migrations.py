"""The shipped migrations build exactly the models' schema, and upgrade old files keeping their rows."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import cast, literal, literal_column, select, union_all

from cpts_desktop.services.database import open_database
from cpts_desktop.services.premigration import copy_name
from cpts_desktop.store import migrate, models
from cpts_desktop.store.base import Base
from cpts_desktop.store.engine import make_engine, to_url
from cpts_desktop.store.models import Member

KEYS = ["dupont", "dupont jean", "dupont!", "dupont-martin", "dupontel", "d upont"]


def test_migrated_schema_equals_the_models(database):
    models.load_all()  # the models are declared on first use: the whole schema is compared
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_search_keys_compare_byte_by_byte(database):
    """The duplicate check's key range (« dupont » ≤ key < « dupont! ») needs byte order on every server."""
    with database.engine.connect() as connection:
        ordered = (
            connection.execute(
                select(literal_column("k"))
                .select_from(
                    union_all(*(select(cast(literal(k), Member.search_key.type).label("k")) for k in KEYS)).subquery()
                )
                .order_by(literal_column("k"))
            )
            .scalars()
            .all()
        )
    assert ordered == sorted(KEYS)


def test_every_table_of_the_models_exists(db_path: Path):
    with sqlite3.connect(db_path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    models.load_all()
    assert set(Base.metadata.tables) <= tables


def test_history_is_linear_and_starts_at_0001():
    scripts = migrate.scripts()
    assert scripts.get_heads() == [migrate.head_revision()]
    assert "0001" in migrate.known_revisions()
    assert len(migrate.known_revisions()) >= 2
    # read from the version files without Alembic: the same revisions as Alembic finds
    assert migrate.known_revisions() == {script.revision for script in scripts.walk_revisions()}


OLD_ROWS = (
    "INSERT INTO association (id, nom, exercice_start_month, version) VALUES (1, 'CPTS de l’Essai', 1, 1)",
    "INSERT INTO professions (code, libelle, auxiliaire_medical, synonymes) VALUES ('60', 'Infirmier', 1, '')",
    "INSERT INTO members (id, kind, nom, prenom, profession_code, statut, search_key, version) "
    "VALUES (7, 'personne', 'Lefèvre', 'Anaïs', '60', 'actif', 'lefevre anais', 1)",
    "INSERT INTO payments (member_id, annee, montant, date_paiement, mode, version) "
    "VALUES (7, 2025, 30.5, '2025-02-01', 'cheque', 1)",
)


def old_base(path: Path, revision: str = "0001") -> Path:
    """A base as an older version of the application left it (WAL mode), with a member and a payment."""
    engine = make_engine(to_url(str(path)))
    migrate.upgrade(engine, revision)
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection, connection:
        for statement in OLD_ROWS:
            connection.execute(statement)
    return path


def read(path: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()


def test_database_from_the_first_migration_upgrades_keeping_its_rows(tmp_path: Path):
    path = old_base(tmp_path / "ancienne.sqlite")
    open_database(str(path)).close()  # opening upgrades to head, after a copy of the old file
    open_database(str(path)).close()
    backups = Path(os.environ["CPTS_DATA_DIR"]) / "sauvegardes"
    copies = list(backups.glob(copy_name(path, "0001").replace("0001.sqlite", "*")))
    assert [c.name for c in copies] == [copy_name(path, "0001")]  # one copy, though opened twice
    assert read(copies[0], "SELECT version_num FROM alembic_version") == [("0001",)]
    assert read(path, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]
    assert migrate.head_revision() != "0001"
    assert read(path, "SELECT nom, prenom FROM members WHERE id = 7") == [("Lefèvre", "Anaïs")]
    assert read(path, "SELECT montant FROM payments WHERE member_id = 7") == [(30.5,)]
    assert read(path, "SELECT nom FROM association") == [("CPTS de l’Essai",)]
    tables = {row[0] for row in read(path, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"meetings", "grants", "mandates"} <= tables
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ancienne.sqlite"]  # no copy, journal or WAL left


@pytest.mark.sqlite_only
def test_sqlite_connections_are_safe(database):
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_member_text_limits_are_the_columns():
    """The domain refuses a text the column could not hold, no sooner and no later."""
    from cpts_desktop.domain.members import TEXT_LIMITS

    columns = Member.__table__.columns
    assert {name: columns[name].type.length for name in TEXT_LIMITS} == TEXT_LIMITS


def test_funders_receipts_become_disbursements_with_their_rows_and_journal(tmp_path: Path):
    """Revision 0012 moves « grant_receipts » to « grant_disbursements » (date_reception → date_versement)."""
    path = tmp_path / "versements.sqlite"
    engine = make_engine(to_url(str(path)))
    try:
        migrate.upgrade(engine, "0011")
        with closing(sqlite3.connect(path)) as connection, connection:
            connection.execute("INSERT INTO funders (id, nom, type) VALUES (1, 'ARS', 'ars')")
            connection.execute(
                "INSERT INTO grants (id, funder_id, objet, nature, statut) "
                "VALUES (1, 1, 'FIR', 'subvention', 'accordee')"
            )
            connection.execute(
                "INSERT INTO grant_receipts (id, grant_id, date_reception, montant, reference_bancaire) "
                "VALUES (7, 1, '2026-03-02', 15000, 'VIR ARS')"
            )
            connection.execute(
                "INSERT INTO audit_log (utilisateur, action, table_name, record_id, resume) "
                "VALUES ('trésorière', 'ajout', 'grant_receipts', 7, 'versement')"
            )
        migrate.upgrade(engine)
        rows = "SELECT id, grant_id, date_versement, montant, reference_bancaire FROM grant_disbursements"
        with closing(sqlite3.connect(path)) as connection:
            assert connection.execute(rows).fetchall() == [(7, 1, "2026-03-02", 15000, "VIR ARS")]
            assert connection.execute("SELECT table_name FROM audit_log").fetchall() == [("grant_disbursements",)]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "grant_receipts" not in tables
    finally:
        engine.dispose()
