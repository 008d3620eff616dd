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
    grants.add_disbursement(demo_database, grant_id, Decimal(7500), date(year, 11, 30))
    grants.add_expense(demo_database, grant_id, Decimal("1200.50"), date(year, 11, 30), ExpenseCategory.SERVICES,
                       "Cabinet de conseil", outside_period_ok=True)  # fmt: skip

    this_year = _report(demo_database, year, tmp_path / "cette-annee.pdf")
    assert "ARS Grand Est 0,00 € 7 500,00 € 1 200,50 €" in this_year  # accordé, reçu, dépensé in the year
    situation = this_year[this_year.index(f"Situation au 31 décembre {year}") :]
    assert "ARS Grand Est 7 500,00 € 13 799,50 €" in situation  # still to receive, still to spend
    assert f"année {year} du contrat" in this_year
    next_year = _report(demo_database, year + 1, tmp_path / "annee-suivante.pdf")
    assert next_year[next_year.index("ARS Grand Est") :].startswith("ARS Grand Est 15 000,00 € 0,00 € 0,00 €")


def test_financial_report_follows_the_three_feuillets_of_the_cerfa(demo_database: Database, tmp_path: Path) -> None:
    from cpts_desktop.pdf.grants import financial_report_pdf
    from cpts_desktop.services.financial_reports import financial_report

    rows = {r.funder.split()[0]: r for r in grants.grant_rows(demo_database)}
    closed = text_of(financial_report_pdf(financial_report(demo_database, rows["ARS"].id), tmp_path / "ars.pdf"))
    for part in ("1. Bilan qualitatif de l’action", "2. Tableau de synthèse", "3. Données chiffrées : annexe"):
        assert part in closed
    assert "N° RNA W392004187" in closed and "CERFA n° 15059*02" in closed and "PROJET" not in closed
    assert "62 Autres services extérieurs" in closed and "64 Charges de personnel" in closed
    assert "Total des charges 16 500,00 € 16 740,00 € 240,00 € 1,5 %" in closed  # the demo's saved report
    assert "Total des produits 16 500,00 € 16 740,00 € 240,00 € 1,5 %" in closed
    assert "756 Cotisations des adhérents 1 500,00 € 1 740,00 €" in closed and "Total 20 500,00 € 21 990,00 €" in closed
    assert "96 ont participé" in closed and "au prorata du temps" in closed
    assert "certifie exactes les informations du présent compte rendu" in closed
    region = financial_report(demo_database, rows["Conseil"].id, today=date(date.today().year, 12, 1))
    draft = text_of(financial_report_pdf(region, tmp_path / "region.pdf"))
    assert "PROJET" in draft and "Compte rendu provisoire" in draft
    assert (
        "60 Achats (prestations de services, matières et fournitures) 14 000,00 € 6 480,00 € -7 520,00 € -53,7 %"
        in draft
    )
    assert "Maison des soins non programmés" in draft  # the bilan prefilled from the projet de santé
    assert (
        "Total des charges 24 000,00 € 20 000,00 €" in draft and "Total des produits 24 000,00 € 20 000,00 €" in draft
    )
