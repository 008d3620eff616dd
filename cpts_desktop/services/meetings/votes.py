"""Votes on résolutions (with the statutes they adopt) and the elections they make."""

from __future__ import annotations

from datetime import date, timedelta

from cpts_desktop.domain.enums import (
    BoardRole,
    Majority,
    MeetingStatus,
    MeetingType,
    ResolutionLink,
)
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.meetings import adopted, check_votes
from cpts_desktop.domain.statutes import GovernanceParameters
from cpts_desktop.services import statutes
from cpts_desktop.services.board import add_mandate
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.meetings.agenda import _writable, get_meeting
from cpts_desktop.services.meetings.attendance import quorum
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import AgendaItem, Mandate, Meeting, Resolution


def majority_for(kind: MeetingType, parameters: GovernanceParameters) -> Majority:
    if kind is MeetingType.ORDINARY_GENERAL:
        return parameters.majorite_ago
    if kind is MeetingType.EXTRAORDINARY_GENERAL:
        return parameters.majorite_age
    return Majority.SIMPLE


def record_vote(
    database: Database, resolution_id: int, pour: int, contre: int, abstentions: int, unanimous: bool = False
) -> bool:
    """Count the votes and decide with the statutes' majority; an adopted statutes version takes effect."""
    with database.sessions() as session:
        resolution = session.get(Resolution, resolution_id)
        if resolution is None:
            raise NotFound("Cette résolution n’existe plus.")
        meeting_id = _writable(session, session.get(AgendaItem, resolution.agenda_item_id).meeting_id).id
    detail = get_meeting(database, meeting_id)
    state = quorum(database, meeting_id)
    voters = state.present + state.represented
    if unanimous:
        pour, contre, abstentions = voters, 0, 0
    check_votes(pour, contre, abstentions, voters)
    rule = majority_for(detail.summary.type, detail.parameters)
    result = adopted(rule, pour, contre, abstentions)
    with database.sessions.begin() as session:
        resolution = session.get(Resolution, resolution_id)
        resolution.voix_pour, resolution.voix_contre, resolution.abstentions = pour, contre, abstentions
        resolution.majorite, resolution.adoptee = rule, result
        meeting = session.get(Meeting, meeting_id)
        if meeting.statut in (MeetingStatus.PLANNED, MeetingStatus.CONVENED):
            meeting.statut = MeetingStatus.HELD
        effect, version_id = resolution.effet, resolution.statutes_version_id
    if result and effect is ResolutionLink.STATUTES and version_id:
        statutes.adopt(database, version_id, detail.summary.date_heure.date(), meeting_id)
    return result


def elect(database: Database, resolution_id: int, member_ids: list[int]) -> list[int]:
    """The administrators an adopted election résolution names: a mandate each, from the meeting's day
    for the duration the statutes set, recorded as elected by this meeting."""
    with database.sessions() as session:
        resolution = session.get(Resolution, resolution_id)
        if resolution is None:
            raise NotFound("Cette résolution n’existe plus.")
        if resolution.effet is not ResolutionLink.ELECTION or not resolution.adoptee:
            raise CptsError("Seule une résolution d’élection adoptée crée des mandats.")
        meeting = session.get(Meeting, session.get(AgendaItem, resolution.agenda_item_id).meeting_id)
        start, meeting_id = meeting.date_heure.date(), meeting.id
    if not member_ids:
        raise CptsError("Choisissez au moins un administrateur élu.")
    years = statutes.governance_parameters(database, start).duree_mandat_ans
    end = _years_later(start, years)
    created = []
    for member_id in member_ids:
        mandate_id = add_mandate(database, member_id, BoardRole.DIRECTOR, start, end)
        with database.sessions.begin() as session:
            session.get(Mandate, mandate_id).meeting_id = meeting_id
        created.append(mandate_id)
    return created


def _years_later(day: date, years: int) -> date:
    """The day before the same date ``years`` later: a mandate from 20/06/2026 for 3 years ends 19/06/2029."""
    try:
        anniversary = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + years, day=28)
    return anniversary - timedelta(days=1)
