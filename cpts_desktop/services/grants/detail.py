"""One grant, whole, as its sheet shows it (read in one snapshot), and the removal of a mistaken line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.grants.conventions import GrantRow, grant_row_in
from cpts_desktop.services.grants.disbursements import DisbursementRow, receipts_in
from cpts_desktop.services.grants.obligations import ObligationRow, obligations_in
from cpts_desktop.services.grants.schedule import InstallmentRow, settle
from cpts_desktop.services.grants.spending import BudgetRow, ExpenseRow, budget_in, expenses_in
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Expense, GrantDisbursement, GrantDocument, Installment


@dataclass(frozen=True)
class GrantDetail:
    grant: GrantRow
    installments: list[InstallmentRow]
    disbursements: list[DisbursementRow]
    expenses: list[ExpenseRow]
    budget: list[BudgetRow]
    obligations: list[ObligationRow]
    documents: list[tuple[int, str, str]] = field(default_factory=list)


def grant_detail(database: Database, grant_id: int, today: date | None = None) -> GrantDetail:
    with database.snapshot() as session:
        return grant_detail_in(session, grant_id, today)


def grant_detail_in(session: Session, grant_id: int, today: date | None = None) -> GrantDetail:
    """``grant_detail`` inside the caller's ``session``."""
    today = today or date.today()
    row = grant_row_in(session, grant_id, today)
    installments = session.scalars(select(Installment).where(Installment.grant_id == grant_id))
    expenses = expenses_in(session, grant_id)
    return GrantDetail(
        row,
        settle(installments, row.received, today),
        receipts_in(session, grant_id),
        expenses,
        budget_in(session, grant_id, expenses),
        obligations_in(session, grant_id),
        [
            (d.id, d.libelle, d.chemin)
            for d in session.scalars(select(GrantDocument).where(GrantDocument.grant_id == grant_id))
        ],
    )


def delete_money_line(database: Database, kind: str, line_id: int) -> None:
    """Remove a mistaken échéance, disbursement or expense (the audit log keeps what it was)."""
    model = {"installment": Installment, "disbursement": GrantDisbursement, "expense": Expense}[kind]
    with database.sessions.begin() as session:
        line = session.get(model, line_id)
        if line is None:
            raise NotFound("Cette ligne a déjà été supprimée.")
        session.delete(line)
