"""Reading the tables secretaries really have: CSV in any usual encoding and separator, or XLSX whose
header row may sit below a few title lines. A file far beyond what a register can be is refused before it
is loaded, so a small archive that unpacks to gigabytes never reaches the memory.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import format_date_short
from cpts_desktop.services.failures import file_reason

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from openpyxl.workbook.workbook import Workbook

Cell = str | int | float | date | datetime | None
HEADER_SEARCH_ROWS = 20
# Bounds far above any register (100,000 members of 50 columns) and far below what exhausts a laptop.
MAX_CELLS = 5_000_000
MAX_UNPACKED = 200 * 1024 * 1024  # bytes of a CSV, or of an XLSX once unzipped
# A part of an XLSX that unzips to more than 100 times its size is a zip bomb, not a table (real
# sheets shrink 5 to 20 times); small parts are left alone, whatever their ratio.
MAX_RATIO, RATIO_FROM = 100, 10 * 1024 * 1024


class UnreadableFile(CptsError):
    """Nothing could be read from the file: wrong format, damaged, empty, or no header row."""


@dataclass(frozen=True)
class Sheet:
    """The rows of a file; ``unreadable`` numbers the rows (from 1) whose bytes were not in the encoding
    of the rest of a CSV file: shown garbled, they must not be imported as they read."""

    rows: list[list[Cell]]
    unreadable: frozenset[int] = frozenset()
    # Rows (numbered from 1) and columns (indexed from 0) the workbook hides, filtered-out rows included.
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    # A workbook's sheet read, and the other sheets with the rows they declare (None: not declared).
    name: str | None = None
    other_sheets: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True)
class Table:
    """The header row and the data rows of a sheet; ``rows`` keep their row number as in the file.

    What was left out is said, so the import can report it: hidden rows (their numbers), hidden columns
    (their titles; the header reads "" there, so no field takes them), total and subtotal rows, and
    the start of a second table below this one (``next_table``: its header row and its row count)."""

    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Cell]]]
    unreadable: frozenset[int] = frozenset()
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[str, ...] = ()
    totals: tuple[int, ...] = ()
    next_table: tuple[int, int] | None = None


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """Every row of the file (first sheet unless ``sheet`` is named), cells as Python values, trailing
    empty cells left out; for a workbook, which rows and columns it hides."""
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


def _open_workbook(path: Path) -> Workbook:
    """The workbook, read-only (rows read on demand); openpyxl is loaded only when a workbook is read."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _read_declared_sizes_only()
    _read_inline_strings_plainly()
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(
            f"« {path.name} » n’est pas un classeur Excel lisible ({type(error).__name__})."
        ) from error


@functools.cache
def _read_declared_sizes_only() -> None:
    """Opening a workbook, openpyxl looks for each sheet's declared size (« <dimension ref="A1:X9"/> ») in
    its closing tags: a sheet that declares none (openpyxl's and many programs' own files) is parsed
    through to its end before a row is read — 7.6 s at 100,000 rows. Its opening tags say as much."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _declared_size  # type: ignore[attr-defined]  # private, not in the stubs


def _declared_size(worksheet: Any) -> None:  # noqa: ANN401 - openpyxl's ReadOnlyWorksheet, private parts
    """The size the sheet declares before its rows, if any (openpyxl then keeps it as the sheet's bounds)."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse  # defusedxml's when installed, as openpyxl parses

    with worksheet._get_source() as source:
        for _event, element in iterparse(source, events=("start",)):
            name = element.tag.rpartition("}")[2]
            if name == "dimension":
                bounds = range_boundaries(element.get("ref", ""))
                worksheet._min_column, worksheet._min_row, worksheet._max_column, worksheet._max_row = bounds
                return
            if name == "sheetData":
                return


@functools.cache
def _read_inline_strings_plainly() -> None:
    """openpyxl builds a rich-text object (a dozen descriptor calls) for each cell written as an inline
    string, only to join its text; our own exports write every text so, as some other tools do — 0.7 s
    of reading 10,000 members. The text is joined straight from the XML, the same way."""
    from openpyxl.worksheet import _reader

    _reader.Text = _PlainText  # type: ignore[attr-defined]  # imported there, not exported by the stubs


class _PlainText:
    """What openpyxl's sheet reader asks of its ``Text`` for an inline string (« <is> »): its ``content``,
    the plain « <t> » then each run's « <t> », phonetic readings (« <rPh> ») and formats left out."""

    __slots__ = ("content",)

    def __init__(self, content: str) -> None:
        self.content = content

    @classmethod
    def from_tree(cls, node: Element) -> _PlainText:
        plain: str | None = None
        runs: list[str] = []
        for child in node:
            name = child.tag.rpartition("}")[2]
            if name == "t":
                plain = child.text
            elif name == "r":
                text = None
                for part in child:
                    if part.tag.rpartition("}")[2] == "t":
                        text = part.text
                if text is not None:
                    runs.append(text)
        return cls("".join(runs if plain is None else [plain, *runs]))


def first_rows(path: Path, count: int = 10) -> list[list[str]]:
    """The first ``count`` rows of a workbook's first sheet as text, to recognise its layout, with the
    same guards as a whole read (an archive that unpacks to too much is refused before it is opened)."""
    _check_archive(path)
    workbook = _open_workbook(path)
    try:
        rows = workbook.worksheets[0].iter_rows(max_row=count, values_only=True)
        return [[c if isinstance(c, str) else "" for c in row] for row in rows]
    finally:
        workbook.close()


def _read_xlsx(path: Path, sheet: str | None) -> Sheet:
    _check_archive(path)
    workbook = _open_workbook(path)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = ", ".join(f"« {n} »" for n in workbook.sheetnames)
            raise UnreadableFile(f"La feuille « {sheet} » n’existe pas dans « {path.name} » (feuilles : {names}).")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        if (worksheet.max_row or 0) * (worksheet.max_column or 0) > MAX_CELLS:
            rows, columns = _count(worksheet.max_row), _count(worksheet.max_column)
            raise _too_big(path, f"sa feuille « {worksheet.title} » annonce {rows} lignes de {columns} colonnes")
        scanner = _HiddenScanner(worksheet._get_source)  # type: ignore[attr-defined]  # openpyxl's private part
        worksheet._get_source = scanner.open  # type: ignore[attr-defined]  # the XML read once, scanned on the way
        # opened with data_only and without rich text: formulas come as their value, text as str
        cells = _bounded_rows(path, cast(Iterable[Sequence[Cell]], worksheet.iter_rows(values_only=True)))
        hidden_rows, hidden_columns = frozenset(scanner.rows), frozenset(scanner.columns)
        others = tuple((other.title, other.max_row) for other in workbook.worksheets if other.title != worksheet.title)
        return Sheet(cells, frozenset(), hidden_rows, hidden_columns, worksheet.title, others)
    finally:
        workbook.close()


# « hidden="1" » on a <row> (hidden by hand or filtered out by an autofilter) or a <col min= max=>.
_HIDDEN = re.compile(rb"""\bhidden=["'](?:1|true)["']""")
_TAG = re.compile(rb"<(?:\w+:)?(row|col)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""\b(r|min|max)=["'](\d+)["']""")


class _HiddenScanner:
    """The sheet's XML as openpyxl reads it, searched for hidden rows and columns on the way: the part is
    unzipped once. The bytes since the last « < » of each piece are kept, so a tag cut in two is seen whole."""

    def __init__(self, opener: Callable[[], IO[bytes]]) -> None:
        self.opener = opener
        self.rows: set[int] = set()
        self.columns: set[int] = set()
        self.source: IO[bytes] | None = None
        self.tail = b""

    def open(self) -> _HiddenScanner:
        self.source = self.opener()
        return self

    def read(self, size: int = -1) -> bytes:
        assert self.source is not None
        data = self.source.read(size)
        piece = self.tail + data
        rows, columns = hidden_parts(piece)
        self.rows |= rows
        self.columns |= columns
        start = piece.rfind(b"<")
        self.tail = piece[start:] if start >= 0 and len(piece) - start < 65536 else b""
        return data

    def close(self) -> None:
        if self.source is not None:
            self.source.close()

    def __enter__(self) -> _HiddenScanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def hidden_parts(xml: bytes) -> tuple[frozenset[int], frozenset[int]]:
    """The hidden rows (numbered from 1) and columns (indexed from 0) of a sheet's XML.

    A scan for the attribute rather than a parse: most sheets hide nothing and 100,000 rows are read
    in a few milliseconds; only the tags that carry it are looked at."""
    rows: set[int] = set()
    columns: set[int] = set()
    for found in _HIDDEN.finditer(xml):
        tag = _TAG.match(xml, xml.rfind(b"<", 0, found.start()))
        if tag is None:
            continue
        numbers = {name.decode(): int(value) for name, value in _ATTRIBUTE.findall(tag.group(2))}
        if tag.group(1) == b"row" and "r" in numbers:
            rows.add(numbers["r"])
        elif tag.group(1) == b"col" and "min" in numbers:
            columns.update(range(numbers["min"] - 1, numbers.get("max", numbers["min"])))
    return frozenset(rows), frozenset(columns)


def _check_archive(path: Path) -> None:
    """Refuse, from the archive's directory alone, a workbook that would unpack to too much."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable archive: openpyxl says so in its own words
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED:
        raise _too_big(path, f"il occupe {_megabytes(unpacked)} une fois décompressé")
    for part in parts:
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise _too_big(
                path, f"sa partie « {part.filename} » passe de {_megabytes(part.compress_size)} à "
                f"{_megabytes(part.file_size)} une fois décompressée, ce qu’aucun tableau réel ne fait"
            )  # fmt: skip


def _bounded_rows(path: Path, rows: Iterable[Sequence[Cell]]) -> list[list[Cell]]:
    """The rows without their trailing empty cells, refused once they hold too many cells."""
    kept: list[list[Cell]] = []
    seen = 0
    for row in rows:
        seen += len(row)
        if seen > MAX_CELLS:
            raise _too_big(path, f"il dépasse {_count(MAX_CELLS)} cellules dès sa ligne {_count(len(kept) + 1)}")
        end = len(row)
        while end and (row[end - 1] is None or row[end - 1] == ""):
            end -= 1
        kept.append(list(row[:end]))
    return kept


def _too_big(path: Path, why: str) -> UnreadableFile:
    return UnreadableFile(
        f"« {path.name} » est trop volumineux pour un registre d’adhérents : {why}. Copiez seulement le "
        "tableau des adhérents dans un nouveau classeur (ou enregistrez-le en CSV), puis réessayez."
    )


def _count(number: int) -> str:
    """« 5 000 000 », thousands with a narrow no-break space as the messages write them."""
    return f"{number:,}".replace(",", "\u202f")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} Mo".replace(".", ",")


@dataclass(frozen=True)
class Decoded:
    """A file's text, and the lines (numbered from 1) that were not in the encoding of the others."""

    text: str
    unreadable: frozenset[int] = frozenset()


_LINE_BREAK = re.compile(rb"(\r\n|\r|\n)")
# Lower-case letters French text is full of: read from the other legacy encoding, their bytes give
# capitals or symbols, so their count tells Windows-1252 from Mac Roman.
_FRENCH_LETTERS = set("àâäçéèêëîïôöùûüÿœæ")
_UTF8_BOM, _UTF16_BOMS = b"\xef\xbb\xbf", (b"\xff\xfe", b"\xfe\xff")


def decode(raw: bytes) -> str:
    """The text of a file, whatever encoding Excel, LibreOffice or a Mac wrote it in (see ``decode_lines``)."""
    return decode_lines(raw).text


def decode_lines(raw: bytes) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1252 or Mac Roman — whichever gives
    French letters. A UTF-8 file with a few lines in another encoding (rows pasted from an older file)
    stays UTF-8: those lines are read in the legacy encoding and reported, not the whole file garbled."""
    if raw.startswith(_UTF16_BOMS):
        return Decoded(raw.decode("utf-16", errors="replace"))
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        return Decoded(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    pieces = _LINE_BREAK.split(raw)  # lines at even indexes, their line breaks between them
    lines = [_utf8(line) for line in pieces[::2]]
    bad = [index for index, text in enumerate(lines) if text is None]
    legacy = _legacy_encoding(b"\n".join(pieces[2 * index] for index in bad))
    if not any(text and not text.isascii() for text in lines):  # no line proves UTF-8: all is legacy
        return Decoded(raw.decode(legacy, errors="replace"))
    texts = [
        pieces[2 * index].decode(legacy, errors="replace") if text is None else text for index, text in enumerate(lines)
    ]
    breaks = [line_break.decode("ascii") for line_break in pieces[1::2]]
    joined = "".join(text + line_break for text, line_break in zip(texts, [*breaks, ""], strict=True))
    return Decoded(joined, frozenset(index + 1 for index in bad))


def _utf8(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _legacy_encoding(sample: bytes) -> str:
    """Windows-1252 (Excel on Windows) unless Mac Roman (Excel on an older Mac) reads more French letters."""
    scores = {
        name: sum(c in _FRENCH_LETTERS for c in sample.decode(name, errors="replace"))
        for name in ("cp1252", "mac_roman")
    }
    return "mac_roman" if scores["mac_roman"] > scores["cp1252"] else "cp1252"


def _read_csv(path: Path) -> Sheet:
    try:
        if path.stat().st_size > MAX_UNPACKED:
            raise _too_big(path, f"il occupe {_megabytes(path.stat().st_size)}")
        raw = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"« {path.name} » ne peut pas être lu ({file_reason(error)}).") from error
    if _binary(raw[:4096]) and not raw.startswith(_UTF16_BOMS):
        raise UnreadableFile(f"« {path.name} » n’est pas un fichier texte CSV.")
    decoded = decode_lines(raw)
    unreadable: set[int] = set()

    def records() -> Iterator[list[str]]:
        """The CSV records, noting those that span a line read in another encoding."""
        line = 0
        for number, row in enumerate(reader, start=1):
            if not decoded.unreadable.isdisjoint(range(line + 1, reader.line_num + 1)):
                unreadable.add(number)
            line = reader.line_num
            yield row

    try:
        delimiter = _delimiter("\n".join(decoded.text.splitlines()[: HEADER_SEARCH_ROWS * 2]))
        reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
        rows = _bounded_rows(path, records())
    except csv.Error as error:
        raise UnreadableFile(f"« {path.name} » n’est pas un fichier CSV lisible ({error}).") from error
    return Sheet(rows, frozenset(unreadable))


def _binary(sample: bytes) -> bool:
    """Many NUL bytes make a binary file (a renamed .xls); a stray one in a text is only a bad character."""
    return sample.count(b"\x00") > max(8, len(sample) // 100)


def _delimiter(sample: str) -> str:
    """The separator that splits the most lines into the same number (above one) of fields."""

    def score(candidate: str) -> tuple[int, int]:
        widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=candidate) if any(row)]
        common = max(set(widths), key=widths.count, default=1)
        return (widths.count(common) if common > 1 else 0, common)

    return max(";,\t|", key=score)


def find_table(sheet: Sheet, is_header: Callable[[list[Cell]], bool], name: str, hidden: bool = False) -> Table:
    """The first row among the top ones that ``is_header`` accepts, and the non-empty rows below it.

    Left out and noted in the table: total and subtotal rows, a header repeated inside the table,
    whatever follows a second table's header (with the title lines just above it) and, unless
    ``hidden``, the rows and columns the workbook hides."""
    rows = sheet.rows
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if is_header(row):
            return _table_below(sheet, index, is_header, hidden)
    raise UnreadableFile(
        f"Aucune ligne d’en-tête reconnue dans « {name} » : la première ligne du tableau doit nommer les colonnes "
        "(Nom, Prénom, Profession, RPPS, Email…)."
    )


def _table_below(sheet: Sheet, index: int, is_header: Callable[[list[Cell]], bool], hidden: bool) -> Table:
    """The table whose header is row ``index`` (from 0); see ``find_table``.

    A second table starts after an empty row (its header first, or under a title line or two): only
    those rows are offered to ``is_header``, which is too slow to ask of 100,000 rows."""
    original = [cell_text(c) for c in sheet.rows[index]]
    headers = list(original)
    masked = () if hidden else tuple(sorted(i for i in sheet.hidden_columns if i < len(headers)))
    hidden_headers = tuple(headers[i] or _column_letter(i) for i in masked)
    for i in masked:
        headers[i] = ""
    body: list[tuple[int, list[Cell]]] = []
    hidden_rows: list[int] = []
    since_blank: list[int] | None = None  # rows since the last empty one (None: none met yet)
    next_table: tuple[int, int] | None = None
    for number, r in enumerate(sheet.rows[index + 1 :], start=index + 2):
        if not any(cell_text(c) for c in r):
            since_blank = []
            continue
        if not hidden and number in sheet.hidden_rows:
            hidden_rows.append(number)
            continue
        if len(r) == len(original) and cell_text(r[0]) == original[0] and [cell_text(c) for c in r] == original:
            continue  # the header repeated (printed on each page)
        if since_blank is not None and len(since_blank) <= 2 and is_header(r):
            body = [b for b in body if b[0] not in since_blank]  # the second table's title lines
            rest = sum(1 for other in sheet.rows[number:] if any(cell_text(c) for c in other))
            next_table = (number, rest)
            break
        if since_blank is not None:
            since_blank.append(number)
        body.append((number, list(r) + [None] * (len(headers) - len(r))))
    body, totals = split_totals(body)
    first = index + 1
    unreadable = frozenset(n for n in sheet.unreadable if n > first)
    return Table(headers, first, body, unreadable, tuple(hidden_rows), hidden_headers, totals, next_table)


_TOTAL_WORDS = re.compile(
    r"^(sous[ -]?)?(total|totaux)\b"  # « Total », « TOTAL : 10 adhérents », « Sous-total », « Total général »
    r"|^(somme|nombre|moyenne|effectif)s?\b([^:]*:\s*[\d\s.,]*$|\s*(total|general)?\s*$)"  # « Nombre d’adhérents : 10 »
)


def is_total_row(cells: Sequence[Cell]) -> bool:
    """« Total », « Total général », « Sous-total », « TOTAL : 10 adhérents » in its first filled cell."""
    for cell in cells:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if not isinstance(cell, str):
            return False  # a number or a date first: no word of a total
        first = cell.lstrip()[:1]
        return first in _TOTAL_INITIALS and bool(_TOTAL_WORDS.match(search_key(cell[:60])))
    return False


_TOTAL_INITIALS = frozenset("tTsSnNmMeE")  # total, sous-total, somme, nombre, moyenne, effectif


def _numbers_only(cells: Sequence[Cell]) -> bool:
    """A row of counts or sums: every filled cell a number, no word (no member is only numbers)."""
    texts = [cell_text(c) for c in cells if cell_text(c)]
    return bool(texts) and all(_NUMBER.fullmatch(t) for t in texts)


_NUMBER = re.compile(r"[-+]?[\d\s\u202f\u00a0]*[\d]([.,]\d+)?\s*(€|%)?")


def split_totals(body: list[tuple[int, list[Cell]]]) -> tuple[list[tuple[int, list[Cell]]], tuple[int, ...]]:
    """The data rows, and the numbers of the total rows: those saying « Total » anywhere (subtotals sit
    between groups), and the rows of numbers only under the last row of data."""
    kept = [(n, r) for n, r in body if not is_total_row(r)]
    while kept and _numbers_only(kept[-1][1]):
        kept.pop()
    numbers = {n for n, _ in kept}
    return kept, tuple(n for n, _ in body if n not in numbers)


def _column_letter(index: int) -> str:
    """« A », « B »… « AA »: how Excel names the column at ``index`` (from 0)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"colonne {letters}"


def cell_text(value: Cell) -> str:
    """A cell as text: integers without « .0 », dates as « 20/03/2027 », spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return format_date_short(value)
    if isinstance(value, date):
        return format_date_short(value)
    text = " ".join(str(value).split())
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]  # written as text by our export, to keep spreadsheets from running it
    return text


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook (empty for a CSV or an unreadable file: the preview will say why)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return []
    try:
        _check_archive(path)
        workbook = _open_workbook(path)
    except UnreadableFile:
        return []
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()
