"""Each committed transaction tells the tables it wrote, whatever wrote them; a rolled-back one tells
nothing; reads tell nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services import board
from cpts_desktop.store import changes
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import College


@pytest.fixture
def told(database: Database) -> list[frozenset[str]]:
    heard: list[frozenset[str]] = []
    stop = changes.subscribe(database.engine, heard.append)
    yield heard
    stop()


def test_a_service_call_tells_the_tables_it_wrote_once_committed(database: Database, told):
    board.colleges(database)
    assert told == []
    board.save_college(database, "Usagers", 2, "représentants des usagers")
    assert told == [frozenset({"colleges", "audit_log"})]  # the journal records who changed what


def test_a_refused_call_tells_nothing(database: Database, told):
    with pytest.raises(CptsError), database.sessions.begin() as session:
        session.add(College(nom="Éphémère", sieges_ca=1, description=""))
        session.flush()
        raise CptsError("refusé")
    assert told == []


def test_bulk_statements_and_plain_sql_are_seen(database: Database, told):
    with database.sessions.begin() as session:
        session.add(College(nom="Usagers", sieges_ca=1, description=""))
    with database.sessions.begin() as session:
        session.execute(update(College).values(sieges_ca=3))
        session.execute(text('DELETE FROM "communes" WHERE 1 = 0'))
    assert [tables - {"audit_log"} for tables in told] == [{"colleges"}, {"colleges", "communes"}]


def test_a_listener_stopped_hears_nothing_more(database: Database, told):
    heard: list[frozenset[str]] = []
    stop = changes.subscribe(database.engine, heard.append)
    stop()
    board.save_college(database, "Usagers", 2, "")
    assert heard == [] and len(told) == 1


@pytest.mark.parametrize(
    ("statement", "table"),
    [
        ("INSERT INTO members (nom) VALUES (?)", "members"),
        ("INSERT OR REPLACE INTO receipt_sequences VALUES (1)", "receipt_sequences"),
        ('UPDATE "payments" SET montant = 1', "payments"),
        ("  delete from Mandates where id = 1", "mandates"),
        ("SELECT * FROM members", None),
        ("UPDATE alembic_version SET version_num = '0011'", None),
    ],
)
def test_the_table_a_statement_writes(statement: str, table: str | None):
    assert changes.written_table(statement) == table
