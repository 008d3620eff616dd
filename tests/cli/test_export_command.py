"""``cpts members export`` reads a SQLite base ready as it is with sqlite3 alone: the same files as the
export through SQLAlchemy, without importing SQLAlchemy, Alembic, reportlab, openpyxl nor Qt; any other
base is opened the usual way first."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cpts_desktop.domain.errors import DatabaseError
from cpts_desktop.services import database as opening
from cpts_desktop.services import exports
from cpts_desktop.services.database import open_database
from cpts_desktop.services.exports import export_members, export_register
from cpts_desktop.services.members import create_member
from tests.services.test_exports_stats import SMALL_BASE, SMALL_CSV

LOADED = r"""
import json, sys
from cpts_desktop.cli.main import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)
"""
NOT_FOR_AN_EXPORT = (
    *("sqlalchemy", "alembic", "reportlab", "openpyxl", "PySide6", "babel", "stdnum"),
    *("logging.handlers", "dataclasses"),  # the log's rotating handler is made at its first line
)


@pytest.fixture
def small_path(db_path: Path) -> Path:
    database = open_database(str(db_path))
    try:
        for data in SMALL_BASE:
            create_member(database, data)
    finally:
        database.close()
    return db_path


def test_the_command_imports_only_what_an_export_needs(small_path: Path, tmp_path: Path):
    for name in ("registre.csv", "registre.xlsx"):
        command = [sys.executable, "-c", LOADED, "--db", str(small_path), "members", "export", str(tmp_path / name)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        code, modules = json.loads(result.stderr.strip().splitlines()[-1])
        assert code == 0 and result.stdout == f"3 adhérents exportés dans {tmp_path / name}\n"
        heavy = {m for m in modules if m.startswith(NOT_FOR_AN_EXPORT)}
        commands = {
            m
            for m in modules
            if m.startswith("cpts_desktop.cli.") and m.split(".")[2] not in ("main", "parser", "members", "common")
        }
        assert heavy == set() and commands == set(), name
    assert (tmp_path / "registre.csv").read_bytes() == SMALL_CSV.encode("utf-8")


def test_sqlite_alone_writes_the_files_the_usual_export_writes(small_path: Path, tmp_path: Path, monkeypatch):
    database = open_database(str(small_path))
    try:
        export_members(database, tmp_path / "usual.xlsx")
    finally:
        database.close()
    monkeypatch.setattr(opening, "open_database", _not_expected)
    assert export_register(str(small_path), tmp_path / "plain.csv") == 3
    assert export_register(str(small_path), tmp_path / "plain.xlsx") == 3
    assert (tmp_path / "plain.csv").read_bytes() == SMALL_CSV.encode("utf-8")
    assert _cells(tmp_path / "plain.xlsx") == _cells(tmp_path / "usual.xlsx")


# Cells a line of SQLite's cannot hold as it is: quoted, neutralised, cut by printf, not a known label.
AWKWARD = [
    ("notes", "a;b"),
    ("notes", 'dit "oui"'),
    ("notes", "\tx"),
    ("notes", "x\x00y"),
    ("notes", "bip\x07"),
    ("notes", "Ligne\r\n"),
    ("specialite", "-3"),
    ("commune", "@x"),
    ("telephone", "+33 6"),
    ("civilite", "=1"),
    ("statut", "suspendu"),
    ("nom", "Zébulon\u200b"),
    ("date_sortie", "2025W011"),  # an ISO week date, which Python reads and SQLite does not
]


@pytest.mark.parametrize(("column", "value"), AWKWARD)
def test_a_line_from_sqlite_is_the_line_cell_by_cell(small_path: Path, tmp_path: Path, monkeypatch, column, value):
    monkeypatch.setattr(exports, "BATCH", 1)  # plain and re-read members in their order across batches
    with closing(sqlite3.connect(small_path)) as connection, connection:
        connection.execute(f"UPDATE members SET {column} = ? WHERE nom = 'Pharmacie du Pont'", (value,))
    assert export_register(str(small_path), tmp_path / "a.csv") == 3
    with closing(sqlite3.connect(small_path)) as connection:
        rows = [exports._stored_values(row) for row in connection.execute(exports.REGISTER_SQL)]
    exports.write_table(tmp_path / "b.csv", "Adhérents", [label for _, label in exports.COLUMNS], rows)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_a_base_with_older_professions_is_brought_in_step_first(small_path: Path, tmp_path: Path):
    with closing(sqlite3.connect(small_path)) as connection, connection:
        connection.execute("UPDATE professions SET libelle = 'Infirmier (ancien libellé)' WHERE code = '60'")
    assert export_register(str(small_path), tmp_path / "a.csv") == 3
    assert (tmp_path / "a.csv").read_bytes() == SMALL_CSV.encode("utf-8")
    with closing(sqlite3.connect(small_path)) as connection:
        assert connection.execute("SELECT libelle FROM professions WHERE code = '60'").fetchone() == ("Infirmier",)


def test_a_missing_base_is_refused_as_by_every_command(tmp_path: Path):
    with pytest.raises(DatabaseError, match="n’existe pas"):
        export_register(str(tmp_path / "absente.sqlite"), tmp_path / "a.csv")
    assert not (tmp_path / "a.csv").exists()


def _not_expected(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("a base ready as it is is read without the full opening")


def _cells(path: Path) -> list[tuple[object, ...]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [(cell.value, cell.number_format) for row in sheet.iter_rows() for cell in row]
