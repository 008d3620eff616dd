"""Whatever a file holds, the importers report in French and write nothing invalid."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.imports import import_members
from cpts_desktop.services.territory import import_communes
from cpts_desktop.store.models import Commune, Member
from tests.services.spreadsheet_files import HEADERS, good_rows

# Derandomised: the same examples on every run, so that CI is never red by chance.
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def count(database, model) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes_never_crash_the_member_import(database, tmp_path: Path, data: bytes, suffix: str):
    path = tmp_path / f"hasard{suffix}"
    path.write_bytes(data)
    try:
        report = import_members(database, path)
    except CptsError as error:
        assert error.message
        return
    assert all(r.reason and r.row >= 1 for r in report.rejected)
    with database.sessions() as session:
        assert all(m.nom for m in session.scalars(select(Member)))


@FUZZ
@given(cells=st.lists(st.text(max_size=300), min_size=1, max_size=len(HEADERS)))
def test_odd_cells_are_rejected_or_stored_as_plain_text(database, tmp_path: Path, cells: list[str]):
    lines = [
        ";".join(HEADERS),
        ";".join(c.replace(";", " ").replace("\n", " ").replace("\r", " ").replace('"', "") for c in cells),
    ]
    path = tmp_path / "cellules.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        import_members(database, path)
    except CptsError:
        return
    with database.sessions() as session:
        for member in session.scalars(select(Member)):
            assert member.nom and member.nom == member.nom.strip()


def test_formula_strings_are_data_not_formulas(database, tmp_path: Path):
    rows = [['=HYPERLINK("http://exemple.invalid","x")', "@SUM(A1)", "Infirmier", "", "", "", "", "", "", ""]]
    path = tmp_path / "formules.csv"
    path.write_text("\n".join([";".join(HEADERS)] + [";".join(r) for r in rows]), encoding="utf-8")
    report = import_members(database, path)
    assert report.created == 1
    with database.sessions() as session:
        member = session.scalars(select(Member)).one()
    assert member.nom.startswith("=HYPERLINK") and member.prenom == "@SUM(A1)"


def test_truncated_workbook_and_huge_cells(database, tmp_path: Path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in good_rows():
        sheet.append(row)
    sheet.append(["Géant", "x" * 100_000, "Infirmier", "", "", "", "", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    whole = buffer.getvalue()
    truncated = tmp_path / "tronque.xlsx"
    truncated.write_bytes(whole[: len(whole) // 2])
    try:
        import_members(database, truncated)
    except CptsError as error:
        assert "classeur" in error.message
    assert count(database, Member) == 0
    complete = tmp_path / "complet.xlsx"
    complete.write_bytes(whole)
    assert zipfile.is_zipfile(complete)
    report = import_members(database, complete)
    assert report.created == 4
    [rejection] = report.rejected
    assert rejection.column == "Prénom" and "32\u202f767 caractères, 100 au plus" in rejection.reason


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_crash_the_communes_import(database, tmp_path: Path, data: bytes):
    path = tmp_path / "communes.csv"
    path.write_bytes(data)
    before = count(database, Commune)
    try:
        import_communes(database, path)
    except CptsError:
        assert count(database, Commune) == before
