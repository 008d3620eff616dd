"""Importing the members' spreadsheet a CPTS already keeps (XLSX or CSV).

Each row is validated by the same rules as the form; a bad row is rejected with its row number (as in
the file), column, value and reason, and the good rows are imported. The whole import is one
transaction: strict mode, a dry run, a cancel or a crash leave the database as it was.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

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
from cpts_desktop.domain.text import search_key
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.services.errors import DuplicateMember
from cpts_desktop.services.members import find_duplicate, profession_matcher, save_existing, save_new
from cpts_desktop.services.spreadsheets import Cell, Table, UnreadableFile, cell_text, find_table, read_rows
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
            "unknown_columns": self.unknown_columns,
            "dry_run": self.dry_run,
        }


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
    # Column index → field, chosen by the user for columns the synonyms did not recognise.
    mapping: dict[int, str] | None = None


@dataclass(frozen=True)
class Preview:
    """What the wizard shows before importing: the columns found and what each one will fill."""

    table: Table
    columns: dict[int, str]
    unknown: list[str]


def detect_columns(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Recognised columns (index → field) and the headers left unrecognised."""
    synonyms = _column_synonyms()
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        name = synonyms.get(header_key(header)) if header else None
        if name and name not in columns.values():
            columns[index] = name
        elif header:
            unknown.append(header)
    return columns, unknown


def _looks_like_header(row: list[Cell]) -> bool:
    synonyms = _column_synonyms()
    found = {synonyms.get(header_key(cell_text(c))) for c in row} - {None}
    return len(found) >= 2 and bool(found & {"nom", "raison_sociale", "email", "rpps", "finess"})


def preview(path: Path, sheet: str | None = None) -> Preview:
    table = find_table(read_rows(path, sheet), _looks_like_header, path.name)
    columns, unknown = detect_columns(table.headers)
    return Preview(table, columns, unknown)


class _RowError(Exception):
    def __init__(self, rejections: list[Rejection]) -> None:
        self.rejections = rejections


class _RowReader:
    """Turns one row of the file into ``MemberData``, or the list of what is wrong with it."""

    def __init__(self, session: Session, headers: list[str], columns: dict[int, str], report: ImportReport) -> None:
        self.session = session
        self.headers = headers
        self.columns = columns
        self.report = report
        self.matcher: ProfessionMatcher = profession_matcher()
        self.colleges = {search_key(c.nom): c for c in session.scalars(select(College))}

    def read(self, number: int, cells: list[Cell]) -> MemberData:
        raw = {name: cells[index] for index, name in self.columns.items() if index < len(cells)}
        text = {name: cell_text(value) for name, value in raw.items()}
        errors: list[Rejection] = []

        def reject(name: str, reason: str) -> None:
            errors.append(Rejection(number, self._header(name), text.get(name, ""), reason))

        values: dict[str, object] = {}
        kind = MemberKind.PERSON
        if text.get("raison_sociale") and not text.get("nom"):
            kind = MemberKind.STRUCTURE
            values["nom"] = text["raison_sociale"]
        if text.get("structure_type"):
            found = self.matcher.match(text["structure_type"])
            if found and found.structure_type:
                kind, values["structure_type"] = MemberKind.STRUCTURE, found.structure_type
            else:
                reject("structure_type", f"Type de structure : « {text['structure_type']} » inconnu.")
        if text.get("profession"):
            found = self.matcher.match(text["profession"])
            if found is None:
                reject("profession", f"Profession : « {text['profession']} » inconnue.")
            elif found.structure_type:
                kind = MemberKind.STRUCTURE
                values.setdefault("structure_type", found.structure_type)
            else:
                values["profession_code"] = found.code
                values["specialite"] = text.get("specialite") or found.specialite
        if kind is MemberKind.STRUCTURE and not values.get("nom"):
            values["nom"] = text.get("raison_sociale") or " ".join(
                p for p in (text.get("nom"), text.get("prenom")) if p
            )
        for name in ("nom", "prenom", "specialite", "rpps", "adeli", "finess", "siret", "structure_exercice"):
            if (
                text.get(name)
                and name not in values
                and not (kind is MemberKind.STRUCTURE and name in ("nom", "prenom"))
            ):
                values[name] = text[name]
        for name in ("adresse", "code_postal", "commune", "telephone", "email", "notes"):
            if text.get(name):
                values[name] = text[name]
        for name in _DATE_FIELDS:
            if text.get(name):
                try:
                    values[name] = clean_date(raw[name], FIELD_LABELS[name])
                except ValidationError as error:
                    reject(name, error.message)
        self._parse(text, values, "statut", parse_status, reject)
        self._parse(text, values, "mode_exercice", parse_practice_mode, reject)
        if text.get("civilite"):
            values["civilite"] = parse_civility(text["civilite"])
        if text.get("college"):
            values["college_id"] = self._college(text["college"])
        if kind is MemberKind.STRUCTURE and values.get("structure_type") is None:
            values["structure_type"] = StructureType.OTHER
        data = MemberData(kind=kind, nom=str(values.pop("nom", "") or ""), **values)  # type: ignore[arg-type]
        try:
            data = clean_member(data)
        except InvalidMember as invalid:
            for error in invalid.errors:
                column = "raison_sociale" if error.field == "nom" and kind is MemberKind.STRUCTURE else error.field
                reject(column, error.message)
        if errors:
            raise _RowError(errors)
        return data

    @staticmethod
    def _parse(text: dict[str, str], values: dict[str, object], name: str, parser, reject) -> None:  # noqa: ANN001
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

    def _header(self, name: str) -> str:
        """The column's title as written in the file, else the field's French name."""
        for index, field_name in self.columns.items():
            if field_name == name and index < len(self.headers):
                return self.headers[index]
        if name == "raison_sociale" and "nom" in self.columns.values():
            return self._header("nom")
        return IMPORT_FIELDS.get(name, name)


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
    found = preview(path, options.sheet)
    columns = dict(found.columns)
    for index, name in (options.mapping or {}).items():
        columns = {i: n for i, n in columns.items() if n != name}
        columns[index] = name
    unknown = [h for i, h in enumerate(found.table.headers) if h and i not in columns]
    if not {"nom", "raison_sociale"} & set(columns.values()):
        raise UnreadableFile(f"« {path.name} » n’a pas de colonne « Nom » ni « Raison sociale ».")
    report = ImportReport(unknown_columns=unknown, dry_run=options.dry_run)
    total = len(found.table.rows)
    with database.sessions() as session, session.begin():
        reader = _RowReader(session, found.table.headers, columns, report)
        created_by_row: dict[int, int] = {}
        for done, (number, cells) in enumerate(found.table.rows, start=1):
            if progress is not None and progress(done - 1, total) is False:
                raise ImportCancelled()
            try:
                data = reader.read(number, cells)
            except _RowError as error:
                report.rejected.extend(error.rejections)
                continue
            _store_row(session, data, number, options, report, created_by_row)
        if progress is not None:
            progress(total, total)
        if options.strict and report.rejected:
            raise ImportAborted(report)
        if options.dry_run:
            session.rollback()
    return report


def _store_row(
    session: Session,
    data: MemberData,
    number: int,
    options: ImportOptions,
    report: ImportReport,
    created_by_row: dict[int, int],
) -> None:
    existing = find_duplicate(session, data)
    if existing is None:
        member = save_new(session, data)
        created_by_row[member.id] = number
        report.created += 1
        return
    if existing.id in created_by_row:
        report.rejected.append(
            Rejection(number, "", data.display_name, f"Doublon de la ligne {created_by_row[existing.id]} du fichier.")
        )
        return
    if options.on_duplicate == "skip":
        report.skipped += 1
        return
    merged = _merge(existing, data)
    if _same(existing, merged):
        report.unchanged += 1
        return
    try:
        save_existing(session, existing, merged)
    except (DuplicateMember, InvalidMember) as error:
        report.rejected.append(Rejection(number, "", data.display_name, error.message))
        return
    report.updated += 1
