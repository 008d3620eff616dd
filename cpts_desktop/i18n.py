"""French formatting in one place: money, dates, numbers, and the ``_()`` function.

Every user-visible string goes through ``_()`` so that ``pybabel extract`` can build a catalogue.
Babel writes French numbers with narrow no-break spaces, exactly as a printed document should; it is
imported on first use, so that the main window appears before it is needed.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from decimal import Decimal

from cpts_desktop.config import resource
from cpts_desktop.domain.grammar import number_form

LOCALE = "fr_FR"
DOMAIN = "cpts_desktop"

_translation = gettext.translation(DOMAIN, localedir=str(resource("locale")), languages=["fr"], fallback=True)


def _(message: str) -> str:
    """Translate a user-visible message (the source strings are already French)."""
    return _translation.gettext(message)


def format_money(amount: Decimal | int) -> str:
    """« 1 234,50 € »."""
    from babel.numbers import format_currency

    return format_currency(Decimal(amount), "EUR", locale=LOCALE)


# What Babel puts between groups of digits in French.
NARROW_NO_BREAK_SPACE = "\u202f"


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """« 12 345 » or, with ``decimals``, « 12 345,60 ». A whole number is grouped here as Babel groups it
    (a test checks both agree): a command that only counts what it did then loads no locale data."""
    if decimals is None and type(value) is int:
        return f"{value:,}".replace(",", NARROW_NO_BREAK_SPACE)
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=LOCALE)
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE)


def format_size(size: int) -> str:
    """A file's size as a French reader says it: « 850 ko », « 35,4 Mo », « 1,2 Go »."""
    for unit, scale in (("Go", 1 << 30), ("Mo", 1 << 20)):
        if size >= scale:
            return f"{format_number(Decimal(size) / scale, 1)}\u00a0{unit}"
    return f"{format_number(-(-size // 1024))}\u00a0ko"


def format_date(day: date) -> str:
    """« 20 mars 2027 », and « 1er mars 2027 » as French typography writes the first of the month."""
    from babel.dates import format_date as babel_date

    text = babel_date(day, format="long", locale=LOCALE)
    if day.day == 1:
        text = "1er" + text[1:]
    return text


def format_date_short(day: date) -> str:
    """« 20/03/2027 »."""
    return day.strftime("%d/%m/%Y")


def format_datetime_short(moment: datetime) -> str:
    """« 20/03/2027 18:30 »: a moment in a table, a list or a short message."""
    return moment.strftime("%d/%m/%Y %H:%M")


def format_time(moment: datetime) -> str:
    """« 18 h 30 », « 9 h 05 », « 14 h »: the hour as French prose writes it (tables keep « 18:30 »)."""
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def format_datetime(moment: datetime) -> str:
    """« 20 mars 2027 à 18 h 30 »: one style for a moment in a sentence, in every document."""
    return f"{format_date(moment.date())} à {format_time(moment)}"


def collation_key(text: str) -> tuple[str, str, str]:
    """French dictionary order: « Établissements » before « Usagers », « Lœtitia » with « Loe… »; case and
    accents decide only between words otherwise equal."""
    from cpts_desktop.domain.text import search_key

    return search_key(text), text.casefold(), text


def plural(count: int, singular: str, plural_form: str) -> str:
    """« 0 adhérent affiché », « 1 adhérent affiché », « 2 adhérents affichés »: French takes the singular
    below two. ``{count}`` in the text is replaced by the formatted number."""
    return number_form(count, singular, plural_form).format(count=format_number(count))
