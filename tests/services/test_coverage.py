"""Représentativité: the territory's professionals from the Annuaire Santé, members among them,
oppositions kept across extracts, the non-members to invite."""

from dataclasses import replace
from datetime import date

import pytest

from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.services import coverage
from tests.services import coverage_data as data


def _rows(report: coverage.Coverage) -> list[tuple[str, int, int, int, str]]:
    return [(ln.label, ln.professionals, ln.members, ln.outside, coverage.format_rate(ln.rate)) for ln in report.lines]


def test_coverage_per_profession_counts_active_members_by_rpps_or_adeli(database):
    data.territory(database)
    data.members(database)
    loaded = coverage.load_professionals(database, data.LISTED, data.EXTRACT_DAY)
    assert (loaded.created, loaded.updated, loaded.removed, loaded.total) == (13, 0, 0, 13)

    report = coverage.coverage(database)
    assert _rows(report) == [
        ("Médecin", 7, 2, 0, "28,6\u202f%"),
        ("Infirmier", 3, 1, 0, "33,3\u202f%"),
        ("Masseur-kinésithérapeute", 2, 0, 1, "0,0\u202f%"),
        ("Psychologue", 1, 1, 0, "100,0\u202f%"),
    ]
    total = report.total
    assert (total.professionals, total.members, total.outside) == (13, 4, 1)
    assert coverage.format_rate(total.rate) == "30,8\u202f%"
    assert (report.extract.source, report.extract.extract_date, report.extract.total) == (
        "Annuaire Santé",
        data.EXTRACT_DAY,
        13,
    )

    # the main site is linked to the territory's commune
    invitees = coverage.non_members(database)
    assert len(invitees) == 13 - 4
    assert {p.commune for p in invitees} == {"Champagnole", "Nozeroy"}


@pytest.mark.sqlite_only
def test_a_new_extract_replaces_the_list_and_keeps_the_oppositions(database):
    data.territory(database)
    coverage.load_professionals(database, data.LISTED, data.EXTRACT_DAY)
    first, vanished = data.LISTED[0], data.LISTED[1]
    recorded = coverage.record_opposition(database, "8" + first.identifier, date(2026, 11, 10))
    assert (recorded.identifiant, recorded.name, recorded.already) == (first.identifier, "Camille Médecin1", False)
    coverage.record_opposition(database, vanished.identifier, date(2026, 11, 11))
    assert coverage.record_opposition(database, first.identifier).already

    newcomer = data.person(data.rpps(50), "Nouvelle", "50")
    renamed = replace(first, nom="Médecin-Un")
    later = [renamed, *data.LISTED[2:], newcomer]
    loaded = coverage.load_professionals(database, later, date(2027, 2, 1))
    assert (loaded.created, loaded.updated, loaded.removed, loaded.total, loaded.opposed) == (1, 12, 1, 13, 1)

    invitees = {p.identifiant: p for p in coverage.non_members(database)}
    assert invitees[first.identifier].nom == "Médecin-Un"
    assert invitees[first.identifier].opposition == date(2026, 11, 10)
    assert vanished.identifier not in invitees
    letters = coverage.invitations(database).letters
    assert first.identifier not in {p.identifiant for p in letters} and len(letters) == 12

    # the person who vanished comes back: still opposed
    coverage.load_professionals(database, [*later, vanished], date(2027, 5, 1))
    back = {p.identifiant: p for p in coverage.non_members(database, "10", "Champagnole")}
    assert back[vanished.identifier].opposition == date(2026, 11, 11)
    assert coverage.summary(database).extract_date == date(2027, 5, 1)


@pytest.mark.sqlite_only
def test_invitees_filtered_by_profession_and_commune(database):
    data.territory(database)
    data.members(database)
    coverage.load_professionals(database, data.LISTED, data.EXTRACT_DAY)
    doctors = coverage.invitations(database, profession="10").letters
    assert [p.nom for p in doctors] == ["Médecin3", "Médecin4", "Médecin5", "Médecin6", "Médecin7"]
    assert doctors[0].salutation == "Docteur,"
    assert doctors[0].address_lines == ["Dr Camille Médecin3", "Cabinet du Lac", "4 rue des Tilleuls", "39250 Nozeroy"]
    assert [p.nom for p in coverage.non_members(database, commune="nozeroy")] == [
        "Kiné1",
        "Kiné2",
        "Médecin3",
        "Médecin5",
        "Médecin7",
    ]
    assert len(coverage.non_members(database, commune="39300")) == 4


@pytest.mark.sqlite_only
def test_opposition_identifier_is_checked(database):
    with pytest.raises(ValidationError, match="ni un RPPS"):
        coverage.record_opposition(database, "1234")
    with pytest.raises(ValidationError, match="clé de contrôle"):
        coverage.record_opposition(database, "10000000001")
    assert coverage.record_opposition(database, data.adeli(7)).name is None


@pytest.mark.sqlite_only
def test_extract_file_read_for_the_territory_only(database, tmp_path):
    """The extract as downloaded: a doctor with two sites (one out of the territory) is one person,
    whose main site is the territory's; a Parisian is not kept."""
    with pytest.raises(CptsError, match="aucune commune"):
        coverage.import_extract(database, tmp_path / "x.txt")
    data.territory(database)
    path = data.write_extract(
        tmp_path / "PS_LibreAcces_Personne_activite_202611020915.txt",
        [
            (data.LISTED[0], ["75056", "39300"]),
            (data.LISTED[7], ["39300"]),
            (data.LISTED[12], ["39250"]),
            (data.person(data.rpps(77), "Loin", "10"), ["75056"]),
        ],
        encoding="cp1252",
    )
    elsewhere = data.write_extract(tmp_path / "paris.txt", [(data.LISTED[0], ["75056"])])
    with pytest.raises(CptsError, match="aucun professionnel des communes du territoire"):
        coverage.import_extract(database, elsewhere)
    loaded = coverage.import_extract(database, path)
    assert (loaded.created, loaded.total, loaded.extract_date) == (3, 3, date(2026, 11, 2))
    people = {p.identifiant: p for p in coverage.non_members(database)}
    assert set(people) == {data.LISTED[0].identifier, data.LISTED[7].identifier, data.adeli(1)}
    doctor = people[data.LISTED[0].identifier]
    assert (doctor.nom, doctor.prenom, doctor.titre, doctor.commune) == ("Médecin1", "Camille", "Dr", "Champagnole")
    assert people[data.adeli(1)].type_identifiant == "ADELI"
    assert [ln.code for ln in coverage.coverage(database).lines] == ["10", "60", "93"]
