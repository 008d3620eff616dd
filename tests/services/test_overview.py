from datetime import date

from cpts_desktop.services.demo import load_demo
from cpts_desktop.services.overview import overview


def test_overview_of_an_empty_database(database):
    data = overview(database)
    assert data.association is None
    assert data.active_members == 0 and data.communes == 0 and data.population == 0


def test_overview_of_the_demo(database):
    load_demo(database, today=date(2026, 11, 24))
    data = overview(database, today=date(2026, 11, 24))
    assert data.association == "CPTS du Pays des Trois Vallons"
    assert data.active_members == data.active_persons + data.active_structures
    assert 0 < data.paid_this_year < data.active_members
    assert data.communes == 12
    assert data.population == 52550
    assert data.colleges == 4
