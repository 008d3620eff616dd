"""Last defence before the database: a text longer than its column is refused with a French message.

SQLite stores any length, PostgreSQL refuses it with an untranslated error; checking before the flush
makes both back ends behave alike, whatever screen or command the text came from.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapper, Session, sessionmaker

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.labels import field_label
from cpts_desktop.domain.text import too_long


@cache
def _limits(mapper: Mapper) -> tuple[tuple[str, int], ...]:
    """(attribute, longest length) for each bounded text column of a mapped class."""
    limits = []
    for attribute in mapper.column_attrs:
        column_type = attribute.columns[0].type
        if isinstance(column_type, String) and column_type.length:
            limits.append((attribute.key, column_type.length))
    return tuple(limits)


def _check_lengths(session: Session, _context: object, _instances: object) -> None:
    for instance in (*session.new, *session.dirty):
        state = inspect(instance)
        for key, length in _limits(state.mapper):
            value = state.dict.get(key)
            if isinstance(value, str) and len(value) > length:
                label = field_label(state.mapper.local_table.name, key)
                raise ValidationError(key, "Texte trop long – " + too_long(label, len(value), length))


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _check_lengths)
