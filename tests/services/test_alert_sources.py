"""The dashboard's board warnings, declaration reminders and RGPD retention read by SQL text: the same from
a bare sqlite3 connection (the dashboard before SQLAlchemy is loaded) as from a session, the same as the
services' own functions, and no SQLAlchemy imported to compute them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from cpts_desktop.domain.declarations import ChangeSubject
from cpts_desktop.domain.enums import BoardRole, MemberStatus
from cpts_desktop.services import board, declarations, gdpr
from cpts_desktop.services.board_alerts import board_warnings_from
from cpts_desktop.services.database import open_database
from cpts_desktop.services.declaration_alerts import reminder_texts_from
from cpts_desktop.services.members import list_rows
from cpts_desktop.services.retention import retention_candidates_from
from cpts_desktop.store.engine import Database
from cpts_desktop.store.reader import open_for_reading
from cpts_desktop.store.rows import Rows, of_connection, of_session

ROOT = Path(__file__).resolve().parents[2]
# The demo's dates follow the day it was loaded: so do the ones used here.
TODAY = date.today()
# the demo's board was elected on 15 June last year for three years, one administrator until TODAY + 40
RENEWAL = date(TODAY.year + 2, 6, 14)
Result = TypeVar("Result")


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Database]:
    database = open_database(str(demo_path))
    yield database
    database.close()


def _alike(path: Path, database: Database, source: Callable[[Rows], Result]) -> Result:
    """``source`` read from a sqlite3 connection and from a session snapshot: they must agree."""
    with database.snapshot() as session:
        through_session = source(of_session(session))
    connection = open_for_reading(path)
    assert connection is not None
    try:
        through_connection = source(of_connection(connection))
    finally:
        connection.close()
    assert through_connection == through_session
    return through_session


def _shake_the_board(database: Database) -> None:
    """The président leaves five days ago without successor; a collège left with no seat."""
    president = next(m for m in board.current_board(database, TODAY) if m.role is BoardRole.PRESIDENT)
    board.end_mandate(database, president.id, TODAY - timedelta(days=5))
    sitting = next(c for c in board.colleges(database, TODAY) if c.administrators)
    board.save_college(database, sitting.nom, 0, sitting.description, sitting.id)


def _open_declarations(database: Database) -> int:
    """Declarations to file (two decided the same day, one late), and one filed: the filed one's id."""
    _shake_the_board(database)  # a change of directors decided TODAY - 4
    declarations.record_change(database, ChangeSubject.SEAT, TODAY - timedelta(days=4), "", "2 place du Marché")
    declarations.record_change(database, ChangeSubject.MANAGEMENT_ADDRESS, TODAY - timedelta(days=4), "", "BP 12")
    declarations.record_change(database, ChangeSubject.PURPOSE, TODAY - timedelta(days=200), "Soigner", "Prévenir")
    filed = declarations.record_change(database, ChangeSubject.DISSOLUTION, TODAY - timedelta(days=300))
    declarations.file_declaration(database, filed, TODAY - timedelta(days=250))
    return filed


def test_board_warnings_alike_from_a_connection_and_a_session(demo_path: Path, demo: Database) -> None:
    _shake_the_board(demo)
    days = [TODAY, TODAY + timedelta(days=45), RENEWAL - timedelta(days=30), RENEWAL + timedelta(days=6)]
    found = {day: _alike(demo_path, demo, lambda rows, day=day: board_warnings_from(rows, day)) for day in days}
    assert all(found.values())
    assert found == {day: board.board_warnings(demo, day) for day in days}
    said = [message for messages in found.values() for message in messages]
    for start in ("Bureau : le poste de président est vacant.", "Fin de mandat le ", "Mandat expiré le "):
        assert any(message.startswith(start) for message in said), start
    assert any(message.startswith("Le collège « ") and "pour 0 sièges." in message for message in said)
    # the day after the renewal the whole bureau is vacant and every mandate has expired
    after = found[RENEWAL + timedelta(days=6)]
    assert [m for m in after if m.startswith("Bureau : ")] == [
        "Bureau : le poste de président est vacant.",
        "Bureau : le poste de secrétaire est vacant.",
        "Bureau : le poste de trésorier est vacant.",
    ]


def test_declaration_reminders_alike_from_a_connection_and_a_session(demo_path: Path, demo: Database) -> None:
    filed = _open_declarations(demo)
    days = [TODAY, TODAY + timedelta(days=100)]
    found = {day: _alike(demo_path, demo, lambda rows, day=day: reminder_texts_from(rows, day)) for day in days}
    assert found == {day: [declarations.reminder_text(d, day) for d in declarations.reminders(demo)] for day in days}
    assert filed not in {d.id for d in declarations.reminders(demo)}
    late, seat, directors = found[TODAY]
    assert "(objet)" in late and "en retard de " in late
    # decided the same day, due the same day: the later declaration first, as the préfecture tab lists them
    assert "(siège social, adresse de gestion)" in seat and "(dirigeants)" in directors
    assert "jours restants" in seat and all("en retard de " in text for text in found[TODAY + timedelta(days=100)])


def test_retention_candidates_alike_from_a_connection_and_a_session(demo_path: Path, demo: Database) -> None:
    gone = [r.id for r in list_rows(demo, TODAY.year) if r.statut is not MemberStatus.ACTIVE]
    later = date(TODAY.year + 4, 1, 1)
    assert _alike(demo_path, demo, lambda rows: retention_candidates_from(rows, TODAY, 3)) == []
    found = _alike(demo_path, demo, lambda rows: retention_candidates_from(rows, later, 3))
    assert [c[0] for c in found] == sorted(gone)
    assert found == gdpr.retention_candidates(demo, later, 3)
    gdpr.anonymise(demo, gone[0])
    found = _alike(demo_path, demo, lambda rows: retention_candidates_from(rows, later, 3))
    assert [c[0] for c in found] == sorted(gone[1:])
    assert _alike(demo_path, demo, lambda rows: retention_candidates_from(rows, later, 10)) == []


def test_the_alerts_on_each_back_end(demo_database: Database) -> None:
    """Through a session on SQLite and on PostgreSQL: the reminders as the préfecture tab words them."""
    _open_declarations(demo_database)
    with demo_database.snapshot() as session:
        rows = of_session(session)
        texts = reminder_texts_from(rows, TODAY)
        warnings = board_warnings_from(rows, TODAY + timedelta(days=45))
        gone = retention_candidates_from(rows, date(TODAY.year + 4, 1, 1), 3)
    assert texts == [declarations.reminder_text(d, TODAY) for d in declarations.reminders(demo_database)]
    assert len(texts) == 3
    assert "Bureau : le poste de président est vacant." in warnings
    assert any(w.startswith("Mandat expiré le ") for w in warnings)
    assert {c[0] for c in gone} == {
        r.id for r in list_rows(demo_database, TODAY.year) if r.statut is not MemberStatus.ACTIVE
    }


def test_computing_them_imports_no_sqlalchemy(demo_path: Path) -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from cpts_desktop.services.board_alerts import board_warnings_from\n"
        "from cpts_desktop.services.declaration_alerts import reminder_texts_from\n"
        "from cpts_desktop.services.retention import retention_candidates_from, retention_years\n"
        "from cpts_desktop.store.reader import open_for_reading\n"
        "from cpts_desktop.store.rows import of_connection\n"
        f"rows = of_connection(open_for_reading(Path({str(demo_path)!r})))\n"
        "assert board_warnings_from(rows, date.today())\n"
        "reminder_texts_from(rows, date.today())\n"
        "assert retention_candidates_from(rows, date(date.today().year + 4, 1, 1), retention_years())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
