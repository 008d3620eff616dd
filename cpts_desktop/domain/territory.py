"""The ACI taille of a CPTS from the population of its territory (bounds read from
``resources/aci_tailles.csv``, so that a new avenant needs no code change). The yearly maximum of a
taille is not here: it is the sum of the amounts table in force on a date (services.aci)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from cpts_desktop.config import resource
from cpts_desktop.domain.errors import ValidationError


@dataclass(frozen=True)
class AciTaille:
    number: int
    population_min: int
    population_max: int | None

    @property
    def bounds(self) -> str:
        if self.population_max is None:
            return f"plus de {self.population_min - 1:,} habitants".replace(",", "\u202f")
        if self.population_min == 0:
            return f"moins de {self.population_max + 1:,} habitants".replace(",", "\u202f")
        return f"de {self.population_min:,} à {self.population_max:,} habitants".replace(",", "\u202f")


def load_tailles(path: Path) -> list[AciTaille]:
    """The tailles of the file; lines starting with « # » are notes."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [
        AciTaille(
            int(row["taille"]),
            int(row["population_min"]),
            int(row["population_max"]) if row["population_max"].strip() else None,
        )
        for row in csv.DictReader(lines, delimiter=";")
    ]


def taille_for(population: int, tailles: list[AciTaille]) -> AciTaille:
    """39 999 → 1 ; 40 000 → 2 ; 80 000 → 3 ; 175 000 → 3 ; 175 001 → 4."""
    if population < 0:
        raise ValidationError("population", f"Population : « {population} » ne peut pas être négative.")
    for taille in tailles:
        if population >= taille.population_min and (
            taille.population_max is None or population <= taille.population_max
        ):
            return taille
    raise ValidationError("population", f"Aucune taille ACI ne correspond à {population} habitants.")


def taille_numbered(number: int, tailles: list[AciTaille]) -> AciTaille:
    """The taille asked by its number (``--taille 3``), refused in French when there is none."""
    for taille in tailles:
        if taille.number == number:
            return taille
    known = ", ".join(str(t.number) for t in tailles)
    raise ValidationError("taille", f"Taille : « {number} » n’est pas une taille de CPTS ({known}).")


def aci_taille(population: int) -> AciTaille:
    """The taille of a territory of ``population`` inhabitants, by the shipped bounds."""
    return taille_for(population, load_tailles(resource("aci_tailles.csv")))
