"""French grammar of generated sentences: elision of « de » and « à », feminine board functions.

Rule chosen for names (persons and structures alike): « de » before a vowel or an h is elided
(« d’Anne Michel », « d’EHPAD Les Tilleuls », « d’Hélène ») — French usage treats given names in h
as mute; a name starting with the article « Le » or « Les » contracts (« du Havre », « des Ulis »).
The apostrophe is always the typographic ’."""

from __future__ import annotations

from cpts_desktop.domain.enums import BoardRole

APOSTROPHE = "’"
_VOWELS = set("aeiouyhàâäéèêëîïôöùûüÿæœ")
_FEMININE = {
    BoardRole.PRESIDENT: "Présidente",
    BoardRole.VICE_PRESIDENT: "Vice-présidente",
    BoardRole.SECRETARY: "Secrétaire",
    BoardRole.DEPUTY_SECRETARY: "Secrétaire adjointe",
    BoardRole.TREASURER: "Trésorière",
    BoardRole.DEPUTY_TREASURER: "Trésorière adjointe",
    BoardRole.DIRECTOR: "Administratrice",
}
_CONTRACTIONS = {"de": {"le": "du", "les": "des"}, "à": {"le": "au", "les": "aux"}}


def _elides(text: str) -> bool:
    """True when the word starts with a vowel sound (vowel or h, accents included)."""
    return bool(text) and text[0].lower() in _VOWELS


def _contracted(preposition: str, text: str) -> str | None:
    """« du Havre » for de + « Le Havre »: the article of a name merges with the preposition."""
    article, _, rest = text.partition(" ")
    merged = _CONTRACTIONS[preposition].get(article.lower())
    return f"{merged} {rest}" if merged and rest else None


def de(text: str) -> str:
    """« d’Anne Michel », « de Mme Anne Michel », « du Havre »: « de » joined to a name."""
    text = text.strip()
    contracted = _contracted("de", text)
    if contracted:
        return contracted
    return f"d{APOSTROPHE}{text}" if _elides(text) else f"de {text}"


def a(text: str) -> str:
    """« à Lyon », « au Havre », « aux Ulis »: « à » joined to a place name (never elided)."""
    text = text.strip()
    return _contracted("à", text) or f"à {text}"


def function_label(role: BoardRole, civilite: str | None) -> str:
    """« Trésorière » for Mme, « Trésorier » for M. or no civilité (the epicene or masculine label)."""
    return _FEMININE[role] if civilite == "Mme" else role.label


def number_form(count: int, singular: str, plural_form: str) -> str:
    """French takes the singular below two: « 0 abstention », « 1 abstention », « 2 abstentions »."""
    return singular if abs(count) < 2 else plural_form


def agreed(civilite: str | None, masculine: str, feminine: str) -> str:
    """A past participle or adjective agreed with the person addressed: « convoquée » for Mme,
    « convoqué » for M., « convoqué(e) » for a structure or an unknown civilité."""
    if civilite in ("Mme", "Madame"):
        return feminine
    if civilite in ("M.", "Monsieur"):
        return masculine
    return f"{masculine}({feminine.removeprefix(masculine)})" if feminine.startswith(masculine) else feminine
