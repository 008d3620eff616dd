"""Text helpers shared by search and duplicate detection."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL = str.maketrans({"œ": "oe", "æ": "ae", "ł": "l", "ø": "o", "ß": "ss", "đ": "d", "’": "'"})


# The accents of Latin letters, once decomposed: removed in one pass, the slow path is for the rest.
_LATIN_ACCENTS = re.compile("[\u0300-\u036f]")


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free concatenation of ``parts``: « Lœtitia Łukasz » → « loetitia lukasz ».

    Called several times per row of an import: plain ASCII and Latin accents take a fast path.
    """
    text = " ".join(p for p in parts if p)
    if text.isascii():
        return " ".join(text.lower().split())
    text = text.casefold().translate(_SPECIAL)
    decomposed = _LATIN_ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    if not decomposed.isascii():
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(decomposed.split())


def too_long(label: str, length: int, limit: int) -> str:
    """« Prénom : 32 767 caractères, 100 au plus. » (thousands with a narrow no-break space)."""
    count = f"{length:,}".replace(",", "\u202f")
    return f"{label} : {count} caractères, {limit} au plus."
