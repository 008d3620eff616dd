"""Amounts in French words, as a receipt writes them: « mille deux cent trente-quatre euros et cinquante centimes »."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix…, quatre-vingt-dix…
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = 10 + unit
        joiner = " et " if tens == 7 and unit == 1 else "-"
        return f"{base}{joiner}{_UNITS[rest]}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{_UNITS[unit]}"
    word = _TENS[tens]
    if unit == 0:
        return word
    return f"{word} et un" if unit == 1 else f"{word}-{_UNITS[unit]}"


def _below_1000(n: int, final: bool) -> str:
    """``final``: nothing follows (so « quatre-vingts » and « deux cents » keep their s)."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append("cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent")
        if hundreds > 1 and rest == 0 and final:
            parts[-1] += "s"
    if rest:
        word = _below_100(rest)
        if not final and word.endswith("quatre-vingts"):
            word = word[:-1]
        parts.append(word)
    return " ".join(parts)


def integer_in_words(n: int) -> str:
    if n < 0:
        return "moins " + integer_in_words(-n)
    if n == 0:
        return "zéro"
    words = []
    billions, n = divmod(n, 1_000_000_000)
    millions, n = divmod(n, 1_000_000)
    thousands, n = divmod(n, 1000)
    if billions:
        words.append(f"{_below_1000(billions, True)} milliard{'s' if billions > 1 else ''}")
    if millions:
        words.append(f"{_below_1000(millions, True)} million{'s' if millions > 1 else ''}")
    if thousands:
        words.append("mille" if thousands == 1 else f"{_below_1000(thousands, False)} mille")
    if n:
        words.append(_below_1000(n, True))
    return " ".join(words)


def amount_in_words(amount: Decimal) -> str:
    """« trente euros », « un euro et cinq centimes », « deux millions d’euros »."""
    cents_total = int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    sign = "moins " if cents_total < 0 else ""
    euros, cents = divmod(abs(cents_total), 100)
    text = integer_in_words(euros)
    unit = "euro" if euros in (0, 1) else "euros"
    if euros and euros % 1_000_000 == 0:
        unit = "d’euros"
    if cents and not euros:
        return f"{sign}{integer_in_words(cents)} centime{'s' if cents > 1 else ''}"
    result = f"{text} {unit}"
    if cents:
        result += f" et {integer_in_words(cents)} centime{'s' if cents > 1 else ''}"
    return sign + result
