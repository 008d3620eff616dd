"""Import: 10,000 rows of a secretary's workbook through the real importer (validation, duplicate
check, journal) against reading the same file with openpyxl and inserting it with raw executemany."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from benchmarks.common import Result, best_of
from benchmarks.data import people, write_xlsx
from cpts_desktop.services.database import open_database
from cpts_desktop.services.imports import import_members

ROWS = 10_000


def _bare(path: Path, target: Path) -> float:
    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    workbook.close()
    with sqlite3.connect(target) as connection:
        connection.execute(
            "CREATE TABLE members (nom TEXT, prenom TEXT, profession TEXT, rpps TEXT, email TEXT, telephone TEXT, "
            "code_postal TEXT, commune TEXT, date_adhesion TEXT)"
        )
        connection.executemany("INSERT INTO members VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed


def _ours(path: Path, folder: Path, run: list[int]) -> float:
    run[0] += 1
    database = open_database(str(folder / f"import-{run[0]}.sqlite"), create=True)
    start = time.perf_counter()
    report = import_members(database, path)
    elapsed = time.perf_counter() - start
    database.close()
    if report.created != ROWS:
        raise RuntimeError(f"import created {report.created} members, rejected {len(report.rejected)}")
    return elapsed


def measure(runs: int = 3) -> Result:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        path = write_xlsx(folder / "adherents.xlsx", people(ROWS))
        baseline = best_of(runs, lambda: _bare(path, folder / "bare.sqlite"))
        counter = [0]
        ours = best_of(runs, lambda: _ours(path, folder, counter))
    return Result("import", ours, "s", baseline, 3.0, "ratio")


if __name__ == "__main__":
    print(measure().line())
