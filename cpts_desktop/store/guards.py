"""Last defence before the database: a text longer than its column, or holding an invisible control
character, is refused with a French message.

SQLite stores any length and any character, PostgreSQL refuses both with an untranslated error (a NUL
cannot be stored at all), and a spreadsheet export chokes on control characters; checking before the
flush makes both back ends behave alike, whatever screen, command or service the text came from.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapper, Session, sessionmaker

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.labels import field_label
from cpts_desktop.domain.text import control_characters, too_long


@cache
def _texts(mapper: Mapper) -> tuple[tuple[str, int | None], ...]:
    """(attribute, longest length or None) for each text column of a mapped class."""
    return tuple(
        (attribute.key, attribute.columns[0].type.length)
        for attribute in mapper.column_attrs
        if isinstance(attribute.columns[0].type, String)
    )


def _check_texts(session: Session, _context: object, _instances: object) -> None:
    for instance in (*session.new, *session.dirty):
        state = inspect(instance)
        for key, length in _texts(state.mapper):
            value = state.dict.get(key)
            if not isinstance(value, str):
                continue
            label = field_label(state.mapper.local_table.name, key)
            if length and len(value) > length:
                raise ValidationError(key, "Texte trop long – " + too_long(label, len(value), length))
            found = control_characters(value)
            if found:
                raise ValidationError(
                    key,
                    f"{label} : le texte contient un caractère invisible ({', '.join(found)}) "
                    "qu’on ne peut pas enregistrer : retapez-le au clavier plutôt que de le coller.",
                )


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _check_texts)
