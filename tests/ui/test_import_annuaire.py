"""A secretary imports the Annuaire Santé extract as downloaded, through the members' import wizard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QToolButton, QWizard
from sqlalchemy import select

from cpts_desktop.services.annuaire import EXTRACT_HEADERS
from cpts_desktop.store.models import Member
from cpts_desktop.ui.import_wizard import IGNORE
from tests.services.test_annuaire import ADELI, BAD, LE_GALL, write_extract
from tests.ui.conftest import open_section
from tests.ui.person import button, choose, click, opened


def tool_button(window, text: str) -> QToolButton:  # noqa: ANN001 - the MainWindow
    found = [b for b in window.findChildren(QToolButton) if b.text() == text and b.isVisible() and b.isEnabled()]
    assert found, text
    return found[0]


def test_extract_imported_through_the_wizard(qtbot, settings, db_path, tmp_path: Path, monkeypatch):
    path = write_extract(tmp_path / "PS_LibreAcces_Personne_activite_202611300000.txt", "cp1252")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    window = open_section(qtbot, settings, db_path, 1)
    qtbot.mouseClick(tool_button(window, "Importer"), Qt.LeftButton)
    wizard = opened(window, QWizard)
    click(qtbot, wizard, "Parcourir…")
    assert wizard.file_page.message.text().startswith("7 lignes trouvées")
    click(qtbot, wizard, "Suivant >")
    assert "« Identifiant PP » →" in [wizard.mapping_page.form.itemAt(i).widget().text()
                                        for i in range(wizard.mapping_page.form.count())
                                        if hasattr(wizard.mapping_page.form.itemAt(i).widget(), "text")]  # fmt: skip
    email = EXTRACT_HEADERS.index("Adresse e-mail (coord. structure)")
    choose(wizard.mapping_page.combos[email], IGNORE)  # the practice's address is not the person's
    click(qtbot, wizard, "Importer")
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=20_000)
    assert wizard.run_page.summary.text().startswith("5 adhérents créés")
    assert [row[:3] for row in wizard.run_page.rejections.rows] == [("7", "RPPS", BAD)]
    assert button(wizard, "Enregistrer les lignes refusées…").isVisible()
    click(qtbot, wizard, "Terminer")
    qtbot.waitUntil(lambda: window.members_page.model.total == 5)
    with window.database.sessions() as session:
        imported = {m.rpps or m.adeli: (m.nom, m.prenom, m.finess, m.email) for m in session.scalars(select(Member))}
    assert imported[LE_GALL] == ("Le Gall", "Jean-Marc", None, None)
    assert imported[ADELI] == ("D’Almeida", "Anne", None, None)
