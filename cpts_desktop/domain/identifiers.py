"""Checks of the national identifiers met in a CPTS (see the domain notes, section 5)."""

from __future__ import annotations


def luhn_is_valid(digits: str) -> bool:
    """True when the Luhn sum of ``digits`` is a multiple of 10."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_check_digit(body: str) -> str:
    """The digit to append to ``body`` so that the whole passes the Luhn check."""
    for digit in "0123456789":
        if luhn_is_valid(body + digit):
            return digit
    raise ValueError(body)  # unreachable for a string of digits


def is_valid_rpps(value: str) -> bool:
    """RPPS: 11 digits, Luhn."""
    return len(value) == 11 and luhn_is_valid(value)


def is_valid_finess(value: str) -> bool:
    """FINESS: 9 digits with a Luhn key; Corsica's 2A/2B numbers are checked for format only."""
    if len(value) != 9:
        return False
    if value[:2] in ("2A", "2B"):
        return value[2:].isdigit()
    return luhn_is_valid(value)
