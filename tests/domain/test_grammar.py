"""Elision and feminine functions of the generated French."""

import pytest

from cpts_desktop.domain.enums import BoardRole
from cpts_desktop.domain.grammar import a, agreed, de, function_label


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Anne Michel", "d’Anne Michel"),
        ("EHPAD Les Tilleuls", "d’EHPAD Les Tilleuls"),
        ("Hélène Dupont", "d’Hélène Dupont"),
        ("Émile Zola", "d’Émile Zola"),
        ("Œuvre des Pins", "d’Œuvre des Pins"),
        ("Mme Anne Michel", "de Mme Anne Michel"),
        ("Paul Martin", "de Paul Martin"),
        ("Le Havre", "du Havre"),
        ("Les Ulis", "des Ulis"),
        ("La Rochelle", "de La Rochelle"),
    ],
)
def test_de_elides_and_contracts(name: str, expected: str) -> None:
    assert de(name) == expected


def test_a_contracts_but_never_elides() -> None:
    assert a("Lyon") == "à Lyon"
    assert a("Le Havre") == "au Havre"
    assert a("Les Ulis") == "aux Ulis"
    assert a("Arles") == "à Arles"


@pytest.mark.parametrize(
    ("role", "feminine"),
    [
        (BoardRole.PRESIDENT, "Présidente"),
        (BoardRole.VICE_PRESIDENT, "Vice-présidente"),
        (BoardRole.SECRETARY, "Secrétaire"),
        (BoardRole.TREASURER, "Trésorière"),
        (BoardRole.DIRECTOR, "Administratrice"),
    ],
)
def test_functions_follow_the_civilite(role: BoardRole, feminine: str) -> None:
    assert function_label(role, "Mme") == feminine
    assert function_label(role, "M.") == role.label
    assert function_label(role, None) == role.label


def test_every_function_has_a_feminine() -> None:
    assert all(function_label(role, "Mme") for role in BoardRole)


@pytest.mark.parametrize(
    ("civilite", "expected"),
    [("Mme", "convoquée"), ("M.", "convoqué"), (None, "convoqué(e)"), ("", "convoqué(e)")],
)
def test_letters_agree_with_the_person_addressed(civilite: str | None, expected: str) -> None:
    assert agreed(civilite, "convoqué", "convoquée") == expected
    assert agreed(None, "présent", "présente") == "présent(e)"
