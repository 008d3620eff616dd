"""The scaling series of ``make bench``: each operation of issue 22 at 1,000 and 10,000 members (and
100,000 where it stays under a minute), printed with its growth factor; linear means ≤ 12× per 10×.

Operations: the import of a workbook, the documents of ``benchmarks.scaling_documents`` (convocations,
members list, émargement), one payment added when the year already holds as many, and the whole
``cpts members export`` command (CSV and XLSX, a process each, its own peak memory).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from benchmarks import scaling_documents
from benchmarks.common import Result, installed_env, measured

GROWTH = 12.0  # at most this many times longer when the members are ten times more
SIZES = (1_000, 10_000, 100_000)
# Where each operation stops (what stays under a minute); documents follow scaling_documents.SIZES.
LARGEST = {"import": 10_000, "paiement": 100_000, "export CSV": 100_000, "export XLSX": 100_000}
YEAR = 2026
PAYMENTS_MEASURED = 30
# Absolute targets of issue 22: (operation, size) → (seconds or MB, what is bounded).
TARGETS = {
    ("convocations", 10_000): ((10.0, "s"), (400.0, "MB")),
    ("liste des adhérents", 100_000): ((60.0, "s"), (400.0, "MB")),
    ("paiement", 100_000): ((5.0, "ms"),),
    ("export CSV", 10_000): ((0.3, "s"),),
    ("export XLSX", 10_000): ((0.9, "s"),),
    ("export CSV", 100_000): ((150.0, "MB"),),
    ("export XLSX", 100_000): ((150.0, "MB"),),
}

# operation → size → (time in the operation's unit, peak MB of its process or 0 when in-process)
Figures = dict[str, dict[int, tuple[float, float]]]


IMPORT_RUNS = 3


def _import_series(sizes: list[int], folder: Path) -> Figures:
    """A workbook of each size imported into a new base, in-process (memory is not measured): the median
    seconds of a few runs, the sizes in alternation (1 000, 10 000, 1 000…) — this machine's speed drifts
    over minutes, and a growth factor read from runs minutes apart measured the machine as much."""
    from benchmarks.data import HEADERS, people
    from cpts_desktop.services.xlsx import write_xlsx

    workbooks = {size: folder / f"import-{size}.xlsx" for size in sizes if size <= LARGEST["import"]}
    for size, workbook in workbooks.items():
        write_xlsx(workbook, [("Adhérents", HEADERS, people(size))])
    runs: dict[int, list[float]] = {size: [] for size in workbooks}
    for run in range(IMPORT_RUNS):
        for size, workbook in workbooks.items():
            runs[size].append(_import_run(workbook, folder / f"import-{size}-{run}.sqlite", size))
    return {"import": {size: (statistics.median(times), 0.0) for size, times in runs.items()}}


def _import_run(workbook: Path, base: Path, size: int) -> float:
    from cpts_desktop.services.database import open_database
    from cpts_desktop.services.imports import import_members

    database = open_database(str(base), create=True)
    try:
        start = time.perf_counter()
        report = import_members(database, workbook)
        elapsed = time.perf_counter() - start
    finally:
        database.close()
    if report.created != size:
        raise RuntimeError(f"import : {report.created} adhérents créés sur {size}")
    return elapsed


def _payment(register: Path, size: int, _folder: Path) -> tuple[float, float]:
    """Median time to add one payment when the year already holds ``size`` of them, in-process."""
    from sqlalchemy import insert, select

    from cpts_desktop.domain.enums import PaymentMethod
    from cpts_desktop.services.cotisations import add_payment
    from cpts_desktop.services.database import open_database
    from cpts_desktop.store.models import Member, Payment, ReceiptSequence

    database = open_database(str(register))
    try:
        with database.sessions.begin() as session:
            members = session.scalars(select(Member.id).order_by(Member.id)).all()
            rows = [
                {
                    "member_id": member,
                    "annee": YEAR,
                    "montant": 30,
                    "date_paiement": date(YEAR, 1, 15),
                    "mode": PaymentMethod.CHEQUE,
                    "numero_recu": f"{YEAR}-{rank:04d}",
                }
                for rank, member in enumerate(members, start=1)
            ]
            session.execute(insert(Payment), rows)
            session.merge(ReceiptSequence(annee=YEAR, dernier_numero=len(rows)))

        def one() -> float:
            start = time.perf_counter()
            add_payment(database, members[0], "30", date(YEAR, 6, 1), PaymentMethod.CASH)
            return (time.perf_counter() - start) * 1000

        one()  # the first one warms the statement caches
        return statistics.median(one() for _ in range(PAYMENTS_MEASURED)), 0.0
    finally:
        database.close()


EXPORT_RUNS = 3


def _export(suffix: str) -> Callable[[Path, int, Path], tuple[float, float]]:
    def measure(register: Path, size: int, folder: Path) -> tuple[float, float]:
        """The whole ``cpts members export`` command in its own process, as an installed application runs
        it (a first run writes its bytecode and reads the base into the disk cache): the median seconds
        of a few runs, and the largest peak memory."""
        target = folder / f"export-{size}{suffix}"
        command = [sys.executable, "-m", "cpts_desktop.cli.main", "--db", str(register), "members", "export"]
        _export_run(command, target)
        runs = [_export_run(command, target) for _ in range(EXPORT_RUNS)]
        return statistics.median(seconds for seconds, _peak in runs), max(peak for _seconds, peak in runs)

    return measure


def _export_run(command: list[str], target: Path) -> tuple[float, float]:
    usage = measured([*command, str(target)], installed_env(), f"export {target.suffix}")
    return usage.seconds, usage.peak_mb


OURS: dict[str, Callable[[Path, int, Path], tuple[float, float]]] = {
    "paiement": _payment,
    "export CSV": _export(".csv"),
    "export XLSX": _export(".xlsx"),
}


def series(registers: dict[int, Path], folder: Path) -> Figures:
    """Every operation at every size it is measured at, on copies of ``registers`` (size → base)."""
    figures: Figures = {name: {} for name in (*scaling_documents.OPERATIONS, "import", *OURS)}
    figures.update(_import_series(sorted(registers), folder))
    for size, register in sorted(registers.items()):
        copy = folder / f"serie-{size}.sqlite"
        shutil.copyfile(register, copy)
        meeting_id = scaling_documents.prepare(str(copy))
        for operation in scaling_documents.OPERATIONS:
            wanted = scaling_documents.SIZES.get(operation, scaling_documents.SIZES["liste des adhérents"])
            if size in wanted:
                figures[operation][size] = scaling_documents.measure(operation, str(copy), meeting_id)
        for name, measure in OURS.items():
            if size <= LARGEST[name]:
                figures[name][size] = measure(copy, size, folder)
        copy.unlink()
    return figures


def results(figures: Figures) -> list[Result]:
    """Per operation, its growth at each tenfold step, then its absolute targets."""
    found: list[Result] = []
    for name, by_size in figures.items():
        unit = "ms" if name == "paiement" else "s"
        sizes = sorted(by_size)
        for small, large in zip(sizes, sizes[1:], strict=False):
            note = f"{_count(small)} → {_count(large)} adhérents, {by_size[small][0]:.2f} {unit} à {_count(small)}"
            found.append(Result(f"série {name}", by_size[large][0], unit, by_size[small][0], GROWTH, "ratio", note))
        for size in sizes:
            for target, target_unit in TARGETS.get((name, size), ()):
                seconds, peak = by_size[size]
                value = peak if target_unit == "MB" else seconds
                found.append(Result(f"{name} à {_count(size)}", value, target_unit, None, target, "value"))
    return found


def _count(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def measure(registers: dict[int, Path]) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="cpts-serie-") as work:
        return results(series(registers, Path(work)))


if __name__ == "__main__":
    from benchmarks.data import make_register

    with tempfile.TemporaryDirectory(prefix="cpts-registres-") as bases:
        made = {}
        for count in SIZES[: int(sys.argv[1]) if len(sys.argv) > 1 else len(SIZES)]:
            made[count] = Path(bases) / f"{count}.sqlite"
            make_register(str(made[count]), count).close()
        for result in measure(made):
            print(result.line() + ("" if result.met else "  ← objectif manqué"), flush=True)
