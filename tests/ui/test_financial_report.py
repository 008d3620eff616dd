"""The treasurer writes the compte rendu financier of a grant (CERFA n° 15059*02) and prints it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from cpts_desktop.domain.cerfa import ResourceKind
from cpts_desktop.services import financial_reports
from cpts_desktop.ui.finance.financial_report_dialog import FinancialReportDialog
from cpts_desktop.ui.form_dialog import FormDialog
from tests.ui.conftest import open_section
from tests.ui.person import choose, click, click_row, open_tab, opened, pdf_text, type_text

FINANCES = 4


def test_treasurer_writes_and_prints_the_compte_rendu(qtbot, settings, demo_path: Path, tmp_path: Path, monkeypatch):
    shown: list[str] = []

    def preview(_parent, name: str, render) -> None:  # noqa: ANN001 - the preview's arguments
        shown.append(pdf_text(render(tmp_path / name)))

    monkeypatch.setattr("cpts_desktop.ui.finance.financial_report_dialog.preview_document", preview)
    window = open_section(qtbot, settings, demo_path, FINANCES)
    open_tab(qtbot, window.finances_page.tabs, "Subventions")
    tab = window.finances_page.grants
    labels = [r.label for r in tab.model.rows]
    click_row(qtbot, tab.view, next(i for i, label in enumerate(labels) if label.startswith("Conseil régional")))
    click(qtbot, tab, "Compte rendu financier…")
    dialog = opened(tab, FinancialReportDialog)
    assert dialog.width() <= 1366 and dialog.height() <= 728
    actions = dialog.texts["bilan_actions"]
    assert "Maison des soins non programmés" in actions.toPlainText()  # drafted from the projet de santé
    type_text(qtbot, dialog.texts["bilan_public"], "1 200 patients ; 38 communes du Jura")

    page = open_tab(qtbot, dialog.tabs, "2. Autres ressources et charges")
    click(qtbot, page, "Ajouter une ligne…")
    form = opened(dialog, FormDialog)
    choose(form.findChildren(QComboBox)[0], ResourceKind.DUES.value)
    amounts = [e for e in form.findChildren(QLineEdit) if e.isVisible()]
    type_text(qtbot, amounts[-1], "1 800,00")
    click(qtbot, form, "Enregistrer")
    assert [x.kind for x in dialog.model.rows] == [ResourceKind.DUES]
    assert dialog.model.index(0, 3).data() == "1\u202f800,00\u00a0€"

    open_tab(qtbot, dialog.tabs, "3. Annexe")
    type_text(qtbot, dialog.texts["annexe_ecarts"], "Matériel livré en deux fois : solde en janvier.")
    click(qtbot, dialog, "Enregistrer et voir le PDF…")
    assert dialog.status.text() == "Compte rendu enregistré."
    text = shown[-1]
    assert "1. Bilan qualitatif de l’action" in text and "1 200 patients ; 38 communes du Jura" in text
    assert "756 Cotisations des adhérents" in text and "Matériel livré en deux fois" in text
    assert "PROJET" in text  # this year's exercice is not closed

    grant_id, year = dialog.row.id, dialog.year.currentData()
    saved = financial_reports.report_input(tab.database, grant_id, year)
    papers = financial_reports.financial_report(tab.database, grant_id, year)
    assert saved.version == 1 and saved.bilan_public == "1 200 patients ; 38 communes du Jura"
    assert [(x.kind, x.realise) for x in saved.lines] == [(ResourceKind.DUES, Decimal("1800.00"))]
    assert papers.synthesis.total_charges.realise == papers.synthesis.total_produits.realise
    type_text(qtbot, dialog.texts["annexe_ecarts"], " Un ajout non enregistré.")
    answers = [QMessageBox.No, QMessageBox.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    click(qtbot, dialog, "Fermer")
    assert dialog.isVisible()  # « Fermer sans enregistrer le compte rendu ? » answered « Non »
    click(qtbot, dialog, "Fermer")
    assert not answers and QApplication.activeModalWidget() is None

    # the ACI contract runs over five years: one report per exercice, the last closed one first
    click_row(qtbot, tab.view, next(i for i, label in enumerate(labels) if label.startswith("CPAM")))
    click(qtbot, tab, "Compte rendu financier…")
    dialog = opened(tab, FinancialReportDialog)
    this_year = date.today().year
    assert [dialog.year.itemData(i) for i in range(dialog.year.count())] == [this_year - 1, this_year]
    assert dialog.year.currentData() == this_year - 1
    type_text(qtbot, dialog.texts["bilan_public"], "Patients sans médecin traitant")
    answers = [QMessageBox.No, QMessageBox.Yes]
    choose(dialog.year, this_year)
    assert dialog.year.currentData() == this_year - 1  # « Changer d’exercice sans enregistrer ? » : « Non »
    assert dialog.texts["bilan_public"].toPlainText() == "Patients sans médecin traitant"
    choose(dialog.year, this_year)
    assert dialog.year.currentData() == this_year and dialog.texts["bilan_public"].toPlainText() == ""
    click(qtbot, dialog, "Fermer")
    assert not answers
