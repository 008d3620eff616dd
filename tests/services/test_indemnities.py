from datetime import date
from decimal import Decimal

import pytest

from cpts_desktop.domain.enums import ExpenseCategory, GrantNature, MemberKind
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services import grants, indemnities
from cpts_desktop.services.members import create_member
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Expense


def _member(database: Database, nom: str = "Zołądź") -> int:
    return create_member(database, MemberData(kind=MemberKind.PERSON, nom=nom, prenom="Éloïse"))


def test_hours_become_an_expense_of_the_funding_grant(database: Database) -> None:
    member_id = _member(database)
    grant_id = grants.create_grant(
        database, grants.GrantData("ARS", GrantNature.OPERATING, montant_accorde=Decimal(30000))
    )
    meeting = indemnities.save_rate(database, "Réunion de groupe de travail", Decimal("60"))
    indemnities.add_time(database, member_id, date(2026, 3, 5), meeting, Decimal("2.5"), "Parcours diabète", grant_id)
    indemnities.add_time(database, member_id, date(2026, 3, 19), meeting, Decimal("1.25"), "", grant_id)
    indemnities.add_time(database, member_id, date(2026, 4, 2), meeting, Decimal("1"))
    indemnities.save_rate(database, "Réunion de groupe de travail", Decimal("80"), meeting)  # later hours only

    [total] = indemnities.totals(database, date(2026, 3, 1), date(2026, 3, 31))
    assert (total.hours, total.amount, total.paid, total.due) == (
        Decimal("3.75"),
        Decimal("225.00"),
        0,
        Decimal("225.00"),
    )
    [expense_id] = indemnities.pay(database, member_id, date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 10))
    with database.sessions() as session:
        expense = session.get(Expense, expense_id)
        assert (expense.grant_id, expense.montant, expense.categorie) == (
            grant_id,
            Decimal("225.00"),
            ExpenseCategory.COMPENSATION,
        )
        assert "Zołądź" in expense.libelle
    assert grants.grant_row(database, grant_id).spent == Decimal("225.00")
    with pytest.raises(ValidationError, match="Aucune heure"):
        indemnities.pay(database, member_id, date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 10))
    [after] = indemnities.totals(database, date(2026, 1, 1), date(2026, 12, 31))
    assert (after.paid, after.due) == (Decimal("225.00"), Decimal("60.00"))


def test_the_annual_ceiling_is_data(database: Database) -> None:
    assert indemnities.annual_ceiling(2023) == (Decimal("43992"), 2023)
    assert indemnities.annual_ceiling(2090)[1] >= 2023
    member_id = _member(database)
    rate = indemnities.save_rate(database, "Coordination", Decimal("1000"))
    for day in range(1, 29):
        for month in (1, 2):
            indemnities.add_time(database, member_id, date(2023, month, day), rate, Decimal(1))
    [total] = indemnities.totals(database, date(2023, 1, 1), date(2023, 1, 31))
    assert total.year_total == Decimal("56000.00") and total.over_ceiling


def test_bad_hours_are_refused(database: Database) -> None:
    member_id = _member(database)
    rate = indemnities.save_rate(database, "Coordination", Decimal("50"))
    for hours in (Decimal(0), Decimal(25)):
        with pytest.raises(ValidationError, match="Heures"):
            indemnities.add_time(database, member_id, date(2026, 1, 1), rate, hours)


def test_hours_of_the_period_are_paid_after_the_grant_has_ended(database: Database) -> None:
    """December's hours paid in January: the expense falls after the grant's period, as it often does."""
    member_id = _member(database)
    grant_id = grants.create_grant(
        database,
        grants.GrantData(
            "ARS",
            GrantNature.OPERATING,
            montant_accorde=Decimal(30000),
            periode_debut=date(2026, 1, 1),
            periode_fin=date(2026, 12, 31),
        ),
    )
    meeting = indemnities.save_rate(database, "Réunion de groupe de travail", Decimal("60"))
    indemnities.add_time(database, member_id, date(2026, 12, 10), meeting, Decimal("2"), "", grant_id)
    [expense_id] = indemnities.pay(database, member_id, date(2026, 12, 1), date(2026, 12, 31), date(2027, 1, 15))
    with database.sessions() as session:
        assert session.get(Expense, expense_id).montant == Decimal("120.00")
