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
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.text import safe_filename, search_key
from cpts_desktop.domain.validators import clean_email
from cpts_desktop.i18n import format_date, format_money, format_time
from cpts_desktop.services import documents
from cpts_desktop.services.association import Letterhead, Signatory, letterhead_of, signatory
from cpts_desktop.services.board import board_in
from cpts_desktop.services.coverage import non_members
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
class Addressee:
    """Someone a sending is meant for; ``email`` None: a letter is to be printed instead."""

    member_id: int | None
    nom: str
    email: str | None
    address_lines: tuple[str, ...] = ()
    invalid_email: str | None = None  # what the register holds when it is not an address (« jean.dupont@ »)

    @property
    def shown(self) -> str:
        """« Anaïs Lefèvre <anais@exemple.fr> »."""
        return f"{self.nom} <{self.email}>" if self.email else self.nom


@dataclass(frozen=True)
class Preview:
    """The first message as its recipient will read it."""

    destinataire: str
    objet: str
    texte: str
    pieces_jointes: tuple[str, ...]


Draw = Callable[[Drawings], list[Attachment]]


@dataclass(frozen=True)
class _Item:
    """One message to make: to whom, its template's values, its attachments' names and how to draw them."""

    to: Addressee
    values: dict[str, str | None]
    names: tuple[str, ...] = ()
    draw: Draw | None = None
    payment_id: int | None = None


@dataclass
class Sending:
    """A sending ready to be queued: ``recipients`` have an address, ``without_address`` need a paper
    letter, ``already`` were convened by e-mail before (sent or waiting) and are left out."""

    nature: MailKind
    lot_libelle: str
    draft: Template
    recipients: list[Addressee]
    without_address: list[Addressee]
    already: list[Addressee] = field(default_factory=list)
    meeting_id: int | None = None
    list_unsubscribe: str | None = None
    items: list[_Item] = field(default_factory=list, repr=False)

    @property
    def preview(self) -> Preview | None:
        """The first message, filled with its recipient's values (None when nobody has an address)."""
        if not self.items:
            return None
        first = self.items[0]
        filled = render(self.draft, first.values)
        return Preview(first.to.shown, filled.objet, filled.corps, first.names)

    def messages(
        self,
        config: MailConfig,
        drawings: Drawings,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        skip: set[int] | frozenset[int] = frozenset(),
    ) -> Iterator[Prepared]:
        """The outbox's messages, made one at a time (10,000 convocations are never all in memory)."""
        items = [i for i in self.items if i.to.member_id not in skip]
        for done, item in enumerate(items, start=1):
            if cancelled is not None and cancelled():
                raise SendingCancelled()
            yield self._prepared(config, drawings, item)
            if progress is not None:
                progress(done, len(items))

    def _prepared(self, config: MailConfig, drawings: Drawings, item: _Item) -> Prepared:
        filled = render(self.draft, item.values)
        address = item.to.email or ""  # only addressees with an address become items
        message = build_message(
            config,
            address,
            item.to.nom,
            filled.objet,
            filled.corps,
            attachments=item.draw(drawings) if item.draw else (),
            list_unsubscribe=self.list_unsubscribe,
        )
        return Prepared(
            nature=self.nature,
            destinataire=address,
            destinataire_nom=item.to.nom,
            message=message,
            member_id=item.to.member_id,
            meeting_id=self.meeting_id,
            payment_id=item.payment_id,
        )


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
        "signataire": f"{signer.name}, {signer.role[:1].lower()}{signer.role[1:]}" if signer.name else None,
    }


def _addressee(card: MemberCard) -> Addressee:
    """The member as a recipient; an address the register holds mistyped counts as none (a letter is
    printed), rather than stopping the whole sending when its message is made."""
    text = (card.email or "").strip()
    try:
        email = clean_email(text) if text else None
    except ValidationError:
        return Addressee(card.id, card.display_name, None, tuple(card.address_lines), invalid_email=text)
    return Addressee(card.id, card.display_name, email, tuple(card.address_lines))


def _split(
    cards: Iterable[MemberCard], make: Callable[[MemberCard, Addressee], _Item]
) -> tuple[list[_Item], list[Addressee]]:
    """Each card with an address becomes a message; the others are listed for a paper letter."""
    items, without = [], []
    for card in cards:
        to = _addressee(card)
        if to.email:
            items.append(make(card, to))
        else:
            without.append(to)
    return items, without


def _sending(nature: MailKind, libelle: str, draft: Template, items: list[_Item], without: list[Addressee]) -> Sending:
    return Sending(nature, libelle, draft, [i.to for i in items], without, items=items)


def _draft(session: Session, nature: MailKind, draft: Template | None) -> Template:
    """The wording being edited (checked), else the association's saved one."""
    return check_template(nature, draft) if draft is not None else template_in(session, nature)


# ---------------------------------------------------------------- convocations


def convocation_file(card: MemberCard) -> str:
    """« Convocation Anaïs Lefèvre.pdf »: the recipient's own file, named for them."""
    return safe_filename(f"Convocation {card.display_name}", default=f"Convocation {card.id}") + ".pdf"


def prepare_convocations(database: Database, meeting_id: int, draft: Template | None = None) -> Sending:
    """The convocations of a meeting: each convened member with an address receives the message, their
    personal convocation (with the pouvoir for an AG) and the meeting's calendar file; the members
    already convened by e-mail (sent or waiting) are listed apart and left out."""
    papers = documents.meeting_papers(database, meeting_id)
    calendar = ics(database, meeting_id).encode("utf-8")
    meeting = papers.meeting
    calendar_name = safe_filename(meeting.titre, default="Réunion") + ".ics"
    if meeting.date_heure.date() < date.today():
        raise CptsError(f"La réunion « {meeting.titre} » a déjà eu lieu : ses convocations ne partent plus.")
    with database.snapshot() as session:
        _writable(session, meeting_id)  # its procès-verbal approved: nothing is sent any more
        chosen = _draft(session, MailKind.CONVOCATION, draft)
        given = _convened_by_mail(session, meeting_id)
    common: dict[str, str | None] = {
        "reunion": meeting.titre,
        "date_reunion": format_date(meeting.date_heure.date()),
        "heure_reunion": format_time(meeting.date_heure),
        "lieu": meeting.lieu or None,
    }

    def make(card: MemberCard, to: Addressee) -> _Item:
        name = convocation_file(card)

        def draw(drawings: Drawings) -> list[Attachment]:
            pdf = Attachment(name, drawings.convocation(papers, card), PDF)
            return [pdf, Attachment(calendar_name, calendar, CALENDAR)]

        values = _person(card, papers.head, papers.president) | common
        return _Item(to, values, (name, calendar_name), draw)

    items, without = _split(papers.convened, make)
    libelle = f"Convocations – {meeting.titre} du {format_date(meeting.date_heure.date())}"
    fresh = [i for i in items if i.to.member_id not in given]
    sending = _sending(MailKind.CONVOCATION, libelle, chosen, fresh, without)
    sending.already = [i.to for i in items if i.to.member_id in given]
    sending.meeting_id = meeting_id
    return sending


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


def prepare_reminders(database: Database, year: int, draft: Template | None = None) -> Sending:
    """One relance per active member not à jour for ``year``, with what remains due."""
    data = documents.reminders(database, year)
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.REMINDER, draft)
    owed = {r.member.id: _remaining(r.due, r.paid) for r in data.letters}

    def make(card: MemberCard, to: Addressee) -> _Item:
        values = _person(card, data.head, data.president) | {"annee": str(year), "montant_du": owed[card.id]}
        return _Item(to, values)

    items, without = _split((r.member for r in data.letters), make)
    return _sending(MailKind.REMINDER, f"Relances de cotisation {year}", chosen, items, without)


def _remaining(due: Decimal | None, paid: Decimal) -> str | None:
    """« 45,00 € » left to pay; None without a barème (the template's line is then left out)."""
    return format_money(due - paid) if due is not None and due > paid else None


def prepare_receipt(database: Database, payment_id: int, draft: Template | None = None) -> Sending:
    """A payment's receipt, attached to a message to its member."""
    data = documents.receipt(database, payment_id)
    if data.cancelled_on is not None:
        raise CptsError(f"Le paiement du reçu n° {data.numero} est annulé : ce reçu n’est plus envoyé.")
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.RECEIPT, draft)
    name = safe_filename(f"Reçu {data.numero}", default="Reçu") + ".pdf"
    values: dict[str, str | None] = {
        "annee": str(data.annee),
        "montant": format_money(data.montant),
        "date_paiement": format_date(data.date_paiement),
        "numero_recu": data.numero,
    }

    def make(card: MemberCard, to: Addressee) -> _Item:
        def draw(drawings: Drawings) -> list[Attachment]:
            return [Attachment(name, drawings.receipt(data), PDF)]

        return _Item(to, _person(card, data.head, data.treasurer) | values, (name,), draw, payment_id)

    items, without = _split([data.member], make)
    return _sending(MailKind.RECEIPT, f"Reçu n° {data.numero} – {data.member.display_name}", chosen, items, without)


def prepare_attestation(database: Database, member_id: int, year: int, draft: Template | None = None) -> Sending:
    """A member's attestation d’adhésion for ``year``, attached to a message to them."""
    data = documents.attestation(database, member_id, year)
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.ATTESTATION, draft)
    name = safe_filename(f"Attestation d’adhésion {year} {data.member.display_name}", default="Attestation") + ".pdf"

    def make(card: MemberCard, to: Addressee) -> _Item:
        def draw(drawings: Drawings) -> list[Attachment]:
            return [Attachment(name, drawings.attestation(data), PDF)]

        return _Item(to, _person(card, data.head, data.president) | {"annee": str(year)}, (name,), draw)

    items, without = _split([data.member], make)
    libelle = f"Attestation d’adhésion {year} – {data.member.display_name}"
    return _sending(MailKind.ATTESTATION, libelle, chosen, items, without)


# ---------------------------------------------------------------- a free message to a selection


@dataclass(frozen=True)
class Selection:
    """Who a free message is for: the active members (all, or of a collège and/or a profession), the
    board in office, or the professionals of the territory who are not members (to invite them)."""

    college_id: int | None = None
    profession_code: str | None = None
    board: bool = False
    non_members: bool = False


def prepare_free(database: Database, selection: Selection, draft: Template | None = None) -> Sending:
    """A free message with the association's address for unsubscribing (List-Unsubscribe)."""
    config = mail_config(database)
    with database.snapshot() as session:
        chosen = _draft(session, MailKind.FREE, draft)
        head = letterhead_of(session)
        signer = signatory(session, BoardRole.PRESIDENT)
        found = cards_in(session, _selected(session, selection)).values()
    cards = sorted(found, key=lambda c: (search_key(c.nom), search_key(c.prenom)))
    items, without = _split(cards, lambda card, to: _Item(to, _person(card, head, signer)))
    if selection.non_members:
        without += _invitees(database)
    sending = _sending(MailKind.FREE, f"Message – {chosen.objet}", chosen, items, without)
    unsubscribe = head.email or (config.expediteur_adresse if config else None)
    sending.list_unsubscribe = f"<mailto:{unsubscribe}?subject={quote('Désinscription')}>" if unsubscribe else None
    return sending


def _selected(session: Session, selection: Selection) -> list[int]:
    """The active members the selection names (none for the non-members)."""
    if selection.non_members:
        return []
    if selection.board:
        return sorted({m.member_id for m in board_in(session)})
    query = select(Member.id).where(Member.statut == MemberStatus.ACTIVE)
    if selection.college_id is not None:
        query = query.where(Member.college_id == selection.college_id)
    if selection.profession_code:
        query = query.where(Member.profession_code == selection.profession_code)
    return list(session.scalars(query))


def _invitees(database: Database) -> list[Addressee]:
    """The non-members who did not object to being contacted. The Annuaire Santé extract the application
    keeps holds no e-mail address: each of them is a letter to print."""
    return [
        Addressee(None, p.display_name, None, tuple(p.address_lines))
        for p in non_members(database)
        if p.opposition is None
    ]


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
        todo = [r for r in sending.recipients if r.member_id not in given]
        if not todo:
            raise CptsError(_nothing(sending))
        lot = queue_in(session, sending.lot_libelle, sending.messages(config, drawings, progress, cancelled, given))
        if sending.meeting_id is not None:
            _mark_convened(session, sending.meeting_id, [r.member_id for r in todo if r.member_id is not None])
    skipped = [*sending.already, *(r for r in sending.recipients if r.member_id in given)]
    return Queued(lot, len(todo), [a.nom for a in skipped])


def _nothing(sending: Sending) -> str:
    if sending.already or sending.recipients:
        return "Tous les destinataires ont déjà reçu leur convocation par courrier électronique (ou l’attendent)."
    if sending.without_address:
        return "Aucun destinataire n’a d’adresse électronique : imprimez les courriers."
    return "Aucun destinataire pour cet envoi."
