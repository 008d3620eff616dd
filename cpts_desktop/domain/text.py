"""Text helpers shared by search, duplicate detection and the names of files made from user data."""

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


# Characters nobody types and no screen shows: C0 controls but tab, line feed and carriage return, DEL,
# C1 controls, lone surrogates and the two non-characters. They arrive with binary pastes and broken
# files, and XML — hence .xlsx — cannot hold most of them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_characters(text: str) -> list[str]:
    """The invisible characters of ``text`` as « U+0000 », each once, in order of appearance."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _CONTROLS.findall(text)))


def strip_controls(text: str) -> str:
    """``text`` without its invisible characters (tab and line breaks are kept)."""
    return _CONTROLS.sub("", text)


# Characters no file system of ours accepts in a name, or that would lead out of the folder.
_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*]')
# Names Windows keeps for devices, whatever their extension (« con.pdf » cannot be created).
_RESERVED_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)", re.IGNORECASE)
FILENAME_LIMIT = 120


def _printable(c: str) -> str:
    """A space for any white space (tab, line break), nothing for another control or format character."""
    if c.isspace():
        return " "
    return "" if unicodedata.category(c) in ("Cc", "Cf") else c


def safe_filename(text: str, default: str = "document") -> str:
    """A file name made from user data that stays one plain name in its folder, on every system.

    « ../Dupont/Léa » → « Dupont-Léa »: no separator, « .. », control character, character Windows
    refuses, device name (« CON »), nor leading or trailing dot or space; ``default`` when nothing is left."""
    name = " ".join("".join(_printable(c) for c in unicodedata.normalize("NFC", text)).split())
    name = _UNSAFE_IN_NAMES.sub("-", name)
    name = re.sub(r"\s*-(\s*-)+\s*", "-", re.sub(r"\.{2,}", ".", name))
    name = name[:FILENAME_LIMIT].strip(" .-")
    if not name:
        return default
    return f"_{name}" if _RESERVED_NAMES.match(name) else name
