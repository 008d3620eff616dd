"""The Statuts & conseil section: identity, territory, board, and the statutes editor with its comparison."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from cpts_desktop.domain.enums import BoardRole, StatutesStatus
from cpts_desktop.i18n import format_date_short
from cpts_desktop.services import statutes
from cpts_desktop.services.board import current_board
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.main_window import MainWindow
from tests.ui.conftest import open_section
from tests.ui.person import button, click, click_row, open_tab, opened, retype


@pytest.fixture
def window(qtbot, settings, demo_path) -> MainWindow:
    return open_section(qtbot, settings, demo_path, 3)


def test_edit_an_article_save_a_new_draft_and_see_the_diff(qtbot, window):
    page = window.governance_page
    page.tabs.setCurrentIndex(4)
    assert [v.statut for v in page.statutes_tab.versions.rows if v.kind.value == "statuts"] == [
        StatutesStatus.DECLARED
    ] * 2
    page.statutes_tab.new_draft()
    draft = next(v for v in page.statutes_tab.versions.rows if v.statut is StatutesStatus.DRAFT)
    assert page.statutes_tab.selected_version().id == draft.id
    editor = page.statutes_tab.edit_selected()
    objet = next(i for i, a in enumerate(editor.articles) if a.titre == "Objet")
    old_text = editor.articles[objet].texte
    editor.edit_article(objet, texte=old_text.replace("rassembler", "réunir"))
    editor.proxies.setValue(4)
    assert editor.save()
    page.statutes_tab.select_version(draft.id)
    dialog = page.statutes_tab.compare_selected()
    changed = [c for c in dialog.changes if c.kind != "inchangé"]
    # the pouvoirs raised from 3 to 4 show in the article that states them
    assert [(c.kind, c.new.titre) for c in changed] == [
        ("modifié", "Objet"),
        ("modifié", "Assemblée générale ordinaire"),
    ]
    assert ("-", "rassembler") in changed[0].segments and ("+", "réunir") in changed[0].segments
    html = dialog.browser.toHtml()
    assert "réunir" in html and "line-through" in html
    assert statutes.get_version(window.database, draft.id).parameters.pouvoirs_max == 4


def test_adopted_version_is_not_editable(qtbot, window, errors):
    page = window.governance_page
    page.statutes_tab.versions_view.selectRow(2)
    assert page.statutes_tab.edit_selected() is None
    assert "ne se modifie plus" in errors[0][1]


def test_identity_errors_show_under_the_fields(qtbot, window):
    page = window.governance_page
    page.identity_tab.identity["rna"].setText("W12")
    page.identity_tab.identity["iban"].setText("FR76 0000")
    assert not page.identity_tab.save_identity()
    assert "W suivi de 9" in page.identity_tab.identity_errors["rna"].text() and page.identity_tab.identity_errors[
        "iban"
    ].isVisibleTo(page)
    page.identity_tab.identity["rna"].setText("W392004188")
    page.identity_tab.identity["iban"].setText("")
    page.identity_tab.identity["sigle"].setText("CPTS 3 V")
    assert page.identity_tab.save_identity()
    assert window.dashboard.subtitle.text() == "CPTS du Pays des Trois Vallons"


def test_territory_commune_and_tier(qtbot, window):
    page = window.governance_page
    assert "taille 2" in page.territory_tab.taille_label.text()
    dialog = page.territory_tab.edit_commune(None)
    dialog.findChildren(type(page.identity_tab.identity["nom"]))[0].setText("39999")
    fields = dialog.findChildren(type(page.identity_tab.identity["nom"]))
    fields[1].setText("Grande-Ville")
    fields[3].setText("40000")
    assert dialog.save()
    assert "taille 3" in page.territory_tab.taille_label.text()


def test_board_mandates_and_warnings(qtbot, window):
    page = window.governance_page
    page.tabs.setCurrentIndex(3)
    assert page.board_tab.warnings.isVisibleTo(page) and "Fin de mandat" in page.board_tab.warnings.text()
    president = next(i for i, m in enumerate(page.board_tab.mandates.rows) if m.role is BoardRole.PRESIDENT)
    page.board_tab.mandates_view.selectRow(president)
    dialog = page.board_tab.end_selected_mandate()
    dialog.findChild(QLineEdit).setText(format_date_short(date.today() - timedelta(days=1)))
    assert dialog.save()
    assert "président est vacant" in page.board_tab.warnings.text()
    # the dashboard, hidden meanwhile, is re-read when it is shown again
    assert "président est vacant" not in window.dashboard.alerts.text()
    window.navigation.setCurrentRow(0)
    assert "président est vacant" in window.dashboard.alerts.text()
    window.navigation.setCurrentRow(3)

    dialog = page.board_tab.new_mandate()
    member, role = dialog.findChildren(QComboBox)[:2]
    board_ids = {m.member_id for m in current_board(window.database)}
    member.setCurrentIndex(next(i for i in range(member.count()) if member.itemData(i) not in board_ids))
    role.setCurrentIndex(role.findData(BoardRole.PRESIDENT))
    assert dialog.save(), dialog.error.text()
    assert "président est vacant" not in page.board_tab.warnings.text()
    # a new director without nationality: what the préfecture asks is to be entered next
    assert opened(page, FormDialog).windowTitle().startswith("Mandat de ")
    assert member.currentData() in {
        m.member_id for m in current_board(window.database) if m.role is BoardRole.PRESIDENT
    }


def test_a_second_president_is_refused_in_the_form(qtbot, window):
    dialog = window.governance_page.board_tab.new_mandate()
    role = dialog.findChildren(QComboBox)[1]
    role.setCurrentIndex(role.findData(BoardRole.PRESIDENT))
    assert not dialog.save()
    assert "déjà occupé" in dialog.error.text()


def test_the_secretary_completes_the_directors_for_the_prefecture(qtbot, window, errors):
    """A structure's representative and a missing nationality entered from the board's list; the liste
    des dirigeants is refused, naming who lacks what, until it is complete."""
    page = window.governance_page
    open_tab(qtbot, page.tabs, "Conseil et bureau")
    board = current_board(window.database)
    treasurer = next(m for m in board if m.role is BoardRole.TREASURER)
    structure = next(m for m in board if m.is_structure)
    click_row(qtbot, page.board_tab.mandates_view, page.board_tab.mandates.rows.index(treasurer))
    click(qtbot, page, "Modifier le mandat…")
    dialog = opened(page, FormDialog)
    nationality = dialog.findChildren(QLineEdit)[3]
    nationality.clear()  # what the secretary erases: the nationality is unknown after all
    qtbot.mouseClick(button(dialog, "Enregistrer"), Qt.LeftButton)
    state = [title for title, _value in page.board_tab.mandates.columns].index("Pour la préfecture")
    row = next(i for i, m in enumerate(page.board_tab.mandates.rows) if m.id == treasurer.id)
    assert page.board_tab.mandates.index(row, state).data() == "à compléter : nationalité"

    click(qtbot, page, "Liste des dirigeants (PDF)")
    assert f"{treasurer.name} (trésorière) – nationalité" in errors[-1][1]

    click_row(
        qtbot,
        page.board_tab.mandates_view,
        next(i for i, m in enumerate(page.board_tab.mandates.rows) if m.id == structure.id),
    )
    click(qtbot, page, "Modifier le mandat…")
    dialog = opened(page, FormDialog)
    civilite = dialog.findChild(QComboBox)
    civilite.setCurrentIndex(civilite.findText("Madame"))
    prenom, nom, fonction = dialog.findChildren(QLineEdit)[4:7]
    for field, text in ((prenom, "Anne"), (nom, "Martin"), (fonction, "directrice")):
        retype(qtbot, field, text)
    qtbot.mouseClick(button(dialog, "Enregistrer"), Qt.LeftButton)
    saved = next(m for m in current_board(window.database) if m.id == structure.id)
    assert saved.declared_name == f"{structure.nom}, représentée par Mme Anne Martin, directrice"
    assert next(m for m in current_board(window.database) if m.id == treasurer.id).missing == ("nationalité",)
