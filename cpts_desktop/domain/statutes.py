"""Statutes as data: articles, the governance parameters the meetings obey, the template's
placeholders, and the article-by-article comparison of two versions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from cpts_desktop.domain.enums import Majority
from cpts_desktop.domain.text import search_key

_FRACTION_WORDS = {
    Fraction(1, 4): "le quart",
    Fraction(1, 3): "le tiers",
    Fraction(1, 2): "la moitié",
    Fraction(2, 3): "les deux tiers",
    Fraction(3, 4): "les trois quarts",
}
_MAJORITY_WORDS = {
    Majority.SIMPLE: "majorité simple",
    Majority.ABSOLUTE: "majorité absolue",
    Majority.TWO_THIRDS: "majorité des deux tiers",
}


@dataclass(frozen=True)
class Article:
    numero: str
    titre: str
    texte: str


@dataclass(frozen=True)
class GovernanceParameters:
    """What the statutes in force say about convening, quorum, majority, proxies and mandates."""

    delai_convocation_ag_jours: int = 15
    delai_convocation_ca_jours: int = 8
    quorum_ago: Fraction = Fraction(0)
    quorum_age: Fraction = Fraction(1, 2)
    majorite_ago: Majority = Majority.SIMPLE
    majorite_age: Majority = Majority.TWO_THIRDS
    pouvoirs_max: int = 2
    duree_mandat_ans: int = 3
    vote_a_jour_requis: bool = True
    source: str = "valeurs usuelles (aucune version des statuts adoptée)"


def fraction_words(value: Fraction) -> str:
    return _FRACTION_WORDS.get(value, f"{value.numerator}/{value.denominator}")


def quorum_phrase(value: Fraction) -> str:
    if value == 0:
        return "quel que soit le nombre de membres présents ou représentés"
    return f"si {fraction_words(value)} au moins de ses membres sont présents ou représentés"


def placeholders(parameters: GovernanceParameters, identity: dict[str, str]) -> dict[str, str]:
    """Values of the template's « {…} » fields."""
    values = dict(identity)
    values.update(
        delai_convocation_ag_jours=str(parameters.delai_convocation_ag_jours),
        delai_convocation_ca_jours=str(parameters.delai_convocation_ca_jours),
        quorum_ago_phrase=quorum_phrase(parameters.quorum_ago),
        quorum_age_phrase=quorum_phrase(parameters.quorum_age),
        majorite_ago=_MAJORITY_WORDS[parameters.majorite_ago],
        majorite_age=_MAJORITY_WORDS[parameters.majorite_age],
        pouvoirs_max=str(parameters.pouvoirs_max),
        duree_mandat_ans=str(parameters.duree_mandat_ans),
    )
    return values


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(text: str, values: dict[str, str]) -> str:
    """The text with its « {champ} » replaced; an unknown field stays visible rather than failing."""
    return re.sub(r"\{(\w+)\}", lambda m: _KeepUnknown(values)[m.group(1)], text)


def parse_template(path: Path) -> list[Article]:
    """Articles of a template file: « ## numéro | titre » then paragraphs; « # » lines are comments."""
    articles: list[Article] = []
    numero = titre = None
    lines: list[str] = []

    def close() -> None:
        if numero is not None:
            articles.append(Article(numero, titre or "", "\n".join(lines).strip()))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            close()
            numero, _, titre = (part.strip() for part in line[3:].partition("|"))
            lines = []
        elif not line.startswith("#"):
            lines.append(line)
    close()
    return articles


@dataclass(frozen=True)
class ArticleChange:
    """One line of a comparison: ``kind`` is « ajouté », « supprimé », « modifié » or « inchangé »;
    ``segments`` is the new text as (« = », « + » or « - », words) runs."""

    kind: str
    old: Article | None
    new: Article | None
    segments: list[tuple[str, str]]


def compare(old: list[Article], new: list[Article]) -> list[ArticleChange]:
    """Articles matched by title (a renumbered article is the same article), then compared word by word."""
    old_by_title = {search_key(a.titre): a for a in old}
    new_titles = {search_key(a.titre) for a in new}
    changes: list[ArticleChange] = []
    for article in new:
        before = old_by_title.get(search_key(article.titre))
        if before is None:
            changes.append(ArticleChange("ajouté", None, article, [("+", article.texte)]))
        elif before.texte == article.texte and before.numero == article.numero:
            changes.append(ArticleChange("inchangé", before, article, [("=", article.texte)]))
        else:
            changes.append(ArticleChange("modifié", before, article, word_diff(before.texte, article.texte)))
    for article in old:
        if search_key(article.titre) not in new_titles:
            changes.append(ArticleChange("supprimé", article, None, [("-", article.texte)]))
    return changes


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    old_words, new_words = before.split(" "), after.split(" ")
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("=", " ".join(new_words[j1:j2])))
            continue
        if i2 > i1:
            segments.append(("-", " ".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(("+", " ".join(new_words[j1:j2])))
    return segments
