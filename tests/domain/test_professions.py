from cpts_desktop.config import resource
from cpts_desktop.domain.professions import load_professions


def test_reference_file_has_the_national_codes():
    professions = {p.code: p for p in load_professions(resource("professions.csv"))}
    assert professions["10"].label == "Médecin"
    assert professions["60"].label == "Infirmier"
    assert "IDEL" in professions["60"].synonyms
    assert professions["70"].paramedical
    assert not professions["10"].paramedical
    assert len(professions) == 21


import pytest  # noqa: E402

from cpts_desktop.domain.enums import StructureType  # noqa: E402
from cpts_desktop.domain.professions import ProfessionMatcher  # noqa: E402


@pytest.fixture(scope="module")
def matcher():
    return ProfessionMatcher(load_professions(resource("professions.csv")), resource("structure_types.csv"))


@pytest.mark.parametrize(
    ("text", "code", "specialite"),
    [
        ("Infirmière", "60", None),
        ("IDE", "60", None),
        ("infirmier libéral", "60", None),
        ("INFIRMIÈRES LIBÉRALES", "60", None),
        ("Kiné", "70", None),
        ("MK", "70", None),
        ("masseuse-kinésithérapeute", "70", None),
        ("MG", "10", "Médecine générale"),
        ("médecin généraliste", "10", "Médecine générale"),
        ("Pédiatre", "10", "Pédiatrie"),
        ("sage femme", "50", None),
        ("Sages-femmes", "50", None),
        ("Psychologue clinicienne", "93", None),
        ("Diététicienne", "95", None),
        ("Pharmacienne", "21", None),
    ],
)
def test_professions_from_spreadsheets(matcher, text, code, specialite):
    found = matcher.match(text)
    assert found is not None and found.code == code and found.specialite == specialite


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Laboratoire d'analyses", StructureType.LABORATORY),
        ("Laboratoire de biologie médicale", StructureType.LABORATORY),
        ("Pharmacie", StructureType.PHARMACY),
        ("MSP", StructureType.MSP),
        ("Maison de santé", StructureType.MSP),
        ("Centre de santé", StructureType.HEALTH_CENTRE),
        ("EHPAD", StructureType.EHPAD),
        ("Centre hospitalier", StructureType.HOSPITAL),
    ],
)
def test_structure_rows(matcher, text, kind):
    assert matcher.match(text).structure_type is kind


def test_unknown_profession(matcher):
    assert matcher.match("Plombier") is None
    assert matcher.match("") is None
