"""Text helpers shared by search and duplicate detection."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL = str.maketrans({"œ": "oe", "æ": "ae", "ł": "l", "ø": "o", "ß": "ss", "đ": "d", "’": "'"})


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free concatenation of ``parts``: « Lœtitia Łukasz » → « loetitia lukasz »."""
    text = " ".join(p for p in parts if p)
    text = text.casefold().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
