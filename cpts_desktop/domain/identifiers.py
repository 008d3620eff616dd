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


# The national identifier of a person (« Identification nationale PP »): a digit naming the register,
# then the number in it.
RPPS_PREFIX, ADELI_PREFIX = "8", "0"


def national_to_rpps(digits: str) -> str:
    """« 810001045367 » (« 8 » + RPPS) → « 10001045367 »; any other value is returned unchanged."""
    return digits[1:] if len(digits) == 12 and digits.startswith(RPPS_PREFIX) else digits


def national_to_adeli(digits: str) -> str:
    """« 0 » + ADELI (10 digits) → the 9-digit ADELI; any other value is returned unchanged."""
    return digits[1:] if len(digits) == 10 and digits.startswith(ADELI_PREFIX) else digits


def is_valid_finess(value: str) -> bool:
    """FINESS: 9 digits with a Luhn key; Corsica's 2A/2B numbers are checked for format only."""
    if len(value) != 9:
        return False
    if value[:2] in ("2A", "2B"):
        return value[2:].isdigit()
    return luhn_is_valid(value)
