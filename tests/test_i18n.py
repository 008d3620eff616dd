from datetime import date, datetime
from decimal import Decimal

from cpts_desktop.i18n import _, format_date, format_date_short, format_datetime, format_money, format_number


def plain(text: str) -> str:
    """Babel uses narrow and ordinary no-break spaces; compare with plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_money_is_french():
    assert plain(format_money(Decimal("1234.5"))) == "1 234,50 €"
    assert plain(format_money(Decimal("0"))) == "0,00 €"
    assert plain(format_money(Decimal("-87.05"))) == "-87,05 €"
    assert plain(format_money(250000)) == "250 000,00 €"


def test_money_uses_no_break_spaces_so_it_never_wraps():
    text = format_money(Decimal("1234.5"))
    assert " " not in text


def test_dates():
    assert format_date(date(2027, 3, 20)) == "20 mars 2027"
    assert format_date(date(2027, 3, 1)) == "1er mars 2027"
    assert format_date(date(2026, 8, 15)) == "15 août 2026"
    assert format_date_short(date(2027, 3, 20)) == "20/03/2027"
    assert format_datetime(datetime(2027, 3, 20, 18, 30)) == "20 mars 2027 à 18 h 30"
    assert format_datetime(datetime(2027, 3, 1, 9, 0)) == "1er mars 2027 à 9 h"


def test_numbers():
    assert plain(format_number(52550)) == "52 550"
    assert plain(format_number(Decimal("12345.6"), decimals=2)) == "12 345,60"
    assert format_number(3) == "3"


def test_gettext_falls_back_to_the_french_source():
    assert _("Adhérents") == "Adhérents"


def test_whole_numbers_are_grouped_as_babel_groups_them():
    from babel.numbers import format_decimal

    for value in (0, 7, 999, 1000, 52550, -1234, 1234567, 10**12):
        assert format_number(value) == format_decimal(value, locale="fr_FR")
