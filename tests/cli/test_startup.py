"""``cpts`` starts at once: ``--help`` and ``--version`` load no command module and no heavy library, a
command loads only its own module, and every sub-command's ``--help`` still works."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import import_module

import pytest

from cpts_desktop.cli import main as cli

HEAVY = ("sqlalchemy", "alembic", "reportlab", "openpyxl", "cpts_desktop.services", "cpts_desktop.store")
LOADED = r"""
import json, sys
from cpts_desktop.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*args: str) -> set[str]:
    """The modules a fresh interpreter has imported once ``cpts ARGS…`` has run."""
    command = [sys.executable, "-c", LOADED, *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)}


def _best_of(command: list[str], runs: int = 3) -> float:
    """The shortest of a few runs: the machine is shared, the minimum is what the program itself costs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, timeout=120)
        times.append(time.perf_counter() - start)
    return min(times)


def test_version_and_help_import_nothing_heavy():
    assert _heavy(_modules_after("--version")) == set()
    assert _heavy(_modules_after("--help")) == set()


def test_a_command_loads_only_its_own_module(monkeypatch: pytest.MonkeyPatch):
    loaded: list[str] = []
    monkeypatch.setattr(cli, "import_module", lambda name: loaded.append(name) or import_module(name))
    cli.build_parser(["--db", "x.sqlite", "statutes", "list"])
    assert loaded == ["cpts_desktop.cli.association"]
    loaded.clear()
    cli.build_parser(["--help"])
    assert loaded == []


def test_version_starts_about_as_fast_as_a_bare_python():
    """A quarter of a second more than Python itself; on a machine loaded enough to make Python alone
    slow, three times Python alone (both are slowed alike). Importing the commands took over a second."""
    bare = _best_of([sys.executable, "-c", "pass"])
    version = _best_of([sys.executable, "-m", "cpts_desktop.cli.main", "--version"])
    assert version <= max(bare + 0.25, 3 * bare), f"cpts --version : {version:.2f} s, python seul : {bare:.2f} s"


def _paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path of the full parser (« members », « members import », « pdf receipt »…)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                if child.prog.split()[-1] != name:  # an old name kept as an alias: its help is the new one's
                    continue
                yield (*prefix, name)
                yield from _paths(child, (*prefix, name))


def test_the_table_of_commands_is_what_the_modules_register():
    full = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    registered = {choice.dest: choice.help for choice in full._choices_actions}
    assert registered == {name: help_text for name, (_module, help_text) in cli.COMMANDS.items()}


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["--db", "x.sqlite", "members", "list"], "members"),
        (["--db=x.sqlite", "pdf", "receipt"], "pdf"),
        (["--d", "x.sqlite", "info"], "info"),
        (["--version"], None),
        (["-h"], None),
        (["-h", "members", "list"], None),
        (["--he", "members"], None),
    ],
)
def test_the_chosen_command_is_found_after_the_global_options(argv: list[str], command: str | None):
    assert cli.chosen_command(argv) == command


def test_every_sub_command_has_its_help(capsys: pytest.CaptureFixture[str]):
    paths = list(_paths(cli.build_parser()))
    assert len(paths) > 60
    for path in paths:
        with pytest.raises(SystemExit) as leaving:
            cli.main([*path, "--help"])
        assert leaving.value.code == 0, path
        shown = capsys.readouterr().out
        assert shown.startswith(f"usage : cpts {' '.join(path)}"), path
        assert "show this help" not in shown and "positional arguments" not in shown, path
