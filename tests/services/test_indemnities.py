from datetime import date
from decimal import Decimal

import pytest

from cpts_desktop.domain.enums import ExpenseCategory, GrantNature, MemberKind
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.i18n import format_money
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
    assert indemnities.annual_ceiling(2026) == (Decimal("48060"), 2026)
    assert indemnities.annual_ceiling(2090)[1] >= 2026


def test_the_cap_counts_indemnities_and_remunerations(database: Database) -> None:
    """D.1434-44: per professional and calendar year, indemnités + rémunérations ≤ PASS (48 060 € in 2026)."""
    member_id, other = _member(database), _member(database, "Nakamura-Diallo")
    rate = indemnities.save_rate(database, "Coordination", Decimal("1000"))
    saved = indemnities.add_remuneration(database, member_id, date(2026, 3, 31), Decimal("40000"), "Salaire T1")
    assert saved.warning is None
    indemnities.add_time(database, member_id, date(2026, 5, 4), rate, Decimal(8))  # 48 000 €: under the cap
    indemnities.add_time(database, member_id, date(2025, 12, 30), rate, Decimal(8))  # another year
    indemnities.add_time(database, other, date(2026, 5, 4), rate, Decimal(8))  # another professional
    with pytest.raises(ValidationError) as refused:
        indemnities.add_time(database, member_id, date(2026, 6, 1), rate, Decimal("0.1"))
    expected = f"Plafond annuel dépassé : Éloïse Zołądź recevrait {format_money(Decimal(48100))} de la CPTS en 2026"
    assert refused.value.message.startswith(expected)
    assert refused.value.message.endswith(f"Reste possible : {format_money(Decimal(60))}.")

    total = indemnities.year_total(database, member_id, 2026)
    assert (total.indemnities, total.remunerations, total.total) == (Decimal(8000), Decimal(40000), Decimal(48000))
    assert total.remainder == Decimal(60)
    [row] = [t for t in indemnities.totals(database, date(2026, 5, 1), date(2026, 5, 31)) if t.member_id == member_id]
    assert (row.amount, row.remunerations, row.year_total, row.remainder) == (
        Decimal("8000.00"), Decimal("40000.00"), Decimal("48000.00"), Decimal("60"),
    )  # fmt: skip
    assert not row.over_ceiling

    late = indemnities.add_remuneration(database, member_id, date(2026, 12, 20), Decimal("500"), "Prime")
    assert late.warning is not None
    assert format_money(Decimal(48500)) in late.warning and format_money(Decimal(48060)) in late.warning
    [row] = [t for t in indemnities.totals(database, date(2026, 1, 1), date(2026, 12, 31)) if t.member_id == member_id]
    assert row.over_ceiling and row.remainder == Decimal(-440)
    assert [r.libelle for r in indemnities.remuneration_rows(database, date(2026, 1, 1), date(2026, 12, 31))] == [
        "Salaire T1",
        "Prime",
    ]


def test_a_professional_paid_only_a_salary_is_listed(database: Database) -> None:
    member_id = _member(database)
    indemnities.add_remuneration(database, member_id, date(2026, 2, 28), Decimal("2100.50"), "Salaire février")
    [row] = indemnities.totals(database, date(2026, 1, 1), date(2026, 12, 31))
    assert (row.hours, row.amount, row.remunerations) == (0, 0, Decimal("2100.50"))
    [salary] = indemnities.remuneration_rows(database, date(2026, 1, 1), date(2026, 12, 31), member_id)
    indemnities.delete_remuneration(database, salary.id)
    assert indemnities.totals(database, date(2026, 1, 1), date(2026, 12, 31)) == []
    for amount, label, message in ((Decimal(0), "Salaire", "Montant"), (Decimal(10), " ", "Libellé")):
        with pytest.raises(ValidationError, match=message):
            indemnities.add_remuneration(database, member_id, date(2026, 2, 28), amount, label)


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
