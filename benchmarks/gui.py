"""Startup, search and memory: measured in fresh processes (``benchmarks.gui_child``) on generated registers."""

from __future__ import annotations

import json
import statistics

from benchmarks.common import Result, child_env, installed_env, run_child

CHILD = "benchmarks.gui_child"


def startup(database: str, runs: int = 5) -> Result:
    """Process start → first paint of the window, against a bare Qt window's first paint."""
    ours, bare = _against_bare("app", database, runs)
    return Result("startup", ours, "s", bare, 2.0, "ratio")


def ready(database: str, runs: int = 5) -> Result:
    """Process start → window usable (base open, the section on screen filled), against a bare window's first paint."""
    usable, bare = _against_bare("ready", database, runs)
    return Result("ready", usable, "s", bare, 5.0, "ratio", "base ouverte, section affichée remplie")


def _against_bare(mode: str, database: str, runs: int) -> tuple[float, float]:
    """Medians of ``runs`` timings of ``mode`` and of the bare window, taken in alternation: this machine's
    speed drifts by half from one minute to the next, and a ratio of figures taken minutes apart measured
    the drift as much as the application. The children's bytecode is written by a first, untimed run
    (``installed_env``), as an installed application has it."""
    env = installed_env()
    run_child(CHILD, mode, database, env=env)  # warm-up: disk cache, bytecode of every section
    run_child(CHILD, "bare", env=env)
    ours, bare = [], []
    for _ in range(runs):
        bare.append(run_child(CHILD, "bare", env=env)[0])
        ours.append(run_child(CHILD, mode, database, env=env)[0])
    return statistics.median(ours), statistics.median(bare)


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
