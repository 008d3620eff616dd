"""The procès-verbal: the séance's officers, its draft written from what was recorded, approval, signature."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import (
    MeetingStatus,
    MeetingType,
    MinutesStatus,
)
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.grammar import agreed, number_form
from cpts_desktop.domain.meetings import Quorum, unanimous
from cpts_desktop.i18n import format_date_short, format_datetime
from cpts_desktop.services.meetings.agenda import MeetingDetail, _meeting, _writable, meeting_in
from cpts_desktop.services.meetings.attendance import quorum_in
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Meeting, Member


@dataclass(frozen=True)
class Officers:
    """Who chairs and who takes the minutes, and when the meeting closed (« 20:40 »)."""

    president_id: int | None
    secretary_id: int | None
    closing: str | None


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
    with database.snapshot() as session:
        return draft_minutes_in(session, meeting_id, officers)


def draft_minutes_in(
    session: Session,
    meeting_id: int,
    officers: Officers | None = None,
    *,
    read: tuple[MeetingDetail, Quorum] | None = None,
) -> str:
    """``draft_minutes`` read in the caller's session, beside the rest of its snapshot; ``read``: the
    meeting and its quorum the caller already has (the convened of an AG of 10,000 are read once)."""
    detail, state = read or (meeting_in(session, meeting_id), quorum_in(session, meeting_id))
    summary = detail.summary
    if officers is None:
        officers = Officers(detail.president_seance_id, detail.secretaire_seance_id, detail.heure_cloture)
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
            pour, contre, abstentions = r.voix_pour or 0, r.voix_contre or 0, r.abstentions or 0
            if r.adoptee and unanimous(pour, contre, abstentions, state.voters):
                lines.append(f"Vote : à l’unanimité ({pour} voix pour). La résolution est adoptée.")
            else:
                lines.append(
                    f"Vote : {pour} pour, {contre} contre, "
                    f"{abstentions} {number_form(abstentions, 'abstention', 'abstentions')} "
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
                "Le procès-verbal ne peut pas être approuvé avant la réunion du "
                f"{format_date_short(meeting.date_heure)}."
            )
        meeting.pv_statut, meeting.pv_approuve_le = MinutesStatus.APPROVED, on
        meeting.statut = MeetingStatus.MINUTES_APPROVED


def sign_minutes(database: Database, meeting_id: int) -> None:
    with database.sessions.begin() as session:
        meeting = _meeting(session, meeting_id)
        if meeting.pv_statut is not MinutesStatus.APPROVED:
            raise CptsError("Le procès-verbal doit être approuvé avant d’être signé.")
        meeting.pv_statut = MinutesStatus.SIGNED
