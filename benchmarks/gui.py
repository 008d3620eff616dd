"""Startup, search and memory: measured in fresh processes (``benchmarks.gui_child``) on generated registers."""

from __future__ import annotations

import json

from benchmarks.common import Result, best_of, child_env, run_child

CHILD = "benchmarks.gui_child"


def startup(database: str, runs: int = 5) -> Result:
    env = child_env()
    run_child(CHILD, "app", database, env=env)  # the first run fills the disk cache for both
    baseline = best_of(runs, lambda: run_child(CHILD, "bare", env=env)[0])
    ours = best_of(runs, lambda: run_child(CHILD, "app", database, env=env)[0])
    ready = best_of(runs, lambda: run_child(CHILD, "ready", database, env=env)[0])
    note = f"sections remplies, base ouverte : {ready:.2f} s"
    return Result("startup", ours, "s", baseline, 2.0, "ratio", note)


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
