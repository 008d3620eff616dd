"""Importing the members' spreadsheet a CPTS already keeps (XLSX or CSV).

Each row is validated by the same rules as the form; a bad row is rejected with its row number (as in
the file), column, value and reason, and the good rows are imported. The whole import is one
transaction: strict mode, a dry run, a cancel or a crash leave the database as it was.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import MemberKind, StructureType
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.members import (
    FIELD_LABELS,
    InvalidMember,
    MemberData,
    clean_member,
    parse_civility,
    parse_practice_mode,
    parse_status,
)
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
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import College, Member

ON_DUPLICATE = ("update", "skip")
_DATE_FIELDS = ("date_adhesion", "date_sortie", "rgpd_consentement")


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", search_key(text).replace("n°", "n"))


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
    colleges_created: list[str] = field(default_factory=list)
    dry_run: bool = False

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
        }


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


@dataclass(frozen=True)
class Preview:
    """What the wizard shows before importing: the columns found and what each one will fill."""

    table: Table
    columns: dict[int, str]
    unknown: list[str]
    sheet: str | None = None


def detect_columns(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Recognised columns (index → field) and the headers left unrecognised."""
    synonyms = _column_synonyms()
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        name = column_of(header, synonyms) if header else None
        if name and name not in columns.values():
            columns[index] = name
        elif header:
            unknown.append(header)
    return columns, unknown


def column_of(header: str, synonyms: dict[str, str]) -> str | None:
    """The field a header names: exactly, or by its longest known beginning (« Téléphone fixe »,
    « Adresse mail pro »); short names such as « Nom » must match exactly (« Nombre de… » is no name)."""
    key = header_key(header)
    if key in synonyms:
        return synonyms[key]
    candidates = [known for known in synonyms if len(known) >= 5 and key.startswith(known)]
    return synonyms[max(candidates, key=len)] if candidates else None


def _looks_like_header(row: list[Cell]) -> bool:
    synonyms = _column_synonyms()
    found = {column_of(cell_text(c), synonyms) for c in row if cell_text(c)} - {None}
    return len(found) >= 2 and bool(found & {"nom", "nom_complet", "raison_sociale", "email", "rpps", "finess"})


def preview(path: Path, sheet: str | None = None) -> Preview:
    """The table of ``sheet``; without one, of the first sheet that has a header row (often the first)."""
    from cpts_desktop.services import annuaire  # the extract reads itself (it imports this module)

    if annuaire.looks_like_annuaire(path):
        return annuaire.preview(path, sheet)
    first_error: UnreadableFile | None = None
    for name in _sheets_to_try(path, sheet):
        try:
            table = find_table(read_sheet(path, name), _looks_like_header, path.name)
        except UnreadableFile as error:
            first_error = first_error or error
            continue
        columns, unknown = detect_columns(table.headers)
        return Preview(table, columns, unknown, name)
    raise first_error or UnreadableFile(f"« {path.name} » est vide.")


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
        full_name = next((headers[i] for i, n in columns.items() if n == "nom_complet" and i < len(headers)), "")
        self.full_name_first_is_surname = not header_key(full_name).startswith("prenom")

    def read(self, number: int, cells: list[Cell]) -> MemberData:
        raw = {name: cells[index] for index, name in self.columns.items() if index < len(cells)}
        text = {name: self._visible(number, name, cell_text(value)) for name, value in raw.items()}
        errors: list[Rejection] = []

        def reject(name: str, reason: str) -> None:
            errors.append(Rejection(number, self._header(name), text.get(name, ""), reason))

        if text.get("nom_complet") and not text.get("nom"):
            if self.matcher.structure_in_name(text["nom_complet"]):
                text["nom"] = text["nom_complet"]
            else:
                nom, prenom = split_full_name(text["nom_complet"], self.full_name_first_is_surname)
                text["nom"], text["prenom"] = nom, prenom or ""
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
        if extras:
            values["notes"] = "\n".join(p for p in (values.get("notes"), *extras) if p)
        for name in _DATE_FIELDS:
            if text.get(name):
                try:
                    values[name] = import_date(raw[name], FIELD_LABELS[name])
                except ValidationError as error:
                    reject(name, error.message)
        self._parse(text, values, "statut", parse_status, reject)
        self._parse(text, values, "mode_exercice", parse_practice_mode, reject)
        if text.get("civilite"):
            values["civilite"] = parse_civility(text["civilite"])
        if text.get("college"):
            values["college_id"] = self._college(text["college"])
        data = MemberData(kind=kind, nom=str(values.pop("nom", "") or ""), **values)
        try:
            data = clean_member(data)
        except InvalidMember as invalid:
            for problem in invalid.errors:
                column = "raison_sociale" if problem.field == "nom" and kind is MemberKind.STRUCTURE else problem.field
                reject(column, problem.message)
        if errors:
            raise _RowError(errors)
        return data

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

    @staticmethod
    def _parse(
        text: dict[str, str],
        values: dict[str, Any],
        name: str,
        parser: Callable[[str], object],
        reject: Callable[[str, str], None],
    ) -> None:
        if text.get(name):
            try:
                values[name] = parser(text[name])
            except ValidationError as error:
                reject(name, error.message)

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
        """The cell without invisible control characters, each removal noted in the report."""
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
    """« DUPONT Jean-Marc » or « Jean-Marc DUPONT »: capitals mark the surname; else the column's order."""
    words = text.split()
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if capitals and len(capitals) < len(words):
        return " ".join(capitals), " ".join(w for w in words if w not in capitals) or None
    if len(words) == 1:
        return words[0], None
    return (words[0], " ".join(words[1:])) if surname_first else (words[-1], " ".join(words[:-1]))


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
    from cpts_desktop.services import annuaire

    if annuaire.looks_like_annuaire(path):
        return annuaire.import_annuaire(database, path, options, progress)
    found = preview(path, options.sheet)
    columns = dict(options.mapping) if options.mapping is not None else dict(found.columns)
    unknown = [h for i, h in enumerate(found.table.headers) if h and i not in columns]
    if not {"nom", "nom_complet", "raison_sociale"} & set(columns.values()):
        raise UnreadableFile(f"« {path.name} » n’a pas de colonne « Nom » ni « Raison sociale ».")
    report = ImportReport(unknown_columns=unknown, dry_run=options.dry_run)
    total = len(found.table.rows)
    with database.sessions() as session, session.begin():
        reader = _RowReader(session, found.table.headers, columns, report)
        index = DuplicateIndex(session)
        store = _Store(session, index, options, report)
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
            store.row(data, number)
        store.write()
        if progress is not None:
            progress(total, total)
        if options.strict and report.rejected:
            raise ImportAborted(report)
        if options.dry_run:
            session.rollback()
    return report


class _NewMember:
    """A row to be inserted: what the duplicate index points at until it has an id."""

    __slots__ = ("data", "row")

    def __init__(self, data: MemberData, row: int) -> None:
        self.data, self.row = data, row


class _Store:
    """Adds or merges the rows read, one transaction for the whole file; new members are inserted in
    batches (one statement each) rather than one by one."""

    def __init__(self, session: Session, index: DuplicateIndex, options: ImportOptions, report: ImportReport) -> None:
        self.session, self.index, self.options, self.report = session, index, options, report
        self.communes = commune_ids(session)
        self.pending: list[_NewMember] = []

    def row(self, data: MemberData, number: int) -> None:
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
        insert_checked(
            self.session, [(n.data, self.communes.get((n.data.commune or "").lower())) for n in self.pending]
        )
        self.pending = []
