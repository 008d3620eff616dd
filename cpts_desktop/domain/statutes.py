"""Statutes as data: articles, the governance parameters the meetings obey, the template's
placeholders, and the article-by-article comparison of two versions."""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from cpts_desktop.domain.enums import Majority
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grammar import number_form
from cpts_desktop.domain.text import search_key

_FRACTION_WORDS = {
    Fraction(1, 4): "le quart",
    Fraction(1, 3): "le tiers",
    Fraction(1, 2): "la moitié",
    Fraction(2, 3): "les deux tiers",
    Fraction(3, 4): "les trois quarts",
}
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_NUMBER_WORDS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")
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
    quorum_ca: Fraction = Fraction(1, 2)
    seconde_convocation_ago: bool = True
    seconde_convocation_age: bool = True
    exercice_debut_jour: int = 1
    exercice_debut_mois: int = 1
    source: str = "valeurs usuelles (aucune version des statuts adoptée)"


_DENOMINATORS = {3: ("tiers", "tiers"), 4: ("quart", "quarts")}


def fraction_words(value: Fraction) -> str:
    """« le quart », « la moitié », « les deux cinquièmes »: a share as the statutes write it."""
    if value in _FRACTION_WORDS:
        return _FRACTION_WORDS[value]
    numerator, denominator = value.numerator, value.denominator
    if not 0 < numerator < denominator <= 10:
        return f"{numerator}/{denominator}"
    stem = _NUMBER_WORDS[denominator].removesuffix("e").replace("cinq", "cinqu").replace("neuf", "neuv")
    singular, plural_form = _DENOMINATORS.get(denominator, (stem + "ième", stem + "ièmes"))
    return f"le {singular}" if numerator == 1 else f"les {_NUMBER_WORDS[numerator]} {plural_form}"


def quorum_phrase(value: Fraction) -> str:
    """The old template's half-sentence, kept because adopted versions still use « {quorum_…_phrase} »."""
    if value == 0:
        return "quel que soit le nombre de membres présents ou représentés"
    return f"si {fraction_words(value)} au moins de ses membres sont présents ou représentés"


def _share_present(value: Fraction, whom: str) -> str:
    """« le quart au moins de ses membres sont présents ou représentés » (« tous » for the whole)."""
    if value >= 1:
        return f"tous ses {whom} sont présents ou représentés"
    return f"{fraction_words(value)} au moins de ses {whom} sont présents ou représentés"


def assembly_quorum_clause(subject: str, quorum: Fraction, second_call: bool, delay_days: int) -> str:
    """The quorum sentences of an assembly, written from the parameters so that each value reads right:
    no quorum means no sentence about a quorum not reached, hence none about a second assembly."""
    if quorum <= 0:
        return f"{subject} délibère valablement quel que soit le nombre de membres présents ou représentés."
    clause = f"{subject} ne délibère valablement que si {_share_present(quorum, 'membres')}."
    if second_call:
        return (
            f"{clause} Si ce quorum n’est pas atteint, une seconde assemblée est convoquée avec le même ordre du "
            f"jour, dans les mêmes formes et {delay_days} jours au moins à l’avance ; elle délibère alors "
            "valablement quel que soit le nombre de membres présents ou représentés."
        )
    return (
        f"{clause} Si ce quorum n’est pas atteint, l’assemblée est convoquée à nouveau, dans les mêmes formes, "
        "et délibère aux mêmes conditions de quorum."
    )


def board_quorum_clause(quorum: Fraction) -> str:
    """The conseil d’administration's quorum sentence."""
    if quorum <= 0:
        return "Le conseil délibère valablement quel que soit le nombre d’administrateurs présents ou représentés."
    return f"Le conseil ne délibère valablement que si {_share_present(quorum, 'administrateurs')}."


def check_exercice_start(day: int, month: int) -> None:
    """The first day of the exercice social must exist every year (no 29 February)."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2023, month)[1]:
        raise ValidationError("exercice", f"Début de l’exercice social : le {day}/{month} n’existe pas chaque année.")


def day_words(day: date) -> str:
    """« 1er juillet », « 30 juin »: a day and month as the statutes write them."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]}"


def exercice_bounds(day: int, month: int) -> tuple[date, date]:
    """The first day of an exercice social and the last day of the previous one, in a year without
    29 February: only their day and month are meant."""
    check_exercice_start(day, month)
    start = date(2023, month, day)
    return start, start - timedelta(days=1)


def exercice_clause(day: int, month: int) -> str:
    """« L’exercice social commence le 1er juillet et se termine le 30 juin de l’année suivante. »"""
    start, end = exercice_bounds(day, month)
    if (day, month) == (1, 1):
        return (
            "L’exercice social correspond à l’année civile : il commence le 1er janvier et se termine le 31 décembre."
        )
    return (
        f"L’exercice social commence le {day_words(start)} de chaque année et se termine le "
        f"{day_words(end)} de l’année suivante."
    )


def _count_words(count: int) -> str:
    return _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)


def colleges_clause(colleges: list[tuple[str, int]]) -> str:
    """The collèges and their seats on the conseil d’administration, as the statutes state them; when the
    libéraux' collège holds more than half of the seats, a sentence says so. No-break spaces keep « » and
    a number with its word on one line."""
    if not colleges:
        return (
            "Les membres actifs sont répartis en collèges : [collèges et sièges au conseil d’administration à définir]."
        )
    seats = [f"«\u00a0{name}\u00a0»\u00a0: {_seats(count)}" for name, count in colleges]
    total = sum(count for _, count in colleges)
    if len(colleges) == 1:
        name, count = colleges[0]
        text = (
            f"Les membres actifs forment un collège unique, «\u00a0{name}\u00a0», qui dispose de {_seats(count)} "
            "au conseil d’administration."
        )
    else:
        text = (
            f"Les membres actifs sont répartis en {_count_words(len(colleges))} collèges, qui disposent au "
            f"conseil d’administration des sièges suivants : {' ; '.join(seats)} ; soit "
            f"{total} {number_form(total, 'administrateur', 'administrateurs')} au total."
        )
    liberal = sum(count for name, count in colleges if "libera" in search_key(name))
    if 2 * liberal > total > 0:
        text += " Les professionnels de santé libéraux y détiennent la majorité des sièges."
    return text


def _seats(count: int) -> str:
    return "aucun siège" if count == 0 else f"{count}\u00a0{number_form(count, 'siège', 'sièges')}"


def proxies_clause(count: int) -> str:
    """How many pouvoirs a member present may hold, « aucun » forbidding the vote by proxy."""
    if count == 0:
        return "Le vote par procuration n’est pas admis : seuls les membres présents prennent part aux votes."
    most = "d’un pouvoir" if count == 1 else f"de {count} pouvoirs"
    return (
        "Un membre empêché peut se faire représenter par un autre membre actif présent ; chaque membre présent "
        f"ne peut détenir plus {most}."
    )


def up_to_date_clause(required: bool) -> str:
    if required:
        return (
            "Seuls les membres à jour de leur cotisation de l’exercice en cours peuvent prendre part aux votes "
            "de l’assemblée générale."
        )
    return (
        "Tous les membres actifs prennent part aux votes de l’assemblée générale, y compris ceux qui ne sont "
        "pas à jour de leur cotisation."
    )


def placeholders(parameters: GovernanceParameters, identity: dict[str, str]) -> dict[str, str]:
    """Values of the template's « {…} » fields."""
    values = dict(identity)
    _, closing = exercice_bounds(parameters.exercice_debut_jour, parameters.exercice_debut_mois)
    values.update(
        clause_quorum_ago=assembly_quorum_clause(
            "L’assemblée générale ordinaire",
            parameters.quorum_ago,
            parameters.seconde_convocation_ago,
            parameters.delai_convocation_ag_jours,
        ),
        clause_quorum_age=assembly_quorum_clause(
            "Elle", parameters.quorum_age, parameters.seconde_convocation_age, parameters.delai_convocation_ag_jours
        ),
        clause_quorum_ca=board_quorum_clause(parameters.quorum_ca),
        exercice_social=exercice_clause(parameters.exercice_debut_jour, parameters.exercice_debut_mois),
        cloture_exercice=day_words(closing),
        clause_pouvoirs=proxies_clause(parameters.pouvoirs_max),
        clause_vote_cotisation=up_to_date_clause(parameters.vote_a_jour_requis),
    )
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
class TemplateUpgrade:
    """A draft brought to the current template: ``kept`` are the titles of the articles the association
    had rewritten, left as they were for the secretary to review."""

    articles: list[Article]
    kept: list[str]


def upgrade_articles(articles: list[Article], former: list[Article], template: list[Article]) -> TemplateUpgrade:
    """Articles still as the former template wrote them take the current template's text; articles the
    association rewrote or added stay; the template's new articles are inserted after their predecessor;
    plain numbers are renumbered in order."""
    former_texts = {search_key(a.titre): a.texte for a in former}
    current = {search_key(a.titre): a for a in template}
    result: list[Article] = []
    kept: list[str] = []
    for article in articles:
        key = search_key(article.titre)
        if key in current and former_texts.get(key) == article.texte:
            result.append(current[key])
        else:
            result.append(article)
            if key in current and article.texte != current[key].texte:
                kept.append(article.titre)
    present = {search_key(a.titre) for a in result}
    for index, article in enumerate(template):
        if search_key(article.titre) not in present:
            before = {search_key(a.titre) for a in template[:index]}
            position = max((i + 1 for i, a in enumerate(result) if search_key(a.titre) in before), default=0)
            result.insert(position, article)
    if all(a.numero.isdigit() for a in result):
        result = [Article(str(number), a.titre, a.texte) for number, a in enumerate(result, start=1)]
    return TemplateUpgrade(result, kept)


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
    """Word runs kept, removed and added; a paragraph break is a word of its own, so that a change at
    the end of a paragraph does not carry the next paragraph's first word with it."""
    old_words, new_words = _words(before), _words(after)
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("=", _joined(new_words[j1:j2])))
            continue
        if i2 > i1:
            segments.append(("-", _joined(old_words[i1:i2])))
        if j2 > j1:
            segments.append(("+", _joined(new_words[j1:j2])))
    return segments


def _words(text: str) -> list[str]:
    return text.replace("\n\n", " \n\n ").split(" ")


def _joined(words: list[str]) -> str:
    return " ".join(words).replace(" \n\n", "\n\n").replace("\n\n ", "\n\n")
