"""Exporting to XLSX or CSV: the register, with French headers the importer recognises so that
re-importing an export changes nothing, and any table (the treasurer's) through ``write_workbook``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from cpts_desktop.config import private_file
from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.text import strip_controls
from cpts_desktop.services.failures import file_reason
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import College, Member, Profession

COLUMNS = [
    ("civilite", "Civilité"),
    ("nom", "Nom"),
    ("prenom", "Prénom"),
    ("raison_sociale", "Raison sociale"),
    ("structure_type", "Type de structure"),
    ("profession", "Profession"),
    ("specialite", "Spécialité"),
    ("rpps", "RPPS"),
    ("adeli", "ADELI"),
    ("finess", "FINESS"),
    ("siret", "SIRET"),
    ("mode_exercice", "Mode d’exercice"),
    ("structure_exercice", "Structure d’exercice"),
    ("adresse", "Adresse"),
    ("code_postal", "Code postal"),
    ("commune", "Commune"),
    ("telephone", "Téléphone"),
    ("email", "Email"),
    ("college", "Collège"),
    ("date_adhesion", "Date d’adhésion"),
    ("date_sortie", "Date de sortie"),
    ("statut", "Statut"),
    ("rgpd_consentement", "Consentement RGPD"),
    ("notes", "Notes"),
]


def _values(member: Member, profession: str | None, college: str | None) -> list[object]:
    structure = member.kind is MemberKind.STRUCTURE
    row: dict[str, object] = {
        "civilite": member.civilite.value if member.civilite else None,
        "nom": None if structure else member.nom,
        "prenom": member.prenom,
        "raison_sociale": member.nom if structure else None,
        "structure_type": member.structure_type.label if member.structure_type else None,
        "profession": profession,
        "mode_exercice": member.mode_exercice.label if member.mode_exercice else None,
        "college": college,
        "statut": member.statut.label,
    }
    for name, _ in COLUMNS:
        if name not in row:
            row[name] = getattr(member, name)
    return [row[name] for name, _ in COLUMNS]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text as a spreadsheet may hold it: without the invisible control characters an .xlsx cannot
    hold (a base may keep some from before they were refused), and written as plain text when a
    spreadsheet would run it as a formula (« =HYPERLINK(…) »)."""
    if not isinstance(value, str):
        return value
    value = strip_controls(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def export_members(database: Database, path: Path, member_ids: Iterable[int] | None = None) -> int:
    """Write the members (all, or ``member_ids`` in that order) to ``path``; returns how many."""
    with database.sessions() as session:
        query = (
            select(Member, Profession.libelle, College.nom)
            .outerjoin(Profession, Profession.code == Member.profession_code)
            .outerjoin(College, College.id == Member.college_id)
            .order_by(Member.nom, Member.prenom)
        )
        rows = {m.id: _values(m, p, c) for m, p, c in session.execute(query)}
    order = list(member_ids) if member_ids is not None else list(rows)
    data = [rows[i] for i in order if i in rows]
    write_table(path, "Adhérents", [label for _, label in COLUMNS], data)
    return len(data)


def write_table(path: Path, title: str, headers: list[str], data: list[list[object]]) -> None:
    """One table to ``path`` (.xlsx sheet ``title`` or .csv), written under a temporary name then renamed."""
    write_workbook(path, {title: (headers, data)})


def write_workbook(path: Path, sheets: Mapping[str, tuple[list[str], Sequence[Sequence[object]]]]) -> list[Path]:
    """Tables to one .xlsx (a sheet each) or, for .csv, one file per table beside ``path`` when there are
    several (« F-Dépenses.csv »). Text cells are neutralised (``neutralise``)."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise CptsError(f"« {path.name} » : choisissez un fichier .xlsx ou .csv.")
    safe = {name: (headers, [[neutralise(v) for v in row] for row in rows]) for name, (headers, rows) in sheets.items()}
    files: dict[Path, Callable[[Path], object]]
    if suffix == ".xlsx":
        files = {path: lambda target: _write_xlsx(target, safe)}
    elif len(safe) == 1:
        ((headers, rows),) = safe.values()
        files = {path: lambda target: _write_csv(target, headers, rows)}
    else:
        files = {
            path.with_name(f"{path.stem}-{name}.csv"): partial(_write_csv, headers=headers, data=rows)
            for name, (headers, rows) in safe.items()
        }
    return publish(files, path)


def write_csv_table(path: Path, headers: list[str], data: list[list[object]]) -> Path:
    """One table as CSV whatever the name's extension (a report the user named), neutralised and
    written under a temporary name like every export."""
    rows = [[neutralise(v) for v in row] for row in data]
    publish({path: lambda target: _write_csv(target, headers, rows)}, path)
    return path


def publish(files: dict[Path, Callable[[Path], object]], shown: Path) -> list[Path]:
    """Write each file under a temporary name, the user's only, then rename them all: a full disk or a
    kill never leaves a truncated file under the final name. Every file handed to the user goes this way."""
    partials = {target: target.with_name(target.name + ".partiel") for target in files}
    try:  # every file is complete before any takes its final name
        for target, write in files.items():
            write(private_file(partials[target]))  # the user's only, from its first byte
        for target, partial in partials.items():
            os.replace(partial, target)
    except OSError as error:
        for partial in partials.values():
            partial.unlink(missing_ok=True)
        raise CptsError(f"Impossible d’écrire « {shown} » ({file_reason(error)}).") from error
    return sorted(files)


def _write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list[object]]]]) -> None:
    workbook = Workbook(write_only=True)
    for title, (headers, data) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for row in data:
            sheet.append(row)
    workbook.save(path)


def _write_csv(path: Path, headers: list[str], data: list[list[object]]) -> None:
    """UTF-8 with BOM, « ; » and decimal commas: what Excel opens correctly on a French Windows."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for row in data:
            writer.writerow([_csv_cell(v) for v in row])


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return value


def write_email_list(emails: list[str], path: Path) -> Path:
    """Addresses separated by « ; », ready to paste in the « Cci » of a message."""
    publish({path: lambda target: target.write_text("; ".join(emails) + "\n", encoding="utf-8")}, path)
    return path
