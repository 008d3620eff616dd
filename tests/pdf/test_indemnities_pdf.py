"""The treasurer's summary and the professional's statement show indemnités and rémunérations of the year
against the PASS."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.members import MemberData
from cpts_desktop.pdf.indemnities import indemnities_summary_pdf, statement_pdf
from cpts_desktop.services import finance_documents, indemnities
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.members import create_member
from cpts_desktop.store.engine import Database
from tests.pdf.test_membership_pdfs import text_of


def test_summary_counts_remunerations_and_warns_past_the_cap(database: Database, tmp_path: Path) -> None:
    over = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Ferreira-Holm", prenom="Inès"))
    under = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Ababio", prenom="Kwame"))
    rate = indemnities.save_rate(database, "Groupe de travail", Decimal(60))
    indemnities.add_time(database, over, date(2026, 3, 5), rate, Decimal("2.5"))
    indemnities.add_time(database, under, date(2026, 3, 5), rate, Decimal(2))
    indemnities.add_remuneration(database, over, date(2026, 6, 30), Decimal(48000), "Salaire de coordination")
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    totals = indemnities.totals(database, start, end)
    path = indemnities_summary_pdf(totals, start, end, letterhead(database), tmp_path / "recap.pdf")
    text = text_of(path)
    assert "Rémunérations 2026" in text and "Total 2026" in text
    assert "Inès Ferreira-Holm 2,5 150,00 € 150,00 € 48 000,00 € 48 150,00 € dépassé" in text
    assert "Kwame Ababio 2 120,00 € 120,00 € 0,00 € 120,00 € 47 940,00 €" in text
    assert "Plafond annuel par professionnel (PASS 2026) : 48 060,00 €" in text
    assert "Plafond dépassé : Inès Ferreira-Holm a reçu 48 150,00 € en 2026, soit 90,00 € au-delà du plafond." in text

    statement = finance_documents.statement(database, over, date(2026, 3, 1), date(2026, 3, 31))
    text = text_of(statement_pdf(statement, tmp_path / "releve.pdf", date(2026, 12, 1)))
    assert (
        "En 2026 : indemnités 150,00 €, rémunérations 48 000,00 €, total 48 150,00 € ; plafond annuel 48 060,00 € : "
        "dépassé de 90,00 €." in text
    )
