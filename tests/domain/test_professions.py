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
