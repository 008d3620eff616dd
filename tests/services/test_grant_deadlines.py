"""The grant deadlines read by SQL text: the same list from a bare sqlite3 connection (the dashboard before
SQLAlchemy is loaded) as from a session, and no SQLAlchemy imported to compute it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import FunderType, GrantNature, GrantStatus, ObligationKind
from cpts_desktop.services import grants
from cpts_desktop.services.database import open_database
from cpts_desktop.services.grant_deadlines import Deadline, deadlines_from
from cpts_desktop.store.engine import Database
from cpts_desktop.store.reader import open_for_reading
from cpts_desktop.store.rows import of_connection, of_session

ROOT = Path(__file__).resolve().parents[2]
# The demo's dates follow the day it was loaded: so do the ones added here.
TODAY = date.today()
# (days from today, within): before, on and after the added échéances, with and without a horizon.
CASES = [(0, 0), (0, 30), (0, None), (-60, 30), (-30, 60), (60, 60), (400, 365), (900, None), (-400, None)]


def _add_grants(database: Database) -> tuple[int, int]:
    """What the demo lacks: échéances overdue, partly covered and on the same day as a justification, and a
    refused grant that would otherwise owe and expect something soon."""
    helped = _grant(database, "Fondation de France", "Prévention des chutes", FunderType.FOUNDATION, (-100, 200),
                    montant_accorde=Decimal("10000"), statut=GrantStatus.AWARDED)  # fmt: skip
    grants.add_installment(database, helped, TODAY - timedelta(days=40), Decimal("4000"), "Première tranche")
    grants.add_installment(database, helped, TODAY - timedelta(days=40), Decimal("2000.01"), "Tranche complémentaire")
    grants.add_installment(database, helped, TODAY + timedelta(days=25), Decimal("3999.99"))
    grants.add_disbursement(database, helped, Decimal("5000.50"), TODAY - timedelta(days=30))
    grants.add_obligation(database, helped, ObligationKind.ACTIVITY_REPORT, TODAY - timedelta(days=10), "Bilan")
    grants.add_obligation(database, helped, ObligationKind.OTHER, TODAY + timedelta(days=25))
    sent = grants.add_obligation(database, helped, ObligationKind.OTHER, TODAY - timedelta(days=5), "Déjà remis")
    grants.submit_obligation(database, sent, TODAY - timedelta(days=6))
    refused = _grant(database, "Mutualité Française", "Ateliers", FunderType.OTHER, (-10, 100),
                     montant_demande=Decimal("3000"), statut=GrantStatus.REFUSED)  # fmt: skip
    grants.add_installment(database, refused, TODAY + timedelta(days=5), Decimal("3000"), "Versement refusé")
    grants.add_obligation(database, refused, ObligationKind.OTHER, TODAY + timedelta(days=5), "Bilan refusé")
    return helped, refused


def _grant(
    database: Database, funder: str, objet: str, kind: FunderType, days: tuple[int, int], **terms: object
) -> int:
    """A project grant of ``funder`` over ``days`` (from, to) around today."""
    start, end = (TODAY + timedelta(days=d) for d in days)
    data = grants.GrantData(funder, GrantNature.PROJECT, objet, kind, periode_debut=start, periode_fin=end, **terms)
    return grants.create_grant(database, data)


@pytest.fixture
def base(demo_path: Path) -> Iterator[tuple[Path, Database, int, int]]:
    database = open_database(str(demo_path))
    helped, refused = _add_grants(database)
    yield demo_path, database, helped, refused
    database.close()


def _described(found: list[Deadline]) -> list[tuple[object, ...]]:
    """Every field, amounts as text too: 999.51 and 999.510 are equal Decimals but not the same output."""
    return [(*vars(d).values(), str(d.amount)) for d in found]


def test_a_bare_connection_and_a_session_give_the_same_deadlines(base: tuple[Path, Database, int, int]) -> None:
    path, database, _, refused = base
    connection = open_for_reading(path)
    assert connection is not None
    seen: list[Deadline] = []
    try:
        for shift, within in CASES:
            day = TODAY + timedelta(days=shift)
            bare = deadlines_from(of_connection(connection), within, day)
            with database.snapshot() as session:
                through_session = deadlines_from(of_session(session), within, day)
                assert grants.deadlines_in(session, within, day) == through_session
            assert bare, (shift, within)
            assert _described(bare) == _described(through_session), (shift, within)
            seen += bare
    finally:
        connection.close()
    assert {d.kind for d in seen} == {"justification", "versement"}
    assert any(d.overdue for d in seen) and any(not d.overdue for d in seen)
    assert refused not in {d.grant_id for d in seen}
    assert any(d.amount == Decimal("999.51") and d.overdue for d in seen)  # 2000.01 less the 1000.50 left over


def test_the_order_labels_and_amounts(base: tuple[Path, Database, int, int]) -> None:
    path, _, helped, _ = base
    connection = open_for_reading(path)
    assert connection is not None
    try:
        found = [d for d in deadlines_from(of_connection(connection), 30, TODAY) if d.grant_id == helped]
    finally:
        connection.close()
    assert [(d.kind, d.libelle, d.days, str(d.amount)) for d in found] == [
        ("versement", "Tranche complémentaire", -40, "999.51"),
        ("justification", "Bilan", -10, "None"),
        ("justification", "Autre obligation", 25, "None"),  # a justification first on the same day
        ("versement", "Versement attendu", 25, "3999.99"),
    ]
    assert {d.grant for d in found} == {"Fondation de France – Prévention des chutes"}
    assert {d.funder for d in found} == {"Fondation de France"}


def test_computing_them_imports_no_sqlalchemy(demo_path: Path) -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from cpts_desktop.services.grant_deadlines import deadlines_from\n"
        "from cpts_desktop.store.reader import open_for_reading\n"
        "from cpts_desktop.store.rows import of_connection\n"
        f"found = deadlines_from(of_connection(open_for_reading(Path({str(demo_path)!r}))), None, date.today())\n"
        "assert found\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
