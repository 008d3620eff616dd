from cpts_desktop.config import resource
from cpts_desktop.domain.professions import ProfessionCategory, load_professions

# The codes of DOMAIN.md section 6 (TRE_G15 professions and TRE_R95 titles); there is no 97.
NOMENCLATURE = {
    "10", "21", "26", "28", "31", "32", "40", "50", "60", "69", "70", "71", "72", "73", "80", "81", "82",
    "83", "84", "85", "86", "91", "92", "93", "94", "95", "96", "98",
}  # fmt: skip
AUXILIAIRES = {
    "26",
    "28",
    "60",
    "69",
    "70",
    "80",
    "81",
    "82",
    "83",
    "84",
    "85",
    "86",
    "91",
    "92",
    "94",
    "95",
    "96",
    "98",
}


def test_reference_file_has_the_national_codes():
    professions = {p.code: p for p in load_professions(resource("professions.csv"))}
    assert set(professions) == NOMENCLATURE
    assert professions["10"].label == "Médecin"
    assert professions["60"].label == "Infirmier"
    assert professions["72"].label == "Psychothérapeute"
    assert "IDEL" in professions["60"].synonyms
    assert {code for code, p in professions.items() if p.paramedical} == AUXILIAIRES
    titles = {code for code, p in professions.items() if p.category is ProfessionCategory.TITLE}
    assert titles == {"71", "72", "73", "93"}
    assert professions["10"].category is ProfessionCategory.MEDICAL


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
        ("Orthoprothésiste", "81", None),
        ("Technicienne de laboratoire médical", "86", None),
        ("Psychothérapeute", "72", None),
        ("Assistante dentaire", "31", None),
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
        ("HAD", StructureType.HOME_HOSPITALISATION),
        ("Hospitalisation à domicile", StructureType.HOME_HOSPITALISATION),
        ("SSIAD", StructureType.SSIAD),
    ],
)
def test_structure_rows(matcher, text, kind):
    assert matcher.match(text).structure_type is kind


def test_unknown_profession(matcher):
    assert matcher.match("Plombier") is None
    assert matcher.match("") is None
