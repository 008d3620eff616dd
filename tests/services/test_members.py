from dataclasses import replace

import pytest

from cpts_desktop.domain.enums import MemberKind, MemberStatus
from cpts_desktop.domain.members import InvalidMember, MemberData
from cpts_desktop.services.errors import DuplicateMember, StaleRecord
from cpts_desktop.services.members import create_member, get_member, list_rows, update_member

ANAIS = MemberData(
    kind=MemberKind.PERSON,
    nom="Lefèvre",
    prenom="Anaïs",
    profession_code="60",
    rpps="10000000009",
    email="anais.lefevre@example.org",
    commune="Montvallon",
)


def test_create_and_read_back(database):
    member_id = create_member(database, ANAIS)
    record = get_member(database, member_id)
    assert record.data.nom == "Lefèvre" and record.version == 1
    rows = list_rows(database, 2026)
    assert [(r.nom, r.profession, r.statut) for r in rows] == [("Lefèvre", "Infirmier", MemberStatus.ACTIVE)]
    assert "anais" in rows[0].search and "lefevre" in rows[0].search


@pytest.mark.parametrize(
    "twin",
    [
        replace(ANAIS, nom="Autre", prenom="Nom", email=None, commune=None),  # same RPPS
        replace(ANAIS, rpps=None, nom="Autre", email="ANAIS.LEFEVRE@example.org"),  # same email
        replace(ANAIS, rpps=None, email=None, nom="LEFEVRE", prenom="anais"),  # same name and commune
    ],
)
def test_duplicates_are_refused_naming_the_existing_member(database, twin):
    create_member(database, ANAIS)
    with pytest.raises(DuplicateMember, match="Anaïs Lefèvre"):
        create_member(database, twin)


def test_same_name_in_another_commune_is_another_member(database):
    create_member(database, ANAIS)
    create_member(database, replace(ANAIS, rpps=None, email=None, commune="Bois-le-Comte"))
    assert len(list_rows(database, 2026)) == 2


def test_invalid_member_is_not_saved(database):
    with pytest.raises(InvalidMember):
        create_member(database, replace(ANAIS, rpps="10000000008"))
    assert list_rows(database, 2026) == []


def test_stale_edit_is_refused(database):
    member_id = create_member(database, ANAIS)
    first = get_member(database, member_id)
    second = get_member(database, member_id)
    update_member(database, member_id, first.version, replace(first.data, telephone="0612345678"))
    with pytest.raises(StaleRecord, match=r"modifiée entre-temps par \S+ \(le \d+(er)? \w+ \d{4} à \d+ h"):
        update_member(database, member_id, second.version, replace(second.data, notes="écrasement"))
    assert get_member(database, member_id).data.notes is None


def test_the_rows_of_one_member_are_those_of_the_whole_list(demo_database) -> None:
    """The payment dialog asks for one member's cotisation state without reading the register."""
    everyone = list_rows(demo_database, 2026)
    for row in everyone[:3]:
        assert list_rows(demo_database, 2026, row.id) == [row]


def test_namesakes_with_different_rpps_are_two_professionals(database, tmp_path):
    """A father and his son, both doctors in the same commune: same nom, prénom and commune, but two RPPS
    numbers — two members, by the form and by an import; without a number the name rule still holds."""
    from cpts_desktop.domain.identifiers import luhn_check_digit
    from cpts_desktop.services.imports import import_members

    father, son = ("10" + f"{n:08d}" for n in (71, 72))
    father, son = father + luhn_check_digit(father), son + luhn_check_digit(son)
    common = {"kind": MemberKind.PERSON, "nom": "Kervella", "prenom": "Yann", "commune": "Brest"}
    create_member(database, MemberData(**common, rpps=father))
    create_member(database, MemberData(**common, rpps=son))
    with pytest.raises(DuplicateMember):
        create_member(database, MemberData(**common))
    brother = "10" + f"{73:08d}"
    brother += luhn_check_digit(brother)
    sheet = tmp_path / "liste.csv"
    lines = ["Nom;Prénom;Commune;RPPS", f"Kervella;Yann;Brest;{son}", f"Kervella;Yann;Brest;{brother}"]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_members(database, sheet)
    assert (report.created, report.unchanged, report.rejected) == (1, 1, [])
