"""The professions reference the application ships (``resources/professions.csv``) as the rows the
base's ``professions`` table must hold: an opening compares before it writes, and a command that reads
with sqlite3 alone knows whether the base is in step with this version of the application."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from cpts_desktop.config import resource
from cpts_desktop.domain.professions import Profession, load_professions

# The columns of ``professions`` compared, in the order of ``profession_rows``.
COLUMNS = ("code", "libelle", "auxiliaire_medical", "synonymes")


@functools.cache
def reference_professions() -> tuple[Profession, ...]:
    return tuple(load_professions(resource("professions.csv")))


def profession_rows() -> frozenset[tuple[str, str, bool, str]]:
    return frozenset((p.code, p.label, p.paramedical, "|".join(p.synonyms)) for p in reference_professions())


def professions_in_step(rows: Iterable[Sequence[object]]) -> bool:
    """Whether ``rows`` (the table's ``COLUMNS``) hold every reference row as it is (a profession the
    reference no longer lists stays, for the members who have it; SQLite's 0 and 1 equal False and True)."""
    return profession_rows() <= frozenset(tuple(row) for row in rows)
