"""What the membership documents need, gathered in one read each (the PDFs only draw it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import AttendanceStatus, BoardRole, Civility, MemberKind, MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.meetings import quorum_of
from cpts_desktop.domain.statutes import GovernanceParameters
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import format_date_short
from cpts_desktop.services.association import UNNAMED, Letterhead, Signatory, letterhead_of, signatory
from cpts_desktop.services.cotisations import FeeLine
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.meetings import GENERAL, AgendaLine, MeetingSummary, Quorum, Recipient
from cpts_desktop.services.meetings.agenda import meeting_in
from cpts_desktop.services.meetings.convocation import convened_in
from cpts_desktop.services.meetings.minutes import draft_minutes_in
from cpts_desktop.services.members import MemberRow, due_amount, list_rows, year_rates
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import College, Member, Payment, Profession


class IdentityMissing(CptsError):
    """An official document asked for while the association's identity is incomplete."""


def missing_identity(head: Letterhead) -> list[str]:
    """What an official paper needs and the association lacks: its name, RNA number, siège address."""
    missing = []
    if not head.nom.strip() or head.nom == UNNAMED:
        missing.append("nom")
    if not (head.rna or "").strip():
        missing.append("numéro RNA")
    if not all((p or "").strip() for p in (head.adresse, head.code_postal, head.commune)):
        missing.append("adresse du siège (adresse, code postal, commune)")
    return missing


def check_identity(head: Letterhead) -> Letterhead:
    """Official documents (receipts, attestations, statutes, liste des dirigeants, convocations, PV) are
    refused rather than printed with a blank identity a bank or the préfecture would reject."""
    missing = missing_identity(head)
    if missing:
        raise IdentityMissing(
            "Complétez l’identité de l’association (Statuts & conseil › Association) : " + ", ".join(missing) + "."
        )
    return head


@dataclass(frozen=True)
class MemberCard:
    """A member as a letter addresses it."""

    id: int
    kind: MemberKind
    civilite: str | None
    nom: str
    prenom: str | None
    profession: str | None
    specialite: str | None
    identifiant: str | None
    mode_exercice: str | None
    structure_exercice: str | None
    adresse: str | None
    code_postal: str | None
    commune: str | None
    telephone: str | None
    email: str | None
    college: str | None
    date_adhesion: date | None
    statut: MemberStatus
    titre: str | None = None

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.prenom, self.nom) if p)

    @property
    def formal_name(self) -> str:
        """« Mme Anaïs Lefèvre », or the raison sociale."""
        return " ".join(p for p in (self.civilite, self.prenom, self.nom) if p)

    @property
    def salutation(self) -> str:
        """« Docteur, », « Professeur, », « Maître, » for a title (French usage, whatever the gender), else
        by civilité."""
        titled = {"Dr": "Docteur,", "Pr": "Professeur,", "Me": "Maître,"}.get(self.titre or "")
        return titled or {"Mme": "Madame,", "M.": "Monsieur,"}.get(self.civilite or "", "Madame, Monsieur,")

    @property
    def address_lines(self) -> list[str]:
        town = " ".join(p for p in (self.code_postal, self.commune) if p)
        return [line for line in (self.addressee, self.adresse, town) if line]

    @property
    def addressee(self) -> str:
        """The first line of the address: « Dr Paul Morel » when the member has a title, else the formal name."""
        if self.titre:
            return " ".join(p for p in (self.titre, self.prenom, self.nom) if p)
        return self.formal_name


def member_card(session: Session, member: Member) -> MemberCard:
    return cards_in(session, [member.id])[member.id]


_CARD_COLUMNS = (
    Member.id,
    Member.kind,
    Member.civilite,
    Member.nom,
    Member.prenom,
    Member.profession_code,
    Member.structure_type,
    Member.specialite,
    Member.rpps,
    Member.adeli,
    Member.finess,
    Member.siret,
    Member.mode_exercice,
    Member.structure_exercice,
    Member.adresse,
    Member.code_postal,
    Member.commune,
    Member.telephone,
    Member.email,
    Member.college_id,
    Member.date_adhesion,
    Member.statut,
    Member.titre,
)
_CHUNK = 900  # member ids per query: SQLite bounds the parameters of one statement


def cards_in(session: Session, member_ids: list[int]) -> dict[int, MemberCard]:
    """The cards of ``member_ids``, read as plain columns a few hundred at a time (no query, no ORM
    object per member: a convocation of 10,000 members reads them in a few dozen statements)."""
    professions: dict[str, str] = dict(session.execute(select(Profession.code, Profession.libelle)).all())
    colleges: dict[int, str] = dict(session.execute(select(College.id, College.nom)).all())
    cards = {}
    for start in range(0, len(member_ids), _CHUNK):
        chunk = member_ids[start : start + _CHUNK]
        for row in session.execute(select(*_CARD_COLUMNS).where(Member.id.in_(chunk))):
            card = _card(row, professions, colleges)
            cards[card.id] = card
    return cards


_IDENTIFIERS = ("RPPS", "ADELI", "FINESS", "SIRET")


def _card(row: Row, professions: dict[str, str], colleges: dict[int, str]) -> MemberCard:
    """A card from a row of ``_CARD_COLUMNS``, unpacked once (10,000 letters read 10,000 rows)."""
    (
        ident,
        kind,
        civilite,
        nom,
        prenom,
        profession_code,
        structure_type,
        specialite,
        *numbers,
        mode_exercice,
        structure_exercice,
        adresse,
        code_postal,
        commune,
        telephone,
        email,
        college_id,
        date_adhesion,
        statut,
        titre,
    ) = row
    identifiant = next((f"{label} {value}" for label, value in zip(_IDENTIFIERS, numbers, strict=True) if value), None)
    profession = professions.get(profession_code) if profession_code else None
    return MemberCard(
        id=ident,
        kind=kind,
        civilite=civilite.value if civilite else None,
        nom=nom,
        prenom=prenom,
        profession=profession or (structure_type.label if structure_type else None),
        specialite=specialite,
        identifiant=identifiant,
        mode_exercice=mode_exercice.label if mode_exercice else None,
        structure_exercice=structure_exercice,
        adresse=adresse,
        code_postal=code_postal,
        commune=commune,
        telephone=telephone,
        email=email,
        college=colleges.get(college_id) if college_id else None,
        date_adhesion=date_adhesion,
        statut=statut,
        titre=titre,
    )


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
    return member


@dataclass(frozen=True)
class MembershipForm:
    head: Letterhead
    year: int
    colleges: list[str]
    fees: list[FeeLine]
    member: MemberCard | None


def membership_form(database: Database, year: int, member_id: int | None = None) -> MembershipForm:
    with database.snapshot() as session:
        colleges = list(session.scalars(select(College.nom).order_by(College.ordre, College.nom)))
        fees = [FeeLine(r.annee, r.libelle, r.member_kind, r.montant) for r in year_rates(session, year)]
        card = member_card(session, _member(session, member_id)) if member_id is not None else None
        return MembershipForm(letterhead_of(session), year, colleges, fees, card)


@dataclass(frozen=True)
class Receipt:
    head: Letterhead
    member: MemberCard
    numero: str
    annee: int
    montant: Decimal
    date_paiement: date
    mode: str
    reference: str | None
    cancelled_on: date | None
    treasurer: Signatory
    cancelled_by: int | None = None
    """The number of the cancelling entry (the payment of opposite amount that voids this one)."""


def receipt(database: Database, payment_id: int) -> Receipt:
    with database.snapshot() as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(f"Le paiement n° {payment_id} n’existe pas.")
        if payment.annule_id is not None or not payment.numero_recu:
            raise CptsError("Cette écriture annule un paiement : elle n’a pas de reçu.")
        cancel = session.scalars(select(Payment).where(Payment.annule_id == payment.id)).first()
        return Receipt(
            head=check_identity(letterhead_of(session)),
            member=member_card(session, _member(session, payment.member_id)),
            numero=payment.numero_recu,
            annee=payment.annee,
            montant=payment.montant,
            date_paiement=payment.date_paiement,
            mode=payment.mode.label,
            reference=payment.reference,
            cancelled_on=cancel.date_paiement if cancel else None,
            treasurer=signatory(session, BoardRole.TREASURER),
            cancelled_by=cancel.id if cancel else None,
        )


@dataclass(frozen=True)
class Attestation:
    head: Letterhead
    member: MemberCard
    year: int
    paid: Decimal
    up_to_date: bool
    president: Signatory


def attestation(database: Database, member_id: int, year: int) -> Attestation:
    with database.snapshot() as session:
        member = _member(session, member_id)
        rates = year_rates(session, year)
        paid = sum(
            (
                p.montant
                for p in session.scalars(select(Payment).where(Payment.member_id == member_id, Payment.annee == year))
            ),
            Decimal("0"),
        )
        due = due_amount(rates, member.categorie_cotisation, member.kind)
        up_to_date = paid >= due if due is not None else paid > 0
        if member.statut is not MemberStatus.ACTIVE:
            name = " ".join(p for p in (member.prenom, member.nom) if p)
            raise CptsError(f"{name} n’est plus adhérent ({member.statut.label.lower()}) : pas d’attestation.")
        return Attestation(
            check_identity(letterhead_of(session)),
            member_card(session, member),
            year,
            paid,
            up_to_date,
            signatory(session, BoardRole.PRESIDENT),
        )


@dataclass(frozen=True)
class MembersList:
    head: Letterhead
    by: str
    year: int
    groups: list[tuple[str, list[MemberRow]]]
    total: int


def members_list(database: Database, year: int, by: str = "college", active_only: bool = True) -> MembersList:
    if by not in ("college", "profession"):
        raise CptsError("Regroupement inconnu : « college » ou « profession ».")
    rows = [r for r in list_rows(database, year) if r.statut is MemberStatus.ACTIVE or not active_only]
    groups: dict[str, list[MemberRow]] = {}
    for row in rows:
        key = (row.college or "Sans collège") if by == "college" else (row.profession or "Profession non renseignée")
        groups.setdefault(key, []).append(row)
    with database.snapshot() as session:
        head = letterhead_of(session)
    return MembersList(head, by, year, sorted(groups.items()), len(rows))


@dataclass(frozen=True)
class Reminder:
    member: MemberCard
    due: Decimal | None
    paid: Decimal


@dataclass(frozen=True)
class Reminders:
    head: Letterhead
    year: int
    president: Signatory
    letters: list[Reminder]


def reminders(database: Database, year: int, member_ids: list[int] | None = None) -> Reminders:
    """One letter per active member not à jour for ``year`` (or for the members named)."""
    rows = [r for r in list_rows(database, year) if r.statut is MemberStatus.ACTIVE and not r.up_to_date]
    if member_ids is not None:
        wanted = set(member_ids)
        rows = [r for r in rows if r.id in wanted]
    with database.snapshot() as session:
        cards = cards_in(session, [r.id for r in rows])
        letters = [Reminder(cards[r.id], r.due, r.paid) for r in rows]
        return Reminders(letterhead_of(session), year, signatory(session, BoardRole.PRESIDENT), letters)


@dataclass(frozen=True)
class MeetingPapers:
    """What convocations, the émargement sheet and the minutes print for one meeting."""

    head: Letterhead
    meeting: MeetingSummary
    agenda: list[AgendaLine]
    parameters: GovernanceParameters
    president: Signatory
    convened: list[MemberCard]
    recipients: list[Recipient]
    quorum: Quorum
    minutes: str
    minutes_status: str
    minutes_approved: date | None
    session_president: str | None
    session_secretary: str | None
    session_titles: tuple[str, str] = ("Le président de séance", "Le secrétaire de séance")
    """How the signature block names the officers: « La présidente de séance » for a woman."""

    @property
    def general(self) -> bool:
        return self.meeting.type in GENERAL

    @property
    def approved(self) -> bool:
        """An approved (or signed) procès-verbal: the only kind the register holds, the others are projects."""
        return self.minutes_approved is not None


def check_meeting_held(papers: MeetingPapers, today: date | None = None) -> None:
    """A procès-verbal records a meeting that took place: none before its day, none while nobody is
    recorded present or represented (it would read « Présents : 0 … peut valablement délibérer »)."""
    day = papers.meeting.date_heure.date()
    if day > (today or date.today()):
        raise CptsError(
            f"La réunion « {papers.meeting.titre} » du {format_date_short(day)} n’a pas encore eu lieu : "
            "son procès-verbal ne peut être établi qu’après la séance."
        )
    if papers.quorum.voters == 0:
        raise CptsError(
            f"Aucune présence n’est enregistrée pour la réunion « {papers.meeting.titre} » : notez les membres "
            "présents et représentés (onglet « Présences et quorum ») avant d’établir son procès-verbal."
        )


def meeting_papers(database: Database, meeting_id: int) -> MeetingPapers:
    """Everything the meeting's papers print, read in one snapshot in a few set-based queries: the
    letters of 10,000 members and their count in the quorum come from the same moment."""
    with database.snapshot() as session:
        detail = meeting_in(session, meeting_id)
        chosen = convened_in(session, meeting_id)
        cards = cards_in(session, [r.member_id for r in chosen])
        seats = (detail.president_seance_id, detail.secretaire_seance_id)
        officers = cards_in(session, [i for i in seats if i])
        head = check_identity(letterhead_of(session))
        president = signatory(session, BoardRole.PRESIDENT, detail.summary.date_heure.date())
        present = sum(1 for r in chosen if r.statut is AttendanceStatus.PRESENT)
        represented = sum(1 for r in chosen if r.statut is AttendanceStatus.REPRESENTED)
        quorum = quorum_of(detail.summary.type, detail.parameters, len(chosen), present, represented)
        minutes = detail.pv_texte or draft_minutes_in(session, meeting_id, read=(detail, quorum))
    chair, secretary = (officers.get(i or 0) for i in seats)
    return MeetingPapers(
        head=head,
        meeting=detail.summary,
        agenda=detail.agenda,
        parameters=detail.parameters,
        president=president,
        convened=_alphabetical(cards.values()),
        recipients=chosen,
        quorum=quorum,
        minutes=minutes,
        minutes_status=detail.pv_statut.label,
        minutes_approved=detail.pv_approuve_le,
        session_president=chair.display_name if chair else None,
        session_secretary=secretary.display_name if secretary else None,
        session_titles=(
            "La présidente de séance" if _woman(chair) else "Le président de séance",
            "La secrétaire de séance" if _woman(secretary) else "Le secrétaire de séance",
        ),
    )


def _alphabetical(cards: Iterable[MemberCard]) -> list[MemberCard]:
    """``cards`` by name then first name, accents aside; each name's key computed once (10,000 letters
    share a few thousand names)."""
    key = lru_cache(maxsize=None)(search_key)
    return sorted(cards, key=lambda c: (key(c.nom), key(c.prenom)))


def _woman(card: MemberCard | None) -> bool:
    return card is not None and card.civilite == Civility.MADAME.value
