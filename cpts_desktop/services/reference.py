"""The professions reference the application ships (``resources/professions.csv``) as the rows the
base's ``professions`` table must hold: an opening compares before it writes, and a command that reads
with sqlite3 alone knows whether the base is in step with this version of the application."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from cpts_desktop.config import resource
from cpts_desktop.domain.professions import Profession, load_professions

# The columns of ``professions`` compared, in the order of ``profession_rows``.
COLUMNS = ("code", "libelle", "auxiliaire_medical", "categorie", "synonymes", "en_nomenclature")


@functools.cache
def reference_professions() -> tuple[Profession, ...]:
    return tuple(load_professions(resource("professions.csv")))


def profession_rows() -> frozenset[tuple[str, str, bool, str, str, bool]]:
    return frozenset(
        (p.code, p.label, p.paramedical, p.category.value, "|".join(p.synonyms), True) for p in reference_professions()
    )


def professions_in_step(rows: Iterable[Sequence[object]]) -> bool:
    """Whether ``rows`` (the table's ``COLUMNS``) marked as in the nomenclature are exactly the reference
    rows (a profession the reference no longer lists stays, for the members who have it, marked out of
    the nomenclature; SQLite's 0 and 1 equal False and True)."""
    return profession_rows() == frozenset(tuple(row) for row in rows if row[-1])
