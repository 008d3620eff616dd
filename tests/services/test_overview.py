import sqlite3
from datetime import date
from pathlib import Path

from cpts_desktop.domain.declarations import ChangeSubject
from cpts_desktop.domain.enums import MemberKind, MemberStatus, StructureType
from cpts_desktop.services import declarations
from cpts_desktop.services.database import open_database
from cpts_desktop.services.members import MemberData, create_member
from cpts_desktop.services.overview import dashboard, first_view


def test_overview_of_an_empty_database(database):
    data = dashboard(database).overview
    assert data.association is None
    assert data.active_members == 0 and data.communes == 0 and data.population == 0


def test_overview_of_the_demo(demo_database):
    data = dashboard(demo_database).overview  # the demo is loaded as of today
    assert data.association == "CPTS du Pays des Trois Vallons"
    assert data.active_members == data.active_persons + data.active_structures
    assert 0 < data.paid_this_year < data.active_members
    assert data.communes == 12
    assert data.population == 52550
    assert data.colleges == 4


# The dashboard at start-up is read with sqlite3 alone (``first_view``), then from the opened base: both
# must show the same thing, or the figures would change under the user's eyes a second after start.
DAYS = (date(2025, 1, 2), date(2026, 11, 24), date(2027, 6, 1), date(2028, 6, 1), date(2031, 3, 1))


def test_the_first_view_is_what_the_opened_base_shows(demo_path: Path):
    seen = []
    database = open_database(str(demo_path))
    try:
        declarations.record_change(database, ChangeSubject.SEAT, date(2026, 11, 2), "", "2 place du Marché")
        for day in DAYS:
            opened = dashboard(database, day)
            assert first_view(demo_path, day) == opened, day
            seen += opened.alerts
        assert opened.overview.association == "CPTS du Pays des Trois Vallons"
    finally:
        database.close()
    # every kind of alert appears on one of the days, so the comparison covers each of them
    for kind in ("Bureau", "Fin de mandat", "Déclaration en préfecture", "Justification", "RGPD"):
        assert any(kind in message for message in seen), kind


def test_the_first_view_of_an_edge_base(db_path: Path):
    """Members but no identity, territory nor barème; a departed member; a structure."""
    database = open_database(str(db_path))
    try:
        create_member(database, MemberData(MemberKind.PERSON, "Œuvray", "Zoé", profession_code="10"))
        gone = MemberData(
            MemberKind.STRUCTURE,
            "MSP de l’Étang",
            structure_type=StructureType.MSP,
            statut=MemberStatus.RESIGNED,
            date_sortie=date(2019, 5, 1),
        )
        create_member(database, gone)
        opened = dashboard(database, date(2026, 12, 1))
    finally:
        database.close()
    assert opened.overview.members_total == 2 and opened.overview.active_members == 1
    assert any("RGPD" in message for message in opened.alerts)
    assert first_view(db_path, date(2026, 12, 1)) == opened


def test_a_base_that_needs_the_full_opening_has_no_first_view(db_path: Path, tmp_path: Path):
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    assert first_view(db_path) is None  # to be upgraded (after a safety copy) by the full opening
    text = tmp_path / "adherents.sqlite"
    text.write_text("nom;prénom\n", encoding="utf-8")
    assert first_view(text) is None and first_view(tmp_path / "absente.sqlite") is None
