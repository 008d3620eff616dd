"""The treasurer's year, clicked through as the treasurer does it: a grant from the ARS (15 000 €), its
échéance, the money received, two expenses (one dated before the grant's period, recorded only once
confirmed), the overview of each exercice, then the rapport du trésorier previewed."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QWidget,
)

from cpts_desktop.domain.enums import ExpenseCategory, GrantStatus
from cpts_desktop.services import grants
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.main_window import MainWindow
from cpts_desktop.ui.pages.finances import FinancesPage
from cpts_desktop.ui.pdf_preview import PdfPreview
from tests.ui.person import choose, click, go_to, open_tab, pdf_text, retype

ARS = "ARS Bourgogne-Franche-Comté"  # a funder the demo base already knows


# ----- what a person does
def open_form(qtbot, tab: QWidget, text: str) -> FormDialog:
    click(qtbot, tab, text)
    shown = [d for d in tab.window().findChildren(FormDialog) if d.isVisible()]
    assert shown, f"« {text} » opened no form"
    return shown[-1]


def field(form: QWidget, label: str) -> QWidget:
    """The field a form shows beside ``label``."""
    [found] = [x.buddy() for x in form.findChildren(QLabel) if x.text() == label and x.buddy() is not None]
    return found


def fill(qtbot, form: QWidget, values: dict[str, str]) -> None:
    """Each field's text selected and typed over, as one does over a date already filled in."""
    for label, text in values.items():
        retype(qtbot, field(form, label), text)


def shown_row(model, first_column: str) -> list[str]:  # noqa: ANN001 - a RowsModel
    """The texts of the line whose first cell reads ``first_column``, spaces as a reader sees them."""
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == first_column:
            texts = (model.index(row, c).data() for c in range(model.columnCount()))
            return [" ".join(t.replace("\u202f", " ").replace("\u00a0", " ").split()) for t in texts]
    raise AssertionError(f"no line « {first_column} »")


class Answers:
    """The treasurer's answers to the questions asked (« L’enregistrer quand même ? »)."""

    def __init__(self) -> None:
        self.next: list[int] = []
        self.asked: list[str] = []

    def question(self, _parent, _title, text, *_args, **_kwargs) -> int:  # noqa: ANN001 - QMessageBox's
        self.asked.append(text)
        assert self.next, f"unexpected question: {text}"
        return self.next.pop(0)


# ----- the journey
@pytest.fixture
def window(qtbot, settings, demo_path, tmp_path, monkeypatch) -> MainWindow:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # previews written where the test can read them
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(demo_path))
    window.show()
    go_to(qtbot, window, "Financements")
    assert isinstance(window.findChild(FinancesPage), FinancesPage)
    return window


def test_the_treasurer_follows_a_grant_through_two_exercices(qtbot, window, errors, monkeypatch) -> None:
    answers = Answers()
    monkeypatch.setattr(QMessageBox, "question", answers.question)
    page: FinancesPage = window.findChild(FinancesPage)
    database = window.database
    year = date.today().year
    advance_day = date(year, 11, 30).strftime("%d/%m/%Y")

    # ----- the grant: the ARS funds next year's coordination, 15 000 €
    tab = open_tab(qtbot, page.tabs, "Subventions")
    form = open_form(qtbot, tab, "Nouvelle subvention…")
    funder = field(form, "Financeur :")
    funder.setCurrentIndex(funder.findText(ARS))
    fill(qtbot, form, {
        "Objet :": "Coordination des parcours",
        "Début de période :": f"01/01/{year + 1}",
        "Fin de période :": f"31/12/{year + 1}",
        "Montant accordé :": "15 000",
    })  # fmt: skip
    assert field(form, "Statut :").currentText() == "Accordée"  # an amount awarded: the grant is
    click(qtbot, form, "Enregistrer")
    assert not form.isVisible()
    grant = next(r for r in grants.grant_rows(database) if r.objet == "Coordination des parcours")
    assert (grant.funder, grant.montant_accorde, grant.statut) == (ARS, Decimal("15000.00"), GrantStatus.AWARDED)
    chosen = page.grants.current()
    assert chosen is not None and chosen.id == grant.id  # the new grant is the one selected
    assert shown_row(page.grants.model, f"{ARS} – Coordination des parcours")[3] == "15 000,00 €"

    # ----- its échéance, then the advance received on that day
    detail = page.grants.detail
    form = open_form(qtbot, open_tab(qtbot, detail, "Échéancier"), "Ajouter une échéance…")
    fill(qtbot, form, {"Date prévue :": advance_day, "Montant :": "7 500", "Libellé :": "Avance de 50 %"})
    click(qtbot, form, "Enregistrer")
    form = open_form(qtbot, open_tab(qtbot, detail, "Versements reçus"), "Enregistrer un versement…")
    fill(qtbot, form, {"Date :": advance_day, "Montant :": "7 500", "Référence bancaire :": "VIR ARS AVANCE"})
    click(qtbot, form, "Enregistrer")
    schedule = page.grants.lists["installments"][0]
    assert shown_row(schedule, advance_day)[2:] == ["7 500,00 €", "7 500,00 €", "reçu"]

    # ----- an expense inside the period, then one before it: « Non » keeps it out, « Oui » records it
    expenses_tab = open_tab(qtbot, detail, "Dépenses")
    form = open_form(qtbot, expenses_tab, "Ajouter une dépense…")
    fill(qtbot, form, {
        "Date :": f"15/01/{year + 1}",
        "Libellé :": "Coordinatrice – janvier",
        "Montant :": "2 000",
    })  # fmt: skip
    choose(field(form, "Catégorie :"), ExpenseCategory.STAFF.value)
    click(qtbot, form, "Enregistrer")
    assert not form.isVisible() and answers.asked == []

    form = open_form(qtbot, expenses_tab, "Ajouter une dépense…")
    fill(qtbot, form, {"Date :": advance_day, "Libellé :": "Cabinet de conseil", "Montant :": "1 200,50"})
    choose(field(form, "Catégorie :"), ExpenseCategory.SERVICES.value)
    answers.next.append(QMessageBox.No)
    click(qtbot, form, "Enregistrer")
    assert answers.asked == [
        f"Cette dépense du {advance_day} est hors de la période de la subvention "
        f"(01/01/{year + 1} – 31/12/{year + 1}). L’enregistrer quand même ?"
    ]
    assert form.isVisible() and "non enregistrée" in form.error.text()
    assert [e.libelle for e in grants.grant_detail(database, grant.id).expenses] == ["Coordinatrice – janvier"]
    answers.next.append(QMessageBox.Yes)
    click(qtbot, form, "Enregistrer")
    assert not form.isVisible()
    expenses = page.grants.lists["expenses"][0]
    assert shown_row(expenses, advance_day)[1:] == ["Cabinet de conseil", "Prestations", "", "", "1 200,50 €"]

    # ----- the overview of each exercice: money counted on its own date, the award in its own year
    overview = open_tab(qtbot, page.tabs, "Vue d’ensemble")
    choose(page.overview.year, year)
    assert shown_row(page.overview.funders, ARS)[:4] == [ARS, "0,00 €", "7 500,00 €", "1 200,50 €"]
    assert f"du 1er janvier au 31 décembre {year}" in page.overview.basis.text()
    choose(page.overview.year, year + 1)
    assert shown_row(page.overview.funders, ARS)[:4] == [ARS, "15 000,00 €", "0,00 €", "2 000,00 €"]

    # ----- the rapport du trésorier of this year, previewed
    choose(page.overview.year, year)
    click(qtbot, overview, "Rapport du trésorier (PDF)")
    qtbot.waitUntil(lambda: any(p.isVisible() for p in window.findChildren(PdfPreview)), timeout=30000)
    [preview] = [p for p in window.findChildren(PdfPreview) if p.isVisible()]
    text = pdf_text(preview.path)
    assert f"Rapport du trésorier – subventions {year}" in text
    line = text[text.index("Synthèse par financeur") :]
    assert f"{ARS} 0,00 € 7 500,00 € 1 200,50 €" in line
    click(qtbot, preview, "Fermer")
    assert errors == []

    # ----- what the database holds
    detail_after = grants.grant_detail(database, grant.id)
    assert [(i.date_prevue, i.montant_prevu, i.settled) for i in detail_after.installments] == [
        (date(year, 11, 30), Decimal("7500.00"), True)
    ]
    assert [(r.date_versement, r.montant) for r in detail_after.disbursements] == [
        (date(year, 11, 30), Decimal("7500.00"))
    ]
    assert sorted((e.date_depense, e.montant) for e in detail_after.expenses) == [
        (date(year, 11, 30), Decimal("1200.50")),
        (date(year + 1, 1, 15), Decimal("2000.00")),
    ]
    this_year = next(f for f in grants.summary(database, year).funders if f.funder == ARS)
    assert (this_year.awarded, this_year.received, this_year.spent) == (0, Decimal("7500.00"), Decimal("1200.50"))
