"""Attendance and pouvoirs of the convened members, and the quorum they make."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import AttendanceStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.grammar import number_form
from cpts_desktop.domain.meetings import Quorum, quorum_of
from cpts_desktop.services import statutes
from cpts_desktop.services.meetings.agenda import _meeting, _writable
from cpts_desktop.services.meetings.convocation import Recipient, convened_in
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Attendance


def _pouvoirs(count: int) -> str:
    return f"{count} {number_form(count, 'pouvoir', 'pouvoirs')}"


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
    if not member_ids:
        raise CptsError("Choisissez au moins un membre dans la liste.")
    with database.sessions.begin() as session:
        meeting = _writable(session, meeting_id)
        convened = {r.member_id: r for r in convened_in(session, meeting_id)}
        if any(member_id not in convened for member_id in member_ids):
            raise CptsError("Ce membre n’est pas convoqué à cette réunion.")
        rows = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))}
        if status is not AttendanceStatus.PRESENT:
            _check_no_pouvoir_held(rows, member_ids, convened)
        if status is AttendanceStatus.REPRESENTED:
            maximum = statutes.parameters_in(session, meeting.date_heure.date()).pouvoirs_max
            _check_holder(rows, member_ids, convened, holder_id, maximum)
        for member_id in member_ids:
            row = rows.get(member_id) or Attendance(meeting_id=meeting_id, member_id=member_id, convoque=True)
            row.statut = status
            row.represente_par_id = holder_id if status is AttendanceStatus.REPRESENTED else None
            session.add(row)


def _check_no_pouvoir_held(rows: dict[int, Attendance], member_ids: list[int], convened: dict[int, Recipient]) -> None:
    """A member who holds pouvoirs stays present until they go to someone else."""
    for member_id in member_ids:
        held = [a for a in rows.values() if a.represente_par_id == member_id]
        if held:
            raise CptsError(
                f"{convened[member_id].name} détient {_pouvoirs(len(held))} : réattribuez-les avant de le noter "
                "absent ou représenté."
            )


def _check_holder(
    rows: dict[int, Attendance],
    member_ids: list[int],
    convened: dict[int, Recipient],
    holder_id: int | None,
    maximum: int,
) -> None:
    """The pouvoir's holder is a convened member, present, other than the giver, within the statutes' limit."""
    holder = convened.get(holder_id or -1)
    if holder is None:
        raise CptsError("Choisissez le membre présent qui reçoit le pouvoir.")
    if holder_id in member_ids:
        raise CptsError("Un membre ne peut pas se donner pouvoir à lui-même.")
    holder_row = rows.get(holder.member_id)
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
    with database.snapshot() as session:
        return quorum_in(session, meeting_id)


def quorum_in(session: Session, meeting_id: int) -> Quorum:
    """The convened members present and represented, and the quorum the statutes ask of them."""
    meeting = _meeting(session, meeting_id)
    convened = convened_in(session, meeting_id)
    present = sum(1 for r in convened if r.statut is AttendanceStatus.PRESENT)
    represented = sum(1 for r in convened if r.statut is AttendanceStatus.REPRESENTED)
    parameters = statutes.parameters_in(session, meeting.date_heure.date())
    return quorum_of(meeting.type, parameters, len(convened), present, represented)
