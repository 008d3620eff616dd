"""A secretary imports the register she keeps in Excel, with its totals, a filtered-out row, a hidden
column and a sheet of payments: the wizard says what it leaves, and takes the hidden ones when asked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QToolButton, QWizard
from sqlalchemy import select

from cpts_desktop.store.models import Member
from tests.services.test_import_hygiene import register
from tests.ui.conftest import open_section
from tests.ui.person import click, opened


def tool_button(window, text: str) -> QToolButton:  # noqa: ANN001 - the MainWindow
    found = [b for b in window.findChildren(QToolButton) if b.text() == text and b.isVisible() and b.isEnabled()]
    assert found, text
    return found[0]


def test_wizard_says_what_it_leaves_then_imports_the_hidden_rows_when_asked(
    qtbot, settings, db_path, tmp_path: Path, monkeypatch
):
    path = register(tmp_path / "registre.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    window = open_section(qtbot, settings, db_path, 1)
    qtbot.mouseClick(tool_button(window, "Importer"), Qt.LeftButton)
    wizard = opened(window, QWizard)
    click(qtbot, wizard, "Parcourir…")
    assert wizard.file_page.message.text().splitlines() == [
        "4 lignes trouvées ; feuille « Adhérents 2026 », en-tête à la ligne 1, 4 colonnes reconnues.",
        "Feuille lue : Adhérents 2026 ; laissée : Paiements (120 lignes).",
        "Lignes 6, 9, 10 et 11 : totaux, non importées.",
        "Ligne 5 : masquée dans le classeur, non importée.",
        "Colonne masquée dans le classeur, non importée : « Notes internes ».",
    ]
    hidden = next(b for b in wizard.findChildren(QCheckBox) if b.text().startswith("Importer aussi"))
    qtbot.mouseClick(hidden, Qt.LeftButton)
    assert wizard.file_page.message.text().splitlines()[0].startswith("5 lignes trouvées")
    click(qtbot, wizard, "Suivant >")
    click(qtbot, wizard, "Importer")
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=20_000)
    summary = wizard.run_page.summary.text().splitlines()
    assert summary[0] == "5 adhérents créés."
    assert "Lignes 6, 9, 10 et 11 : totaux, non importées." in summary
    assert not any("masquée" in line for line in summary)
    click(qtbot, wizard, "Terminer")
    qtbot.waitUntil(lambda: window.members_page.model.total == 5)
    with window.database.sessions() as session:
        people = {(m.titre, m.prenom, m.nom, m.notes) for m in session.scalars(select(Member))}
    assert ("Dr", "Paul", "MOREL", None) in people
    assert (None, "Marie", "de la Fontaine", "ne pas relancer") in people
    assert (None, "Noé", "Guérin", "parti en mars") in people
