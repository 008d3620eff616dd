"""French names of the records and fields, as the journal of changes shows them.

They are reference data (``resources/field_labels.csv``): a new column gets its line there, and a test
checks that every journalled column has one."""

from __future__ import annotations

from functools import cache

from cpts_desktop.config import reference_rows

ANY_TABLE = "*"


@cache
def _labels() -> dict[tuple[str, str], str]:
    return {(row["table"], row["champ"]): row["libelle"] for row in reference_rows("field_labels.csv")}


def record_label(table: str) -> str:
    """« Adhérent » for ``members``: what one record of ``table`` is called."""
    return _labels().get((table, ""), table)


def field_label(table: str, field: str) -> str:
    """« Date du paiement » for ``payments.date_paiement``; an unknown field keeps a readable name."""
    labels = _labels()
    return labels.get((table, field)) or labels.get((ANY_TABLE, field)) or field.replace("_", " ").capitalize()


def has_label(table: str, field: str) -> bool:
    return (table, field) in _labels() or (ANY_TABLE, field) in _labels()
