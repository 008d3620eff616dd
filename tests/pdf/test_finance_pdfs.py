"""The rapport du trésorier counts each year's money by its own date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from cpts_desktop.domain.enums import ExpenseCategory, FunderType, GrantNature
from cpts_desktop.pdf.grants import grants_report_pdf
from cpts_desktop.services import finance_documents, grants
from cpts_desktop.store.engine import Database
from tests.pdf.test_membership_pdfs import text_of


def _report(database: Database, year: int, path: Path) -> str:
    return text_of(grants_report_pdf(finance_documents.grants_report(database, year), path))


def test_treasurer_report_counts_money_in_its_own_year(demo_database: Database, tmp_path: Path) -> None:
    year = date.today().year
    data = grants.GrantData("ARS Grand Est", GrantNature.OPERATING, "Coordination", FunderType.ARS,
                            periode_debut=date(year + 1, 1, 1), periode_fin=date(year + 1, 12, 31),
                            montant_accorde=Decimal(15000))  # fmt: skip
    grant_id = grants.create_grant(demo_database, data)
    grants.add_receipt(demo_database, grant_id, Decimal(7500), date(year, 11, 30))
    grants.add_expense(demo_database, grant_id, Decimal("1200.50"), date(year, 11, 30), ExpenseCategory.SERVICES,
                       "Cabinet de conseil", outside_period_ok=True)  # fmt: skip

    this_year = _report(demo_database, year, tmp_path / "cette-annee.pdf")
    assert "ARS Grand Est 0,00 € 7 500,00 € 1 200,50 €" in this_year  # accordé, reçu, dépensé in the year
    situation = this_year[this_year.index(f"Situation au 31 décembre {year}") :]
    assert "ARS Grand Est 7 500,00 € 13 799,50 €" in situation  # still to receive, still to spend
    assert f"année {year} du contrat" in this_year
    next_year = _report(demo_database, year + 1, tmp_path / "annee-suivante.pdf")
    assert next_year[next_year.index("ARS Grand Est") :].startswith("ARS Grand Est 15 000,00 € 0,00 € 0,00 €")
