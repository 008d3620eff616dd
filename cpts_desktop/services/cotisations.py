"""The barème of each exercice, payments with their receipt numbers, cancellations, and who is à jour."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import MemberKind, MemberStatus, PaymentMethod
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.validators import clean_amount, clean_date, clean_text
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.failures import is_busy
from cpts_desktop.services.members import MemberRow, list_rows
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import CotisationRate, Member, Payment

DEFAULT_CATEGORIES = {"Professionnel de santé": MemberKind.PERSON, "Structure": MemberKind.STRUCTURE}
RECEIPT_ATTEMPTS = 50
# An upsert both back ends run atomically: the first payment of a year creates its counter.
_TAKE_NUMBER = text(
    "INSERT INTO receipt_sequences (annee, dernier_numero) VALUES (:annee, 1) ON CONFLICT (annee) "
    "DO UPDATE SET dernier_numero = receipt_sequences.dernier_numero + 1 RETURNING dernier_numero"
)


@dataclass(frozen=True)
class FeeLine:
    annee: int
    categorie: str
    member_kind: MemberKind | None
    montant: Decimal


@dataclass(frozen=True)
class PaymentLine:
    id: int
    member_id: int
    annee: int
    montant: Decimal
    date_paiement: date
    mode: PaymentMethod
    reference: str | None
    numero_recu: str | None
    annule_id: int | None
    annulee: bool


def fees(database: Database, year: int) -> list[FeeLine]:
    with database.snapshot() as session:
        rates = session.scalars(select(CotisationRate).where(CotisationRate.annee == year).order_by(CotisationRate.id))
        return [FeeLine(r.annee, r.libelle, r.member_kind, r.montant) for r in rates]


def set_fee(database: Database, year: int, amount: Decimal, category: str | None = None) -> list[FeeLine]:
    """Set the amount of one category of the barème, or of every category when none is named.

    A year without barème starts from the usual categories (professionnel de santé, structure).
    """
    amount = clean_amount(amount)
    if not 2000 <= year <= 2100:
        raise ValidationError("annee", f"Année : « {year} » n’est pas un exercice plausible.")
    with database.sessions.begin() as session:
        rates = {r.libelle: r for r in session.scalars(select(CotisationRate).where(CotisationRate.annee == year))}
        if category:
            category = clean_text(category, "Catégorie")
            wanted = [category]
        else:
            wanted = list(rates) or list(DEFAULT_CATEGORIES)
        for name in wanted:
            rate = rates.get(name) or CotisationRate(annee=year, libelle=name, member_kind=DEFAULT_CATEGORIES.get(name))
            rate.montant = amount
            session.add(rate)
    return fees(database, year)


def next_receipt_number(session: Session, year: int) -> str:
    """« 2026-0042 »: takes the next number of ``year`` for the payment recorded in this transaction.

    One counter row per year (``ReceiptSequence``), moved up in place: constant time whatever the
    number of payments. Its row lock (PostgreSQL) or the write lock (SQLite) makes concurrent payments
    take turns; rolled back with the payment, it leaves no gap."""
    taken = session.execute(_TAKE_NUMBER, {"annee": year}).scalar_one()
    return f"{year}-{taken:04d}"


def add_payment(
    database: Database,
    member_id: int,
    amount: Decimal | str,
    day: date,
    mode: PaymentMethod,
    reference: str | None = None,
    year: int | None = None,
) -> PaymentLine:
    """Record a payment (partial payments add up) and give it the next receipt number of its year."""
    amount = clean_amount(amount)
    if amount == 0:
        raise ValidationError("montant", "Montant : un paiement de 0 € n’a pas de sens.")
    day = clean_date(day, "Date du paiement")
    reference = clean_text(reference or "", "Référence")
    year = year or day.year
    if not 1900 <= year <= 2100:
        raise ValidationError("annee", f"Année : « {year} » n’est pas un exercice plausible.")
    for attempt in range(RECEIPT_ATTEMPTS):
        try:
            with database.sessions.begin() as session:
                member = session.get(Member, member_id)
                if member is None:
                    raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
                payment = Payment(
                    member_id=member_id,
                    annee=year,
                    montant=amount,
                    date_paiement=day,
                    mode=mode,
                    reference=reference or None,
                    numero_recu=next_receipt_number(session, year),
                )
                session.add(payment)
                session.flush()
                return _line(payment, cancelled=False)
        except (IntegrityError, OperationalError) as error:
            # Another user took this receipt number (or held the write lock) meanwhile: the whole
            # transaction is rolled back and tried again with a fresh number, so numbers stay gap-free.
            # Anything else (a full disk, a lost server) will not pass on retrying: it is said at once.
            if isinstance(error, OperationalError) and not is_busy(error):
                raise
            time.sleep(0.01 * (attempt + 1))
    raise CptsError("La base est trop occupée pour enregistrer ce paiement : réessayez dans un instant.")


def cancel_payment(database: Database, payment_id: int, day: date, reason: str | None = None) -> PaymentLine:
    """Cancel a payment by an entry of the opposite amount; the original and its receipt number remain."""
    day = clean_date(day, "Date d’annulation")
    reason = clean_text(reason or "", "Motif", multiline=True)
    with database.sessions.begin() as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(f"Le paiement n° {payment_id} n’existe pas.")
        if payment.annule_id is not None:
            raise CptsError("Ce mouvement est lui-même une annulation : il ne peut pas être annulé.")
        if session.scalars(select(Payment).where(Payment.annule_id == payment_id)).first() is not None:
            raise CptsError(f"Le paiement {payment.numero_recu or payment_id} est déjà annulé.")
        entry = Payment(
            member_id=payment.member_id,
            annee=payment.annee,
            montant=-payment.montant,
            date_paiement=day,
            mode=payment.mode,
            reference=payment.reference,
            notes=reason or f"Annulation du reçu {payment.numero_recu}",
            annule_id=payment.id,
        )
        session.add(entry)
        session.flush()
        return _line(entry, cancelled=False)


def _line(payment: Payment, cancelled: bool) -> PaymentLine:
    return PaymentLine(
        payment.id,
        payment.member_id,
        payment.annee,
        payment.montant,
        payment.date_paiement,
        payment.mode,
        payment.reference,
        payment.numero_recu,
        payment.annule_id,
        cancelled,
    )


def member_payments(database: Database, member_id: int) -> list[PaymentLine]:
    """The member's history, newest first, each payment marked when a cancelling entry exists."""
    with database.snapshot() as session:
        payments = list(
            session.scalars(
                select(Payment).where(Payment.member_id == member_id).order_by(Payment.annee.desc(), Payment.id.desc())
            )
        )
        cancelled = {p.annule_id for p in payments if p.annule_id}
        return [_line(p, p.id in cancelled) for p in payments]


def get_payment(database: Database, payment_id: int) -> PaymentLine:
    with database.snapshot() as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(f"Le paiement n° {payment_id} n’existe pas.")
        cancelled = session.scalars(select(Payment.id).where(Payment.annule_id == payment_id)).first() is not None
        return _line(payment, cancelled)


def unpaid_members(database: Database, year: int) -> list[MemberRow]:
    """Active members whose payments of ``year`` do not cover their cotisation: the renewal campaign."""
    return [row for row in list_rows(database, year) if row.statut is MemberStatus.ACTIVE and not row.up_to_date]
