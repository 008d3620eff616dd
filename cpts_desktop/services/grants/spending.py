"""Spending: the association's expenses (allocated to a grant or not), checked against the grant's
period, and the prévisionnel by category that they are compared with."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import ExpenseCategory
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.validators import clean_amount, clean_date
from cpts_desktop.i18n import format_date_short
from cpts_desktop.services.grants.common import ZERO, get_grant, stored_text
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import BudgetLine, Expense


@dataclass(frozen=True)
class ExpenseRow:
    id: int
    grant_id: int | None
    date_depense: date
    libelle: str
    montant: Decimal
    categorie: ExpenseCategory
    fournisseur: str | None
    piece: str | None


@dataclass(frozen=True)
class BudgetRow:
    categorie: ExpenseCategory
    prevu: Decimal
    realise: Decimal

    @property
    def ecart(self) -> Decimal:
        return self.realise - self.prevu


class OutsidePeriod(ValidationError):
    """An expense dated outside its grant's period: recorded only when the user says so knowingly."""

    def __init__(self, day: date, start: date | None, end: date | None) -> None:
        if start and end:
            period = f"{format_date_short(start)} – {format_date_short(end)}"
        elif start:
            period = f"à partir du {format_date_short(start)}"
        elif end:
            period = f"jusqu’au {format_date_short(end)}"
        else:  # not raised without a bound; said plainly all the same
            period = "sans dates"
        super().__init__(
            "date", f"Cette dépense du {format_date_short(day)} est hors de la période de la subvention ({period})."
        )


def add_expense(
    database: Database,
    grant_id: int | None,
    amount: Decimal,
    day: date,
    category: ExpenseCategory,
    label: str,
    supplier: str = "",
    piece: str = "",
    outside_period_ok: bool = False,
) -> int:
    """An expense, allocated to a grant when ``grant_id`` is given. One dated outside the grant's period
    is refused (``OutsidePeriod``) unless ``outside_period_ok``: the funder may not accept it, so the
    treasurer confirms it first."""
    with database.sessions.begin() as session:
        return add_expense_in(session, grant_id, amount, day, category, label, supplier, piece, outside_period_ok)


def add_expense_in(
    session: Session,
    grant_id: int | None,
    amount: Decimal,
    day: date,
    category: ExpenseCategory,
    label: str,
    supplier: str = "",
    piece: str = "",
    outside_period_ok: bool = False,
) -> int:
    """``add_expense`` inside the caller's ``session``, so that it commits together with the caller's other
    changes (the professionals' indemnities mark their hours paid in the same transaction)."""
    libelle = stored_text(label, "Libellé de la dépense") or ""
    if not libelle:
        raise ValidationError("libelle", "Libellé de la dépense : obligatoire.")
    if amount <= 0:
        raise ValidationError("montant", "Montant de la dépense : il doit être positif.")
    amount, day = clean_amount(amount, "Montant de la dépense"), clean_date(day, "Date de la dépense")
    if grant_id is not None:
        grant = get_grant(session, grant_id)
        start, end = grant.periode_debut, grant.periode_fin
        if not outside_period_ok and ((start and day < start) or (end and day > end)):
            raise OutsidePeriod(day, start, end)
    expense = Expense(
        grant_id=grant_id, montant=amount, date_depense=day, categorie=category, libelle=libelle,
        fournisseur=stored_text(supplier, "Fournisseur"), piece=stored_text(piece, "Pièce justificative"),
    )  # fmt: skip
    session.add(expense)
    session.flush()
    return expense.id


def set_budget(database: Database, grant_id: int, category: ExpenseCategory, amount: Decimal) -> None:
    """The prévisionnel of one category (0 removes the line)."""
    if amount < 0:
        raise ValidationError("montant", "Budget prévisionnel : il ne peut pas être négatif.")
    amount = clean_amount(amount, "Budget prévisionnel")
    with database.sessions.begin() as session:
        get_grant(session, grant_id)
        line = session.scalars(
            select(BudgetLine).where(BudgetLine.grant_id == grant_id, BudgetLine.categorie == category)
        ).first()
        if amount == 0:
            if line is not None:
                session.delete(line)
            return
        line = line or BudgetLine(grant_id=grant_id, categorie=category)
        line.montant_prevu = amount
        session.add(line)


def expenses_in(session: Session, grant_id: int) -> list[ExpenseRow]:
    """The expenses allocated to one grant, oldest first."""
    query = select(Expense).where(Expense.grant_id == grant_id).order_by(Expense.date_depense, Expense.id)
    return [
        ExpenseRow(e.id, e.grant_id, e.date_depense, e.libelle, e.montant, e.categorie, e.fournisseur, e.piece)
        for e in session.scalars(query)
    ]


def budget_in(session: Session, grant_id: int, expenses: list[ExpenseRow]) -> list[BudgetRow]:
    """Planned against spent, per category that has either."""
    planned = {
        b.categorie: b.montant_prevu for b in session.scalars(select(BudgetLine).where(BudgetLine.grant_id == grant_id))
    }
    actual: dict[ExpenseCategory, Decimal] = defaultdict(lambda: ZERO)
    for expense in expenses:
        actual[expense.categorie] += expense.montant
    return [
        BudgetRow(c, planned.get(c, ZERO), actual.get(c, ZERO)) for c in ExpenseCategory if c in planned or c in actual
    ]
