"""The échéancier: the payments a funder is expected to make, settled in date order by the money
received, and which of them are late."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import InstallmentRow as InstallmentRow  # re-exported: its callers import it here
from cpts_desktop.domain.grants import settle
from cpts_desktop.domain.validators import clean_amount, clean_date
from cpts_desktop.services.grants.common import ZERO, get_grant, stored_text
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Installment


def installments_by_grant(session: Session) -> dict[int, list[Installment]]:
    """Every échéance, by grant, in one query."""
    by_grant: dict[int, list[Installment]] = defaultdict(list)
    for item in session.scalars(select(Installment)):
        by_grant[item.grant_id].append(item)
    return by_grant


def late_counts(session: Session, received: dict[int, Decimal], today: date) -> dict[int, int]:
    """Per grant, how many échéances are late given the money ``received`` on each."""
    return {
        grant_id: sum(row.late for row in settle(items, received.get(grant_id, ZERO), today))
        for grant_id, items in installments_by_grant(session).items()
    }


def add_installment(database: Database, grant_id: int, day: date, amount: Decimal, libelle: str = "") -> int:
    if amount <= 0:
        raise ValidationError("montant", "Montant de l’échéance : il doit être positif.")
    amount, day = clean_amount(amount, "Montant de l’échéance"), clean_date(day, "Date prévue")
    label = stored_text(libelle, "Libellé de l’échéance")
    with database.sessions.begin() as session:
        get_grant(session, grant_id)
        item = Installment(grant_id=grant_id, date_prevue=day, montant_prevu=amount, libelle=label)
        session.add(item)
        session.flush()
        return item.id
