"""The Annuaire Santé extract: 1,000,000 synthetic rows in the real layout (56 columns, « | » after every
field) filtered by 40 communes, against a bare ``csv.reader`` pass over the same file.

Both run in a process of their own started by a small Python in between (Linux keeps across exec the
peak memory of the process that forked); the figures are their CPU seconds (user + system, steadier
than wall time on a loaded machine) and the reader's peak memory."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Result, child_env, measured

ROWS = 1_000_000
COMMUNES = 3_000  # communes the synthetic sites are spread over
TERRITORY = range(0, COMMUNES, COMMUNES // 40)  # 40 of them
SURNAMES = ("LE GALL", "MORVAN", "D'ALMEIDA", "QUÉRÉ", "GUÉGUEN", "DE LA FONTAINE", "KERBRAT", "MARTIN")
FIRST_NAMES = ("JEAN-MARC", "ANNE", "MARIE-HÉLÈNE", "YANN", "SOIZIC", "LOÏC", "NOLWENN", "ERWAN")
PROFESSIONS = (("10", "Médecin"), ("60", "Infirmier"), ("70", "Masseur-kinésithérapeute"), ("21", "Pharmacien"))


@dataclass(frozen=True)
class Town:
    code_insee: str
    nom: str
    codes_postaux: str


def town(index: int) -> Town:
    department = 10 + index // 100
    return Town(f"{department:02d}{index % 100 + 1:03d}", f"COMMUNE {index}", f"{department:02d}{index % 100 * 10:03d}")


def _line(row: int) -> str:
    person = row // 2
    site = town(row % COMMUNES)
    code, label = PROFESSIONS[person % len(PROFESSIONS)]
    rpps = f"1{person:010d}"  # checksums are not the point here: the reading is
    fields = [
        "8", rpps, "8" + rpps, "DR" if code == "10" else "", "Docteur" if code == "10" else "",
        "MME" if person % 2 else "M", "Madame" if person % 2 else "Monsieur",
        SURNAMES[person % 8], FIRST_NAMES[person // 8 % 8], code, label, "C", "Civil", "", "", "", "", "L", "Libéral",
        f"{person % 10**9:09d}00012", f"{person % 10**9:09d}", "", "", f"S{person:09d}", f"CABINET {person}", "",
        "", "", str(row % 90 + 1), "", "R", "Rue", "DES LILAS", "", "", site.codes_postaux, site.code_insee,
        site.nom, "99000", "France", "0298000000", "", "", f"cabinet{person}@exemple.fr",
        site.code_insee[:2], "Département", "", "4", "SA07", "Cabinet individuel", "", "", "FON-01", "Titulaire",
        "GENR01", "Activité standard",
    ]  # fmt: skip
    return "|".join(fields) + "|\n"


def write_extract(path: Path, rows: int = ROWS) -> Path:
    """The synthetic extract, written in blocks (a few seconds for a million rows)."""
    from cpts_desktop.services.annuaire import EXTRACT_HEADERS

    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("|".join(EXTRACT_HEADERS) + "|\n")
        for start in range(0, rows, 20_000):
            handle.write("".join(_line(row) for row in range(start, min(start + 20_000, rows))))
    return path


_BARE = """
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    for row in csv.reader(handle, delimiter="|"):
        pass
"""

_OURS = """
import sys
from benchmarks.annuaire import TERRITORY, town
from cpts_desktop.services.annuaire import read_professionals
kept = sum(1 for _ in read_professionals(__import__("pathlib").Path(sys.argv[1]), [town(i) for i in TERRITORY]))
assert kept, "aucun professionnel gardé"
"""


def _usage(script: str, path: Path) -> tuple[float, float]:
    """CPU seconds and peak memory (MB) of ``script`` run on ``path`` in a process of its own."""
    usage = measured([sys.executable, "-c", script, str(path)], child_env(), "annuaire")
    return usage.cpu_seconds, usage.peak_mb


def measure() -> list[Result]:
    with tempfile.TemporaryDirectory() as work:
        path = write_extract(Path(work) / "PS_LibreAcces_Personne_activite.txt")
        size = os.path.getsize(path) / 1e6
        baseline, _bare_peak = _usage(_BARE, path)
        ours, peak = _usage(_OURS, path)
    rows = f"{ROWS:,}".replace(",", " ")
    note = f"{rows} lignes ({size:.0f} Mo), 40 communes, csv.reader seul : {baseline:.2f} s"
    return [
        Result("annuaire : extrait filtré par le territoire", ours, "s CPU", baseline, 1.5, "ratio", note),
        Result("annuaire : mémoire de pointe", peak, "MB", None, 200, "value"),
    ]


if __name__ == "__main__":
    for result in measure():
        print(result.line())
