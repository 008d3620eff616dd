"""Funders and grants: the convention, the payment schedule, the money received, expenses, the budget
by category and the justifications owed, with the figures a treasurer asks for (awarded, received,
spent, still due). One module per subject; every public name stays importable from here."""

from cpts_desktop.services.grants.common import COUNTED, ZERO, get_grant
from cpts_desktop.services.grants.conventions import (
    GrantData,
    GrantRow,
    add_document,
    create_grant,
    delete_grant,
    grant_row,
    grant_row_in,
    grant_rows,
    grant_rows_in,
    update_grant,
)
from cpts_desktop.services.grants.detail import GrantDetail, delete_money_line, grant_detail, grant_detail_in
from cpts_desktop.services.grants.disbursements import DisbursementRow, add_disbursement
from cpts_desktop.services.grants.funders import FunderRow, funder_for, funders, save_funder
from cpts_desktop.services.grants.obligations import (
    Deadline,
    ObligationRow,
    add_obligation,
    deadlines,
    deadlines_in,
    submit_obligation,
)
from cpts_desktop.services.grants.reports import (
    FunderTotals,
    GrantYear,
    Summary,
    awarded_share,
    exercices,
    grant_years,
    grant_years_in,
    single_exercice,
    summary,
    summary_in,
)
from cpts_desktop.services.grants.schedule import InstallmentRow, add_installment
from cpts_desktop.services.grants.spending import (
    BudgetRow,
    ExpenseRow,
    OutsidePeriod,
    add_expense,
    add_expense_in,
    set_budget,
)

__all__ = [
    "COUNTED",
    "ZERO",
    "BudgetRow",
    "Deadline",
    "ExpenseRow",
    "FunderRow",
    "FunderTotals",
    "GrantData",
    "GrantDetail",
    "GrantRow",
    "GrantYear",
    "InstallmentRow",
    "ObligationRow",
    "OutsidePeriod",
    "DisbursementRow",
    "Summary",
    "add_document",
    "add_expense",
    "add_installment",
    "add_obligation",
    "add_disbursement",
    "awarded_share",
    "create_grant",
    "deadlines",
    "deadlines_in",
    "delete_grant",
    "delete_money_line",
    "exercices",
    "funder_for",
    "funders",
    "get_grant",
    "grant_detail",
    "grant_detail_in",
    "grant_row",
    "grant_rows",
    "grant_years",
    "grant_row_in",
    "grant_rows_in",
    "grant_years_in",
    "add_expense_in",
    "save_funder",
    "set_budget",
    "single_exercice",
    "submit_obligation",
    "summary",
    "summary_in",
    "update_grant",
]
