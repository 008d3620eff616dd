"""French typography for every reportlab Paragraph, in one place.

reportlab breaks lines at U+202F (the narrow no-break space Babel writes in « 1 234,50 € ») and at
U+2007, and keeps U+00A0 together only when the text holds one: an amount could end a line on « 12 345 »
and start the next on « 678,90 € ». :func:`install` makes the three no-break spaces really unbreakable
and passes every Paragraph's markup through :func:`prepare`, which joins what must stay on one line
(dates, phone numbers, « n° 12 », « M. Dupont », « 45 % »), puts narrow no-break spaces before « : ; ! ? » and inside
« », and raises ordinals (« 1er », « 2e »). Markup tags, entities, URLs, e-mail addresses and times
(« 18:30 ») are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Protocol

import pyphen
from reportlab.platypus import paragraph as _paragraph

NBSP = "\u00a0"
NNBSP = "\u202f"
#: spaces reportlab must never break at
NO_BREAK = NBSP + NNBSP + "\u2007\u2060"
# _wsc, split and _hy_*_pat are reportlab's private paragraph internals, absent from its stubs
_SPACES: str = _paragraph._wsc  # type: ignore[attr-defined]
_BREAKABLE = re.compile(f"[{re.escape(''.join(c for c in _SPACES if c not in NO_BREAK))}]+")

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# what is copied as is: markup tags, entities, URLs, e-mail addresses
_PROTECTED = r"<[^>]*>|&#?\w+;|(?:https?://|www\.)[^\s<]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_TOKENS = re.compile(f"({_PROTECTED})")
#: the same, for markup without an address: a dozen times faster than trying one at every letter
_TAGS = re.compile(r"(<[^>]*>|&#?\w+;)")
_DIGIT = re.compile(r"\d")
_TITLES = r"n°|N°|M\.|MM\.|Mme|Mmes|Mlle|Dr|Pr|art\.|Art\.|p\."
#: each rule with what its text must hold for it to apply (None: any text); a recipient's own line
#: (a name, a street) then skips the rules about numbers and signs
_RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], re.Pattern[str] | None]] = [
    # « 06 12 34 56 78 », « +33 6 12 34 56 78 »: a phone number stays on one line
    (
        re.compile(r"(?<!\d)(?<!\d )(?:0\d|\+33 \d)(?: \d\d){4}(?! ?\d)"),
        lambda m: m[0].replace(" ", NBSP),
        _DIGIT,
    ),
    # « 20 mars 2027 », « 1er mars »: day, month and year stay together
    (
        re.compile(rf"\b(\d{{1,2}}(?:er)?) ({MONTHS})(?: (\d{{4}}))?\b"),
        lambda m: NBSP.join(g for g in m.groups() if g),
        _DIGIT,
    ),
    # « n° 12 », « M. Dupont », « Mme Lévêque », « art. 5 », « p. 3 »
    (
        re.compile(rf"(?<![\w.])({_TITLES}) +(?=\w)"),
        rf"\1{NBSP}",
        re.compile(f"(?:{_TITLES}) "),
    ),
    # « 18 h 30 », « 45 % », « 12 € »
    (re.compile(r"(?<!\w)(\d{1,2}) ?h ?(\d\d)\b"), rf"\1{NNBSP}h{NNBSP}\2", _DIGIT),
    (re.compile(r"(\d) +(%|€|h\b)"), rf"\1{NNBSP}\2", _DIGIT),
    # « Objet : », « vraiment ? »: a narrow no-break space, never a line starting with the sign
    (re.compile(r"[ \u00a0\u202f]*([:;!?])(?=\s|$)"), rf"{NNBSP}\1", re.compile("[:;!?]")),
    (re.compile(r"«[ \u00a0\u202f]*"), f"«{NNBSP}", re.compile("«")),
    (re.compile(r"[ \u00a0\u202f]*»"), f"{NNBSP}»", re.compile("»")),
]
ORDINAL = re.compile(r"(?<![\w.,/-])(\d+)(ers?|res?|es?|nde?s?)(?![\w-])")


def typeset(text: str) -> str:
    """The rules on text without markup (the ordinals, which add a tag, come after)."""
    for pattern, replacement, needs in _RULES:
        if needs is None or needs.search(text):
            text = pattern.sub(replacement, text)
    return text


def prepare(markup: str) -> str:
    """Paragraph markup with French typography applied to its text only."""
    if not markup:
        return markup
    # even indexes are text, odd ones the protected tokens (tags, entities, URLs, e-mail addresses)
    addresses = "@" in markup or "://" in markup or "www." in markup
    parts = (_TOKENS if addresses else _TAGS).split(markup)
    parts[::2] = map(_typeset_part, parts[::2])
    return "".join(parts)


@lru_cache(maxsize=4096)
def _typeset_part(text: str) -> str:
    """A text between tags typeset, ordinals raised: a mail-merge repeats the same parts in every letter
    (« Je soussigné », its sentences) and a recipient's name in two of its paragraphs."""
    text = typeset(text)
    return ORDINAL.sub(r"\1<super>\2</super>", text) if _DIGIT.search(text) else text


#: shorter words go whole to the next line rather than be hyphenated
HYPHENATION_MIN_LENGTH = 10


def hyphenate(word: str) -> list[tuple[str, str]]:
    """reportlab's hyphenator: French cut points of a long word, none in a number, an amount or a date."""
    if len(word) < HYPHENATION_MIN_LENGTH or any(c.isdigit() for c in word):
        return []
    return list(_hyphenator().iterate(word))


def words(text: str) -> list[str]:
    """The words plain ``text`` prints as, no-break spaces holding theirs together."""
    return split(typeset(text))


def unbreakable(word: str) -> bool:
    """Whether a word must not be cut at a line end: it holds a digit (an amount, a date, a reference)
    or French hyphenation has no place to cut it."""
    return any(c.isdigit() for c in word) or not ("-" in word.strip("-") or hyphenate(word))


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="fr_FR")


def split(text: str, delim: str | None = None) -> list[str]:
    """reportlab's word split, where no no-break space is a break."""
    if isinstance(text, bytes):
        text = text.decode("utf8")
    if delim is not None:
        return text.split(delim)
    return [word for word in _BREAKABLE.split(text) if word]


_HYPHENATION_PREFIX = re.compile(f"^(?:[«'\"([{{\xbf\u2018\u201a\u201c\u201e][{NBSP}{NNBSP}]?)+")
_HYPHENATION_SUFFIX = re.compile(f"(?:[{NBSP}{NNBSP}]?[\\]'\")}}?!.,;:\u2019\u201b\u201d\u201f»])+$")


class _Cleaner(Protocol):
    """The shape of reportlab's ``cleanBlockQuotedText``."""

    def __call__(self, text: str, joiner: str = " ") -> str: ...


def _preparing(cleaner: _Cleaner) -> _Cleaner:
    def clean(text: str, joiner: str = " ") -> str:
        return cleaner(prepare(text), joiner)

    clean.typography = True  # type: ignore[attr-defined]
    return clean


def install() -> None:
    """Make every Paragraph typeset French and keep no-break spaces unbroken (idempotent)."""
    if getattr(_paragraph.cleanBlockQuotedText, "typography", False):
        return
    _paragraph.split = split  # type: ignore[attr-defined]
    # a word before « ; » or inside « » carries its no-break space: hyphenation must see through it too
    _paragraph._hy_pfx_pat = _HYPHENATION_PREFIX  # type: ignore[attr-defined]
    _paragraph._hy_sfx_pat = _HYPHENATION_SUFFIX  # type: ignore[attr-defined]
    _paragraph.cleanBlockQuotedText = _preparing(_paragraph.cleanBlockQuotedText)
