"""The professions reference (codes of the national directory), read from ``resources/professions.csv``.

Kept as a data file so that a new profession or synonym needs no code change.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Profession:
    code: str
    label: str
    paramedical: bool
    synonyms: tuple[str, ...]


def load_professions(path: Path) -> list[Profession]:
    """Read the reference file; one row per profession, synonyms separated by « | »."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Profession(
                code=row["code"].strip(),
                label=row["libelle"].strip(),
                paramedical=row["auxiliaire_medical"].strip().lower() == "oui",
                synonyms=tuple(s.strip() for s in row["synonymes"].split("|") if s.strip()),
            )
            for row in csv.DictReader(handle, delimiter=";")
        ]
