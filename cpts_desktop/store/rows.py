"""Plain rows read by SQL text, the same from a SQLAlchemy session and from a bare ``sqlite3`` connection.

The dashboard is the first thing a user waits for: read through ``store.reader`` it is on screen before
SQLAlchemy (a third of a second to import) is loaded. Its figures and alerts are written once, as SQL text
with ``:name`` parameters and a few conversions here, and run the same on either path, so the window
started and the window in use can never disagree.

Values come back as the driver gives them: SQLite returns dates as « 2027-03-20 » text and sums of money
as numbers, PostgreSQL returns ``date`` and ``Decimal``; ``day`` and ``cents_sum`` make them one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cpts_desktop.domain.grants import cents

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Row = Sequence[Any]
Rows = Callable[..., list[Row]]  # rows(sql, **parameters): every row of the query


def of_connection(connection: sqlite3.Connection) -> Rows:
    """Rows read through a ``sqlite3`` connection (``store.reader.open_for_reading``)."""

    def rows(sql: str, **parameters: object) -> list[Row]:
        return connection.execute(sql, _for_sqlite(parameters)).fetchall()

    return rows


def of_session(session: Session) -> Rows:
    """Rows read through ``session``, inside its transaction (a snapshot when it is one)."""
    from sqlalchemy import text

    sqlite = session.get_bind().dialect.name == "sqlite"

    def rows(sql: str, **parameters: object) -> list[Row]:
        values = _for_sqlite(parameters) if sqlite else parameters
        return list(session.execute(text(sql), values).all())

    return rows


def _for_sqlite(parameters: dict[str, object]) -> dict[str, object]:
    """Dates as the ISO text SQLite stores them as (its driver's own conversion is deprecated)."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in parameters.items()}


def day(value: object) -> date | None:
    """A date column's value, whichever the driver: ``date``, ISO text or NULL."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def required_day(value: object) -> date:
    """A NOT NULL date column's value: ``day``, where NULL can only mean a base the schema does not hold."""
    found = day(value)
    if found is None:
        raise ValueError("a NOT NULL date column read NULL")
    return found


def cents_sum(value: float | Decimal | None) -> Decimal:
    """A sum of ``ROUND(amount * 100)``, in euros: whole cents, whatever the back end's arithmetic."""
    return cents(Decimal(int(value or 0)) / 100)
