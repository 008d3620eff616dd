"""The secretary's first day, clicked through on an empty base: the dashboard's steps (identity,
territory, the register imported from an Excel file with bad rows, the barème), then a member found
from the search box with the keyboard, a payment recorded and its receipt previewed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from cpts_desktop.services.association import association_profile
from cpts_desktop.services.cotisations import fees, member_payments
from cpts_desktop.services.members import list_rows
from cpts_desktop.services.territory import territory
from cpts_desktop.ui.fees_dialog import FeesDialog
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.import_wizard import ImportWizard
from cpts_desktop.ui.main_window import MainWindow
from cpts_desktop.ui.member_dialog import MemberDialog
from cpts_desktop.ui.payment_dialog import PaymentDialog
from cpts_desktop.ui.pdf_preview import PdfPreview
from tests.services.spreadsheet_files import HEADERS, good_rows, rpps
from tests.ui.conftest import activate
from tests.ui.person import button, click, go_to, open_tab, opened


# ----- what a person does
def type_into(qtbot, field: QLineEdit, text: str) -> None:
    """Click into the field, select what it holds and type over it."""
    qtbot.mouseClick(field, Qt.LeftButton)
    qtbot.keyClick(field, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(field, text)


def steps_done(window: MainWindow) -> list[bool]:
    return [b.text().startswith("✓") for b in window.dashboard.steps.buttons.values()]


def register_file(folder: Path) -> Path:
    """The register as an Excel file: four good rows (lines 2 to 5), then a mistyped RPPS (line 6),
    a row without a name (line 7) and line 3 again (line 8)."""
    rows = good_rows()
    wrong_key = rpps(7)[:-1] + str((int(rpps(7)[-1]) + 1) % 10)
    mistyped = ["Girard", "Hugo", "Infirmier", wrong_key, "hugo.girard@example.org", "", "", "", "", "Libéraux"]
    nameless = ["", "Inès", "Sage-femme", rpps(8), "ines@example.org", "", "", "", "", "Libéraux"]
    sheet_book = Workbook()
    sheet = sheet_book.active
    for row in [HEADERS, *rows, mistyped, nameless, list(rows[1])]:
        sheet.append(row)
    path = folder / "registre-adherents.xlsx"
    sheet_book.save(path)
    return path


# ----- the journey
def test_secretary_sets_up_the_base_then_records_a_payment(qtbot, settings, db_path, tmp_path, monkeypatch):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(db_path))
    window.show()
    activate(qtbot, window)
    dashboard = window.dashboard
    assert steps_done(window) == [False, False, False, False]
    assert not dashboard.alerts.isVisible()  # no « poste vacant » on a base with nobody in it

    # 1. identity
    click(qtbot, dashboard, "1. Identité de l’association")
    governance = window.governance_page
    assert window.stack.currentWidget() is governance and governance.tabs.currentIndex() == 0
    type_into(qtbot, governance.identity_tab.identity["nom"], "CPTS du Val Fictif")
    type_into(qtbot, governance.identity_tab.identity["adresse"], "1 rue des Essais")
    type_into(qtbot, governance.identity_tab.identity["rna"], "W392004187")
    type_into(qtbot, governance.identity_tab.identity["code_postal"], "39570")
    type_into(qtbot, governance.identity_tab.identity["commune"], "Montvallon")
    click(qtbot, governance, "Enregistrer l’identité")
    assert association_profile(window.database).values["nom"] == "CPTS du Val Fictif"

    # 2. territory
    go_to(qtbot, window, "Tableau de bord")
    assert steps_done(window) == [True, False, False, False]
    assert dashboard.subtitle.text() == "CPTS du Val Fictif"
    assert "0 habitant" not in dashboard.territory.detail.text()
    click(qtbot, dashboard, "2. Territoire : les communes")
    assert governance.tabs.currentIndex() == 1
    click(qtbot, governance, "Ajouter…")
    commune = opened(governance, FormDialog)
    code, name, postal, population = commune.findChildren(QLineEdit)
    for field, text in ((code, "39570"), (name, "Montvallon"), (postal, "39570"), (population, "18750")):
        type_into(qtbot, field, text)
    click(qtbot, commune, "Enregistrer")
    assert [c.nom for c in territory(window.database).communes] == ["Montvallon"]
    assert "1 commune, 18" in governance.territory_tab.taille_label.text().replace("\u202f", " ")

    # 3. the register, from an Excel file with three bad rows
    go_to(qtbot, window, "Tableau de bord")
    path = register_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    click(qtbot, dashboard, "3. Importer le registre des adhérents")
    wizard = opened(window.members_page, ImportWizard)
    assert window.stack.currentWidget() is window.members_page
    click(qtbot, wizard, "Parcourir…")
    assert "7 lignes trouvées" in wizard.file_page.message.text()
    click(qtbot, wizard, "Suivant >")
    click(qtbot, wizard, "Importer")
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=20000)
    assert "4 adhérents créés" in wizard.run_page.summary.text()
    assert "3 lignes refusées" in wizard.run_page.summary.text()
    rejected = wizard.run_page.rejections.rows
    assert [(line, reason.split(" :")[0]) for line, _column, _value, reason in rejected] == [
        ("6", "RPPS"),
        ("7", "Nom"),
        ("8", "Doublon de la ligne 3 du fichier."),
    ]
    assert "clé de contrôle" in rejected[0][3] and "obligatoire" in rejected[1][3]
    assert wizard.run_page.table.isVisible() and wizard.run_page.save_rejects.isVisible()
    assert not wizard.button(wizard.WizardButton.BackButton).isEnabled()  # imported once, not twice
    click(qtbot, wizard, "Terminer")
    names = sorted(r.nom for r in list_rows(window.database, date.today().year))
    assert names == ["D’Almeida", "Laboratoire Biovallons", "Lefèvre", "Œttinger"]

    # 4. the barème
    go_to(qtbot, window, "Tableau de bord")
    assert steps_done(window) == [True, True, True, False]
    click(qtbot, dashboard, "4. Barème des cotisations")
    barème = opened(window.members_page, FeesDialog)
    type_into(qtbot, barème.edits["Professionnel de santé"], "50")
    type_into(qtbot, barème.edits["Structure"], "120")
    click(qtbot, barème, "Enregistrer")
    year = date.today().year
    assert {f.categorie: f.montant for f in fees(window.database, year)} == {
        "Professionnel de santé": Decimal("50.00"),
        "Structure": Decimal("120.00"),
    }
    go_to(qtbot, window, "Tableau de bord")
    assert not dashboard.steps.isVisible()  # every step done: the figures take their place
    assert dashboard.members.value.text() == "4"
    assert dashboard.territory.value.text() == "1 commune"
    assert "taille ACI 1" in dashboard.territory.detail.text()

    # 5. a member found from the search box, with the keyboard
    go_to(qtbot, window, "Adhérents")
    activate(qtbot, window)  # the window manager gives the window back once the dialogs are closed
    page = window.members_page
    assert window.count_label.text() == "4 adhérents affichés sur 4"
    qtbot.mouseClick(page.search, Qt.LeftButton)
    qtbot.keyClicks(page.search, "lefevre")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert window.count_label.text() == "1 adhérent affiché sur 4"
    qtbot.keyClick(page.search, Qt.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key_Return)
    card = opened(page, MemberDialog)
    activate(qtbot, card)
    assert card.field("nom").text() == "Lefèvre" and card.field("prenom").text() == "Anaïs"
    assert not any(label.isVisible() for label in card.error_labels.values())
    assert card.save_button.isVisible()

    # 6. a payment, then its receipt
    open_tab(qtbot, card.tabs, "Cotisations")
    click(qtbot, card, "Nouveau paiement…")
    payment = opened(card, PaymentDialog)
    activate(qtbot, payment)
    assert payment.amount.text() == "50,00"  # what the barème asks of her
    assert payment.error.text() == ""
    type_into(qtbot, payment.amount, "50")
    type_into(qtbot, payment.day, f"15/01/{year}")
    type_into(qtbot, payment.reference, "Banque 1234567")
    click(qtbot, payment, "Enregistrer")
    assert not payment.isVisible()
    line = card.selected_payment()  # the payment just recorded is selected
    assert line is not None and line.montant == Decimal("50.00") and line.numero_recu == f"{year}-0001"
    click(qtbot, card, "Reçu (PDF)")
    preview = opened(card, PdfPreview)
    text = " ".join(page.extract_text() for page in PdfReader(preview.path).pages)
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Lefèvre" in text and "50,00 €" in text and f"{year}-0001" in text
    assert "CPTS du Val Fictif" in text
    available = preview.screen().availableGeometry()
    qtbot.waitUntil(lambda: available.contains(preview.frameGeometry()))  # fitted to the laptop's screen
    assert button(preview, "Fermer").isVisible()
    click(qtbot, preview, "Fermer")
    assert QApplication.activeModalWidget() is not preview

    # what the base holds
    (paid,) = member_payments(window.database, card.member_id)
    assert (paid.montant, paid.date_paiement, paid.reference) == (Decimal("50.00"), date(year, 1, 15), "Banque 1234567")
    lefevre = next(r for r in list_rows(window.database, year) if r.nom == "Lefèvre")
    assert lefevre.up_to_date
