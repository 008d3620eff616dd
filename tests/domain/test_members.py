import pytest

from cpts_desktop.domain.enums import MemberKind, MemberStatus
from cpts_desktop.domain.members import InvalidMember, MemberData, clean_member, parse_status


def test_clean_member_normalises_every_field():
    data = clean_member(
        MemberData(
            kind=MemberKind.PERSON,
            nom="  Lefèvre ",
            prenom="Anaïs",
            rpps="100 0000 0009",
            telephone="+33612345678",
            email="Anais@Example.ORG",
            code_postal="39570",
        )
    )
    assert (data.nom, data.rpps, data.telephone, data.email) == (
        "Lefèvre",
        "10000000009",
        "06 12 34 56 78",
        "Anais@example.org",
    )


def test_every_error_is_reported_with_its_field():
    with pytest.raises(InvalidMember) as error:
        clean_member(MemberData(kind=MemberKind.PERSON, nom="", rpps="123", email="x@", code_postal="ABC"))
    fields = error.value.by_field()
    assert set(fields) == {"nom", "rpps", "email", "code_postal"}
    assert fields["nom"] == "Nom : obligatoire."
    assert "RPPS" in fields["rpps"]


def test_structure_without_name_says_raison_sociale():
    with pytest.raises(InvalidMember, match="Raison sociale : obligatoire"):
        clean_member(MemberData(kind=MemberKind.STRUCTURE, nom=" "))


def test_status_words():
    assert parse_status("Démissionnaire") is MemberStatus.RESIGNED
    assert parse_status("ACTIF") is MemberStatus.ACTIVE
    assert parse_status("radiée") is MemberStatus.STRUCK_OFF


def test_control_characters_in_a_member_are_refused_field_by_field():
    data = MemberData(kind=MemberKind.PERSON, nom="Dupont\x00", prenom="Ma\x07rie", notes="ligne\nsuite")
    with pytest.raises(InvalidMember) as error:
        clean_member(data)
    assert set(error.value.by_field()) == {"nom", "prenom"}
    assert error.value.by_field()["prenom"].startswith("Prénom : la valeur contient un caractère invisible (U+0007)")
    assert clean_member(MemberData(kind=MemberKind.PERSON, nom="Dupont", notes=" a\tb\nc ")).notes == "a\tb\nc"
