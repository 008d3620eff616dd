"""The statutes template read with every value its parameters may take: no incoherent sentence."""

import itertools
import re
from fractions import Fraction

import pytest

from cpts_desktop.config import resource
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.statutes import (
    Article,
    GovernanceParameters,
    assembly_quorum_clause,
    colleges_clause,
    exercice_clause,
    parse_template,
    placeholders,
    render,
    upgrade_articles,
)

QUORUMS = [Fraction(0), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(1), Fraction(2, 5)]
IDENTITY = {
    "nom": "CPTS des Coteaux Fictifs",
    "sigle_phrase": "",
    "siege": "3 place du Marché, 00100 Fictiville",
    "colleges_ca": colleges_clause([("Professionnels de santé libéraux", 7), ("Usagers", 2)]),
}


def _statutes(parameters: GovernanceParameters) -> dict[str, str]:
    values = placeholders(parameters, IDENTITY)
    return {a.titre: render(a.texte, values) for a in parse_template(resource("modeles", "statuts.txt"))}


def _plain(text: str) -> str:
    """No-break spaces (inside « », before « : », between a number and its word) read as spaces."""
    return text.replace("\u00a0", " ")


def _assert_reads_right(text: str) -> None:
    assert "{" not in text and "}" not in text
    assert not re.search(r" [.,]|\.\.|  |\( |\[", text), text
    assert not re.search(r"\d+/\d+", text), text  # fractions in words: « le quart », « la moitié »
    for paragraph in text.split("\n\n"):
        assert paragraph.rstrip().endswith("."), paragraph


@pytest.mark.parametrize(("quorum", "second_call"), list(itertools.product(QUORUMS, (True, False))))
def test_assemblies_read_right_for_every_quorum(quorum: Fraction, second_call: bool):
    parameters = GovernanceParameters(
        quorum_ago=quorum,
        quorum_age=quorum,
        seconde_convocation_ago=second_call,
        seconde_convocation_age=second_call,
        quorum_ca=quorum,
        pouvoirs_max=int(quorum * 4) % 3,
        vote_a_jour_requis=second_call,
    )
    articles = _statutes(parameters)
    for title in ("Assemblée générale ordinaire", "Assemblée générale extraordinaire", "Conseil d’administration"):
        text = articles[title]
        _assert_reads_right(text)
        assert "quorum" not in text or quorum > 0  # no « si ce quorum n’est pas atteint » without one
        assert ("ne délibère valablement que si" in text) is (quorum > 0)
        assert ("seconde assemblée" in text) is (quorum > 0 and second_call and "assemblée" in title.lower())
    assert "si le quart au moins de ses membres" in articles["Assemblée générale ordinaire"] or quorum != Fraction(1, 4)
    assert "si la moitié au moins de ses administrateurs" in articles["Conseil d’administration"] or quorum != Fraction(
        1, 2
    )
    assert "tous ses membres sont présents" in articles["Assemblée générale extraordinaire"] or quorum != 1
    for text in articles.values():
        assert "{" not in text


def test_quorum_none_and_quarter_with_second_call():
    none = assembly_quorum_clause("Elle", Fraction(0), True, 15)
    assert none == "Elle délibère valablement quel que soit le nombre de membres présents ou représentés."
    quarter = assembly_quorum_clause("L’assemblée générale ordinaire", Fraction(1, 4), True, 21)
    assert quarter.startswith("L’assemblée générale ordinaire ne délibère valablement que si le quart au moins")
    assert "une seconde assemblée est convoquée" in quarter and "21 jours au moins" in quarter
    assert "seconde" not in assembly_quorum_clause("Elle", Fraction(1, 2), False, 15)


def test_exercice_social_and_its_closing_date():
    assert "année civile" in exercice_clause(1, 1)
    assert exercice_clause(1, 7) == (
        "L’exercice social commence le 1er juillet de chaque année et se termine le 30 juin de l’année suivante."
    )
    assert "se termine le 28 février" in exercice_clause(1, 3)
    articles = _statutes(GovernanceParameters(exercice_debut_jour=1, exercice_debut_mois=7))
    assert "clôture de l’exercice social, fixée au 30 juin (article 10)" in articles["Assemblée générale ordinaire"]
    assert articles["Exercice social"].startswith("L’exercice social commence le 1er juillet")
    with pytest.raises(ValidationError, match="29/2"):
        exercice_clause(29, 2)


def test_colleges_and_their_seats_with_the_liberaux_majority_when_numbers_say_so():
    majority = _plain(colleges_clause([("Professionnels de santé libéraux", 7), ("Structures", 3), ("Usagers", 2)]))
    assert "trois collèges" in majority and "« Professionnels de santé libéraux » : 7 sièges" in majority
    assert "soit 12 administrateurs au total" in majority and "détiennent la majorité" in majority
    minority = colleges_clause([("Professionnels de santé libéraux", 8), ("Établissements", 9)])
    assert "majorité" not in minority
    assert "collège unique, « Membres », qui dispose de 1 siège" in _plain(colleges_clause([("Membres", 1)]))
    assert "à définir" in colleges_clause([])


def test_a_draft_takes_the_new_template_but_keeps_what_the_association_wrote():
    former = [Article("1", "Objet", "Ancien texte."), Article("2", "Bureau", "Ancien bureau.")]
    template = [
        Article("1", "Objet", "Nouveau texte."),
        Article("2", "Exercice social", "{exercice_social}"),
        Article("3", "Bureau", "Nouveau bureau."),
    ]
    draft = [Article("1", "Objet", "Ancien texte."), Article("2", "Bureau", "Bureau réécrit par l’association.")]
    upgraded = upgrade_articles(draft, former, template)
    assert [(a.numero, a.titre, a.texte) for a in upgraded.articles] == [
        ("1", "Objet", "Nouveau texte."),
        ("2", "Exercice social", "{exercice_social}"),
        ("3", "Bureau", "Bureau réécrit par l’association."),
    ]
    assert upgraded.kept == ["Bureau"]
