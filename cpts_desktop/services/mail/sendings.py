"""What the association sends by e-mail: a meeting's convocations, the relances of a year, a payment's
receipt, a member's attestation, a free message to a selection.

Each kind is prepared first (``prepare_*``: who receives it, who has no address and must get a
letter, the first message as the member will read it) and then queued whole in one transaction
(``queue_sending``), where the outbox sends it. The PDFs are drawn by the caller's ``Drawings`` (the
pdf layer's ``cpts_desktop.pdf.mail_attachments.DRAWINGS``): services never import the documents.

Nothing about a patient is ever sent: the fields are the member's identity, the association's, the
meeting's and the cotisation's."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import BoardRole, ConvocationChannel, MailKind, MailStatus, MeetingStatus, MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.text import safe_filename, search_key
from cpts_desktop.i18n import format_date, format_money, format_time
from cpts_desktop.services import documents
from cpts_desktop.services.association import Letterhead, Signatory, letterhead_of, signatory
from cpts_desktop.services.board import board_in
from cpts_desktop.services.coverage import Invitee, non_members
from cpts_desktop.services.documents import Attestation, MeetingPapers, MemberCard, Receipt, cards_in
from cpts_desktop.services.mail.compose import Attachment, build_message
from cpts_desktop.services.mail.outbox import Prepared, queue_in
from cpts_desktop.services.mail.settings import MailConfig, MailNotConfigured, mail_config
from cpts_desktop.services.mail.templates import Template, check_template, render, template_in
from cpts_desktop.services.meetings.agenda import _writable
from cpts_desktop.services.meetings.calendar import ics
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Attendance, Member, OutgoingMessage

PDF = "application/pdf"
CALENDAR = "text/calendar"
# statuses under which a convocation counts as given: a second sending offers only the others
_GIVEN = (MailStatus.QUEUED, MailStatus.SENDING, MailStatus.SENT)


class Drawings(Protocol):
    """The PDFs a sending attaches, drawn by the pdf layer (``cpts_desktop.pdf.mail_attachments``)."""

    def convocation(self, papers: MeetingPapers, member: MemberCard) -> bytes: ...

    def receipt(self, data: Receipt) -> bytes: ...

    def attestation(self, data: Attestation) -> bytes: ...


class SendingCancelled(CptsError):
    def __init__(self) -> None:
        super().__init__("Préparation annulée : aucun message n’a été mis dans la boîte d’envoi.")


@dataclass(frozen=True)
class Preview:
    """The first message as its recipient will read it."""

    destinataire: str
    objet: str
    texte: str
    pieces_jointes: tuple[str, ...]


@dataclass(frozen=True)
class PlannedMessage:
    """One message of a sending, its text rendered; its PDFs are drawn only when it is queued."""

    destinataire: str
    destinataire_nom: str
    member_id: int | None
    objet: str
    texte: str
    pieces_jointes: tuple[str, ...]
    attachments: Callable[[Drawings], list[Attachment]] = field(repr=False, compare=False)
    payment_id: int | None = None


Unreachable = MemberCard | Invitee


@dataclass
class Sending:
    """A sending ready to be queued: ``prepared`` has one message per recipient with an address,
    ``without_address`` those who need a paper letter, ``already`` the members convened by e-mail before
    (sent or waiting), left out."""

    nature: MailKind
    lot_libelle: str
    prepared: list[PlannedMessage]
    without_address: list[Unreachable]
    already: list[MemberCard] = field(default_factory=list)
    meeting_id: int | None = None
    list_unsubscribe: str | None = None

    @property
    def preview(self) -> Preview | None:
        """The first message, filled with its recipient's values (None when nobody has an address)."""
        if not self.prepared:
            return None
        first = self.prepared[0]
        shown = f"{first.destinataire_nom} <{first.destinataire}>"
        return Preview(shown, first.objet, first.texte, first.pieces_jointes)

    def messages(
        self,
        config: MailConfig,
        drawings: Drawings,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        skip: set[int] | frozenset[int] = frozenset(),
    ) -> Iterator[Prepared]:
        """The outbox's messages, made one at a time (10,000 convocations are never all in memory)."""
        planned = [p for p in self.prepared if p.member_id not in skip]
        for done, plan in enumerate(planned, start=1):
            if cancelled is not None and cancelled():
                raise SendingCancelled()
            message = build_message(
                config,
                plan.destinataire,
                plan.destinataire_nom,
                plan.objet,
                plan.texte,
                attachments=plan.attachments(drawings),
                list_unsubscribe=self.list_unsubscribe,
            )
            yield Prepared(
                nature=self.nature,
                destinataire=plan.destinataire,
                destinataire_nom=plan.destinataire_nom,
                message=message,
                member_id=plan.member_id,
                meeting_id=self.meeting_id,
                payment_id=plan.payment_id,
            )
            if progress is not None:
                progress(done, len(planned))


@dataclass(frozen=True)
class Queued:
    """A sending in the outbox: its lot, how many messages, and who was left out as already convened."""

    lot: str
    queued: int
    skipped: list[str]


# ---------------------------------------------------------------- what every message of a member says


def _person(card: MemberCard, head: Letterhead, signer: Signatory) -> dict[str, str | None]:
    return {
        "formule": card.salutation,
        "civilite": card.civilite,
        "prenom": card.prenom,
        "nom": card.nom,
        "association": head.nom,
        "signataire": f"{signer.role}, {signer.name}" if signer.name else None,
    }


_NO_ATTACHMENT: Callable[[Drawings], list[Attachment]] = lambda _drawings: []  # noqa: E731


def _split(
    draft: Template,
    cards: Iterable[MemberCard],
    values: Callable[[MemberCard], dict[str, str | None]],
    attachments: Callable[[MemberCard], tuple[tuple[str, ...], Callable[[Drawings], list[Attachment]]]] | None = None,
    payment_id: int | None = None,
) -> tuple[list[PlannedMessage], list[Unreachable]]:
    """Each card with an address becomes a planned message; the others are listed for a letter."""
    planned: list[PlannedMessage] = []
    without: list[Unreachable] = []
    for card in cards:
        address = (card.email or "").strip()
        if not address:
            without.append(card)
            continue
        filled = render(draft, values(card))
        names, draw = attachments(card) if attachments else ((), _NO_ATTACHMENT)
        planned.append(
            PlannedMessage(address, card.display_name, card.id, filled.objet, filled.corps, names, draw, payment_id)
        )
    return planned, without


def _draft(session: Session, nature: MailKind, draft: Template | None) -> Template:
    return check_template(nature, draft) if draft is not None else template_in(session, nature)


# ---------------------------------------------------------------- convocations


def convocation_file(card: MemberCard) -> str:
    """« Convocation Anaïs Lefèvre.pdf »: the recipient's own file, named for them."""
    return safe_filename(f"Convocation {card.display_name}", default=f"Convocation {card.id}") + ".pdf"


def convocations(database: Database, meeting_id: int, draft: Template | None = None) -> Sending:
    """The convocations of a meeting: each convened member with an address receives the message, their
    personal convocation (with the pouvoir for an AG) and the meeting's calendar file; the members
    already convened by e-mail (sent or waiting) are listed apart and left out."""
    papers = documents.meeting_papers(database, meeting_id)
    calendar = ics(database, meeting_id).encode("utf-8")
    meeting = papers.meeting
    calendar_name = safe_filename(meeting.titre, default="Réunion") + ".ics"
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.CONVOCATION, draft)
        given = _convened_by_mail(session, meeting_id)
    common = {
        "reunion": meeting.titre,
        "date_reunion": format_date(meeting.date_heure.date()),
        "heure_reunion": format_time(meeting.date_heure),
        "lieu": meeting.lieu or None,
    }

    def attachments(card: MemberCard) -> tuple[tuple[str, ...], Callable[[Drawings], list[Attachment]]]:
        name = convocation_file(card)

        def draw(drawings: Drawings) -> list[Attachment]:
            return [
                Attachment(name, drawings.convocation(papers, card), PDF),
                Attachment(calendar_name, calendar, CALENDAR),
            ]

        return (name, calendar_name), draw

    fresh = [c for c in papers.convened if c.id not in given]
    planned, without = _split(
        chosen, fresh, lambda card: _person(card, papers.head, papers.president) | common, attachments
    )
    already = [c for c in papers.convened if c.id in given]
    libelle = f"Convocations – {meeting.titre} du {format_date(meeting.date_heure.date())}"
    return Sending(MailKind.CONVOCATION, libelle, planned, without, already, meeting_id)


def queue_convocations(database: Database, meeting_id: int, drawings: Drawings, draft: Template | None = None) -> str:
    """``convocations`` into the outbox; returns the lot."""
    return queue_sending(database, convocations(database, meeting_id, draft), drawings).lot


def _convened_by_mail(session: Session, meeting_id: int) -> set[int]:
    """Members whose convocation to the meeting is sent or waiting in the outbox."""
    query = select(OutgoingMessage.member_id).where(
        OutgoingMessage.meeting_id == meeting_id,
        OutgoingMessage.nature == MailKind.CONVOCATION,
        OutgoingMessage.statut.in_(_GIVEN),
        OutgoingMessage.member_id.is_not(None),
    )
    return {member_id for member_id in session.scalars(query) if member_id is not None}


def _mark_convened(session: Session, meeting_id: int, member_ids: list[int]) -> None:
    """Convening by e-mail is convening: the recipients are kept, the meeting is « convoquée »."""
    meeting = _writable(session, meeting_id)
    existing = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))}
    for member_id in member_ids:
        row = existing.get(member_id) or Attendance(meeting_id=meeting_id, member_id=member_id)
        row.convoque = True
        session.add(row)
    if meeting.convocation_date is None:
        meeting.convocation_date, meeting.convocation_canal = date.today(), ConvocationChannel.EMAIL.value
    if meeting.statut is MeetingStatus.PLANNED:
        meeting.statut = MeetingStatus.CONVENED


# ---------------------------------------------------------------- relances, receipt, attestation


def reminders(database: Database, year: int, draft: Template | None = None) -> Sending:
    """One relance per active member not à jour for ``year``, with what remains due."""
    data = documents.reminders(database, year)
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.REMINDER, draft)
    owed = {r.member.id: _remaining(r.due, r.paid) for r in data.letters}
    planned, without = _split(
        chosen,
        (r.member for r in data.letters),
        lambda card: _person(card, data.head, data.president) | {"annee": str(year), "montant_du": owed[card.id]},
    )
    return Sending(MailKind.REMINDER, f"Relances de cotisation {year}", planned, without)


def queue_reminders(database: Database, year: int, drawings: Drawings, draft: Template | None = None) -> str:
    return queue_sending(database, reminders(database, year, draft), drawings).lot


def _remaining(due: Decimal | None, paid: Decimal) -> str | None:
    """« 45,00 € » left to pay; None without a barème (the template's line is then left out)."""
    return format_money(due - paid) if due is not None and due > paid else None


def receipt(database: Database, payment_id: int, draft: Template | None = None) -> Sending:
    """A payment's receipt, attached to a message to its member."""
    data = documents.receipt(database, payment_id)
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.RECEIPT, draft)
    name = safe_filename(f"Reçu {data.numero}", default="Reçu") + ".pdf"
    values = {
        "annee": str(data.annee),
        "montant": format_money(data.montant),
        "date_paiement": format_date(data.date_paiement),
        "numero_recu": data.numero,
    }
    planned, without = _split(
        chosen,
        [data.member],
        lambda card: _person(card, data.head, data.treasurer) | values,
        lambda _card: ((name,), lambda drawings: [Attachment(name, drawings.receipt(data), PDF)]),
        payment_id=payment_id,
    )
    return Sending(MailKind.RECEIPT, f"Reçu n° {data.numero} – {data.member.display_name}", planned, without)


def queue_receipt(database: Database, payment_id: int, drawings: Drawings, draft: Template | None = None) -> str:
    return queue_sending(database, receipt(database, payment_id, draft), drawings).lot


def attestation(database: Database, member_id: int, year: int, draft: Template | None = None) -> Sending:
    """A member's attestation d’adhésion for ``year``, attached to a message to them."""
    data = documents.attestation(database, member_id, year)
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.ATTESTATION, draft)
    name = safe_filename(f"Attestation d’adhésion {year} {data.member.display_name}", default="Attestation") + ".pdf"
    planned, without = _split(
        chosen,
        [data.member],
        lambda card: _person(card, data.head, data.president) | {"annee": str(year)},
        lambda _card: ((name,), lambda drawings: [Attachment(name, drawings.attestation(data), PDF)]),
    )
    libelle = f"Attestation d’adhésion {year} – {data.member.display_name}"
    return Sending(MailKind.ATTESTATION, libelle, planned, without)


def queue_attestation(
    database: Database, member_id: int, year: int, drawings: Drawings, draft: Template | None = None
) -> str:
    return queue_sending(database, attestation(database, member_id, year, draft), drawings).lot


# ---------------------------------------------------------------- a free message to a selection


@dataclass(frozen=True)
class Selection:
    """Who a free message is for: the active members of a collège and/or a profession, the board in
    office, or the professionals of the territory who are not members (to invite them)."""

    college_id: int | None = None
    profession_code: str | None = None
    board: bool = False
    non_members: bool = False


def free_message(database: Database, who: Selection | list[int], draft: Template | None = None) -> Sending:
    """A free message to the members chosen (by id, or by a ``Selection``), with the association's
    address for unsubscribing (List-Unsubscribe)."""
    config = mail_config(database)
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.FREE, draft)
        head = letterhead_of(session)
        signer = signatory(session, BoardRole.PRESIDENT)
        ids = list(who) if isinstance(who, list) else _selected(session, who)
        cards = sorted(cards_in(session, ids).values(), key=lambda c: (search_key(c.nom), search_key(c.prenom)))
    planned, without = _split(chosen, cards, lambda card: _person(card, head, signer))
    if isinstance(who, Selection) and who.non_members:
        without += [p for p in non_members(database) if p.opposition is None]
    unsubscribe = head.email or (config.expediteur_adresse if config else None)
    link = f"<mailto:{unsubscribe}?subject={quote('Désinscription')}>" if unsubscribe else None
    return Sending(MailKind.FREE, f"Message – {chosen.objet}", planned, without, list_unsubscribe=link)


def queue_free_message(
    database: Database, who: Selection | list[int], drawings: Drawings, draft: Template | None = None
) -> str:
    return queue_sending(database, free_message(database, who, draft), drawings).lot


def _selected(session: Session, selection: Selection) -> list[int]:
    """The active members the selection names (none for the non-members alone: the Annuaire Santé
    extract kept by the application holds no e-mail address, each of them is a letter to print)."""
    if selection.board:
        return sorted({m.member_id for m in board_in(session)})
    if selection.non_members and selection.college_id is None and not selection.profession_code:
        return []
    query = select(Member.id).where(Member.statut == MemberStatus.ACTIVE)
    if selection.college_id is not None:
        query = query.where(Member.college_id == selection.college_id)
    if selection.profession_code:
        query = query.where(Member.profession_code == selection.profession_code)
    return list(session.scalars(query))


# ---------------------------------------------------------------- into the outbox


def queue_sending(
    database: Database,
    sending: Sending,
    drawings: Drawings,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Queued:
    """Every message of ``sending`` into the outbox, in one transaction (all or none). A convocation
    given to a member since the preparation (another window, another computer) is skipped: nobody is
    convened twice."""
    config = mail_config(database)
    if config is None:
        raise MailNotConfigured()
    with database.sessions.begin() as session:
        given = _convened_by_mail(session, sending.meeting_id) if sending.meeting_id is not None else set()
        todo = [p for p in sending.prepared if p.member_id not in given]
        if not todo:
            raise CptsError(_nothing(sending))
        lot = queue_in(session, sending.lot_libelle, sending.messages(config, drawings, progress, cancelled, given))
        if sending.meeting_id is not None:
            _mark_convened(session, sending.meeting_id, [p.member_id for p in todo if p.member_id is not None])
    late = [p.destinataire_nom for p in sending.prepared if p.member_id in given]
    return Queued(lot, len(todo), [*(c.display_name for c in sending.already), *late])


def _nothing(sending: Sending) -> str:
    if sending.already or sending.prepared:
        return "Tous les destinataires ont déjà reçu leur convocation par courrier électronique (ou l’attendent)."
    if sending.without_address:
        return "Aucun destinataire n’a d’adresse électronique : imprimez les courriers."
    return "Aucun destinataire pour cet envoi."
