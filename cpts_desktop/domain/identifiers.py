"""Checks of the national identifiers met in a CPTS (see the domain notes, section 5)."""

from __future__ import annotations

from stdnum import luhn


def luhn_is_valid(digits: str) -> bool:
    """True when ``digits`` (ASCII digits only) pass the Luhn check."""
    return digits.isascii() and digits.isdigit() and luhn.is_valid(digits)


def luhn_check_digit(body: str) -> str:
    """The digit to append to ``body`` (ASCII digits) so that the whole passes the Luhn check."""
    if not (body.isascii() and body.isdigit()):
        raise ValueError(body)
    return luhn.calc_check_digit(body)


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
