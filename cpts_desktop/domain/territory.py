"""The ACI size tier of a CPTS from the population of its territory (bounds read from
``resources/aci_tiers.csv``, so that a new avenant needs no code change)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from cpts_desktop.domain.errors import ValidationError


@dataclass(frozen=True)
class AciTier:
    number: int
    population_min: int
    population_max: int | None
    yearly_maximum: Decimal

    @property
    def bounds(self) -> str:
        if self.population_max is None:
            return f"plus de {self.population_min - 1:,} habitants".replace(",", "\u202f")
        if self.population_min == 0:
            return f"moins de {self.population_max + 1:,} habitants".replace(",", "\u202f")
        return f"de {self.population_min:,} à {self.population_max:,} habitants".replace(",", "\u202f")


def load_tiers(path: Path) -> list[AciTier]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            AciTier(
                int(row["taille"]),
                int(row["population_min"]),
                int(row["population_max"]) if row["population_max"].strip() else None,
                Decimal(row["plafond_annuel_accord_2019"]),
            )
            for row in csv.DictReader(handle, delimiter=";")
        ]


def tier_for(population: int, tiers: list[AciTier]) -> AciTier:
    """39 999 → 1 ; 40 000 → 2 ; 80 000 → 3 ; 175 000 → 3 ; 175 001 → 4."""
    if population < 0:
        raise ValidationError("population", f"Population : « {population} » ne peut pas être négative.")
    for tier in tiers:
        if population >= tier.population_min and (tier.population_max is None or population <= tier.population_max):
            return tier
    raise ValidationError("population", f"Aucune taille ACI ne correspond à {population} habitants.")
