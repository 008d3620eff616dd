"""Attendance and pouvoirs of the convened members, and the quorum they make."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select

from cpts_desktop.domain.enums import (
    AttendanceStatus,
    MeetingType,
)
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.meetings import quorum_needed
from cpts_desktop.domain.statutes import fraction_words
from cpts_desktop.services.meetings.agenda import _writable, get_meeting
from cpts_desktop.services.meetings.convocation import recipients
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Attendance

# A conseil or a bureau deliberates when half of its members take part: the usual rule, which the
# statutes' parameters do not carry yet.
BOARD_QUORUM = Fraction(1, 2)


@dataclass(frozen=True)
class Quorum:
    entitled: int
    present: int
    represented: int
    needed: int
    rule: str
    reached: bool


def _pouvoirs(count: int) -> str:
    return f"{count} pouvoir" if count < 2 else f"{count} pouvoirs"


def set_attendance(
    database: Database, meeting_id: int, member_id: int, status: AttendanceStatus | None, holder_id: int | None = None
) -> None:
    """Presence of one convened member; a pouvoir goes to a present member holding fewer than the maximum."""
    set_attendances(database, meeting_id, [member_id], status, holder_id)


def set_attendances(
    database: Database,
    meeting_id: int,
    member_ids: list[int],
    status: AttendanceStatus | None,
    holder_id: int | None = None,
) -> None:
    """The same presence for several convened members, all or none: a pouvoir goes to a present member,
    who may hold no more than the statutes' maximum."""
    detail = get_meeting(database, meeting_id)
    convened = {r.member_id: r for r in recipients(database, meeting_id) if r.included}
    if not member_ids:
        raise CptsError("Choisissez au moins un membre dans la liste.")
    if any(member_id not in convened for member_id in member_ids):
        raise CptsError("Ce membre n’est pas convoqué à cette réunion.")
    with database.sessions.begin() as session:
        _writable(session, meeting_id)
        rows = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))}
        if status is not AttendanceStatus.PRESENT:
            _check_no_pouvoir_held(rows, member_ids, convened)
        if status is AttendanceStatus.REPRESENTED:
            _check_holder(rows, member_ids, convened, holder_id, detail.parameters.pouvoirs_max)
        for member_id in member_ids:
            row = rows.get(member_id) or Attendance(meeting_id=meeting_id, member_id=member_id, convoque=True)
            row.statut = status
            row.represente_par_id = holder_id if status is AttendanceStatus.REPRESENTED else None
            session.add(row)


def _check_no_pouvoir_held(rows: dict[int, Attendance], member_ids: list[int], convened: dict) -> None:
    """A member who holds pouvoirs stays present until they go to someone else."""
    for member_id in member_ids:
        held = [a for a in rows.values() if a.represente_par_id == member_id]
        if held:
            raise CptsError(
                f"{convened[member_id].name} détient {_pouvoirs(len(held))} : réattribuez-les avant de le noter "
                "absent ou représenté."
            )


def _check_holder(
    rows: dict[int, Attendance], member_ids: list[int], convened: dict, holder_id: int | None, maximum: int
) -> None:
    """The pouvoir's holder is a convened member, present, other than the giver, within the statutes' limit."""
    holder = convened.get(holder_id or -1)
    if holder is None:
        raise CptsError("Choisissez le membre présent qui reçoit le pouvoir.")
    if holder_id in member_ids:
        raise CptsError("Un membre ne peut pas se donner pouvoir à lui-même.")
    holder_row = rows.get(holder_id)
    if holder_row is None or holder_row.statut is not AttendanceStatus.PRESENT:
        raise CptsError(
            f"{holder.name} n’est pas noté(e) présent(e) : un pouvoir ne peut être donné qu’à un membre présent."
        )
    already = sum(1 for a in rows.values() if a.represente_par_id == holder_id and a.member_id not in member_ids)
    if already + len(member_ids) > maximum:
        if len(member_ids) == 1:
            raise CptsError(
                f"{holder.name} détient déjà {_pouvoirs(already)} : les statuts en autorisent {maximum} au plus."
            )
        raise CptsError(
            f"{holder.name} détient déjà {_pouvoirs(already)} : {len(member_ids)} de plus dépasseraient "
            f"les {maximum} que les statuts autorisent."
        )


def quorum(database: Database, meeting_id: int) -> Quorum:
    detail = get_meeting(database, meeting_id)
    convened = [r for r in recipients(database, meeting_id) if r.included]
    present = sum(1 for r in convened if r.statut is AttendanceStatus.PRESENT)
    represented = sum(1 for r in convened if r.statut is AttendanceStatus.REPRESENTED)
    kind = detail.summary.type
    if kind is MeetingType.ORDINARY_GENERAL:
        required = detail.parameters.quorum_ago
    elif kind is MeetingType.EXTRAORDINARY_GENERAL:
        required = detail.parameters.quorum_age
    else:
        required = Fraction(0) if kind is MeetingType.OTHER else BOARD_QUORUM
    needed = quorum_needed(required, len(convened))
    rule = "aucun quorum requis" if not needed else f"{fraction_words(required)} des {len(convened)} membres convoqués"
    return Quorum(len(convened), present, represented, needed, rule, present + represented >= needed)
