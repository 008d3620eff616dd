"""Who is convened and why, the délai de convocation, and the convocations sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from cpts_desktop.domain.enums import (
    AttendanceStatus,
    BoardRole,
    ConvocationChannel,
    MeetingStatus,
    MeetingType,
    MemberStatus,
)
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.meetings import convocation_deadline
from cpts_desktop.domain.statutes import GovernanceParameters
from cpts_desktop.services import statutes
from cpts_desktop.services.board import current_board
from cpts_desktop.services.meetings.agenda import GENERAL, _meeting, _writable, get_meeting
from cpts_desktop.services.members import list_rows
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Attendance

BUREAU_ROLES = {r for r in BoardRole if r is not BoardRole.DIRECTOR}


@dataclass(frozen=True)
class Recipient:
    member_id: int
    nom: str
    prenom: str
    detail: str
    included: bool
    reason: str
    statut: AttendanceStatus | None = None
    proxy_holder_id: int | None = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.prenom, self.nom) if p)


@dataclass(frozen=True)
class ConvocationDelay:
    """What the statutes ask: ``days`` before the meeting, so convocations sent by ``deadline``."""

    days: int
    deadline: date


def recipients(database: Database, meeting_id: int) -> list[Recipient]:
    """Every member, with whether the meeting's type and the statutes call them, and why (or why not).

    AG: active members, à jour de cotisation for the exercice when the statutes require it; CA: the
    administrators in office on the meeting's day; bureau: the bureau; other meetings: chosen by hand.
    A choice made by hand overrides the rule.
    """
    with database.sessions() as session:
        meeting = _meeting(session, meeting_id)
        day, kind = meeting.date_heure.date(), meeting.type
        rows = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))}
    parameters = statutes.governance_parameters(database, day)
    board = {m.member_id: m for m in current_board(database, day)}
    result = []
    for row in list_rows(database, day.year):
        included, reason = _rule(kind, row, board, parameters, day)
        attendance = rows.get(row.id)
        if attendance is not None and attendance.manuel:
            included = attendance.convoque
            reason = "ajouté à la main" if included else "retiré à la main"
        if not included and attendance is None and row.statut is not MemberStatus.ACTIVE and kind not in GENERAL:
            continue
        detail = row.profession or row.college
        result.append(
            Recipient(
                row.id,
                row.nom,
                row.prenom,
                detail,
                included,
                reason,
                attendance.statut if attendance else None,
                attendance.represente_par_id if attendance else None,
            )
        )
    return sorted(result, key=lambda r: (not r.included, r.nom.lower(), r.prenom.lower()))


def _rule(kind, row, board, parameters: GovernanceParameters, day: date) -> tuple[bool, str]:  # noqa: ANN001
    if row.statut is not MemberStatus.ACTIVE:
        return False, f"membre {row.statut.label.lower()}"
    if kind in GENERAL:
        if parameters.vote_a_jour_requis and not row.up_to_date:
            return False, f"cotisation {day.year} non réglée"
        return True, f"membre à jour de sa cotisation {day.year}" if parameters.vote_a_jour_requis else "membre actif"
    mandate = board.get(row.id)
    if kind is MeetingType.BOARD:
        return (True, f"{mandate.role.label.lower()} en fonction") if mandate else (False, "n’est pas administrateur")
    if kind is MeetingType.BUREAU:
        if mandate and mandate.role in BUREAU_ROLES:
            return True, f"{mandate.role.label.lower()}"
        return False, "n’est pas membre du bureau"
    return False, "réunion sur invitation : à choisir à la main"


def set_recipient(database: Database, meeting_id: int, member_id: int, included: bool) -> None:
    with database.sessions.begin() as session:
        _writable(session, meeting_id)
        row = session.scalars(
            select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.member_id == member_id)
        ).first()
        if row is None:
            row = Attendance(meeting_id=meeting_id, member_id=member_id)
            session.add(row)
        if (
            not included
            and session.scalars(
                select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.represente_par_id == member_id)
            ).first()
        ):
            raise CptsError("Ce membre détient des pouvoirs : retirez-les avant de le retirer de la liste.")
        row.convoque, row.manuel = included, True
        if not included:
            row.statut, row.represente_par_id = None, None


def convocation_delay(database: Database, kind: MeetingType, meeting_day: date) -> ConvocationDelay:
    """The délai de convocation the statutes in force on ``meeting_day`` set for ``kind`` (AG or other)."""
    parameters = statutes.governance_parameters(database, meeting_day)
    days = parameters.delai_convocation_ag_jours if kind in GENERAL else parameters.delai_convocation_ca_jours
    return ConvocationDelay(days, convocation_deadline(meeting_day, days))


def convocation_check(database: Database, meeting_id: int, sent_on: date) -> str | None:
    """A warning when convocations sent on ``sent_on`` come later than the statutes allow."""
    summary = get_meeting(database, meeting_id).summary
    delay = convocation_delay(database, summary.type, summary.date_heure.date())
    if sent_on > delay.deadline:
        return (
            f"Convocation tardive : les statuts demandent {delay.days} jours ; elle aurait dû partir au plus tard "
            f"le {delay.deadline.strftime('%d/%m/%Y')}."
        )
    return None


def record_convocation(database: Database, meeting_id: int, sent_on: date, channel: ConvocationChannel) -> str | None:
    """Record that the convocations were sent; the recipients of that day are kept. Returns the délai warning."""
    convened = [r for r in recipients(database, meeting_id) if r.included]
    if not convened:
        raise CptsError("Personne n’est convoqué à cette réunion : ajoutez des destinataires d’abord.")
    warning = convocation_check(database, meeting_id, sent_on)
    with database.sessions.begin() as session:
        meeting = _writable(session, meeting_id)
        existing = {
            a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))
        }
        for recipient in convened:
            row = existing.get(recipient.member_id) or Attendance(meeting_id=meeting_id, member_id=recipient.member_id)
            row.convoque = True
            session.add(row)
        meeting.convocation_date, meeting.convocation_canal = sent_on, channel.value
        if meeting.statut is MeetingStatus.PLANNED:
            meeting.statut = MeetingStatus.CONVENED
    return warning
