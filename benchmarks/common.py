"""What every benchmark shares: timing, the result line, and child processes run on this project."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Result:
    """One measured figure, its baseline in the same run (if any), and the target it must meet."""

    name: str
    value: float
    unit: str
    baseline: float | None
    target: float
    target_of: str  # "ratio" or "value": what the target bounds
    note: str = ""  # a figure that goes with this one, printed after it

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def met(self) -> bool:
        measured = self.ratio if self.target_of == "ratio" else self.value
        return measured is not None and measured <= self.target

    def line(self) -> str:
        against = f"{self.ratio:.2f} x baseline" if self.ratio is not None else f"target ≤ {self.target:g} {self.unit}"
        line = f"{self.name}: {self.value:.{2 if self.value < 100 else 0}f} {self.unit} ({against})"
        return f"{line} — {self.note}" if self.note else line

    def as_json(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


def best_of(runs: int, measure: Callable[[], float]) -> float:
    """The median of ``runs`` measurements: steadier than one, fairer than the minimum."""
    return statistics.median(measure() for _ in range(runs))


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.update(extra)
    return env


def installed_env() -> dict[str, str]:
    """A child's environment with its bytecode written and reused as an installed application has it
    (``PYTHONDONTWRITEBYTECODE``, set for the project, would make it compile every changed module again)."""
    env = child_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(module: str, *args: str, env: dict[str, str]) -> tuple[float, str]:
    """Seconds from starting ``python -m module`` to its first output line, and that line."""
    return run_child_lines(module, *args, env=env)[0]


def run_child_lines(module: str, *args: str, env: dict[str, str]) -> list[tuple[float, str]]:
    """Seconds from starting ``python -m module`` to each of its output lines, and the line."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    assert process.stdout is not None
    lines = [(time.perf_counter() - start, line.strip()) for line in process.stdout]
    if process.wait(timeout=300) != 0 or not lines or not lines[0][1]:
        raise RuntimeError(f"{module} {' '.join(args)} failed")
    return lines


@dataclass(frozen=True)
class Usage:
    """What a command cost, measured from outside it: wall and CPU seconds, peak memory (MB)."""

    seconds: float
    cpu_seconds: float
    peak_mb: float


# Linux keeps, across exec, the peak memory of the process that forked: a command started straight from
# the bench (hundreds of MB by then) would report the bench's peak. A small Python in between starts it
# and prints, on its last line, its wall seconds, CPU seconds (user + system) and own peak (kB).
_MEASURING = """
import os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_pid, status, usage = os.wait4(process.pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured(command: list[str], env: dict[str, str], what: str) -> Usage:
    """Run ``command`` in a process of its own and return its cost; its failure stops the bench."""
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURING, *command], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{what} : {completed.stderr}")
    seconds, cpu, peak_kb = completed.stdout.split()[-3:]
    return Usage(float(seconds), float(cpu), int(peak_kb) / 1024)
