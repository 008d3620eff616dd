from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event

from cpts_desktop.domain.enums import ExpenseCategory, FunderType, GrantNature, GrantStatus, ObligationKind
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.services import aci, finance_documents, financial_reports, grants
from cpts_desktop.services.errors import StaleRecord
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Expense

TODAY = date(2026, 11, 24)


def _grant(database: Database, funder: str = "ARS Bourgogne-Franche-Comté", amount: str = "15000", **extra) -> int:
    data = grants.GrantData(
        funder=funder,
        funder_type=extra.pop("funder_type", FunderType.ARS),
        nature=extra.pop("nature", GrantNature.START_UP),
        montant_accorde=Decimal(amount),
        periode_debut=extra.pop("start", date(2026, 1, 1)),
        periode_fin=extra.pop("end", date(2026, 12, 31)),
        **extra,
    )
    return grants.create_grant(database, data)


def test_balances_and_consumption(database: Database) -> None:
    grant_id = _grant(database)
    grants.add_disbursement(database, grant_id, Decimal("10000"), date(2026, 3, 2), "VIR ARS 0302")
    grants.add_expense(database, grant_id, Decimal("4500.50"), date(2026, 4, 1), ExpenseCategory.SERVICES, "Rédaction")
    grants.add_expense(database, grant_id, Decimal("1499.50"), date(2026, 5, 1), ExpenseCategory.MEETINGS, "Réunions")
    row = grants.grant_row(database, grant_id, TODAY)
    assert (row.received, row.spent) == (Decimal("10000.00"), Decimal("6000.00"))
    assert row.to_receive == Decimal("5000.00")
    assert row.remaining == Decimal("9000.00")
    assert row.consumption == Decimal("40.0")
    assert row.statut is GrantStatus.AWARDED
    assert row.objet == "Rédaction du projet de santé"


def test_many_cents_add_up_exactly(database: Database) -> None:
    grant_id = _grant(database, amount="100000")
    amounts = [Decimal(f"{(i * 37) % 1000}.{i % 100:02d}") + Decimal("0.01") for i in range(1, 1200)]
    with database.sessions.begin() as session:  # one insert: the sums are what is tested, not each entry
        session.add_all(
            Expense(grant_id=grant_id, montant=amount, date_depense=date(2026, 1, 1 + i % 28),
                    categorie=ExpenseCategory.OTHER, libelle=f"Ligne {i}")
            for i, amount in enumerate(amounts)
        )  # fmt: skip
    row = grants.grant_row(database, grant_id, TODAY)
    assert row.spent == sum(amounts)
    assert str(row.spent) == str(sum(amounts))
    assert grants.summary(database).total.spent == sum(amounts)


def test_default_compte_rendu_deadline_and_its_move(database: Database) -> None:
    grant_id = _grant(database)
    detail = grants.grant_detail(database, grant_id, TODAY)
    assert [(o.kind, o.date_echeance) for o in detail.obligations] == [
        (ObligationKind.FINANCIAL_REPORT, date(2027, 6, 30))
    ]
    data = grants.GrantData("ARS Bourgogne-Franche-Comté", GrantNature.START_UP, periode_debut=date(2026, 1, 1),
                            periode_fin=date(2027, 3, 31), montant_accorde=Decimal(15000))  # fmt: skip
    grants.update_grant(database, grant_id, detail.grant.version, data)
    assert grants.grant_detail(database, grant_id, TODAY).obligations[0].date_echeance == date(2028, 6, 30)


def test_deadlines_overdue_and_within(database: Database) -> None:
    grant_id = _grant(database, "Conseil régional", "20000", funder_type=FunderType.REGION)
    grants.add_obligation(database, grant_id, ObligationKind.ACTIVITY_REPORT, date(2026, 11, 1), "Bilan d’étape")
    grants.add_obligation(database, grant_id, ObligationKind.INDICATORS, date(2026, 12, 10))
    grants.add_obligation(database, grant_id, ObligationKind.OTHER, date(2027, 1, 20), "Visite")
    sent = grants.add_obligation(database, grant_id, ObligationKind.OTHER, date(2026, 11, 20), "Déjà remis")
    grants.submit_obligation(database, sent, date(2026, 11, 19))
    grants.add_installment(database, grant_id, date(2026, 10, 1), Decimal(10000), "Premier versement")
    grants.add_installment(database, grant_id, date(2027, 3, 1), Decimal(10000), "Solde")
    grants.add_disbursement(database, grant_id, Decimal(4000), date(2026, 10, 5))

    within_30 = grants.deadlines(database, 30, TODAY)
    assert [(d.libelle, d.days, d.overdue) for d in within_30] == [
        ("Premier versement", -54, True),
        ("Bilan d’étape", -23, True),
        ("Rapport d’indicateurs", 16, False),
    ]
    assert within_30[0].amount == Decimal("6000.00")  # the part of the échéance still unpaid
    within_60 = [d.libelle for d in grants.deadlines(database, 60, TODAY)]
    assert "Visite" in within_60 and "Solde" not in within_60 and "Déjà remis" not in within_60
    assert "Compte rendu financier" in [d.libelle for d in grants.deadlines(database, None, TODAY)]
    assert grants.grant_row(database, grant_id, TODAY).late_installments == 1


def test_summary_per_funder(database: Database) -> None:
    ars = _grant(database)
    region = _grant(database, "Conseil régional", "20000", funder_type=FunderType.REGION)
    _grant(database, "Conseil régional", "5000", funder_type=FunderType.REGION, statut=GrantStatus.REFUSED)
    _grant(database, "Fondation X", "3000", start=date(2024, 1, 1), end=date(2024, 12, 31))
    grants.add_disbursement(database, ars, Decimal("15000"), date(2026, 2, 1))
    grants.add_expense(database, ars, Decimal("14999.99"), date(2026, 6, 1), ExpenseCategory.SERVICES, "Projet")
    grants.add_disbursement(database, region, Decimal("10000.10"), date(2026, 7, 1))
    result = grants.summary(database, 2026)
    figures = {f.funder: f.as_json() for f in result.funders}
    assert figures == {
        "ARS Bourgogne-Franche-Comté": {"funder": "ARS Bourgogne-Franche-Comté", "awarded": "15000.00",
            "received": "15000.00", "spent": "14999.99", "remaining": "0.01", "to_receive": "0.00"},
        "Conseil régional": {"funder": "Conseil régional", "awarded": "20000.00", "received": "10000.10",
            "spent": "0.00", "remaining": "20000.00", "to_receive": "9999.90"},
    }  # fmt: skip
    assert result.total.awarded == Decimal("35000.00")
    assert "Fondation X" in [f.funder for f in grants.summary(database).funders]


def test_funder_is_found_whatever_the_case_and_accents(database: Database) -> None:
    first = _grant(database, "Conseil Régional")
    second = _grant(database, "conseil regional")
    rows = {r.id: r.funder_id for r in grants.grant_rows(database)}
    assert rows[first] == rows[second]
    assert len(grants.funders(database)) == 1


def test_budget_against_actual(database: Database) -> None:
    grant_id = _grant(database)
    grants.set_budget(database, grant_id, ExpenseCategory.SERVICES, Decimal(10000))
    grants.set_budget(database, grant_id, ExpenseCategory.MEETINGS, Decimal(5000))
    grants.add_expense(database, grant_id, Decimal("11000"), date(2026, 4, 1), ExpenseCategory.SERVICES, "Cabinet")
    grants.add_expense(database, grant_id, Decimal("300"), date(2026, 4, 1), ExpenseCategory.COMMUNICATION, "Flyers")
    budget = {b.categorie: (b.prevu, b.realise, b.ecart) for b in grants.grant_detail(database, grant_id).budget}
    assert budget == {
        ExpenseCategory.SERVICES: (Decimal(10000), Decimal(11000), Decimal(1000)),
        ExpenseCategory.MEETINGS: (Decimal(5000), Decimal(0), Decimal(-5000)),
        ExpenseCategory.COMMUNICATION: (Decimal(0), Decimal(300), Decimal(300)),
    }


def test_stale_grant_edit_is_refused(database: Database) -> None:
    grant_id = _grant(database)
    row = grants.grant_row(database, grant_id)
    data = grants.GrantData("ARS Bourgogne-Franche-Comté", GrantNature.START_UP, montant_accorde=Decimal(16000))
    grants.update_grant(database, grant_id, row.version, data)
    with pytest.raises(StaleRecord, match="modifiée entre-temps"):
        grants.update_grant(database, grant_id, row.version, data)


def test_bad_inputs_are_refused(database: Database) -> None:
    grant_id = _grant(database)
    with pytest.raises(ValidationError, match="précède"):
        _grant(database, start=date(2026, 5, 1), end=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="Libellé"):
        grants.add_expense(database, grant_id, Decimal(1), date(2026, 1, 1), ExpenseCategory.OTHER, "  ")
    with pytest.raises(ValidationError, match="positif"):
        grants.add_disbursement(database, grant_id, Decimal(0), date(2026, 1, 1))
    grants.add_disbursement(database, grant_id, Decimal(10), date(2026, 1, 1))
    with pytest.raises(ValidationError, match="encaissements"):
        grants.delete_grant(database, grant_id)


def test_dashboard_alerts_name_the_deadlines_of_the_month(database: Database) -> None:
    from cpts_desktop.services.overview import dashboard

    grant_id = _grant(database, "Conseil régional", "20000", funder_type=FunderType.REGION)
    grants.add_obligation(database, grant_id, ObligationKind.ACTIVITY_REPORT, date(2026, 12, 14), "Bilan")
    grants.add_obligation(database, grant_id, ObligationKind.OTHER, date(2027, 2, 1), "Plus tard")
    found = [a for a in dashboard(database, TODAY).alerts if "Conseil régional" in a]
    assert found == ["Justification « Bilan » (Conseil régional) pour le 14 décembre 2026 : dans 20 jours."]


def test_funder_contact_details_are_checked(database: Database) -> None:
    _grant(database, "URPS Infirmiers")
    [funder] = grants.funders(database)
    details = grants.FunderRow(funder.id, "URPS Infirmiers BFC", FunderType.URPS, "Mme Lœvenbruck",
                               "contact@urps.example", "03 53 01 00 99", "1 rue de la Paix")  # fmt: skip
    grants.save_funder(database, details)
    [saved] = grants.funders(database)
    assert (saved.nom, saved.type, saved.email) == ("URPS Infirmiers BFC", FunderType.URPS, "contact@urps.example")
    with pytest.raises(ValidationError, match="Courriel du financeur"):
        grants.save_funder(database, grants.FunderRow(funder.id, "URPS", FunderType.URPS, email="pas-une-adresse"))


def test_accountant_export_as_csv_files(database: Database, tmp_path) -> None:  # noqa: ANN001
    from cpts_desktop.services.grant_exports import export_grants

    grant_id = _grant(database)
    grants.add_expense(
        database, grant_id, Decimal("1200.50"), date(2026, 4, 1), ExpenseCategory.SERVICES, "=HYPERLINK(1)"
    )
    grants.add_expense(database, grant_id, Decimal("99.99"), date(2025, 12, 15), ExpenseCategory.OTHER, "Acompte",
                       outside_period_ok=True)  # fmt: skip
    written = export_grants(database, tmp_path / "compta.csv", 2026)
    assert [p.name for p in written] == ["compta-Dépenses.csv", "compta-Subventions.csv", "compta-Versements.csv"]
    expenses = (tmp_path / "compta-Dépenses.csv").read_text(encoding="utf-8-sig")
    assert "1200,50" in expenses and ";'=HYPERLINK(1);" in expenses
    assert "Acompte" not in expenses  # booked in 2025, its own exercice
    export_grants(database, tmp_path / "compta-2025.csv", 2025)
    assert "Acompte" in (tmp_path / "compta-2025-Dépenses.csv").read_text(encoding="utf-8-sig")
    assert not list(tmp_path.glob("*.partiel"))


def test_money_counts_in_the_exercice_of_its_own_date(database: Database) -> None:
    grant_id = _grant(database, amount="15000", start=date(2027, 1, 1), end=date(2027, 12, 31))
    grants.add_disbursement(database, grant_id, Decimal("7500"), date(2026, 11, 30), "VIR ARS avance")
    grants.add_expense(database, grant_id, Decimal("1200.50"), date(2026, 11, 30), ExpenseCategory.SERVICES,
                       "Cabinet de conseil", outside_period_ok=True)  # fmt: skip
    in_2026 = grants.summary(database, 2026).total
    assert (in_2026.awarded, in_2026.received, in_2026.spent) == (
        Decimal("0.00"),
        Decimal("7500.00"),
        Decimal("1200.50"),
    )
    assert (in_2026.to_receive, in_2026.remaining) == (Decimal("7500.00"), Decimal("13799.50"))
    in_2027 = grants.summary(database, 2027).total
    assert (in_2027.awarded, in_2027.received, in_2027.spent) == (Decimal("15000.00"), Decimal("0.00"), Decimal("0.00"))
    assert [r.id for r in grants.grant_rows(database, 2026)] == [grant_id]  # listed where its money is
    assert grants.exercices(database, TODAY)[:2] == [2027, 2026]


def test_a_multi_year_grant_is_awarded_year_by_year(database: Database) -> None:
    _grant(database, "Conseil départemental", "90000", start=date(2026, 1, 1), end=date(2028, 12, 31))
    shares = {y: grants.summary(database, y).total.awarded for y in (2025, 2026, 2027, 2028, 2029)}
    assert shares == {2025: 0, 2026: Decimal("30000.00"), 2027: Decimal("30000.00"), 2028: Decimal("30000.00"),
                      2029: 0}  # fmt: skip
    [year] = grants.grant_years(database, 2027)
    assert year.share == "prorata : 12 mois sur 36"
    assert grants.summary(database, 2027).shared == ("Conseil départemental",)


def test_uneven_shares_add_up_to_the_award_to_the_cent(database: Database) -> None:
    grant_id = _grant(database, "Fondation Y", "100000.01", start=date(2025, 3, 15), end=date(2030, 3, 14))
    shares = [grants.grant_years(database, y)[0].awarded for y in range(2025, 2031)]
    assert sum(shares) == Decimal("100000.01") and max(shares) < Decimal("25000")
    assert grants.grant_row(database, grant_id).awarded == Decimal("100000.01")


def test_a_twelve_month_grant_across_two_years_counts_in_its_first(database: Database) -> None:
    _grant(database, amount="2500.50", start=date(2026, 6, 1), end=date(2027, 5, 31))
    assert grants.summary(database, 2026).total.awarded == Decimal("2500.50")
    assert grants.summary(database, 2027).total.awarded == 0


def test_aci_contract_counts_each_contract_year(demo_database: Database) -> None:
    from cpts_desktop.services import aci

    year = date.today().year
    [contract] = [r for r in grants.grant_rows(demo_database) if r.nature is GrantNature.ACI]
    [this_year] = aci.contract_years(demo_database, contract.id, year)
    [line] = [g for g in grants.grant_years(demo_database, year) if g.grant.id == contract.id]
    assert line.awarded == this_year.fixed + this_year.variable_max < contract.awarded
    assert line.share == f"année {year} du contrat"
    assert line.received < contract.received and line.spent < contract.spent  # this year's money only


def test_an_expense_outside_the_period_needs_a_knowing_yes(database: Database) -> None:
    grant_id = _grant(database, start=date(2027, 1, 1), end=date(2027, 12, 31))
    with pytest.raises(grants.OutsidePeriod) as refused:
        grants.add_expense(database, grant_id, Decimal("1200.50"), date(2026, 11, 30), ExpenseCategory.OTHER, "Avance")
    assert refused.value.message == (
        "Cette dépense du 30/11/2026 est hors de la période de la subvention (01/01/2027 – 31/12/2027)."
    )
    assert grants.grant_detail(database, grant_id).expenses == []
    grants.add_expense(database, grant_id, Decimal("1200.50"), date(2026, 11, 30), ExpenseCategory.OTHER, "Avance",
                       outside_period_ok=True)  # fmt: skip
    assert grants.grant_row(database, grant_id).spent == Decimal("1200.50")


# ---------------------------------------------------------------- compte rendu financier (CERFA n° 15059*02)
def _demo_grant(database: Database, funder: str) -> grants.GrantRow:
    return next(r for r in grants.grant_rows(database) if r.funder.startswith(funder))


def test_financial_report_balances_on_every_demo_grant(demo_database: Database) -> None:
    from cpts_desktop.domain.cerfa import CHARGE_NATURES
    from cpts_desktop.services.financial_reports import financial_report

    for row in grants.grant_rows(demo_database):
        table = financial_report(demo_database, row.id).synthesis
        assert table.total_charges.realise == table.total_produits.realise > 0, row.label
        if table.forecast:
            assert table.total_charges.prevu == table.total_produits.prevu, row.label
        assert [line.code for line in table.charges[:9]] == list(CHARGE_NATURES)
    start_up = financial_report(demo_database, _demo_grant(demo_database, "ARS").id)
    assert not start_up.provisional and start_up.annee == date.today().year - 2
    charges = {line.code: line for line in start_up.synthesis.charges}
    assert (charges["62"].prevu, charges["62"].realise, charges["62"].ecart) == (Decimal(15000), Decimal(15000), 0)
    assert start_up.grant_line.label.startswith("État : ARS") and start_up.grant_share == Decimal("89.6")


def test_financial_report_figures_by_nature_with_gaps(demo_database: Database) -> None:
    from cpts_desktop.services.financial_reports import financial_report

    region = _demo_grant(demo_database, "Conseil régional")
    papers = financial_report(demo_database, region.id, today=date(date.today().year, 12, 1))
    assert papers.provisional  # the exercice is not closed: a PROJET
    charges = {line.code: line for line in papers.synthesis.charges}
    assert (charges["60"].prevu, charges["60"].realise) == (Decimal(14000), Decimal("6480.00"))
    assert (charges["60"].ecart, charges["60"].ecart_percent) == (Decimal("-7520.00"), Decimal("-53.7"))
    assert charges["62"].realise == Decimal("1250.90")  # communication → 623
    grant = papers.grant_line
    assert (grant.code, grant.prevu, grant.realise) == ("74", Decimal(24000), Decimal(20000))
    assert grant.label.startswith("Région(s) : Conseil régional")
    assert papers.synthesis.excess.realise == Decimal("12269.10")  # 20 000 − 7 730,90: to carry over
    assert papers.synthesis.shortfall.realise == 0
    assert papers.synthesis.total_charges.prevu == papers.synthesis.total_produits.prevu == Decimal(24000)
    aci = financial_report(demo_database, _demo_grant(demo_database, "CPAM").id)
    assert aci.grant_line.label.startswith("Organismes sociaux : CPAM du Jura")
    assert aci.annee == date.today().year - 1 and not aci.synthesis.forecast  # no budget entered: « — »


def test_financial_report_counts_what_the_treasurer_enters(demo_database: Database) -> None:
    from cpts_desktop.domain.cerfa import ResourceKind
    from cpts_desktop.services.financial_reports import ExtraLine, financial_report, report_input, save_report_input

    region = _demo_grant(demo_database, "Conseil régional")
    draft = report_input(demo_database, region.id)
    assert draft.version == 0 and "Maison des soins non programmés" in draft.bilan_actions  # from the projet
    assert "Créneaux ouverts par semaine" in draft.bilan_indicateurs
    draft.bilan_public = "1 200 patients du territoire ; 38 communes"
    draft.lines = [
        ExtraLine(ResourceKind.DUES, "", Decimal(2000), Decimal(1800)),
        ExtraLine(ResourceKind.MUNICIPALITY, "Ville de Montvallon", None, Decimal(3000)),
        ExtraLine(ResourceKind.INDIRECT, "Quote-part du loyer", Decimal(1000), Decimal(1500)),
        ExtraLine(ResourceKind.VOLUNTEER, "Bénévolat des administrateurs", None, Decimal(4000)),
    ]
    version = save_report_input(demo_database, draft)
    with pytest.raises(StaleRecord):
        save_report_input(demo_database, draft)  # made on the version before
    saved = report_input(demo_database, region.id)
    assert saved.version == version and saved.bilan_public.startswith("1 200 patients") and len(saved.lines) == 4
    table = financial_report(demo_database, region.id).synthesis
    assert [p.code for p in table.produits] == ["74", "74", "756"]
    assert table.produits[1].label == "Commune(s) : Ville de Montvallon"
    assert table.charges[-1].label == "Charges indirectes affectées à l’action : Quote-part du loyer" and table.charges[
        -1
    ].ecart_percent == Decimal("50.0")
    # charges 7 730,90 + 1 500 ; produits 20 000 + 3 000 + 1 800
    assert table.excess.realise == Decimal("15569.10")
    assert table.total_charges.realise == table.total_produits.realise == Decimal("24800.00")
    assert table.contributions.realise == Decimal(4000) and table.grand_total.realise == Decimal("28800.00")


def test_financial_report_refused_without_award_or_identity(database: Database, demo_database: Database) -> None:
    from cpts_desktop.domain.errors import CptsError
    from cpts_desktop.services.documents import IdentityMissing
    from cpts_desktop.services.financial_reports import financial_report

    with pytest.raises(IdentityMissing, match="numéro RNA"):
        financial_report(database, _grant(database))
    requested = grants.create_grant(
        demo_database, grants.GrantData("Fondation du Jura", GrantNature.PROJECT, statut=GrantStatus.REQUESTED)
    )
    with pytest.raises(CptsError, match="« demandée » : un compte rendu financier ne se rédige que pour une sub"):
        financial_report(demo_database, requested)
    aci = _demo_grant(demo_database, "CPAM").id
    with pytest.raises(
        ValidationError,
        match=f"Exercice 2019 : cette subvention ne le couvre pas \\(exercices : {date.today().year - 1}, ",
    ):
        financial_report(demo_database, aci, 2019)


def test_every_expense_category_and_funder_type_has_its_place_in_the_cerfa() -> None:
    """A new category or funder type must get its line in resources/compte_rendu_financier.csv."""
    from cpts_desktop.services.financial_reports import mapping

    rules = mapping()
    assert set(rules.natures) == {c.value for c in ExpenseCategory}
    assert set(rules.funders) == {f.value for f in FunderType}
    assert rules.natures["personnel"] == "64" and rules.funders["cpam"].value == "74-organismes-sociaux"


def test_a_refused_edit_leaves_nothing_behind(database: Database) -> None:
    """The new funder an edit names is created inside the edit's transaction: refused, it is not kept."""
    grant_id = _grant(database)
    row = grants.grant_row(database, grant_id, TODAY)
    edit = grants.GrantData(
        funder="Région Bourgogne-Franche-Comté", nature=row.nature, montant_accorde=row.montant_accorde,
        periode_debut=row.periode_debut, periode_fin=date(2027, 6, 30), conditions="Rapport\x00 final",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Conditions"):
        grants.update_grant(database, grant_id, row.version, edit)
    assert [f.nom for f in grants.funders(database)] == ["ARS Bourgogne-Franche-Comté"]
    assert grants.grant_row(database, grant_id, TODAY) == row
    assert [o.date_echeance for o in grants.grant_detail(database, grant_id, TODAY).obligations] == [date(2027, 6, 30)]


def _transactions(database: Database, read: Callable[[], object]) -> int:
    """How many transactions ``read`` opened on ``database``."""
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(database.engine, "begin", count)
    try:
        read()
    finally:
        event.remove(database.engine, "begin", count)
    return len(begun)


def test_each_view_of_the_grants_reads_one_snapshot(database: Database) -> None:
    grant_id = _grant(database)
    grants.add_installment(database, grant_id, date(2026, 3, 1), Decimal("5000"))
    grants.add_disbursement(database, grant_id, Decimal("5000"), date(2026, 3, 2))
    grants.add_expense(database, grant_id, Decimal("120"), date(2026, 4, 1), ExpenseCategory.OTHER, "Salle")
    assert _transactions(database, lambda: grants.grant_detail(database, grant_id, TODAY)) == 1
    assert _transactions(database, lambda: grants.deadlines(database, None, TODAY)) == 1
    assert _transactions(database, lambda: grants.summary(database, 2026, TODAY)) == 1
    assert _transactions(database, lambda: grants.summary(database, None, TODAY)) == 1


def test_the_treasurers_documents_read_one_snapshot(demo_database: Database) -> None:
    year = date.today().year
    aci_year = next(y for y in aci.contract_years(demo_database) if y.annee == year)
    grant_id = aci_year.grant_id
    report = finance_documents.grants_report(demo_database, year)
    assert report.rows and report.aci_years and report.treasurer.name
    assert _transactions(demo_database, lambda: finance_documents.grants_report(demo_database, year)) == 1
    assert _transactions(demo_database, lambda: finance_documents.grant_papers(demo_database, grant_id)) == 1
    assert _transactions(demo_database, lambda: finance_documents.aci_papers(demo_database, year, grant_id)) == 1
    assert financial_reports.financial_report(demo_database, grant_id).grant.id == grant_id
    assert _transactions(demo_database, lambda: financial_reports.financial_report(demo_database, grant_id)) == 1
