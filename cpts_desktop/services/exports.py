"""Exporting the register to XLSX or CSV with French headers the importer recognises, so that
re-importing an export changes nothing.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.errors import CptsError
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
    return [neutralise(row[name]) for name, _ in COLUMNS]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text a spreadsheet would run as a formula (« =HYPERLINK(…) ») is written as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_members(database: Database, path: Path, member_ids: Iterable[int] | None = None) -> int:
    """Write the members (all, or ``member_ids`` in that order) to ``path``; returns how many."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise CptsError(f"« {path.name} » : choisissez un fichier .xlsx ou .csv.")
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
    headers = [label for _, label in COLUMNS]
    partial = path.with_name(path.name + ".partiel")
    try:
        if suffix == ".xlsx":
            _write_xlsx(partial, headers, data)
        else:
            _write_csv(partial, headers, data)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CptsError(f"Impossible d’écrire « {path} » ({error.strerror}).") from error
    return len(data)


def _write_xlsx(path: Path, headers: list[str], data: list[list[object]]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Adhérents")
    sheet.append(headers)
    for row in data:
        sheet.append(row)
    workbook.save(path)


def _write_csv(path: Path, headers: list[str], data: list[list[object]]) -> None:
    """UTF-8 with BOM and « ; »: what Excel opens correctly on a French Windows."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for row in data:
            writer.writerow(
                [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else ("" if v is None else v) for v in row]
            )


def write_email_list(emails: list[str], path: Path) -> Path:
    """Addresses separated by « ; », ready to paste in the « Cci » of a message."""
    try:
        path.write_text("; ".join(emails) + "\n", encoding="utf-8")
    except OSError as error:
        raise CptsError(f"Impossible d’écrire « {path} » ({error.strerror}).") from error
    return path
