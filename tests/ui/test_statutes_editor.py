"""A secretary drafts new statutes: rules changed in the editor, the article previewed as it will print,
the template brought up to date, then the comparison and the PDF, none showing a raw « {champ} »."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtWidgets import QListWidget

from cpts_desktop.domain.enums import StatutesStatus
from cpts_desktop.services import statutes
from cpts_desktop.ui.pdf_preview import PdfPreview
from cpts_desktop.ui.statutes_editor import ComparisonDialog, StatutesEditor
from tests.ui.conftest import open_section
from tests.ui.person import choose, click, click_row, open_tab, opened, pdf_text


def test_draft_with_no_age_quorum_and_a_july_exercice(qtbot, settings, demo_path):
    window = open_section(qtbot, settings, demo_path, 3)
    tab = open_tab(qtbot, window.governance_page.tabs, "Statuts")
    click(qtbot, tab, "Nouveau projet")
    click(qtbot, tab, "Modifier le projet…")
    editor = opened(window, StatutesEditor)
    draft_id = editor.version_id

    choose(editor.quorum_age, "0")
    choose(editor.quorum_ago, "1/4")
    choose(editor.exercice_month, 7)
    articles = editor.findChild(QListWidget)
    click_row(qtbot, articles, next(i for i, a in enumerate(editor.articles) if a.titre.endswith("extraordinaire")))
    open_tab(qtbot, editor.text_tabs, "Aperçu")
    preview = editor.preview.toPlainText()
    assert "Elle délibère valablement quel que soit le nombre de membres présents ou représentés." in preview
    assert "seconde" not in preview and "quorum" not in preview and "{" not in preview

    click(qtbot, editor, "Reprendre le modèle à jour")
    assert "« Conseil d’administration »" in editor.upgrade_note.text()  # the demo rewrote it: kept
    click(qtbot, editor, "Enregistrer le projet")
    saved = statutes.get_version(window.database, draft_id)
    assert saved.parameters.quorum_age == 0 and saved.parameters.quorum_ago == Fraction(1, 4)
    assert saved.parameters.exercice_debut_mois == 7 and saved.summary.statut is StatutesStatus.DRAFT

    rows = tab.versions.rows
    click_row(qtbot, tab.versions_view, next(i for i, v in enumerate(rows) if v.id == draft_id))
    click(qtbot, tab, "Comparer à la version précédente")
    compared = opened(window, ComparisonDialog).browser.toPlainText()
    assert "juillet" in compared and "quart" in compared and "{" not in compared
    opened(window, ComparisonDialog).close()

    click(qtbot, tab, "Imprimer (PDF)")
    printed = pdf_text(opened(window, PdfPreview).path)
    assert "L’exercice social commence le 1er juillet" in printed and "{" not in printed
    assert "« Professionnels de santé libéraux » : 8 sièges" in printed
