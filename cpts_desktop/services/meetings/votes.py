"""Votes on résolutions (with the statutes they adopt) and the elections they make.

Each action is one transaction: the vote and the statutes it adopts, or an election and all of its
mandates, are committed together or not at all."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import BoardRole, MeetingStatus, ResolutionLink
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.meetings import adopted, check_votes, majority_for
from cpts_desktop.i18n import format_date
from cpts_desktop.services import declarations, statutes
from cpts_desktop.services.board import add_mandate_in
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.meetings.agenda import _writable
from cpts_desktop.services.meetings.attendance import quorum_in
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import AgendaItem, Mandate, Meeting, Resolution


def _resolution(session: Session, resolution_id: int) -> tuple[Resolution, Meeting]:
    resolution = session.get(Resolution, resolution_id)
    if resolution is None:
        raise NotFound("Cette résolution n’existe plus.")
    item = session.get(AgendaItem, resolution.agenda_item_id)
    if item is None:
        raise NotFound("Ce point de l’ordre du jour n’existe plus.")
    return resolution, _writable(session, item.meeting_id)


def record_vote(
    database: Database, resolution_id: int, pour: int, contre: int, abstentions: int, unanimous: bool = False
) -> bool:
    """Count the votes and decide with the statutes' majority; an adopted statutes version takes effect."""
    with database.sessions.begin() as session:
        return vote_in(session, resolution_id, pour, contre, abstentions, unanimous)


def vote_in(
    session: Session, resolution_id: int, pour: int, contre: int, abstentions: int, unanimous: bool = False
) -> bool:
    """``record_vote`` inside the caller's transaction: the counts, the meeting « tenue », and the
    statutes an adopted résolution brings into force; a refusal of any of them undoes them all."""
    resolution, meeting = _resolution(session, resolution_id)
    voters = quorum_in(session, meeting.id).voters
    if unanimous:
        pour, contre, abstentions = voters, 0, 0
    check_votes(pour, contre, abstentions, voters)
    day = meeting.date_heure.date()
    rule = majority_for(meeting.type, statutes.parameters_in(session, day))
    result = adopted(rule, pour, contre, abstentions)
    resolution.voix_pour, resolution.voix_contre, resolution.abstentions = pour, contre, abstentions
    resolution.majorite, resolution.adoptee = rule, result
    if meeting.statut in (MeetingStatus.PLANNED, MeetingStatus.CONVENED):
        meeting.statut = MeetingStatus.HELD
    if result and resolution.effet is ResolutionLink.STATUTES and resolution.statutes_version_id:
        try:
            statutes.adopt_in(session, resolution.statutes_version_id, day, meeting.id)
        except CptsError as error:
            raise CptsError(f"Vote non enregistré, les statuts restent à l’état de projet. {error.message}") from error
    return result


def elect(database: Database, resolution_id: int, member_ids: list[int]) -> list[int]:
    """The administrators an adopted election résolution names: a mandate each, from the meeting's day
    for the duration the statutes set, recorded as elected by this meeting; all of them or none."""
    with database.sessions.begin() as session:
        return elect_in(session, resolution_id, member_ids)


def elect_in(session: Session, resolution_id: int, member_ids: list[int]) -> list[int]:
    """``elect`` inside the caller's transaction: one member refused leaves no mandate created; a board
    that changes opens its déclaration en préfecture (CERFA 13971) with it."""
    resolution, meeting = _resolution(session, resolution_id)
    if resolution.effet is not ResolutionLink.ELECTION or not resolution.adoptee:
        raise CptsError("Seule une résolution d’élection adoptée crée des mandats.")
    if not member_ids:
        raise CptsError("Choisissez au moins un administrateur élu.")
    start = meeting.date_heure.date()
    end = _years_later(start, statutes.parameters_in(session, start).duree_mandat_ans)
    created = []
    for member_id in member_ids:
        try:
            mandate_id = add_mandate_in(session, member_id, BoardRole.DIRECTOR, start, end)
        except CptsError as error:
            raise CptsError(
                f"Élection du {format_date(start)} non enregistrée, aucun mandat n’est créé. {error.message}"
            ) from error
        session.get_one(Mandate, mandate_id).meeting_id = meeting.id
        created.append(mandate_id)
    declarations.board_changed_in(session, start, start, meeting.id)
    return created


def _years_later(day: date, years: int) -> date:
    """The day before the same date ``years`` later: a mandate from 20/06/2026 for 3 years ends 19/06/2029."""
    try:
        anniversary = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + years, day=28)
    return anniversary - timedelta(days=1)
