"""People's names as registers and national files write them, brought to the form letters print.

Choices (French usage, Imprimerie nationale):
- ``usual_case`` changes only text written in capitals; mixed-case text is the person's own spelling
  and stays as it is (« McDonald », « de la Fontaine »).
- A particle written as a word of its own (de, du, des, d’, van, von…) is lower-case when a word follows
  it (« DE LA FONTAINE » → « de La Fontaine », « DU BELLAY » → « du Bellay »); the article that follows
  it, or opens the name, keeps its capital (« LE GALL » → « Le Gall »). An elided « D’ » glued to the
  name keeps its capital when it opens the name (« D’ALMEIDA » → « D’Almeida », « MARIE D’ORMESSON »
  → « Marie d’Ormesson »).
- The apostrophe becomes the typographic one (’), as in the rest of the application's French; search
  and duplicate detection read both the same.
- Titles (Dr, Pr, Me) are not civilités: a civilité (Madame, Monsieur) carries the gender used in letters
  and agreements, a title is printed before the name (« Dr Paul Morel »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cpts_desktop.domain.enums import Civility
from cpts_desktop.domain.text import search_key

# Particles written in lower case when a word follows them.
_LOWER_PARTICLES = frozenset({"de", "du", "des", "d'", "van", "von", "der", "den", "da", "dos", "das", "ter", "ten"})
# Words that belong to the following word when a full name is split (« de la Fontaine », « Le Gall »).
PARTICLES = _LOWER_PARTICLES | frozenset({"le", "la", "les", "l'", "ben", "bin", "ibn", "el", "al", "di", "del"})
# Titles as written before a name, by their search key (lower case, no accent, no final dot).
TITLES = {"dr": "Dr", "docteur": "Dr", "pr": "Pr", "professeur": "Pr", "pf": "Pr", "me": "Me", "maitre": "Me"}
_CIVILITIES = {
    "m": Civility.MONSIEUR,
    "mr": Civility.MONSIEUR,
    "monsieur": Civility.MONSIEUR,
    "mme": Civility.MADAME,
    "madame": Civility.MADAME,
    "mlle": Civility.MADAME,
    "melle": Civility.MADAME,
    "mademoiselle": Civility.MADAME,
}
_APOSTROPHES = "'’`´"
_PIECES = re.compile(r"([\s\-'’`´]+)")


def _lower(word: str) -> str:
    return word.replace("’", "'").lower()


def in_capitals(text: str) -> bool:
    """True when ``text`` has letters and none in lower case (ß has no capital and does not count)."""
    letters = [c for c in text if c.isalpha() and c != "ß"]
    return bool(letters) and not any(c.islower() for c in letters)


def _capitalised(piece: str) -> str:
    """« MARC » → « Marc », « MCLEAN » → « McLean »; a first letter that has no single capital stays."""
    lower = piece.lower()
    first = lower[:1].upper()
    if len(first) != 1:
        first = lower[:1]
    if lower.startswith("mc") and len(lower) > 3:
        return "Mc" + lower[2:3].upper() + lower[3:]
    return first + lower[1:]


def usual_case(text: str) -> str:
    """« JEAN-MARC » → « Jean-Marc », « LE GALL » → « Le Gall », « DE LA FONTAINE » → « de La Fontaine »,
    « D’ALMEIDA » → « D’Almeida »; mixed-case text is returned unchanged."""
    if not in_capitals(text):
        return text
    pieces = _PIECES.split(text.strip())
    words = [i for i in range(0, len(pieces), 2) if pieces[i]]
    out = list(pieces)
    for position, index in enumerate(words):
        piece = pieces[index]
        separator = pieces[index + 1] if index + 1 < len(pieces) else ""
        glued = separator[:1] in _APOSTROPHES and separator.strip() == separator
        key = _lower(piece) + ("'" if glued else "")
        followed = position + 1 < len(words)
        if key in _LOWER_PARTICLES and followed and not (glued and position == 0):
            out[index] = piece.lower()
        else:
            out[index] = _capitalised(piece)
    return "".join(re.sub(r"['`´]", "’", p) if i % 2 else p for i, p in enumerate(out))


@dataclass(frozen=True)
class SplitName:
    """A full name cut into its parts; ``titre`` is « Dr », « Pr » or « Me »."""

    nom: str
    prenom: str | None = None
    civilite: Civility | None = None
    titre: str | None = None


def title_of(text: str) -> str | None:
    """« Docteur », « Dr. », « Pr » → the short title; None for anything else."""
    return TITLES.get(search_key(text).rstrip("."))


def leading_civility_and_title(words: list[str]) -> tuple[Civility | None, str | None, list[str]]:
    """The civilité and title that open a name (« Mme », « Dr », « M. le Dr »), and the words left."""
    civility: Civility | None = None
    title: str | None = None
    rest = list(words)
    while len(rest) > 1:
        key = search_key(rest[0]).rstrip(".")
        if civility is None and title is None and key in _CIVILITIES:
            civility = _CIVILITIES[key]
        elif title is None and key in TITLES:
            title = TITLES[key]
        elif (
            key in ("le", "la") and title is None and civility is not None and search_key(rest[1]).rstrip(".") in TITLES
        ):
            pass  # « Mme la Docteure », « M. le Dr »
        else:
            break
        rest = rest[1:]
    return civility, title, rest


def _units(words: list[str]) -> list[str]:
    """Words grouped with the particles before them: « de la Fontaine Marie » → [« de la Fontaine », « Marie »]."""
    units: list[str] = []
    pending: list[str] = []
    for word in words:
        pending.append(word)
        if _lower(word) not in PARTICLES:
            units.append(" ".join(pending))
            pending = []
    if pending:  # a name ending with « de »: kept with the word before it
        units[-1:] = [" ".join([*units[-1:], *pending])]
    return units


def _has_particle(unit: str) -> bool:
    words = unit.split()
    return len(words) > 1 and _lower(words[0]) in PARTICLES


def split_name(text: str, surname_first: bool = True) -> SplitName:
    """« Dr Paul MOREL », « de la Fontaine Marie », « Mme LE GALL Anne »: civilité and title apart,
    capitals mark the nom, particles stay with it; otherwise the column's order decides
    (``surname_first``: « Nom Prénom »). Letters keep the case they were typed in."""
    civility, title, words = leading_civility_and_title(text.split())
    units = _units(words)
    if not units:
        return SplitName("", None, civility, title)
    capitals = [u for u in units if in_capitals(u.split()[-1]) and len(u.split()[-1]) > 1]
    if capitals and len(capitals) < len(units):
        prenom = " ".join(u for u in units if u not in capitals)
        return SplitName(" ".join(capitals), prenom or None, civility, title)
    if len(units) == 1:
        return SplitName(units[0], None, civility, title)
    particled = [u for u in units if _has_particle(u)]
    if len(particled) == 1:  # first names take no particle: « Marie de la Fontaine » either way
        return SplitName(particled[0], " ".join(u for u in units if u != particled[0]), civility, title)
    if surname_first:
        return SplitName(units[0], " ".join(units[1:]), civility, title)
    return SplitName(units[-1], " ".join(units[:-1]), civility, title)


def clean_title(text: str, label: str = "Titre") -> str:
    """« Docteur », « dr. » → « Dr »; a title the application does not know is kept as typed."""
    return title_of(text) or text
