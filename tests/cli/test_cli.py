"""``cpts`` run as a user runs it: a subprocess on a temporary database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpts_desktop import __version__
from tests.cli import runner


def cpts(*args: str, env_db: str | None = None) -> subprocess.CompletedProcess[str]:
    """``cpts ARGS…`` in a process of its own (see ``runner``), ``CPTS_DB`` only when ``env_db`` is given."""
    env = dict(os.environ)
    env.pop("CPTS_DB", None)
    if env_db:
        env["CPTS_DB"] = env_db
    return runner.run(list(args), env)


def test_version_through_the_installed_script():
    """The ``cpts`` script itself, as the venv installs it: what the fork server stands in for elsewhere."""
    script = Path(sys.executable).with_name("cpts")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "cpts_desktop.cli.main"]
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout.strip() == f"cpts {__version__}"
    assert cpts("--version").stdout == result.stdout


def test_init_demo_then_info_json(tmp_path: Path):
    db = str(tmp_path / "x.sqlite")
    first = cpts("--db", db, "init", "--demo")
    assert first.returncode == 0, first.stderr
    assert "Démonstration chargée" in first.stdout
    info = cpts("--db", db, "info", "--json")
    assert info.returncode == 0, info.stderr
    payload = json.loads(info.stdout)
    assert payload["database"] == db
    assert payload["revision"] == payload["head"]
    counts = payload["counts"]
    assert counts["association"] == 1
    assert counts["communes"] >= 10
    assert counts["members"] >= 100

    again = cpts("--db", db, "init", "--demo")
    assert again.returncode == 0
    assert "rien n’a été ajouté" in again.stdout
    assert json.loads(cpts("--db", db, "info", "--json").stdout)["counts"] == counts


def test_info_in_plain_text(demo_path: Path):
    result = cpts("--db", str(demo_path), "info")
    assert result.returncode == 0
    assert "Adhérents" in result.stdout
    assert str(demo_path) in result.stdout


def test_database_named_by_environment(tmp_path: Path):
    db = str(tmp_path / "env.sqlite")
    assert cpts("init", env_db=db).returncode == 0
    assert json.loads(cpts("info", "--json", env_db=db).stdout)["database"] == db


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Ceci n’est pas une base.\n", "n’est pas une base de données"),
        ("", "n’existe pas"),
    ],
)
def test_unusable_database_gives_one_french_line(tmp_path: Path, content: str, expected: str):
    path = tmp_path / "not-a-db.txt"
    if content:
        path.write_text(content, encoding="utf-8")
    result = cpts("--db", str(path), "info")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Erreur : ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_usage_errors_are_french():
    result = cpts("importe-tout")
    assert result.returncode == 2
    assert "choix invalide" in result.stderr


def test_a_reader_that_stops_early_is_not_an_error(demo_path: Path):
    """« cpts audit | head »: the pipe closes before the journal is written out."""
    script = Path(sys.executable).with_name("cpts")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "cpts_desktop.cli.main"]
    process = subprocess.Popen(
        [*command, "--db", str(demo_path), "audit"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before the first line
    _out, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    assert "Erreur" not in errors and "Exception" not in errors
