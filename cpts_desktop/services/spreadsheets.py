"""Reading the tables secretaries really have: CSV in any usual encoding and separator, or XLSX whose
header row may sit below a few title lines.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cpts_desktop.domain.errors import CptsError

Cell = str | int | float | date | datetime | None
HEADER_SEARCH_ROWS = 20


class UnreadableFile(CptsError):
    """Nothing could be read from the file: wrong format, damaged, empty, or no header row."""


@dataclass(frozen=True)
class Table:
    """The header row and the data rows of a sheet; ``rows`` keep their row number as in the file."""

    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Cell]]]


def read_rows(path: Path, sheet: str | None = None) -> list[list[Cell]]:
    """Every row of the file (first sheet unless ``sheet`` is named), cells as Python values."""
    if not path.is_file():
        raise UnreadableFile(f"Le fichier « {path} » est introuvable.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path)
    if suffix == ".xls":
        raise UnreadableFile(
            f"« {path.name} » est au format Excel 97-2003 (.xls) : "
            "enregistrez-le au format .xlsx ou .csv puis réessayez."
        )
    raise UnreadableFile(f"« {path.name} » n’est ni un fichier Excel (.xlsx) ni un fichier CSV.")


def _read_xlsx(path: Path, sheet: str | None) -> list[list[Cell]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(
            f"« {path.name} » n’est pas un classeur Excel lisible ({type(error).__name__})."
        ) from error
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = ", ".join(f"« {n} »" for n in workbook.sheetnames)
            raise UnreadableFile(f"La feuille « {sheet} » n’existe pas dans « {path.name} » (feuilles : {names}).")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        return [list(row) for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the two encodings Excel writes CSV in."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_csv(path: Path) -> list[list[Cell]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"« {path.name} » ne peut pas être lu ({error.strerror}).") from error
    if b"\x00" in raw[:4096]:
        raise UnreadableFile(f"« {path.name} » n’est pas un fichier texte CSV.")
    text = decode(raw)
    try:
        delimiter = _delimiter("\n".join(text.splitlines()[: HEADER_SEARCH_ROWS * 2]))
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise UnreadableFile(f"« {path.name} » n’est pas un fichier CSV lisible ({error}).") from error


def _delimiter(sample: str) -> str:
    """The separator that splits the most lines into the same number (above one) of fields."""

    def score(candidate: str) -> tuple[int, int]:
        widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=candidate) if any(row)]
        common = max(set(widths), key=widths.count, default=1)
        return (widths.count(common) if common > 1 else 0, common)

    return max(";,\t", key=score)


def find_table(rows: list[list[Cell]], is_header: Callable[[list[Cell]], bool], name: str) -> Table:
    """The first row among the top ones that ``is_header`` accepts, and the non-empty rows below it."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if is_header(row):
            headers = [cell_text(c) for c in row]
            body = [
                (number, list(r) + [None] * (len(headers) - len(r)))
                for number, r in enumerate(rows[index + 1 :], start=index + 2)
                if any(cell_text(c) for c in r)
            ]
            return Table(headers, index + 1, body)
    raise UnreadableFile(
        f"Aucune ligne d’en-tête reconnue dans « {name} » : la première ligne du tableau doit nommer les colonnes "
        "(Nom, Prénom, Profession, RPPS, Email…)."
    )


def cell_text(value: Cell) -> str:
    """A cell as text: integers without « .0 », dates as « 20/03/2027 », spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = " ".join(str(value).split())
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]  # written as text by our export, to keep spreadsheets from running it
    return text


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook (empty for a CSV or an unreadable file: the preview will say why)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return []
    try:
        workbook = load_workbook(path, read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()
