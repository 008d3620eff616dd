"""Money received from a funder on a grant (versements reçus, not cotisation disbursements)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import GrantStatus
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.validators import clean_amount, clean_date
from cpts_desktop.services.grants.common import get_grant, stored_text
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import GrantDisbursement


@dataclass(frozen=True)
class DisbursementRow:
    id: int
    grant_id: int
    date_versement: date
    montant: Decimal
    reference_bancaire: str | None


def add_disbursement(database: Database, grant_id: int, amount: Decimal, day: date, reference: str = "") -> int:
    """Money received from the funder on this grant."""
    if amount <= 0:
        raise ValidationError("montant", "Montant reçu : il doit être positif.")
    amount, day = clean_amount(amount, "Montant reçu"), clean_date(day, "Date de réception")
    bank_reference = stored_text(reference, "Référence bancaire")
    with database.sessions.begin() as session:
        grant = get_grant(session, grant_id)
        if grant.statut is GrantStatus.REFUSED:
            raise ValidationError("grant", "Cette subvention a été refusée : aucun versement ne peut y être saisi.")
        disbursement = GrantDisbursement(
            grant_id=grant_id, montant=amount, date_versement=day, reference_bancaire=bank_reference
        )
        session.add(disbursement)
        session.flush()
        return disbursement.id


def receipts_in(session: Session, grant_id: int) -> list[DisbursementRow]:
    """The money received on one grant, oldest first."""
    query = (
        select(GrantDisbursement)
        .where(GrantDisbursement.grant_id == grant_id)
        .order_by(GrantDisbursement.date_versement)
    )
    return [
        DisbursementRow(r.id, r.grant_id, r.date_versement, r.montant, r.reference_bancaire)
        for r in session.scalars(query)
    ]
