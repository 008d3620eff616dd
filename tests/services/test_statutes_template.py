"""The statutes as a reader meets them: every rendering path filled from the version's own rules."""

from dataclasses import replace
from datetime import date
from fractions import Fraction

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import StatutesKind
from cpts_desktop.domain.statutes import Article, parse_template
from cpts_desktop.services import statutes
from cpts_desktop.services.board import save_college


def _text(articles: list[Article]) -> str:
    """The articles with no-break spaces read as spaces."""
    return "\n".join(f"{a.numero} {a.titre}\n{a.texte}" for a in articles).replace("\u00a0", " ")


def test_every_rendering_path_is_filled_from_the_version_rules(database):
    save_college(database, "Professionnels de santé libéraux", 5)
    save_college(database, "Usagers et partenaires", 2)
    first = statutes.create_from_template(database)
    statutes.adopt(database, first, date(2025, 3, 1))
    draft = statutes.new_draft(database)
    detail = statutes.get_version(database, draft)
    rules = replace(
        detail.parameters,
        quorum_age=Fraction(0),
        quorum_ago=Fraction(1, 4),
        seconde_convocation_ago=True,
        exercice_debut_jour=1,
        exercice_debut_mois=7,
    )
    statutes.save_draft(database, draft, detail.version, detail.articles, rules)

    adopted = _text(statutes.rendered_articles(database, first))
    text = _text(statutes.rendered_articles(database, draft))
    preview = _text(statutes.render_articles(detail.articles, rules, statutes.identity_values(database)))
    changes = statutes.compare_versions(database, first, draft)
    compared = " ".join(text for change in changes for _, text in change.segments)
    for rendering in (adopted, text, preview, compared):
        assert "{" not in rendering and "}" not in rendering
    assert preview == text

    assert "« Professionnels de santé libéraux » : 5 sièges ; « Usagers et partenaires » : 2 sièges" in text
    assert "Les professionnels de santé libéraux y détiennent la majorité des sièges." in text
    assert "L’exercice social commence le 1er juillet" in text and "fixée au 30 juin (article 10)" in text
    assert "fixée au 31 décembre" in adopted
    # AGE quorum « aucun »: no quorum, hence no second assembly; AGO ¼ with a second convocation
    age = next(a.texte for a in statutes.rendered_articles(database, draft) if a.titre.endswith("extraordinaire"))
    assert "quel que soit le nombre" in age and "quorum" not in age and "seconde" not in age
    assert "si le quart au moins de ses membres" in text and "une seconde assemblée est convoquée" in text
    assert "D. 1434-44" in text and "administrateurs et membres du bureau compris" in text
    assert {c.new.titre for c in changes if c.kind == "modifié"} == {
        "Exercice social",
        "Assemblée générale ordinaire",
        "Assemblée générale extraordinaire",
    }


def test_a_new_version_of_former_statutes_takes_the_template_and_the_adopted_text_stays(database):
    former = parse_template(resource("modeles", statutes.FORMER_TEMPLATES[StatutesKind.STATUTES]))
    first = statutes.create_from_template(database)
    detail = statutes.get_version(database, first)
    rewritten = [
        replace(a, texte="Le bureau comprend un président et un trésorier.") if a.titre == "Bureau" else a
        for a in former
    ]
    statutes.save_draft(database, first, detail.version, rewritten, detail.parameters)
    statutes.adopt(database, first, date(2024, 5, 1))

    draft = statutes.get_version(database, statutes.new_draft(database))
    assert [a.texte for a in statutes.get_version(database, first).articles] == [a.texte for a in rewritten]
    titles = [(a.numero, a.titre) for a in draft.articles]
    assert ("10", "Exercice social") in titles and ("15", "Indemnisation des membres") in titles
    assert next(a.texte for a in draft.articles if a.titre == "Bureau").startswith("Le bureau comprend un président")
    assert "D. 1434-44" in next(a.texte for a in draft.articles if a.titre == "Indemnisation des membres")
