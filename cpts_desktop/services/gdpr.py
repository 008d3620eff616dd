"""RGPD: what the register holds about one member, and the anonymisation of members who left, keeping
payments, receipts, votes and statistics consistent (the member row stays, only its identity goes)."""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TypedDict

from sqlalchemy import inspect, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cpts_desktop.config import private_dir
from cpts_desktop.domain.enums import MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.grammar import function_label
from cpts_desktop.domain.labels import field_label
from cpts_desktop.domain.members import FIELD_LABELS
from cpts_desktop.services.association import Letterhead, letterhead_of
from cpts_desktop.services.audit import SEPARATOR, scrub_record
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.exports import publish
from cpts_desktop.services.failures import file_reason
from cpts_desktop.services.members import MEMBER_FIELDS
from cpts_desktop.services.retention import ANONYMOUS_PREFIX, retention_candidates_from, retention_years
from cpts_desktop.services.rgpd_notice import NOTICE_FILE as NOTICE_FILE
from cpts_desktop.services.rgpd_notice import RETENTION_YEARS as RETENTION_YEARS
from cpts_desktop.services.rgpd_notice import Block, Notice, Section, read_notice
from cpts_desktop.services.rgpd_notice import notice_path as notice_path
from cpts_desktop.store.base import Base
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import (
    Attendance,
    AuditEntry,
    College,
    Commune,
    HealthAction,
    Mandate,
    Meeting,
    Member,
    Payment,
    Profession,
    Remuneration,
    TimeEntry,
)
from cpts_desktop.store.rows import of_session

ERASED = (
    "civilite",
    "titre",
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
    "nationalite",
)
ARROW = " → "
PLACEHOLDERS = ("association", "adresse", "rna", "contact", "conservation")
CODED_HISTORY = {  # journal labels of the columns holding a code or a number, and the label shown instead
    "profession_code": "Profession",
    "college_id": "Collège",
    "commune_id": "Commune du territoire",
    "representant_id": "Représentant",
}
CARD_LOOKUPS = {"profession_code": (Profession, "libelle"), "college_id": (College, "nom")}
JSON_KEYS = {
    "member_id": "adherent_n",
    "name": "nom",
    "established": "etabli_le",
    "controller": "responsable_du_traitement",
    "information": "information",
    "card": "fiche",
    "fields": "donnees_brutes",
    "payments": "cotisations",
    "mandates": "mandats",
    "meetings": "reunions",
    "actions": "actions_pilotees",
    "time": "temps_declare",
    "remunerations": "remunerations",
    "history": "historique",
}


class CardLine(TypedDict):
    """One field of the member's card: its code, its French label, its value as the member reads it."""

    champ: str
    libelle: str
    valeur: object


@dataclass(frozen=True)
class Controller:
    """Who answers for the data (article 15 and 13.1.a): the association and whom to write to."""

    nom: str
    adresse: str
    rna: str
    contact: str


@dataclass(frozen=True)
class MemberFile:
    """Everything held about one member, with what article 15 requires beside the data.

    Values stay typed (dates, amounts): the PDF formats them in French, the JSON in ISO form."""

    member_id: int
    name: str
    established: date
    controller: Controller
    information: list[Section]
    card: list[CardLine]
    fields: dict[str, object]
    payments: list[dict[str, object]]
    mandates: list[dict[str, object]]
    meetings: list[dict[str, object]]
    actions: list[dict[str, object]]
    time: list[dict[str, object]]
    remunerations: list[dict[str, object]]
    history: list[dict[str, object]]


def _controller(head: Letterhead, notice: Notice) -> Controller:
    address = ", ".join(p for p in (head.adresse, head.town) if p)
    contact = notice.referent or head.email or f"{head.nom}, {address}"
    return Controller(head.nom, address, head.rna or "", contact)


def _filled(sections: list[Section], values: dict[str, str]) -> list[Section]:
    def fill(text: str) -> str:
        for key in PLACEHOLDERS:
            text = text.replace("{" + key + "}", values[key])
        return text

    def cells(content: object) -> object:
        return [fill(c) for c in content] if isinstance(content, list) else fill(str(content))

    return [Section(s.titre, [Block(b.type, [cells(c) for c in b.contenu]) for b in s.blocs]) for s in sections]


def _names(
    session: Session, model: type[Base], column: InstrumentedAttribute[str], keys: AbstractSet[object]
) -> dict[str, str]:
    """« libellé » of each code or number in ``keys``, as the journal wrote them (text)."""
    if not keys:
        return {}
    key_column = inspect(model).primary_key[0]
    rows = session.execute(select(key_column, column).where(key_column.in_(keys)))
    return {str(key): str(name) for key, name in rows}


def _plain(value: object) -> object:
    if value is None or isinstance(value, int | str | bool | date):
        return value
    return str(value.value) if hasattr(value, "value") else str(value)


def _member_name(member: Member) -> str:
    return " ".join(p for p in (member.prenom, member.nom) if p)


def _card_value(session: Session, name: str, value: object) -> object:
    """A field's value as the member reads it: a code or a number by what it names, a closed list by
    its French label."""
    if name in CARD_LOOKUPS:
        model, attribute = CARD_LOOKUPS[name]
        row = session.get(model, value)
        return getattr(row, attribute) if row else value
    if name == "representant_id":
        representative = session.get(Member, value)
        return _member_name(representative) if representative else value
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    return value


def _card(session: Session, member: Member) -> list[CardLine]:
    """The member's fields with their French label, and the structures they represent."""
    card: list[CardLine] = [
        {"champ": name, "libelle": FIELD_LABELS.get(name, name), "valeur": _card_value(session, name, value)}
        for name in MEMBER_FIELDS
        if (value := getattr(member, name)) not in (None, "")
    ]
    if member.nationalite:  # asked of the directors only (loi 1901 art. 5), kept beside the register's fields
        card.append({"champ": "nationalite", "libelle": "Nationalité", "valeur": member.nationalite})
    represented = session.scalars(select(Member).where(Member.representant_id == member.id).order_by(Member.nom))
    names = ", ".join(_member_name(m) for m in represented)
    if names:
        card.append({"champ": "represente", "libelle": "Représente", "valeur": names})
    return card


def _payments(session: Session, member_id: int) -> list[dict[str, object]]:
    payments = list(
        session.scalars(select(Payment).where(Payment.member_id == member_id).order_by(Payment.date_paiement))
    )
    receipts = {p.id: p.numero_recu for p in payments}
    cancelled = {p.annule_id for p in payments if p.annule_id}
    return [
        {
            "exercice": p.annee,
            "date": p.date_paiement,
            "montant": p.montant,
            "mode": p.mode.label,
            "recu": p.numero_recu,
            "remarque": (
                f"annulation du reçu {receipts.get(p.annule_id) or ''}".strip()
                if p.annule_id
                else ("annulé" if p.id in cancelled else None)
            ),
        }
        for p in payments
    ]


def _mandates(session: Session, member: Member) -> list[dict[str, object]]:
    civilite = member.civilite.value if member.civilite else None
    return [
        {"fonction": function_label(m.role, civilite), "debut": m.date_debut, "fin": m.date_fin}
        for m in session.scalars(select(Mandate).where(Mandate.member_id == member.id).order_by(Mandate.date_debut))
    ]


def _meetings(session: Session, member_id: int) -> list[dict[str, object]]:
    rows = session.execute(
        select(Attendance, Meeting)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.member_id == member_id)
        .order_by(Meeting.date_heure)
    )
    meetings = []
    for attendance, meeting in rows:
        proxy = session.get(Member, attendance.represente_par_id) if attendance.represente_par_id else None
        meetings.append(
            {
                "reunion": meeting.titre,
                "date": meeting.date_heure,
                "presence": attendance.statut.label if attendance.statut else "convoqué",
                "pouvoir_donne_a": _member_name(proxy) if proxy else None,
            }
        )
    return meetings


def _actions(session: Session, member_id: int) -> list[dict[str, object]]:
    return [
        {"action": a.titre, "mission": a.mission.label, "statut": a.statut.label}
        for a in session.scalars(
            select(HealthAction).where(HealthAction.pilote_id == member_id).order_by(HealthAction.id)
        )
    ]


def _time(session: Session, member_id: int) -> list[dict[str, object]]:
    return [
        {"jour": t.jour, "heures": t.heures, "montant": t.montant, "objet": t.description}
        for t in session.scalars(select(TimeEntry).where(TimeEntry.member_id == member_id).order_by(TimeEntry.jour))
    ]


def _remunerations(session: Session, member_id: int) -> list[dict[str, object]]:
    query = select(Remuneration).where(Remuneration.member_id == member_id).order_by(Remuneration.jour)
    return [{"jour": r.jour, "montant": r.montant, "libelle": r.libelle} for r in session.scalars(query)]


def _history(session: Session, member_id: int) -> list[dict[str, object]]:
    entries = list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == "members", AuditEntry.record_id == member_id)
            .order_by(AuditEntry.moment, AuditEntry.id)
        )
    )
    decoders = _decoders(session, [e.resume or "" for e in entries])
    return [
        {
            "quand": e.moment.replace(microsecond=0),
            "qui": e.utilisateur,
            "action": e.action.label,
            "modifications": _decoded(e.resume or "", decoders),
        }
        for e in entries
    ]


def _decoders(session: Session, summaries: list[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """For each coded column's journal label: the label shown instead and the names of its values."""
    raw = {field_label("members", name): name for name in CODED_HISTORY}
    values: dict[str, set[str]] = {name: set() for name in CODED_HISTORY}
    for label, value in (_field(part) for summary in summaries for part in summary.split(SEPARATOR)):
        if label in raw:
            values[raw[label]].update(v for v in value.split(ARROW) if v.isalnum())
    numbers = {name: {int(v) for v in found if v.isdigit()} for name, found in values.items()}
    names = {
        "profession_code": _names(session, Profession, Profession.libelle, values["profession_code"]),
        "college_id": _names(session, College, College.nom, numbers["college_id"]),
        "commune_id": _names(session, Commune, Commune.nom, numbers["commune_id"]),
        "representant_id": {
            str(m.id): _member_name(m)
            for m in session.scalars(select(Member).where(Member.id.in_(numbers["representant_id"])))
        },
    }
    return {label: (CODED_HISTORY[name], names[name]) for label, name in raw.items()}


def _field(part: str) -> tuple[str, str]:
    label, separator, value = part.partition(" : ")
    return (label, value) if separator else ("", part)


def _decoded(summary: str, decoders: dict[str, tuple[str, dict[str, str]]]) -> str:
    """« Profession : 60 ; Collège (n°) : 1 » → « Profession : Infirmier ; Collège : Libéraux »."""
    parts = []
    for part in summary.split(SEPARATOR):
        label, value = _field(part)
        if label not in decoders:
            parts.append(part)
            continue
        shown, names = decoders[label]
        parts.append(f"{shown} : " + ARROW.join(names.get(v, v) for v in value.split(ARROW)))
    return SEPARATOR.join(parts)


def member_file(database: Database, member_id: int, today: date | None = None) -> MemberFile:
    """What the association holds about one member and what article 15 of the RGPD requires with it.

    Refused, like every official paper, while the association's identity is incomplete: the member
    must learn who holds their data."""
    # the documents' services and the meetings' they read: not loaded with the dashboard's retention alert
    from cpts_desktop.services.documents import check_identity

    notice = read_notice()
    with database.snapshot() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
        controller = _controller(check_identity(letterhead_of(session)), notice)
        values = {**asdict(controller), "association": controller.nom, "conservation": str(notice.retention_years)}
        return MemberFile(
            member_id=member.id,
            name=_member_name(member),
            established=today or date.today(),
            controller=controller,
            information=_filled(notice.sections, values),
            card=_card(session, member),
            fields={name: _plain(getattr(member, name)) for name in MEMBER_FIELDS},
            payments=_payments(session, member_id),
            mandates=_mandates(session, member),
            meetings=_meetings(session, member_id),
            actions=_actions(session, member_id),
            time=_time(session, member_id),
            remunerations=_remunerations(session, member_id),
            history=_history(session, member_id),
        )


def _json_value(value: object) -> str:
    """ISO dates and decimal strings (« 30.00 »): what a program reading the file expects."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def export_folder(folder: Path) -> Path:
    """The folder the RGPD files go to, created readable by the user only if it is new."""
    try:
        return private_dir(folder, tighten=False)
    except OSError as error:
        raise CptsError(f"Impossible de créer le dossier « {folder} » ({file_reason(error)}).") from error


def write_member_json(data: MemberFile, path: Path) -> Path:
    """The member's file as JSON, readable by the user only, complete or absent (temporary name first)."""
    keyed = {JSON_KEYS[k]: v for k, v in asdict(data).items()}
    text = json.dumps(keyed, ensure_ascii=False, indent=2, default=_json_value)
    publish({path: lambda target: target.write_text(text, encoding="utf-8")}, path)
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
        for mandate in session.scalars(select(Mandate).where(Mandate.member_id == member_id)):
            # the person who sat for a structure is named nowhere else
            mandate.representant_civilite = mandate.representant_prenom = None
            mandate.representant_nom = mandate.representant_fonction = None
            scrub_record(session, Mandate, mandate.id)
        scrub_record(session, Member, member_id)


def retention_candidates(
    database: Database, today: date | None = None, years: int | None = None
) -> list[tuple[int, str, date]]:
    """Members gone for more than ``years`` years (by default the RGPD text's retention) and not yet
    anonymised: (id, name, date de sortie), by number; the rule lives in ``retention``."""
    day = today or date.today()
    years = years or retention_years()
    with database.snapshot() as session:
        return retention_candidates_from(of_session(session), day, years)
