"""Startup, search and memory: measured in fresh processes (``benchmarks.gui_child``) on generated registers."""

from __future__ import annotations

import functools
import json

from benchmarks.common import Result, best_of, child_env, installed_env, run_child

CHILD = "benchmarks.gui_child"


def startup(database: str, runs: int = 5) -> Result:
    """Process start → first paint of the window, against a bare Qt window's first paint."""
    env = _env()
    run_child(CHILD, "app", database, env=env)  # the first run fills the disk cache for both
    ours = best_of(runs, lambda: run_child(CHILD, "app", database, env=env)[0])
    return Result("startup", ours, "s", _bare_first_paint(runs), 2.0, "ratio")


def ready(database: str, runs: int = 5) -> Result:
    """Process start → window usable (base open, the section on screen filled), against a bare window's first paint."""
    env = _env()
    run_child(CHILD, "ready", database, env=env)  # warm-up: disk cache, bytecode of every section
    usable = best_of(runs, lambda: run_child(CHILD, "ready", database, env=env)[0])
    return Result("ready", usable, "s", _bare_first_paint(runs), 5.0, "ratio", "base ouverte, section affichée remplie")


def _env() -> dict[str, str]:
    """The children's environment (the warm-up run writes their bytecode, ``installed_env``)."""
    return installed_env()


@functools.cache
def _bare_first_paint(runs: int) -> float:
    """An empty Qt window's first paint, measured once per run of the benchmarks."""
    env = _env()
    return best_of(runs, lambda: run_child(CHILD, "bare", env=env)[0])


def search(database: str) -> tuple[Result, Result]:
    _elapsed, line = run_child(CHILD, "search", database, env=child_env())
    figures = json.loads(line)
    return (
        Result("search keystroke", figures["keystroke_median"] * 1000, "ms", None, 30.0, "value"),
        Result("search first display", figures["first_display"], "s", None, 1.0, "value"),
    )


def memory(database: str) -> Result:
    _elapsed, line = run_child(CHILD, "memory", database, env=child_env())
    return Result("memory", json.loads(line)["peak_mb"], "MB", None, 400.0, "value")
