"""Hostile input at the edge: each value is refused in French naming what and where, or handled, and
nothing half-written is left; exports keep working whatever the base already holds."""

from __future__ import annotations

import csv
import io
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, update

from cpts_desktop import config
from cpts_desktop.cli.main import main as cpts
from cpts_desktop.domain.enums import ExpenseCategory, GrantNature, MemberKind, PaymentMethod
from cpts_desktop.domain.errors import InvalidFields, ValidationError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services import spreadsheets
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.services.database import open_database
from cpts_desktop.services.exports import export_members
from cpts_desktop.services.grants import GrantData, add_expense, create_grant
from cpts_desktop.services.imports import UNREADABLE_ROW, import_members, write_rejections
from cpts_desktop.services.members import create_member
from cpts_desktop.services.spreadsheets import UnreadableFile
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Grant, Member, Payment
from tests.services.spreadsheet_files import HEADERS, good_rows


@pytest.fixture
def base(db_path: Path) -> Iterator[Database]:
    """A SQLite base: the rules of the edge are the same whatever the back end (imports are tried on both)."""
    database = open_database(str(db_path))
    yield database
    database.close()


def stored(database: Database) -> dict[str, Member]:
    with database.sessions() as session:
        return {m.nom: m for m in session.scalars(select(Member))}


def count(database: Database, model: type) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def csv_lines(rows: list[list[object]]) -> list[str]:
    return [";".join(HEADERS)] + [";".join(str(c) for c in row) for row in rows]


# ---------------------------------------------------------------- control characters
def test_import_removes_control_characters_and_says_where(database: Database, tmp_path: Path):
    """PostgreSQL cannot even hold a NUL: removed at the edge, the row goes in on both back ends."""
    rows = good_rows()[:2]
    rows[0][0], rows[1][1] = "Lef\x00èvre\x07", "Beno\x1bît"
    path = tmp_path / "adherents.csv"
    path.write_text("\r\n".join(csv_lines(rows)), encoding="utf-8")
    report = import_members(database, path)
    assert report.created == 2 and not report.rejected
    assert [(c.row, c.column, c.value) for c in report.corrected] == [(2, "Nom", "Lefèvre"), (3, "Prénom", "Benoît")]
    assert stored(database)["Œttinger"].prenom == "Benoît" and "Lefèvre" in stored(database)
    write_rejections(report, tmp_path / "rapport.csv")
    lines = (tmp_path / "rapport.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "2;Nom;Lefèvre;Importée après correction : caractères invisibles retirés (U+0000, U+0007)."


def test_forms_and_services_refuse_control_characters(base):
    with pytest.raises(InvalidFields) as refused:
        create_member(base, MemberData(kind=MemberKind.PERSON, nom="Du\x00pont", prenom="Ana"))
    assert refused.value.by_field()["nom"].startswith("Nom : la valeur contient un caractère invisible (U+0000)")
    member_id = create_member(base, MemberData(kind=MemberKind.PERSON, nom="Dupont", prenom="Ana"))
    with pytest.raises(ValidationError, match=r"^Référence : .*\(U\+0008\)"):
        add_payment(base, member_id, "30", date(2026, 3, 1), PaymentMethod.CHEQUE, "chq\x08 12")
    with pytest.raises(ValidationError, match=r"^Objet : .*\(U\+009B\)"):
        create_grant(base, GrantData(funder="ARS", nature=GrantNature.PROJECT, objet="Projet \x9b"))
    with pytest.raises(ValidationError, match=r"^Libellé de la dépense : .*\(U\+0000\)"):
        add_expense(base, None, Decimal("10"), date(2026, 3, 1), ExpenseCategory.OTHER, "Loyer\x00")
    assert count(base, Payment) == 0 and count(base, Grant) == 0 and count(base, Member) == 1


HOSTILE = {
    "Nul\x00Nul": "NulNul",
    "Ctl\x01\x1b\x7f\x9fX": "CtlX",
    "Barre/oblique\\et:deux-points": "Barre/oblique\\et:deux-points",
    "Émoji 😀🏥": "Émoji 😀🏥",
    "مريم العربية": "مريم العربية",
    "\u202eEdcba": "\u202eEdcba",
    '=HYPERLINK("http://exemple.invalid")': '\'=HYPERLINK("http://exemple.invalid")',
    "Non\ufffecaractère": "Noncaractère",
}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_members_export_works_whatever_the_base_holds(base, tmp_path: Path, suffix: str):
    """Values stored before they were refused (an old base, a script): the export strips what a
    spreadsheet cannot hold instead of failing for ever."""
    for number, name in enumerate(HOSTILE):
        member_id = create_member(base, MemberData(kind=MemberKind.PERSON, nom=f"Nom{number}", prenom="Ana"))
        with base.sessions.begin() as session:
            session.execute(update(Member).where(Member.id == member_id).values(nom=name, notes=f"note\x00{number}"))
    path = tmp_path / f"adherents{suffix}"
    assert export_members(base, path) == len(HOSTILE)
    if suffix == ".xlsx":
        rows = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    else:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    names = {row[2] for row in rows[1:]}  # after Civilité and Titre
    assert names == set(HOSTILE.values())
    assert {row[-1] for row in rows[1:]} == {f"note{n}" for n in range(len(HOSTILE))}


# ---------------------------------------------------------------- amounts and dates
@pytest.fixture
def cli(db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """``cpts`` run in this process (a subprocess costs seconds): (exit code, stderr)."""
    monkeypatch.setattr(config, "private_by_default", lambda: None)  # no umask change for the test run

    def run(*args: str) -> tuple[int, str]:
        code = cpts(["--db", str(db_path), *args])
        return code, capsys.readouterr().err

    return run


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("1e20", "« 1e20 » n’est pas un montant"),
        ("12345678901234567,89", "dépasse le maximum (9\u202f999\u202f999\u202f999,99\u00a0€)"),
        ("12,345", "a plus de deux décimales"),
        ("NaN", "« NaN » n’est pas un montant"),
        ("-Infinity", "« -Infinity » n’est pas un montant"),
    ],
)
def test_cli_refuses_amounts_out_of_range_and_stores_nothing(base, cli, amount: str, reason: str):
    member_id = create_member(base, MemberData(kind=MemberKind.PERSON, nom="Dupont", prenom="Ana"))
    code, err = cli("payments", "add", "--member", str(member_id), f"--amount={amount}", "--date", "2026-03-01",
                    "--mode", "cheque")  # fmt: skip
    assert code == 1 and err.startswith("Erreur : Montant : ") and reason in err and "Traceback" not in err
    assert cli("grants", "add", "--funder", "ARS", f"--amount={amount}")[0] == 1
    assert count(base, Payment) == 0 and count(base, Grant) == 0


def test_dates_out_of_1900_2100_are_refused_and_receipts_keep_four_digit_years(base, cli):
    member_id = create_member(base, MemberData(kind=MemberKind.PERSON, nom="Dupont", prenom="Ana"))
    code, err = cli("payments", "add", "--member", str(member_id), "--amount", "30", "--date", "0001-01-01",
                    "--mode", "cheque")  # fmt: skip
    assert (code, err.strip()) == (1, "Erreur : Date : « 0001-01-01 » est hors des dates acceptées "
                                      "(de 1900 à 2100) : vérifiez l’année.")  # fmt: skip
    with pytest.raises(ValidationError, match="^Date du paiement : « 01/01/0001 » est hors des dates"):
        add_payment(base, member_id, "30", date(1, 1, 1), PaymentMethod.CHEQUE)
    with pytest.raises(ValidationError, match="^Année : « 1 » n’est pas un exercice plausible"):
        add_payment(base, member_id, "30", date(2026, 1, 1), PaymentMethod.CHEQUE, year=1)
    assert count(base, Payment) == 0
    assert add_payment(base, member_id, "30", date(1900, 1, 1), PaymentMethod.CHEQUE).numero_recu == "1900-0001"


def test_import_refuses_dates_outside_1900_2100_row_by_row(base, tmp_path: Path):
    rows = good_rows()[:3]
    rows[0][8], rows[1][8], rows[2][8] = "0001", "01/01/0001", "31/12/2101"
    path = tmp_path / "dates.csv"
    path.write_text("\n".join(csv_lines(rows)), encoding="utf-8")
    report = import_members(base, path)
    assert report.created == 0
    assert [(r.row, r.column) for r in report.rejected] == [(2, "Date d'adhésion"), (3, "Date d'adhésion"),
                                                             (4, "Date d'adhésion")]  # fmt: skip
    assert all("hors des dates acceptées (de 1900 à 2100)" in r.reason for r in report.rejected)


# ---------------------------------------------------------------- encodings
def test_a_utf8_file_with_one_cp1252_line_stays_utf8_and_reports_that_line(base, tmp_path: Path):
    lines = csv_lines(good_rows()[:3])
    raw = b"\r\n".join(line.encode("cp1252" if number == 3 else "utf-8") for number, line in enumerate(lines, 1))
    path = tmp_path / "melange.csv"
    path.write_bytes(raw)
    report = import_members(base, path)
    assert report.created == 2 and set(stored(base)) == {"Lefèvre", "D’Almeida"}
    assert stored(base)["Lefèvre"].prenom == "Anaïs"
    ((rejected,),) = [report.rejected]
    assert (rejected.row, rejected.reason) == (3, UNREADABLE_ROW) and rejected.value.startswith("Œttinger ; Benoît")


@pytest.mark.parametrize(
    ("prefix", "encoding", "line_break"),
    [(b"\xef\xbb\xbf", "cp1252", b"\r\n"), (b"", "cp1252", b"\r\n"), (b"", "mac_roman", b"\r"), (b"", "utf-16", b"\n")],
)
def test_whole_files_in_legacy_encodings_keep_their_accents(base, tmp_path: Path, prefix, encoding, line_break):
    """Excel on Windows (cp1252, sometimes behind a BOM), Excel on an older Mac (Mac Roman, CR line ends),
    Excel's « Texte Unicode »."""
    text = line_break.decode().join(csv_lines(good_rows()[:3]))
    path = tmp_path / "legacy.csv"
    path.write_bytes(prefix + text.encode(encoding))
    report = import_members(base, path)
    assert (report.created, report.rejected) == (3, [])
    assert stored(base)["Œttinger"].prenom == "Benoît" and stored(base)["D’Almeida"].prenom == "Zoé"


# ---------------------------------------------------------------- spreadsheets too big to be registers
SHEET_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def workbook_parts() -> dict[str, bytes]:
    """The parts of a real one-sheet workbook, to put a hostile sheet among them."""
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(HEADERS)
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> None:
    """A ZIP from already deflated entries (name, deflated data, CRC-32, size): a gigabyte of repeated
    rows is written in a fraction of a second without compressing it."""
    local, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        encoded = name.encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, len(local)) + encoded  # fmt: skip
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        local += encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    path.write_bytes(bytes(local + central + end))


def hostile_workbook(path: Path, sheet: bytes | tuple[bytes, bytes, bytes, int]) -> None:
    """The real workbook with ``sheet`` as its sheet: XML, or (head, block, tail, times) for a sheet of
    ``block`` repeated ``times`` over, deflated once and copied (the deflate stream is flushed whole
    around it, so copies chain)."""
    entries = []
    for name, data in workbook_parts().items():
        if name != "xl/worksheets/sheet1.xml":
            entries.append((name, deflate(data), zlib.crc32(data), len(data)))
    if isinstance(sheet, bytes):
        entries.append(("xl/worksheets/sheet1.xml", deflate(sheet), zlib.crc32(sheet), len(sheet)))
    else:
        head, block, tail, times = sheet
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
        middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
        data = start + middle * times + compressor.compress(tail) + compressor.flush()
        crc = zlib.crc32(head)
        for _ in range(times):
            crc = zlib.crc32(block, crc)
        crc = zlib.crc32(tail, crc)
        entries.append(("xl/worksheets/sheet1.xml", data, crc, len(head) + len(block) * times + len(tail)))
    write_zip(path, entries)


def test_a_small_xlsx_that_unpacks_to_a_gigabyte_is_refused_at_once(base, tmp_path: Path):
    padded = b"Dupont" + b" " * 2_000  # runs that deflate shrinks 500-fold
    row = b'<row><c t="inlineStr"><is><t>' + padded + b'</t></is></c><c t="inlineStr"><is><t>Ana</t></is></c></row>'
    path = tmp_path / "bombe.xlsx"
    hostile_workbook(path, (SHEET_NS + b"<sheetData>", row * 5_000, b"</sheetData></worksheet>", 110))
    assert path.stat().st_size < 2_500_000
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(UnreadableFile) as refused:
        import_members(base, path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert refused.value.message.startswith("« bombe.xlsx » est trop volumineux pour un registre d’adhérents : ")
    assert "une fois décompressé" in refused.value.message and "puis réessayez" in refused.value.message
    assert elapsed < 2 and peak < 20_000_000
    assert spreadsheets.sheet_names(path) == []  # the wizard's list of sheets does not open it either


def test_a_sheet_declaring_millions_of_cells_is_refused_before_it_is_read(base, tmp_path: Path):
    path = tmp_path / "dimension.xlsx"
    body = b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t>'
    hostile_workbook(path, SHEET_NS + body + b"</is></c></row></sheetData></worksheet>")
    with pytest.raises(UnreadableFile, match="annonce 1\u202f048\u202f576 lignes de 16\u202f384 colonnes"):
        import_members(base, path)


def test_rows_padded_far_to_the_right_are_refused_once_too_many(base, tmp_path: Path, monkeypatch):
    """No dimension, but each row has a cell in the last column: openpyxl pads every row to 16,384 cells."""
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 100_000)
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Nom</t></is></c><c r="XFD%d" t="inlineStr"><is><t>x</t>'
        b"</is></c></row>" % (n, n, n)
        for n in range(1, 200)
    )
    path = tmp_path / "large.xlsx"
    hostile_workbook(path, SHEET_NS + b"<sheetData>" + rows + b"</sheetData></worksheet>")
    with pytest.raises(UnreadableFile, match="dépasse 100\u202f000 cellules dès sa ligne 7"):
        import_members(base, path)
    assert count(base, Member) == 0


def test_a_meeting_in_year_one_is_refused(cli):
    code, err = cli("meetings", "add", "--type", "ago", "--date", "0001-03-20T18:30")
    assert code == 1 and err.startswith("Erreur : Date : « 0001-03-20 » est hors des dates acceptées (de 1900 à 2100)")
