from fractions import Fraction

import pytest

from cpts_desktop.config import resource
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.statutes import (
    Article,
    GovernanceParameters,
    compare,
    parse_template,
    placeholders,
    quorum_phrase,
    render,
)
from cpts_desktop.domain.territory import load_tailles, taille_for
from cpts_desktop.domain.validators import clean_bic, clean_iban, clean_rna


@pytest.mark.parametrize(
    ("population", "taille"),
    [(0, 1), (39_999, 1), (40_000, 2), (79_999, 2), (80_000, 3), (175_000, 3), (175_001, 4), (2_000_000, 4)],
)
def test_aci_tier_boundaries(population, taille):
    assert taille_for(population, load_tailles(resource("aci_tailles.csv"))).number == taille


def test_rna():
    assert clean_rna("w392004187") == "W392004187"
    assert clean_rna("W39A004187") == "W39A004187"
    for bad in ("W12", "392004187", "X392004187", "W3920041870"):
        with pytest.raises(ValidationError, match="W suivi de 9"):
            clean_rna(bad)


def test_iban_and_bic():
    assert clean_iban("fr7630006000011234567890189") == "FR76 3000 6000 0112 3456 7890 189"
    with pytest.raises(ValidationError, match="IBAN valide"):
        clean_iban("FR7630006000011234567890180")
    assert clean_bic("agri frpp") == "AGRIFRPP"
    with pytest.raises(ValidationError, match="BIC"):
        clean_bic("AGRI")


def test_template_has_the_usual_articles_and_fills_parameters():
    articles = parse_template(resource("modeles", "statuts.txt"))
    titles = [a.titre for a in articles]
    for expected in (
        "Dénomination",
        "Objet",
        "Siège social",
        "Cotisation",
        "Assemblée générale ordinaire",
        "Assemblée générale extraordinaire",
        "Conseil d’administration",
        "Bureau",
        "Règlement intérieur",
        "Dissolution",
    ):
        assert expected in titles
    values = placeholders(
        GovernanceParameters(delai_convocation_ag_jours=21, quorum_age=Fraction(1, 3)), {"nom": "CPTS Test"}
    )
    text = render(next(a for a in articles if a.titre == "Assemblée générale ordinaire").texte, values)
    assert "au moins 21 jours avant" in text and "{" not in text
    extraordinary = render(next(a for a in articles if a.titre == "Assemblée générale extraordinaire").texte, values)
    assert "si le tiers au moins de ses membres" in extraordinary
    assert render("{inconnu} reste", values) == "{inconnu} reste"


def test_quorum_phrases():
    assert quorum_phrase(Fraction(0)) == "quel que soit le nombre de membres présents ou représentés"
    assert quorum_phrase(Fraction(1, 4)).startswith("si le quart")


def test_compare_versions_article_by_article():
    old = [
        Article("1", "Objet", "Coordonner les soins."),
        Article("2", "Siège", "Montvallon."),
        Article("3", "Durée", "Illimitée."),
    ]
    new = [
        Article("1", "Objet", "Coordonner les soins du territoire."),
        Article("2", "Durée", "Illimitée."),
        Article("3", "Ressources", "Cotisations."),
    ]
    changes = {(c.kind, (c.new or c.old).titre): c for c in compare(old, new)}
    assert set(changes) == {("modifié", "Objet"), ("modifié", "Durée"), ("ajouté", "Ressources"), ("supprimé", "Siège")}
    assert changes[("modifié", "Objet")].segments == [
        ("=", "Coordonner les"),
        ("-", "soins."),
        ("+", "soins du territoire."),
    ]
