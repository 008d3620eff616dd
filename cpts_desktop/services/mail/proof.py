"""The proof of what was sent: a member's messages (for the member card), when each convocation of a
meeting left (for the délai de convocation), and the « preuve d’envoi » of a meeting or a lot.

Everything is read from the outbox, which keeps every message after sending with the server's answer
and the SHA-256 of each attachment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import MailKind, MailStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.association import Letterhead, letterhead_of
from cpts_desktop.services.errors import NotFound
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Meeting, OutgoingMessage


@dataclass(frozen=True)
class AttachmentProof:
    nom: str
    sha256: str


@dataclass(frozen=True)
class MessageLine:
    """One message of the outbox, as the proof and the member card show it."""

    id: int
    lot: str
    lot_libelle: str
    nature: MailKind
    objet: str
    destinataire: str
    destinataire_nom: str | None
    member_id: int | None
    statut: MailStatus
    cree_le: datetime
    envoye_le: datetime | None
    reponse_serveur: str | None
    pieces_jointes: tuple[AttachmentProof, ...]


_COLUMNS = (
    OutgoingMessage.id,
    OutgoingMessage.lot,
    OutgoingMessage.lot_libelle,
    OutgoingMessage.nature,
    OutgoingMessage.objet,
    OutgoingMessage.destinataire,
    OutgoingMessage.destinataire_nom,
    OutgoingMessage.member_id,
    OutgoingMessage.statut,
    OutgoingMessage.cree_le,
    OutgoingMessage.envoye_le,
    OutgoingMessage.reponse_serveur,
    OutgoingMessage.pieces_jointes,
)


def _attachments(text: str | None) -> tuple[AttachmentProof, ...]:
    """The JSON list the outbox keeps ({"nom", "sha256"} per attachment); nothing when unreadable."""
    try:
        items = json.loads(text) if text else []
    except ValueError:
        return ()
    return tuple(AttachmentProof(str(i.get("nom", "")), str(i.get("sha256", ""))) for i in items if isinstance(i, dict))


def _lines(session: Session, *conditions: ColumnElement[bool]) -> list[MessageLine]:
    query = select(*_COLUMNS).where(*conditions).order_by(OutgoingMessage.cree_le, OutgoingMessage.id)
    return [_line(row) for row in session.execute(query)]


def _line(row: Row) -> MessageLine:
    return MessageLine(
        id=row.id,
        lot=row.lot,
        lot_libelle=row.lot_libelle,
        nature=row.nature,
        objet=row.objet,
        destinataire=row.destinataire,
        destinataire_nom=row.destinataire_nom,
        member_id=row.member_id,
        statut=row.statut,
        cree_le=row.cree_le,
        envoye_le=row.envoye_le,
        reponse_serveur=row.reponse_serveur,
        pieces_jointes=_attachments(row.pieces_jointes),
    )


def member_messages(database: Database, member_id: int) -> list[MessageLine]:
    """Every message addressed to the member, oldest first (the member card's « Messages »)."""
    with database.snapshot() as session:
        return _lines(session, OutgoingMessage.member_id == member_id)


def meeting_convocations(database: Database, meeting_id: int) -> dict[int, MessageLine]:
    """Per member, the convocation e-mail of the meeting that counts: the first sent, else the latest
    attempt (waiting, failed or cancelled)."""
    with database.snapshot() as session:
        lines = _lines(
            session,
            OutgoingMessage.meeting_id == meeting_id,
            OutgoingMessage.nature == MailKind.CONVOCATION,
            OutgoingMessage.member_id.is_not(None),
        )
    chosen: dict[int, MessageLine] = {}
    for line in lines:
        assert line.member_id is not None
        kept = chosen.get(line.member_id)
        if kept is None or kept.statut is not MailStatus.SENT:
            chosen[line.member_id] = line
    return chosen


def sent_dates_in(session: Session, meeting_id: int) -> dict[int, datetime]:
    """When each member's convocation to the meeting first left by e-mail (the délai is met or not by it)."""
    query = (
        select(OutgoingMessage.member_id, func.min(OutgoingMessage.envoye_le))
        .where(
            OutgoingMessage.meeting_id == meeting_id,
            OutgoingMessage.nature == MailKind.CONVOCATION,
            OutgoingMessage.statut == MailStatus.SENT,
            OutgoingMessage.member_id.is_not(None),
            OutgoingMessage.envoye_le.is_not(None),
        )
        .group_by(OutgoingMessage.member_id)
    )
    return {member_id: sent for member_id, sent in session.execute(query) if member_id is not None and sent}


@dataclass(frozen=True)
class Proof:
    """The « preuve d’envoi » of a meeting's convocations or of one lot."""

    head: Letterhead
    titre: str
    reunion: str | None
    date_reunion: datetime | None
    sent: list[MessageLine]
    failed: list[MessageLine]
    waiting: list[MessageLine]


def proof(database: Database, meeting_id: int | None = None, lot: str | None = None) -> Proof:
    """What left for a meeting (its convocations) or for a lot, who failed and who is still waiting."""
    if (meeting_id is None) == (lot is None):
        raise CptsError("Indiquez une réunion ou un envoi, pas les deux.")
    with database.snapshot() as session:
        head = letterhead_of(session)
        if meeting_id is not None:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise NotFound(f"La réunion n° {meeting_id} n’existe pas.")
            lines = _lines(
                session, OutgoingMessage.meeting_id == meeting_id, OutgoingMessage.nature == MailKind.CONVOCATION
            )
            titre, reunion, moment = f"Convocations – {meeting.titre}", meeting.titre, meeting.date_heure
        else:
            lines = _lines(session, OutgoingMessage.lot == lot)
            if not lines:
                raise NotFound(f"L’envoi « {lot} » n’existe pas.")
            titre, reunion, moment = lines[0].lot_libelle, None, None
    if not lines:
        raise CptsError("Aucune convocation n’a été envoyée par courrier électronique pour cette réunion.")
    return Proof(
        head,
        titre,
        reunion,
        moment,
        sorted((m for m in lines if m.statut is MailStatus.SENT), key=_when),
        [m for m in lines if m.statut is MailStatus.FAILED],
        [m for m in lines if m.statut in (MailStatus.QUEUED, MailStatus.SENDING)],
    )


def _when(line: MessageLine) -> tuple[datetime, str]:
    return line.envoye_le or line.cree_le, line.destinataire_nom or line.destinataire
