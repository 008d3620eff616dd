"""Who is convened and why, the délai de convocation, and the convocations sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import (
    AttendanceStatus,
    BoardRole,
    ConvocationChannel,
    MeetingStatus,
    MeetingType,
    MemberStatus,
)
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.meetings import GENERAL, convocation_days, convocation_deadline
from cpts_desktop.domain.statutes import GovernanceParameters
from cpts_desktop.i18n import format_date_short
from cpts_desktop.services import statutes
from cpts_desktop.services.board import MandateRow, board_in
from cpts_desktop.services.mail.proof import sent_dates_in
from cpts_desktop.services.meetings.agenda import _meeting, _writable
from cpts_desktop.services.members import MemberRow, rows_in
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Attendance, Meeting, Member

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
    represente_par_id: int | None = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.prenom, self.nom) if p)


@dataclass(frozen=True)
class ConvocationDelay:
    """What the statutes ask: ``days`` before the meeting, so convocations sent by ``deadline``."""

    days: int
    deadline: date


def recipients(database: Database, meeting_id: int) -> list[Recipient]:
    """Every member, with whether the meeting's type and the statutes call them, and why (or why not)."""
    with database.snapshot() as session:
        return recipients_in(session, meeting_id)


def recipients_in(session: Session, meeting_id: int) -> list[Recipient]:
    """``recipients`` read in the caller's session, in a few set-based queries.

    AG: active members, à jour de cotisation for the exercice when the statutes require it; CA: the
    administrators in office on the meeting's day; bureau: the bureau; other meetings: chosen by hand.
    A choice made by hand overrides the rule.
    """
    meeting = _meeting(session, meeting_id)
    day, kind = meeting.date_heure.date(), meeting.type
    rows = _attendances(session, meeting_id)
    parameters = statutes.parameters_in(session, day)
    board = {m.member_id: m for m in board_in(session, day)}
    result = []
    for row in rows_in(session, day.year):
        included, reason = _rule(kind, row, board, parameters, day)
        attendance = rows.get(row.id)
        if attendance is None:
            if not included and row.statut is not MemberStatus.ACTIVE and kind not in GENERAL:
                continue
            statut, proxy = None, None
        else:
            manuel, convoque, statut, proxy = attendance
            if manuel:
                included = convoque
                reason = "ajouté à la main" if included else "retiré à la main"
        result.append(
            Recipient(row.id, row.nom, row.prenom, row.profession or row.college, included, reason, statut, proxy)
        )
    return sorted(result, key=lambda r: (not r.included, r.nom.lower(), r.prenom.lower()))


def _attendances(
    session: Session, meeting_id: int
) -> dict[int, tuple[bool, bool, AttendanceStatus | None, int | None]]:
    """Each member's (manuel, convoque, statut, represente_par_id) for the meeting, read as plain columns:
    an AG of 10,000 members would otherwise load 10,000 ORM objects."""
    query = select(
        Attendance.member_id, Attendance.manuel, Attendance.convoque, Attendance.statut, Attendance.represente_par_id
    ).where(Attendance.meeting_id == meeting_id)
    return {
        member: (manuel, convoque, statut, proxy) for member, manuel, convoque, statut, proxy in session.execute(query)
    }


def convened_in(session: Session, meeting_id: int) -> list[Recipient]:
    """The members the meeting convenes, as ``recipients_in`` decides."""
    return [r for r in recipients_in(session, meeting_id) if r.included]


def _rule(
    kind: MeetingType, row: MemberRow, board: dict[int, MandateRow], parameters: GovernanceParameters, day: date
) -> tuple[bool, str]:
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
    with database.snapshot() as session:
        return _delay(statutes.parameters_in(session, meeting_day), kind, meeting_day)


def _delay(parameters: GovernanceParameters, kind: MeetingType, meeting_day: date) -> ConvocationDelay:
    days = convocation_days(kind, parameters)
    return ConvocationDelay(days, convocation_deadline(meeting_day, days))


def convocation_check(database: Database, meeting_id: int, sent_on: date) -> str | None:
    """A warning when convocations sent on ``sent_on`` come later than the statutes allow."""
    with database.snapshot() as session:
        return _lateness(session, _meeting(session, meeting_id), sent_on)


def _lateness(session: Session, meeting: Meeting, sent_on: date) -> str | None:
    day = meeting.date_heure.date()
    delay = _delay(statutes.parameters_in(session, day), meeting.type, day)
    if sent_on > delay.deadline:
        return (
            f"Convocation tardive : les statuts demandent {delay.days} jours ; elle aurait dû partir au plus tard "
            f"le {format_date_short(delay.deadline)}."
        )
    return None


def convocation_warning(database: Database, meeting_id: int) -> str | None:
    """The délai warning from what is on record: when convocations left by e-mail, each member's own sent
    time (the members convened too late are named); else the date recorded for the paper convocations."""
    with database.snapshot() as session:
        meeting = _meeting(session, meeting_id)
        sent = sent_dates_in(session, meeting_id)
        if sent:
            return _late_mails(session, meeting, sent)
        return _lateness(session, meeting, meeting.convocation_date) if meeting.convocation_date else None


def _late_mails(session: Session, meeting: Meeting, sent: dict[int, datetime]) -> str | None:
    day = meeting.date_heure.date()
    delay = _delay(statutes.parameters_in(session, day), meeting.type, day)
    late = {member_id: moment for member_id, moment in sent.items() if moment.date() > delay.deadline}
    if not late:
        return None
    people = session.execute(select(Member.id, Member.prenom, Member.nom).where(Member.id.in_(list(late))))
    listed = sorted(
        f"{' '.join(p for p in (prenom, nom) if p)} (le {format_date_short(late[member_id].date())})"
        for member_id, prenom, nom in people
    )
    who = "1 membre" if len(late) == 1 else f"{len(late)} membres"
    return (
        f"Convocation tardive par courrier électronique pour {who} : {', '.join(listed)}. Les statuts demandent "
        f"{delay.days} jours : elle aurait dû partir au plus tard le {format_date_short(delay.deadline)}."
    )


def record_convocation(database: Database, meeting_id: int, sent_on: date, channel: ConvocationChannel) -> str | None:
    """Record that the convocations were sent; the recipients of that day are kept. Returns the délai
    warning. One transaction: the list convened is the one read beside the write."""
    with database.sessions.begin() as session:
        meeting = _writable(session, meeting_id)
        convened = convened_in(session, meeting_id)
        if not convened:
            raise CptsError("Personne n’est convoqué à cette réunion : ajoutez des destinataires d’abord.")
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
        return _lateness(session, meeting, sent_on)
