"""Meetings: who is convened and why, attendance and pouvoirs, quorum, votes, and the minutes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import (
    AttendanceStatus,
    BoardRole,
    ConvocationChannel,
    Majority,
    MeetingStatus,
    MeetingType,
    MemberStatus,
    MinutesStatus,
    ResolutionLink,
    StatutesStatus,
)
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.grammar import agreed, number_form
from cpts_desktop.domain.meetings import adopted, check_votes, convocation_deadline, quorum_needed
from cpts_desktop.domain.statutes import GovernanceParameters, fraction_words
from cpts_desktop.i18n import format_date, format_datetime
from cpts_desktop.services import statutes
from cpts_desktop.services.board import add_mandate, current_board
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.failures import file_reason
from cpts_desktop.services.members import list_rows
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import AgendaItem, Attendance, Mandate, Meeting, Member, Resolution, StatutesVersion

GENERAL = (MeetingType.ORDINARY_GENERAL, MeetingType.EXTRAORDINARY_GENERAL)
BUREAU_ROLES = {r for r in BoardRole if r is not BoardRole.DIRECTOR}
# A conseil or a bureau deliberates when half of its members take part: the usual rule, which the
# statutes' parameters do not carry yet.
BOARD_QUORUM = Fraction(1, 2)
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
class Quorum:
    entitled: int
    present: int
    represented: int
    needed: int
    rule: str
    reached: bool


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


@dataclass(frozen=True)
class ConvocationDelay:
    """What the statutes ask: ``days`` before the meeting, so convocations sent by ``deadline``."""

    days: int
    deadline: date


@dataclass(frozen=True)
class Officers:
    """Who chairs and who takes the minutes, and when the meeting closed (« 20:40 »)."""

    president_id: int | None
    secretary_id: int | None
    closing: str | None


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


def _pouvoirs(count: int) -> str:
    return f"{count} pouvoir" if count < 2 else f"{count} pouvoirs"


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
    with database.sessions() as session:
        return [_summary(m) for m in session.scalars(select(Meeting).order_by(Meeting.date_heure.desc()))]


def parameters_for(database: Database, meeting: MeetingSummary) -> GovernanceParameters:
    return statutes.governance_parameters(database, meeting.date_heure.date())


def get_meeting(database: Database, meeting_id: int) -> MeetingDetail:
    with database.sessions() as session:
        m = _meeting(session, meeting_id)
        items = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == m.id).order_by(AgendaItem.ordre))
        agenda = []
        for item in items:
            resolutions = session.scalars(
                select(Resolution).where(Resolution.agenda_item_id == item.id).order_by(Resolution.ordre)
            )
            agenda.append(
                AgendaLine(
                    item.id,
                    item.ordre,
                    item.titre,
                    item.description or "",
                    [
                        ResolutionLine(
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
                        for r in resolutions
                    ],
                )
            )
        summary = _summary(m)
        detail = (
            m.version,
            m.visio_url or "",
            m.president_seance_id,
            m.secretaire_seance_id,
            m.heure_cloture,
            m.pv_texte,
            m.pv_statut,
            m.pv_approuve_le,
        )
    version, visio, president, secretary, closing, text, status, approved = detail
    return MeetingDetail(
        summary,
        version,
        visio,
        agenda,
        parameters_for(database, summary),
        president,
        secretary,
        closing,
        text,
        status,
        approved,
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


# ----- recipients
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


# ----- attendance and quorum
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


# ----- votes
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


# ----- minutes
def set_session_officers(
    database: Database, meeting_id: int, president_id: int | None, secretary_id: int | None, closing: str | None
) -> None:
    with database.sessions.begin() as session:
        _set_officers(_writable(session, meeting_id), Officers(president_id, secretary_id, closing))


def _set_officers(meeting: Meeting, officers: Officers) -> None:
    meeting.president_seance_id, meeting.secretaire_seance_id = officers.president_id, officers.secretary_id
    meeting.heure_cloture = (officers.closing or "").strip() or None


def _name(session: Session, member_id: int | None) -> str:
    member = session.get(Member, member_id) if member_id else None
    return " ".join(p for p in (member.prenom, member.nom) if p) if member else "……………………"


def _designated(session: Session, member_id: int | None) -> str:
    """« désignée » for Mme, « désigné » for M.; « désigné(e) » while the civilité or the person is unknown."""
    member = session.get(Member, member_id) if member_id else None
    return agreed(member.civilite.value if member and member.civilite else None, "désigné", "désignée")


@dataclass(frozen=True)
class Body:
    """How a procès-verbal names the body that met: « le conseil d’administration, réuni le … », « le
    conseil peut valablement délibérer » (a CA is not an assemblée)."""

    name: str
    short: str
    met: str

    @property
    def capitalized(self) -> str:
        return self.name[0].upper() + self.name[1:]

    @property
    def chaired(self) -> str:
        return "présidée" if self.met.endswith("e") else "présidé"


BODIES = {
    MeetingType.ORDINARY_GENERAL: Body("l’assemblée générale ordinaire", "l’assemblée", "réunie"),
    MeetingType.EXTRAORDINARY_GENERAL: Body("l’assemblée générale extraordinaire", "l’assemblée", "réunie"),
    MeetingType.BOARD: Body("le conseil d’administration", "le conseil", "réuni"),
    MeetingType.BUREAU: Body("le bureau", "le bureau", "réuni"),
    MeetingType.OTHER: Body("la réunion", "la réunion", "tenue"),
}


def draft_minutes(database: Database, meeting_id: int, officers: Officers | None = None) -> str:
    """The procès-verbal written from what was recorded: presence, quorum, each résolution and its votes.

    ``officers`` (chosen on screen, not yet saved) name the séance's officers; nothing is written."""
    detail = get_meeting(database, meeting_id)
    state = quorum(database, meeting_id)
    summary = detail.summary
    if officers is None:
        officers = Officers(detail.president_seance_id, detail.secretaire_seance_id, detail.heure_cloture)
    with database.sessions() as session:
        president, secretary = _name(session, officers.president_id), _name(session, officers.secretary_id)
        designated = _designated(session, officers.secretary_id)
    when, body = summary.date_heure, BODIES[summary.type]
    lines = [
        f"{body.capitalized}, {body.met} le {format_datetime(when)}"
        f"{' (lieu : ' + summary.lieu + ')' if summary.lieu else ''}, est {body.chaired} par {president} ; "
        f"{secretary} est {designated} secrétaire de séance.",
        f"Membres convoqués : {state.entitled}. Présents : {state.present}. Représentés : {state.represented}.",
        (
            f"Aucun quorum n’est requis : {body.short} peut valablement délibérer."
            if state.needed == 0
            else f"Le quorum ({state.rule}, soit {state.needed}) est atteint : {body.short} peut valablement délibérer."
            if state.reached
            else f"Le quorum ({state.rule}, soit {state.needed}) n’est pas atteint : la réunion s’est tenue "
            "sans quorum et ses délibérations devront être confirmées."
        ),
        "",
        "Ordre du jour :",
    ]
    lines += [f"{item.ordre}. {item.titre}" for item in detail.agenda]
    for item in detail.agenda:
        lines += ["", f"{item.ordre}. {item.titre}"]
        if item.description:
            lines.append(item.description)
        elif not item.resolutions:  # the exchanges are the secretary's to write: a visible gap, not a bare heading
            lines.append("Échanges : ……")
        for r in item.resolutions:
            lines.append(f"Résolution {item.ordre}.{r.ordre} : {r.texte}")
            if r.adoptee is None:
                lines.append("Cette résolution n’a pas été mise aux voix.")
                continue
            outcome = "adoptée" if r.adoptee else "rejetée"
            if r.voix_contre == 0 and r.abstentions == 0 and r.voix_pour == state.present + state.represented:
                lines.append(f"Vote : à l’unanimité ({r.voix_pour} voix pour). La résolution est adoptée.")
            else:
                lines.append(
                    f"Vote : {r.voix_pour} pour, {r.voix_contre} contre, "
                    f"{r.abstentions} {number_form(r.abstentions, 'abstention', 'abstentions')} "
                    f"({r.majorite.label.lower()}). La résolution est {outcome}."
                )
    closing = (officers.closing or "").strip() or "……"
    lines += ["", f"L’ordre du jour étant épuisé, la séance est levée à {closing}."]
    return "\n".join(lines)


def save_minutes(database: Database, meeting_id: int, text: str, officers: Officers | None = None) -> None:
    """The procès-verbal's text and, when given, the séance's officers: saved together or not at all."""
    with database.sessions.begin() as session:
        meeting = _writable(session, meeting_id)
        if officers is not None:
            _set_officers(meeting, officers)
        meeting.pv_texte = text


def approve_minutes(database: Database, meeting_id: int, on: date) -> None:
    with database.sessions.begin() as session:
        meeting = _writable(session, meeting_id)
        if not meeting.pv_texte:
            raise CptsError("Rédigez le procès-verbal avant de l’approuver.")
        if on < meeting.date_heure.date():
            raise CptsError(
                f"Le procès-verbal ne peut pas être approuvé avant la réunion du {meeting.date_heure:%d/%m/%Y}."
            )
        meeting.pv_statut, meeting.pv_approuve_le = MinutesStatus.APPROVED, on
        meeting.statut = MeetingStatus.MINUTES_APPROVED


def sign_minutes(database: Database, meeting_id: int) -> None:
    with database.sessions.begin() as session:
        meeting = _meeting(session, meeting_id)
        if meeting.pv_statut is not MinutesStatus.APPROVED:
            raise CptsError("Le procès-verbal doit être approuvé avant d’être signé.")
        meeting.pv_statut = MinutesStatus.SIGNED


# ----- agenda file
def ics(database: Database, meeting_id: int, now: datetime | None = None) -> str:
    """The meeting as an iCalendar event (local time, two hours), for members' agendas."""
    detail = get_meeting(database, meeting_id)
    s = detail.summary
    stamp = (now or datetime.now()).strftime("%Y%m%dT%H%M%S")
    start = s.date_heure
    end = start.replace(hour=min(start.hour + 2, 23))

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    agenda = "\n".join(f"{i.ordre}. {i.titre}" for i in detail.agenda)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//CPTS Desktop//FR",
        "BEGIN:VEVENT",
        f"UID:reunion-{s.id}-{start.strftime('%Y%m%d')}@cpts-desktop",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start.strftime('%Y%m%dT%H%M%S')}",
        f"DTEND:{end.strftime('%Y%m%dT%H%M%S')}",
        f"SUMMARY:{esc(s.titre)}",
        f"LOCATION:{esc(s.lieu or detail.visio_url)}",
        f"DESCRIPTION:{esc('Ordre du jour :' + chr(10) + agenda)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def write_ics(database: Database, meeting_id: int, path: Path) -> Path:
    """The meeting's calendar file, written whole or not at all."""
    partial = path.with_name(path.name + ".partiel")
    try:
        partial.write_text(ics(database, meeting_id), encoding="utf-8", newline="")
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CptsError(f"Impossible d’écrire « {path} » ({file_reason(error)}).") from error
    return path
