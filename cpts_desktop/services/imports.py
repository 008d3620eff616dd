"""Importing the members' spreadsheet a CPTS already keeps (XLSX or CSV).

Each row is validated by the same rules as the form; a bad row is rejected with its row number (as in
the file), column, value and reason, and the good rows are imported. The whole import is one
transaction: strict mode, a dry run, a cancel or a crash leave the database as it was.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.collector import collector_paused
from cpts_desktop.config import resource
from cpts_desktop.domain.enums import MemberKind, StructureType
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.identifiers import is_valid_finess, luhn_is_valid
from cpts_desktop.domain.members import (
    FIELD_LABELS,
    InvalidMember,
    MemberData,
    clean_member,
    parse_civility,
    parse_practice_mode,
    parse_status,
)
from cpts_desktop.domain.names import leading_civility_and_title, split_name, title_of
from cpts_desktop.domain.professions import ProfessionMatcher
from cpts_desktop.domain.text import control_characters, search_key, strip_controls
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.services.errors import DuplicateMember
from cpts_desktop.services.exports import write_csv_table
from cpts_desktop.services.members import (
    DuplicateIndex,
    commune_ids,
    duplicate_keys,
    insert_checked,
    profession_matcher,
    save_existing,
)
from cpts_desktop.services.spreadsheets import (
    Cell,
    Table,
    UnreadableFile,
    cell_text,
    find_table,
    read_sheet,
    sheet_names,
)
from cpts_desktop.services.tool_exports import (
    PAYMENT_FIELDS,
    OrderLine,
    Payments,
    ValueNotes,
    header_score,
    match_columns,
    order_line,
    payments_sentence,
    preview_notes,
    surname_first,
)
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import College, Member

ON_DUPLICATE = ("update", "skip")
_DATE_FIELDS = ("date_adhesion", "date_sortie", "rgpd_consentement")


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", search_key(text).replace("n°", "n"))


@functools.cache
def _column_synonyms() -> dict[str, str]:
    index: dict[str, str] = {}
    with resource("import_columns.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for name, synonyms in reader:
            for synonym in synonyms.split("|"):
                index.setdefault(header_key(synonym), name)
    return index


IMPORT_FIELDS = {
    "nom_complet": "Nom et prénom",
    "raison_sociale": "Raison sociale",
    "profession": "Profession",
    "college": "Collège",
    **{k: v for k, v in FIELD_LABELS.items() if k not in ("kind", "profession_code", "college_id", "representant_id")},
    **PAYMENT_FIELDS,
}


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    # Values imported once corrected (invisible characters removed): the row went in, the user may check it.
    corrected: list[Rejection] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    # Value columns read in part or not at all (another tool's statuses…), one sentence each.
    value_notes: list[str] = field(default_factory=list)
    payments_created: int = 0
    colleges_created: list[str] = field(default_factory=list)
    dry_run: bool = False
    # What the file holds but the import left out on purpose, each said in ``notes``.
    sheet: str | None = None
    sheets_left: list[tuple[str, int | None]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[str] = field(default_factory=list)
    next_table: tuple[int, int] | None = None

    def notes(self) -> list[str]:
        """The French lines that say what was read and what was left (the wizard and the CLI show them)."""
        notes = left_out_notes(self.sheet, self.sheets_left, self.totals, self.hidden_rows, self.hidden_columns,
                               self.next_table)  # fmt: skip
        paid = payments_sentence(self.payments_created)
        return [*notes, *self.value_notes, *([paid] if paid else [])]

    def as_json(self) -> dict[str, object]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": [r.__dict__ for r in self.rejected],
            "corrected": [r.__dict__ for r in self.corrected],
            "unknown_columns": self.unknown_columns,
            "dry_run": self.dry_run,
            "value_notes": self.value_notes,
            "payments_created": self.payments_created,
            "sheet": self.sheet,
            "sheets_left": [{"name": name, "rows": rows} for name, rows in self.sheets_left],
            "totals": self.totals,
            "hidden_rows": self.hidden_rows,
            "hidden_columns": self.hidden_columns,
            "notes": self.notes(),
        }


def _rows_list(numbers: list[int]) -> str:
    """« 5 », « 5 et 8 », « 5, 8 et 12 »; beyond ten, the first ones and how many more."""
    shown = [str(n) for n in numbers[:10]]
    if len(numbers) > 10:
        return f"{', '.join(shown)}… ({len(numbers)} en tout)"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} et {shown[-1]}"


def _lines(count: int | None) -> str:
    return "" if count is None else f" ({count} ligne{'s' if count > 1 else ''})"


def left_out_notes(
    sheet: str | None,
    sheets_left: list[tuple[str, int | None]],
    totals: list[int],
    hidden_rows: list[int],
    hidden_columns: list[str],
    next_table: tuple[int, int] | None,
) -> list[str]:
    """« Feuille lue : Adhérents ; laissée : Paiements (120 lignes) », « Ligne 23 : total, non importée »…"""
    notes: list[str] = []
    if sheet and sheets_left:
        left = ", ".join(f"{name}{_lines(rows)}" for name, rows in sheets_left)
        notes.append(f"Feuille lue : {sheet} ; {'laissées' if len(sheets_left) > 1 else 'laissée'} : {left}.")
    if totals:
        plural = len(totals) > 1
        notes.append(
            f"{'Lignes' if plural else 'Ligne'} {_rows_list(totals)} : "
            f"{'totaux, non importées' if plural else 'total, non importée'}."
        )
    if hidden_rows:
        plural = len(hidden_rows) > 1
        notes.append(
            f"{'Lignes' if plural else 'Ligne'} {_rows_list(hidden_rows)} : "
            f"{'masquées' if plural else 'masquée'} dans le classeur, non "
            f"{'importées' if plural else 'importée'}."
        )
    if hidden_columns:
        names = ", ".join(f"« {name} »" for name in hidden_columns)
        what = "Colonnes masquées" if len(hidden_columns) > 1 else "Colonne masquée"
        notes.append(
            f"{what} dans le classeur, non {'importées' if len(hidden_columns) > 1 else 'importée'} : {names}."
        )
    if next_table:
        row, count = next_table
        notes.append(f"Second tableau à partir de la ligne {row}{_lines(count)} : non importé.")
    return notes


REJECTION_HEADERS = ("Ligne", "Colonne", "Valeur", "Motif")


def write_rejections(report: ImportReport, path: Path) -> None:
    """The refused rows, then the values corrected on import, as a CSV the secretary opens in Excel
    (UTF-8 with BOM, « ; »).

    The values come from the imported file: a « =HYPERLINK(…) » is written as text, like in exports,
    and the report appears complete or not at all."""
    rows = [[r.row, r.column, r.value, r.reason] for r in report.rejected]
    rows += [[r.row, r.column, r.value, f"Importée après correction : {r.reason}"] for r in report.corrected]
    write_csv_table(path, list(REJECTION_HEADERS), rows)


class ImportAborted(CptsError):
    """Strict mode met a bad row: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            f"Import annulé : {len(report.rejected)} erreur(s) dans le fichier, aucune ligne n’a été enregistrée."
        )
        self.report = report


class ImportCancelled(CptsError):
    def __init__(self) -> None:
        super().__init__("Import interrompu : aucune ligne n’a été enregistrée.")


@dataclass(frozen=True)
class ImportOptions:
    sheet: str | None = None
    strict: bool = False
    on_duplicate: str = "update"
    dry_run: bool = False
    # Column index → field as the user set them in the wizard (replacing the recognised ones); None: automatic.
    mapping: dict[int, str] | None = None
    # Import the rows and columns the workbook hides too (left out and reported by default).
    hidden: bool = False


@dataclass(frozen=True)
class Preview:
    """What the wizard shows before importing: the columns found and what each one will fill."""

    table: Table
    columns: dict[int, str]
    unknown: list[str]
    sheet: str | None = None
    sheets_left: tuple[tuple[str, int | None], ...] = ()
    whole: bool = True  # False: ``table`` holds the first rows of a file too big to read before importing

    def notes(self) -> list[str]:
        """What the import will leave out, said before it runs."""
        table = self.table
        notes = left_out_notes(self.sheet, list(self.sheets_left), list(table.totals), list(table.hidden_rows),
                               list(table.hidden_columns), table.next_table)  # fmt: skip
        return [*notes, *preview_notes(table.headers, table.rows, self.columns)]


def detect_columns(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Recognised columns (index → field, the surest first) and the headers left unrecognised."""
    return match_columns(headers, _column_synonyms())


def column_of(header: str, synonyms: dict[str, str]) -> str | None:
    """The field a header names (``tool_exports.header_score``); short names such as « Nom » must match
    exactly (« Nombre de… » is no name)."""
    found = header_score(header, synonyms)
    return found[0] if found else None


def _looks_like_header(row: list[Cell]) -> bool:
    synonyms = _column_synonyms()
    found = {column_of(cell_text(c), synonyms) for c in row if cell_text(c)} - {None}
    return len(found) >= 2 and bool(found & {"nom", "nom_complet", "raison_sociale", "email", "rpps", "finess"})


def preview(path: Path, sheet: str | None = None, hidden: bool = False) -> Preview:
    """The table of ``sheet``; without one, of the first sheet that has a header row (often the first).
    Unless ``hidden``, the rows and columns the workbook hides are left out (and said)."""
    from cpts_desktop.services import annuaire  # the extract reads itself (it imports this module)

    if annuaire.looks_like_annuaire(path):
        return annuaire.preview(path, sheet)
    return _register_preview(path, sheet, hidden)


def _register_preview(path: Path, sheet: str | None, hidden: bool) -> Preview:
    """``preview`` of a file already known not to be the extract (the import asks once, not twice: each
    question opens the workbook)."""
    first_error: UnreadableFile | None = None
    for name in _sheets_to_try(path, sheet):
        try:
            read = read_sheet(path, name)
            table = find_table(read, _looks_like_header, path.name, hidden)
        except UnreadableFile as error:
            first_error = first_error or error
            continue
        columns, unknown = detect_columns(table.headers)
        left = tuple((n, rows) for n, rows in read.other_sheets if rows is None or rows > 1)
        return Preview(_counts_left_out(table, columns), columns, unknown, name or read.name, left)
    raise first_error or UnreadableFile(f"« {path.name} » est vide.")


_NAME_FIELDS = frozenset({"nom", "nom_complet", "raison_sociale", "prenom"})
_COUNT = re.compile(r"[\d\s\u202f\u00a0.,]*\d[\d\s\u202f\u00a0.,]*")


def _counts_left_out(table: Table, columns: dict[int, str]) -> Table:
    """The table without the rows that hold a number where the name goes (« 10 » under « Nom », a count
    under the list): such a row is a total, not a member."""
    names = [index for index, name in columns.items() if name in _NAME_FIELDS]
    if not names:
        return table

    def is_count(cells: list[Cell]) -> bool:
        texts = [cell_text(cells[i]) for i in names if i < len(cells)]
        return any(texts) and all(_COUNT.fullmatch(t) for t in texts if t)

    counts = [number for number, cells in table.rows if is_count(cells)]
    if not counts:
        return table
    counted = set(counts)
    kept = [(number, cells) for number, cells in table.rows if number not in counted]
    return replace(table, rows=kept, totals=tuple(sorted({*table.totals, *counts})))


def _sheets_to_try(path: Path, sheet: str | None) -> Iterator[str | None]:
    """The sheet named, else the first one, then (only if needed: opening a workbook is slow) the others."""
    yield sheet
    if sheet is None:
        yield from sheet_names(path)[1:]


class _RowError(Exception):
    def __init__(self, rejections: list[Rejection]) -> None:
        self.rejections = rejections


FLUSH_EVERY = 1000  # rows sent to the database together (a few statements instead of one per row)


class _RowReader:
    """Turns one row of the file into ``MemberData``, or the list of what is wrong with it."""

    def __init__(self, session: Session, headers: list[str], columns: dict[int, str], report: ImportReport) -> None:
        self.session = session
        self.headers = headers
        self.columns = columns
        self.report = report
        self.matcher: ProfessionMatcher = profession_matcher()
        self.colleges = {search_key(c.nom): c for c in session.scalars(select(College))}
        self.values = ValueNotes()
        # The paid order of the row read last (an online platform's export), or None.
        self.order: OrderLine | None = None
        full_name = next((headers[i] for i, n in columns.items() if n == "nom_complet" and i < len(headers)), "")
        self.full_name_first_is_surname = not header_key(full_name).startswith("prenom")

    def read(self, number: int, cells: list[Cell]) -> MemberData:
        raw, also = self._cells(cells)
        text = {name: self._visible(number, name, cell_text(value)) for name, value in raw.items()}
        errors: list[Rejection] = []

        def reject(name: str, reason: str) -> None:
            errors.append(Rejection(number, self._header(name), text.get(name, ""), reason))

        if text.get("nom_complet") and not text.get("nom"):
            if self.matcher.structure_in_name(text["nom_complet"]):
                text["nom"] = text["nom_complet"]
            else:
                parts = split_name(
                    text["nom_complet"], surname_first(text["nom_complet"], self.full_name_first_is_surname)
                )
                text["nom"], text["prenom"] = parts.nom, parts.prenom or ""
                text.setdefault("civilite", parts.civilite.value if parts.civilite else "")
                text.setdefault("titre", parts.titre or "")
        _title_apart(text)
        for name, padded, what in _padded(text):
            text[name] = padded
            self.report.corrected.append(Rejection(number, self._header(name), padded, what))
        values: dict[str, Any] = {}  # MemberData's fields, each of its own type
        kind = self._kind(text, values, reject)
        if kind is MemberKind.STRUCTURE:
            values["nom"] = text.get("raison_sociale") or " ".join(
                p for p in (text.get("nom"), text.get("prenom")) if p
            )
        else:
            values["nom"], values["prenom"] = text.get("nom", ""), text.get("prenom")
        for name in ("specialite", "rpps", "adeli", "finess", "siret", "structure_exercice", "adresse", "code_postal"):
            if text.get(name):
                values.setdefault(name, text[name])
        for name in ("commune", "notes"):
            if text.get(name):
                values[name] = text[name]
        extras = []
        for name in ("email", "telephone"):
            if text.get(name):
                values[name], others = first_of_several(text[name])
                extras += [f"{FIELD_LABELS[name]} : {other}" for other in others]
        extras += also
        if extras:
            values["notes"] = "\n".join(p for p in (values.get("notes"), *extras) if p)
        for name in _DATE_FIELDS:
            if text.get(name):
                try:
                    values[name] = import_date(raw[name], FIELD_LABELS[name])
                except ValidationError as error:
                    reject(name, error.message)
        self._parse(text, values, "statut", parse_status)
        self._parse(text, values, "mode_exercice", parse_practice_mode)
        if text.get("civilite"):
            values["civilite"] = parse_civility(text["civilite"])
        if text.get("titre"):
            values["titre"] = text["titre"]
        if text.get("college"):
            values["college_id"] = self._college(text["college"])
        data = MemberData(kind=kind, nom=str(values.pop("nom", "") or ""), **values)
        try:
            data = clean_member(data)
        except InvalidMember as invalid:
            for problem in invalid.errors:
                column = "raison_sociale" if problem.field == "nom" and kind is MemberKind.STRUCTURE else problem.field
                reject(column, problem.message)
        self.order = self._order(number, text, raw)
        if errors:
            raise _RowError(errors)
        return data

    def _cells(self, cells: list[Cell]) -> tuple[dict[str, Cell], list[str]]:
        """Each field's cell, from its surest column that is filled; a telephone or email also given in
        another column of the member's is kept for the notes (« Tél portable : 06… »)."""
        raw: dict[str, Cell] = {}
        also: list[str] = []
        for index, name in self.columns.items():
            if index >= len(cells):
                continue
            if name not in raw or not cell_text(raw[name]).strip():
                raw[name] = cells[index]
            elif cell_text(cells[index]).strip() and index < len(self.headers):
                also.append(f"{self.headers[index]} : {cell_text(cells[index]).strip()}")
        return raw, also

    def _order(self, number: int, text: dict[str, str], raw: dict[str, Cell]) -> OrderLine | None:
        """The row's paid order; one that cannot be read is said in the report (the member is imported)."""
        found = order_line(number, text, dict(raw))
        if isinstance(found, ValidationError):
            self.report.value_notes.append(f"Ligne {number} : paiement non enregistré, {found.message}")
            return None
        return found

    def _kind(self, text: dict[str, str], values: dict[str, Any], reject: Callable[[str, str], None]) -> MemberKind:
        """A structure when the row says so: a raison sociale, a structure type or profession, a FINESS, or a
        name such as « Pharmacie du Marché » with no first name."""
        structure: StructureType | None = None
        if text.get("structure_type"):
            found = self.matcher.match(text["structure_type"])
            if found and found.structure_type:
                structure = found.structure_type
            else:
                reject("structure_type", f"Type de structure : « {text['structure_type']} » inconnu.")
        if text.get("profession"):
            found = self.matcher.match(text["profession"])
            if found is None:
                reject("profession", f"Profession : « {text['profession']} » inconnue.")
            elif found.structure_type:
                structure = structure or found.structure_type
            else:
                values["profession_code"] = found.code
                values["specialite"] = text.get("specialite") or found.specialite
        no_first_name = not text.get("prenom") and "profession_code" not in values
        if structure is None and no_first_name and text.get("nom"):
            structure = self.matcher.structure_in_name(text["nom"])
        if structure is None and no_first_name and (text.get("raison_sociale") or text.get("finess")):
            structure = self.matcher.structure_in_name(text.get("raison_sociale") or "") or StructureType.OTHER
        if structure is None:
            return MemberKind.PERSON
        values["structure_type"] = structure
        values.pop("profession_code", None)
        values.pop("specialite", None)
        return MemberKind.STRUCTURE

    def _parse(self, text: dict[str, str], values: dict[str, Any], name: str, parser: Callable[[str], object]) -> None:
        """A value of another tool the application does not know (« Membre bienfaiteur » is known, a
        made-up status is not) leaves the field as it is and is said once for its column."""
        if not text.get(name):
            return
        column = self._header(name)
        try:
            values[name] = parser(text[name])
        except ValidationError:
            self.values.unknown(column, text[name])
            return
        self.values.known(column, text[name], status_field=name == "statut")

    def _college(self, name: str) -> int:
        """The collège of that name, created when the file names one the association does not have yet."""
        key = search_key(name)
        college = self.colleges.get(key)
        if college is None:
            college = College(nom=" ".join(name.split()), ordre=len(self.colleges) + 1)
            self.session.add(college)
            self.session.flush()
            self.colleges[key] = college
            self.report.colleges_created.append(college.nom)
        return college.id

    def _visible(self, number: int, name: str, text: str) -> str:
        """The cell without invisible control characters, each removal noted in the report (a printable
        text has none: most cells are told so without the search)."""
        if text.isprintable():
            return text
        found = control_characters(text)
        if not found:
            return text
        cleaned = strip_controls(text)
        what = "caractère invisible retiré" if len(found) == 1 else "caractères invisibles retirés"
        self.report.corrected.append(Rejection(number, self._header(name), cleaned, f"{what} ({', '.join(found)})."))
        return cleaned

    def _header(self, name: str) -> str:
        """The column's title as written in the file, else the field's French name."""
        for index, field_name in self.columns.items():
            if field_name == name and index < len(self.headers):
                return self.headers[index]
        if name == "raison_sociale" and "nom" in self.columns.values():
            return self._header("nom")
        return IMPORT_FIELDS.get(name, name)


def split_full_name(text: str, surname_first: bool) -> tuple[str, str | None]:
    """« DUPONT Jean-Marc » or « Jean-Marc DUPONT »: capitals mark the surname; else the column's order;
    particles stay with the nom (« de la Fontaine Marie »); civilité and title are left out."""
    parts = split_name(text, surname_first)
    return parts.nom, parts.prenom


def _title_apart(text: dict[str, str]) -> None:
    """A title typed in the civilité column (« Dr ») or before a name (« Dr Paul ») goes to ``titre``;
    a civilité before the name (« Mme Anne ») to ``civilite``."""
    if text.get("civilite") and title_of(text["civilite"]):
        text["titre"] = text.get("titre") or title_of(text["civilite"]) or ""
        text["civilite"] = ""
    if text.get("titre") and parse_civility(text["titre"]):  # « Titre : Mme », as some files say
        text["civilite"] = text.get("civilite") or text["titre"]
        text["titre"] = ""
    for name in ("prenom", "nom"):
        words = text.get(name, "").split()
        civility, title, rest = leading_civility_and_title(words)
        if len(rest) < len(words):
            text[name] = " ".join(rest)
            text["titre"] = text.get("titre") or title or ""
            text["civilite"] = text.get("civilite") or (civility.value if civility else "")


def _padded(text: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """Identifiers a spreadsheet stored as numbers, losing their leading zero: (field, padded value, note)
    when the padded value checks (its key, or for ADELI its length)."""
    checks: dict[str, tuple[tuple[int, ...], Callable[[str], bool]]] = {
        "finess": ((8,), is_valid_finess),
        "siret": ((13, 8), luhn_is_valid),
        "adeli": ((8,), str.isdigit),
    }
    for name, (lengths, valid) in checks.items():
        value = re.sub(r"[\s.]", "", text.get(name, ""))
        if value.isdigit() and len(value) in lengths and valid("0" + value):
            yield name, "0" + value, f"{FIELD_LABELS[name]} complété d’un 0 initial."


def first_of_several(text: str) -> tuple[str, list[str]]:
    """« a@x.fr ; b@y.fr » or « 06… / 03… »: the first value is used, the others are kept in the notes."""
    parts = [p.strip() for p in re.split(r"\s*(?:;|/|\||\bou\b|\bet\b|,(?=\s*\S+@)|\n)\s*", text) if p.strip()]
    return (parts[0], parts[1:]) if parts else (text, [])


def import_date(value: Cell, field: str) -> date:
    """A date as ``clean_date`` reads it; a year alone (« 2021 ») means the 1st of January of that year."""
    text = str(value).strip()
    if isinstance(value, int | float | str) and text.isdigit() and len(text) == 4:
        return clean_date(f"01/01/{text}", field)
    return clean_date(value, field)


UNREADABLE_ROW = (
    "Ligne illisible : encodage différent du reste du fichier (UTF-8). Corrigez-la, ou enregistrez le "
    "fichier en « CSV UTF-8 », puis importez-la à nouveau."
)


def _unreadable(number: int, cells: list[Cell]) -> Rejection:
    """The rejection of a row whose bytes were not in the file's encoding (shown as best read)."""
    shown = " ; ".join(text for text in (strip_controls(cell_text(c)) for c in cells) if text)
    return Rejection(number, "", shown if len(shown) <= 60 else shown[:59] + "…", UNREADABLE_ROW)


def _merge(existing: Member, data: MemberData) -> MemberData:
    """The existing member completed by what the file says; blank cells never erase what is known."""
    current = {name: getattr(existing, name) for name in MemberData.__dataclass_fields__}
    incoming = {name: value for name, value in data.__dict__.items() if value not in (None, "")}
    incoming.pop("kind", None)
    return replace(MemberData(**current), **incoming)


def _same(existing: Member, data: MemberData) -> bool:
    return all(getattr(existing, name) == value for name, value in data.__dict__.items())


def import_members(
    database: Database,
    path: Path,
    options: ImportOptions | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> ImportReport:
    """Import the members of ``path``; ``progress(done, total)`` returning False cancels everything."""
    options = options or ImportOptions()
    if options.on_duplicate not in ON_DUPLICATE:
        raise CptsError(f"Option de doublon inconnue : « {options.on_duplicate} » (update ou skip).")
    with collector_paused():
        return _import(database, path, options, progress)


def _import(
    database: Database, path: Path, options: ImportOptions, progress: Callable[[int, int], bool] | None
) -> ImportReport:
    from cpts_desktop.services import annuaire

    if annuaire.looks_like_annuaire(path):
        return annuaire.import_annuaire(database, path, options, progress)
    found = _register_preview(path, options.sheet, options.hidden)
    columns = dict(options.mapping) if options.mapping is not None else dict(found.columns)
    unknown = [h for i, h in enumerate(found.table.headers) if h and i not in columns]
    if not {"nom", "nom_complet", "raison_sociale"} & set(columns.values()):
        raise UnreadableFile(f"« {path.name} » n’a pas de colonne « Nom » ni « Raison sociale ».")
    table = found.table
    report = ImportReport(
        unknown_columns=unknown,
        dry_run=options.dry_run,
        sheet=found.sheet,
        sheets_left=list(found.sheets_left),
        totals=list(table.totals),
        hidden_rows=list(table.hidden_rows),
        hidden_columns=list(table.hidden_columns),
        next_table=table.next_table,
    )
    total = len(found.table.rows)
    with database.sessions() as session, session.begin():
        reader = _RowReader(session, found.table.headers, columns, report)
        index = DuplicateIndex(session)
        store = _Store(session, index, options, report)
        payments = Payments()
        for done, (number, cells) in enumerate(found.table.rows, start=1):
            if progress is not None and progress(done - 1, total) is False:
                raise ImportCancelled()
            if number in found.table.unreadable:
                report.rejected.append(_unreadable(number, cells))
                continue
            try:
                data = reader.read(number, cells)
            except _RowError as error:
                report.rejected.extend(error.rejections)
                continue
            refused = len(report.rejected)
            store.row(data, number, another_order=reader.order is not None)
            if reader.order is not None and len(report.rejected) == refused:
                payments.add(index.find(data), reader.order)
        store.write()
        report.payments_created = payments.write(session)
        report.value_notes[:0] = reader.values.sentences()
        if progress is not None:
            progress(total, total)
        if options.strict and report.rejected:
            raise ImportAborted(report)
        if options.dry_run:
            session.rollback()
    return report


class _NewMember:
    """A row to be inserted: what the duplicate index points at until it has an id."""

    __slots__ = ("data", "id", "row")

    def __init__(self, data: MemberData, row: int) -> None:
        self.data, self.row = data, row
        self.id: int | None = None  # once inserted


class _Store:
    """Adds or merges the rows read, one transaction for the whole file; new members are inserted in
    batches (one statement each) rather than one by one."""

    def __init__(self, session: Session, index: DuplicateIndex, options: ImportOptions, report: ImportReport) -> None:
        self.session, self.index, self.options, self.report = session, index, options, report
        self.communes = commune_ids(session)
        self.pending: list[_NewMember] = []

    def row(self, data: MemberData, number: int, another_order: bool = False) -> None:
        """``another_order``: the row carries an order (HelloAsso): the same person on an earlier row
        of the file is a renewal or a second adhésion, not a duplicate; the order goes to that member."""
        keys = duplicate_keys(data)
        found = self.index.find(data, keys)
        report = self.report
        if found is None:
            new = _NewMember(data, number)
            self.pending.append(new)
            self.index.add(new, data, keys)
            report.created += 1
            if len(self.pending) >= FLUSH_EVERY:
                self.write()
            return
        if isinstance(found, _NewMember) and another_order:
            report.value_notes.append(f"Ligne {number} : {data.display_name}, déjà ligne {found.row}, autre commande.")
            report.unchanged += 1
            return
        if isinstance(found, _NewMember):
            message = f"Doublon de la ligne {found.row} du fichier."
            report.rejected.append(Rejection(number, "", data.display_name, message))
            return
        if self.options.on_duplicate == "skip":
            report.skipped += 1
            return
        existing = self.session.get_one(Member, found)  # indexed from this same transaction
        merged = _merge(existing, data)
        if _same(existing, merged):
            report.unchanged += 1
            return
        self.write()  # the duplicate check of an edit must see the members this file added
        try:
            save_existing(self.session, existing, merged)
        except (DuplicateMember, InvalidMember) as error:
            report.rejected.append(Rejection(number, "", data.display_name, error.message))
            return
        self.index.add(existing.id, merged)
        report.updated += 1

    def write(self) -> None:
        """Insert the pending new members (the index keeps pointing at their rows, for the messages)."""
        ids = insert_checked(
            self.session, [(n.data, self.communes.get((n.data.commune or "").lower())) for n in self.pending]
        )
        for new, member_id in zip(self.pending, ids, strict=True):
            new.id = member_id
        self.pending = []
