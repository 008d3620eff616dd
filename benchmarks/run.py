"""``make bench``: every benchmark, one line each, and the figures in ``benchmarks/results.json``.

The registers are generated (fictional) in a temporary folder; the user's own data and settings are
never touched (data, logs and settings go to that folder too).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import datetime
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description="Mesure les performances de CPTS Desktop.")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="cpts-bench-"))
    os.environ.update(
        CPTS_DATA_DIR=str(work / "data"),
        CPTS_LOG_DIR=str(work / "logs"),
        XDG_CONFIG_HOME=str(work / "config"),
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    )
    from benchmarks import annuaire, convocations, gui, import_speed, mail, scaling
    from benchmarks.data import make_register

    registers = {size: work / f"{size // 1000}k.sqlite" for size in scaling.SIZES}
    for size, location in registers.items():
        make_register(str(location), size).close()
    results = []

    def report(result) -> None:  # noqa: ANN001 - a Result
        results.append(result)
        print(result.line() + ("" if result.met else "  ← objectif manqué"), flush=True)

    report(gui.startup(str(work / "10k.sqlite")))
    report(gui.ready(str(work / "10k.sqlite")))
    report(import_speed.measure())
    for result in gui.search(str(work / "100k.sqlite")):
        report(result)
    report(convocations.measure())
    report(mail.measure())
    for result in annuaire.measure():
        report(result)
    report(gui.memory(str(work / "100k.sqlite")))
    print("Série de montée en charge (croissance ≤ 12× quand les adhérents sont 10× plus) :", flush=True)
    for result in scaling.measure(registers):
        report(result)
    payload = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cœurs",
        "python": platform.python_version(),
        "results": [r.as_json() for r in results],
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Résultats : {args.out}")
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
