"""Meetings and their ordre du jour: records, résolutions to vote, the lock of an approved procès-verbal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import (
    Majority,
    MeetingStatus,
    MeetingType,
    MinutesStatus,
    ResolutionLink,
    StatutesStatus,
)
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.statutes import GovernanceParameters
from cpts_desktop.i18n import format_date
from cpts_desktop.services import statutes
from cpts_desktop.services.errors import NotFound
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import AgendaItem, Meeting, Resolution, StatutesVersion

LOCKED = "Le procès-verbal de cette réunion est approuvé : la réunion et son procès-verbal ne se modifient plus."


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    type: MeetingType
    titre: str
    date_heure: datetime
    lieu: str
    statut: MeetingStatus
    convocation_date: date | None


@dataclass(frozen=True)
class ResolutionLine:
    id: int
    ordre: int
    texte: str
    majorite: Majority
    voix_pour: int | None
    voix_contre: int | None
    abstentions: int | None
    adoptee: bool | None
    effet: ResolutionLink
    statutes_version_id: int | None


@dataclass(frozen=True)
class AgendaLine:
    id: int
    ordre: int
    titre: str
    description: str
    resolutions: list[ResolutionLine]


@dataclass(frozen=True)
class MeetingDetail:
    summary: MeetingSummary
    version: int
    visio_url: str
    agenda: list[AgendaLine]
    parameters: GovernanceParameters
    president_seance_id: int | None
    secretaire_seance_id: int | None
    heure_cloture: str | None
    pv_texte: str | None
    pv_statut: MinutesStatus
    pv_approuve_le: date | None

    @property
    def locked(self) -> bool:
        """An approved (or signed) procès-verbal freezes the meeting it records."""
        return self.pv_statut is not MinutesStatus.DRAFT


def _summary(m: Meeting) -> MeetingSummary:
    return MeetingSummary(m.id, m.type, m.titre, m.date_heure, m.lieu or "", m.statut, m.convocation_date)


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"La réunion n° {meeting_id} n’existe pas.")
    return meeting


def _writable(session: Session, meeting_id: int) -> Meeting:
    """The meeting, for a change: refused once its procès-verbal is approved (the one check of every write)."""
    meeting = _meeting(session, meeting_id)
    if meeting.pv_statut is not MinutesStatus.DRAFT:
        raise CptsError(LOCKED)
    return meeting


def create_meeting(
    database: Database,
    kind: MeetingType,
    when: datetime,
    lieu: str = "",
    titre: str | None = None,
    agenda: list[str] | None = None,
    visio_url: str | None = None,
) -> int:
    """A meeting with its ordre du jour (one item per line of ``agenda``)."""
    titre = (titre or "").strip() or f"{kind.label} du {format_date(when.date())}"
    with database.sessions.begin() as session:
        meeting = Meeting(
            type=kind, titre=titre, date_heure=when, lieu=lieu.strip() or None, visio_url=visio_url or None
        )
        session.add(meeting)
        session.flush()
        for order, item in enumerate((i.strip() for i in agenda or [] if i.strip()), start=1):
            session.add(AgendaItem(meeting_id=meeting.id, ordre=order, titre=item))
        return meeting.id


def list_meetings(database: Database) -> list[MeetingSummary]:
    with database.snapshot() as session:
        return [_summary(m) for m in session.scalars(select(Meeting).order_by(Meeting.date_heure.desc()))]


def parameters_for(database: Database, meeting: MeetingSummary) -> GovernanceParameters:
    return statutes.governance_parameters(database, meeting.date_heure.date())


def get_meeting(database: Database, meeting_id: int) -> MeetingDetail:
    with database.snapshot() as session:
        return meeting_in(session, meeting_id)


def meeting_in(session: Session, meeting_id: int) -> MeetingDetail:
    """The meeting, its ordre du jour with the résolutions, and the statutes' rules on its day."""
    m = _meeting(session, meeting_id)
    items = list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == m.id).order_by(AgendaItem.ordre)))
    voted: dict[int, list[ResolutionLine]] = {item.id: [] for item in items}
    for r in session.scalars(select(Resolution).where(Resolution.agenda_item_id.in_(voted)).order_by(Resolution.ordre)):
        voted[r.agenda_item_id].append(_resolution_line(r))
    summary = _summary(m)
    return MeetingDetail(
        summary,
        m.version,
        m.visio_url or "",
        [AgendaLine(i.id, i.ordre, i.titre, i.description or "", voted[i.id]) for i in items],
        statutes.parameters_in(session, summary.date_heure.date()),
        m.president_seance_id,
        m.secretaire_seance_id,
        m.heure_cloture,
        m.pv_texte,
        m.pv_statut,
        m.pv_approuve_le,
    )


def _resolution_line(r: Resolution) -> ResolutionLine:
    return ResolutionLine(
        r.id,
        r.ordre,
        r.texte,
        r.majorite,
        r.voix_pour,
        r.voix_contre,
        r.abstentions,
        r.adoptee,
        r.effet,
        r.statutes_version_id,
    )


def add_agenda_item(database: Database, meeting_id: int, titre: str, description: str = "") -> int:
    if not titre.strip():
        raise ValidationError("titre", "Point de l’ordre du jour : le titre est obligatoire.")
    with database.sessions.begin() as session:
        _writable(session, meeting_id)
        order = (session.scalar(select(func.max(AgendaItem.ordre)).where(AgendaItem.meeting_id == meeting_id)) or 0) + 1
        item = AgendaItem(
            meeting_id=meeting_id, ordre=order, titre=titre.strip(), description=description.strip() or None
        )
        session.add(item)
        session.flush()
        return item.id


def add_resolution(
    database: Database,
    agenda_item_id: int,
    texte: str,
    effet: ResolutionLink = ResolutionLink.NONE,
    statutes_version_id: int | None = None,
) -> int:
    """A résolution to vote; its majority is the one the statutes set for the meeting's type."""
    if not texte.strip():
        raise ValidationError("texte", "Résolution : le texte est obligatoire.")
    with database.sessions.begin() as session:
        item = session.get(AgendaItem, agenda_item_id)
        if item is None:
            raise NotFound("Ce point de l’ordre du jour n’existe plus.")
        meeting = _writable(session, item.meeting_id)
        if effet is ResolutionLink.STATUTES:
            version = session.get(StatutesVersion, statutes_version_id) if statutes_version_id else None
            if version is None or version.statut is not StatutesStatus.DRAFT:
                raise CptsError("Une résolution sur les statuts doit viser un projet de statuts.")
            if meeting.type is not MeetingType.EXTRAORDINARY_GENERAL:
                raise CptsError("Seule une assemblée générale extraordinaire peut modifier les statuts.")
        order = (
            session.scalar(select(func.max(Resolution.ordre)).where(Resolution.agenda_item_id == item.id)) or 0
        ) + 1
        resolution = Resolution(
            agenda_item_id=item.id,
            ordre=order,
            texte=texte.strip(),
            effet=effet,
            statutes_version_id=statutes_version_id,
        )
        session.add(resolution)
        session.flush()
        return resolution.id
