"""RGPD: what the register holds about one member, and the anonymisation of members who left, keeping
payments, receipts, votes and statistics consistent (the member row stays, only its identity goes)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select

from cpts_desktop.config import private_dir, private_file
from cpts_desktop.domain.enums import MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.audit import scrub_record
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.members import MEMBER_FIELDS
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Attendance, AuditEntry, College, Mandate, Meeting, Member, Payment, Profession

ANONYMOUS_PREFIX = "Anonyme"
ERASED = (
    "civilite",
    "prenom",
    "rpps",
    "adeli",
    "finess",
    "siret",
    "structure_exercice",
    "adresse",
    "code_postal",
    "telephone",
    "email",
    "rgpd_consentement",
    "notes",
    "representant_id",
)
RETENTION_YEARS = 3


@dataclass(frozen=True)
class MemberFile:
    """Everything held about one member, as plain values ready for JSON."""

    member_id: int
    name: str
    fields: dict[str, object]
    readable: dict[str, str]
    payments: list[dict[str, object]]
    mandates: list[dict[str, object]]
    meetings: list[dict[str, object]]
    history: list[dict[str, object]]


def _plain(value: object) -> object:
    if value is None or isinstance(value, int | str | bool):
        return value
    return str(value.value) if hasattr(value, "value") else str(value)


def member_file(database: Database, member_id: int) -> MemberFile:
    with database.sessions() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
        fields = {name: _plain(getattr(member, name)) for name in MEMBER_FIELDS}
        readable = {}
        for name in MEMBER_FIELDS:
            value = getattr(member, name)
            if value is None or value == "":
                continue
            if hasattr(value, "label"):
                value = value.label
            elif isinstance(value, date):
                value = value.strftime("%d/%m/%Y")
            elif name == "profession_code" and session.get(Profession, value):
                value = session.get(Profession, value).libelle
            elif name == "college_id" and session.get(College, value):
                value = session.get(College, value).nom
            readable[name] = str(value)
        payments = [
            {
                "exercice": p.annee,
                "date": p.date_paiement.strftime("%d/%m/%Y"),
                "montant": str(p.montant),
                "mode": p.mode.label,
                "recu": p.numero_recu,
            }
            for p in session.scalars(
                select(Payment).where(Payment.member_id == member_id).order_by(Payment.date_paiement)
            )
        ]
        mandates = [
            {
                "fonction": m.role.label,
                "debut": m.date_debut.strftime("%d/%m/%Y"),
                "fin": m.date_fin.strftime("%d/%m/%Y") if m.date_fin else None,
            }
            for m in session.scalars(select(Mandate).where(Mandate.member_id == member_id).order_by(Mandate.date_debut))
        ]
        meetings = [
            {
                "reunion": meeting.titre,
                "date": meeting.date_heure.strftime("%d/%m/%Y %H:%M"),
                "presence": a.statut.label if a.statut else None,
            }
            for a, meeting in session.execute(
                select(Attendance, Meeting)
                .join(Meeting, Meeting.id == Attendance.meeting_id)
                .where(Attendance.member_id == member_id)
                .order_by(Meeting.date_heure)
            )
        ]
        history = [
            {
                "quand": e.moment.strftime("%d/%m/%Y %H:%M"),
                "qui": e.utilisateur,
                "action": e.action.label,
                "modifications": e.resume,
            }
            for e in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.table_name == "members", AuditEntry.record_id == member_id)
                .order_by(AuditEntry.moment)
            )
        ]
        name = " ".join(p for p in (member.prenom, member.nom) if p)
    return MemberFile(member_id, name, fields, readable, payments, mandates, meetings, history)


def export_folder(folder: Path) -> Path:
    """The folder the RGPD files go to, created readable by the user only if it is new."""
    try:
        return private_dir(folder, tighten=False)
    except OSError as error:
        raise CptsError(f"Impossible de créer le dossier « {folder} » ({error.strerror}).") from error


def write_member_json(data: MemberFile, path: Path) -> Path:
    """The member's file as JSON, readable by the user only, complete or absent (temporary name first)."""
    partial = path.with_name(path.name + ".partiel")
    try:
        private_file(partial).write_text(
            json.dumps(asdict(data), ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CptsError(f"Impossible d’écrire « {path} » ({error.strerror}) : choisissez un autre dossier.") from error
    return path


def anonymise(database: Database, member_id: int, today: date | None = None) -> None:
    """Erase the identity of a member who left; the row, its payments, receipts and votes remain.

    The journal of changes keeps that the member's record was created and changed, by whom and when,
    but no longer the values (the anonymisation's own entry included), in the same transaction."""
    with database.sessions.begin() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
        if member.statut is MemberStatus.ACTIVE:
            raise CptsError("Un adhérent actif ne peut pas être anonymisé : enregistrez d’abord sa sortie.")
        for name in ERASED:
            setattr(member, name, None)
        member.nom = f"{ANONYMOUS_PREFIX} n° {member.id}"
        member.search_key = member.nom.lower()
        member.date_sortie = member.date_sortie or today or date.today()
        for represented in session.scalars(select(Member).where(Member.representant_id == member_id)):
            represented.representant_id = None
        scrub_record(session, Member, member_id)


def retention_candidates(
    database: Database, today: date | None = None, years: int = RETENTION_YEARS
) -> list[tuple[int, str, date]]:
    """Members gone for more than ``years`` years and not yet anonymised: (id, name, date de sortie)."""
    day = today or date.today()
    limit = (
        day.replace(year=day.year - years)
        if not (day.month == 2 and day.day == 29)
        else day.replace(year=day.year - years, day=28)
    )
    with database.sessions() as session:
        rows = session.scalars(
            select(Member).where(
                Member.statut != MemberStatus.ACTIVE,
                Member.date_sortie.is_not(None),
                Member.date_sortie < limit,
                or_(Member.nom.is_(None), ~Member.nom.startswith(ANONYMOUS_PREFIX)),
            )
        )
        return [(m.id, " ".join(p for p in (m.prenom, m.nom) if p), m.date_sortie) for m in rows]
