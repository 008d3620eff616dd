"""Startup, search and memory: measured in fresh processes (``benchmarks.gui_child``) on generated registers."""

from __future__ import annotations

import json
import statistics

from benchmarks.common import Result, child_env, installed_env, run_child, run_child_lines

CHILD = "benchmarks.gui_child"


def startup(database: str, runs: int = 5) -> Result:
    """Process start → first paint of the window, against a bare Qt window's first paint."""
    (ours,), bare = _against_bare("app", database, runs)
    return Result("startup", ours, "s", bare, 2.0, "ratio")


def ready(database: str, runs: int = 5) -> Result:
    """Process start → the section on screen shows the base, against a bare window's first paint; the time
    until the base is open for work as well (the database layer loaded) goes with it."""
    (shown, opened), bare = _against_bare("ready", database, runs)
    note = f"tableau de bord rempli, base lue ; ouverte pour le travail à {opened:.2f} s"
    return Result("ready", shown, "s", bare, 5.0, "ratio", note)


def _against_bare(mode: str, database: str, runs: int) -> tuple[list[float], float]:
    """Medians of ``runs`` timings of each output line of ``mode``, and of the bare window, taken in
    alternation: this machine's speed drifts by half from one minute to the next, and a ratio of figures
    taken minutes apart measured the drift as much as the application. The children's bytecode is written
    by a first, untimed run (``installed_env``), as an installed application has it."""
    env = installed_env()
    run_child(CHILD, mode, database, env=env)  # warm-up: disk cache, bytecode of every section
    run_child(CHILD, "bare", env=env)
    ours: list[list[float]] = []
    bare = []
    for _ in range(runs):
        bare.append(run_child(CHILD, "bare", env=env)[0])
        ours.append([seconds for seconds, _line in run_child_lines(CHILD, mode, database, env=env)])
    return [statistics.median(line) for line in zip(*ours, strict=True)], statistics.median(bare)


def search(database: str) -> tuple[Result, Result]:
    _elapsed, line = run_child(CHILD, "search", database, env=child_env())
    figures = json.loads(line)
    return (
        Result("search keystroke", figures["keystroke_median"] * 1000, "ms", None, 30.0, "value"),
        Result("search first display", figures["first_display"], "s", None, 1.0, "value", _whole(figures)),
    )


def _whole(figures: dict) -> str:
    """What follows the first display: the whole register read in the background."""
    return f"premières lignes à l’écran ; les {figures['rows']} adhérents lus en {figures['whole_list']:.2f} s"


def memory(database: str) -> Result:
    _elapsed, line = run_child(CHILD, "memory", database, env=child_env())
    return Result("memory", json.loads(line)["peak_mb"], "MB", None, 400.0, "value")
