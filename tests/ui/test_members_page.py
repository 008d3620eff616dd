"""The Adhérents section driven as a secretary would: form, search, filters, import, payments, PDFs."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from cpts_desktop.domain.enums import MemberKind, MemberStatus
from cpts_desktop.domain.text import search_key
from cpts_desktop.services.members import MemberRow
from cpts_desktop.store.models import Member, Payment
from cpts_desktop.ui.main_window import MainWindow
from cpts_desktop.ui.member_dialog import MemberDialog
from cpts_desktop.ui.members_model import DUE_COLOUR, MemberFilter, MembersModel
from cpts_desktop.ui.pdf_preview import preview_document
from tests.services.spreadsheet_files import good_rows, write_csv
from tests.ui.conftest import activate, open_section


@pytest.fixture
def window(qtbot, settings, demo_path) -> MainWindow:
    return open_section(qtbot, settings, demo_path, 1)


@pytest.fixture
def empty_window(qtbot, settings, db_path) -> MainWindow:
    return open_section(qtbot, settings, db_path, 1)


def test_add_member_through_the_dialog_refusing_a_bad_rpps(qtbot, empty_window):
    page = empty_window.members_page
    assert page.empty.isVisible()
    dialog = page.new_member()
    activate(qtbot, dialog)
    assert not any(label.isVisible() for label in dialog.error_labels.values())  # nothing typed, nothing said
    dialog.field("nom").setText("Œttinger-D’Arcy")  # typed with a compose key: keyClicks knows only Latin-1
    dialog.field("prenom").setText("Łucja")
    profession = dialog.field("profession_code")
    profession.setCurrentIndex(profession.findText("Infirmier"))
    rpps = dialog.field("rpps")
    qtbot.mouseClick(rpps, Qt.LeftButton)
    qtbot.keyClicks(rpps, "10000000008")
    assert not dialog.error_labels["rpps"].isVisible()  # still typing: not yet
    qtbot.keyClick(rpps, Qt.Key_Tab)
    assert "clé de contrôle" in dialog.error_labels["rpps"].text()
    assert dialog.error_labels["rpps"].isVisible()
    rpps.clear()
    qtbot.keyClicks(rpps, "10000000009")
    assert not dialog.error_labels["rpps"].isVisible()  # a field once left is checked as it is typed
    qtbot.keyClicks(dialog.field("telephone"), "+33612345678")
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.button(QDialogButtonBox.Save).click()
    dialog.reject()
    assert page.model.total == 1
    assert page.model.data(page.model.index(0, 0)) == "Œttinger-D’Arcy"
    with empty_window.database.sessions() as session:
        member = session.scalars(select(Member)).one()
    assert (member.rpps, member.telephone, member.profession_code) == ("10000000009", "06 12 34 56 78", "60")
    assert member.statut is MemberStatus.ACTIVE


def test_save_shows_every_message_and_keeps_the_card_on_screen(qtbot, empty_window):
    dialog = empty_window.members_page.new_member()
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.field("email"), "pas-une-adresse")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.error_labels["nom"].isVisible() and dialog.error_labels["email"].isVisible()
    assert dialog.field("nom").hasFocus()  # the first wrong field, scrolled into view
    available = dialog.screen().availableGeometry()
    qtbot.waitUntil(lambda: available.contains(dialog.frameGeometry()))  # fitted to a 1366×728 screen
    assert dialog.save_button.isVisible()
    assert dialog.save_button.mapTo(dialog, dialog.save_button.rect().bottomLeft()).y() <= dialog.height()
    with empty_window.database.sessions() as session:
        assert session.scalars(select(Member)).first() is None


def test_structure_form_asks_for_raison_sociale(qtbot, empty_window):
    dialog = empty_window.members_page.new_member()
    dialog.structure_radio.setChecked(True)
    assert not dialog.rows["prenom"][0].isVisible() or not dialog.isVisible()
    assert "Raison sociale" in dialog.error_labels["nom"].text()
    qtbot.keyClicks(dialog.field("nom"), "MSP des Tilleuls")
    assert dialog.save()
    data, _errors = dialog.current_data()
    assert data.kind is MemberKind.STRUCTURE and data.prenom is None


def test_structure_has_a_representant(qtbot, window):
    dialog = window.members_page.new_member()
    dialog.structure_radio.setChecked(True)
    dialog.field("nom").setText("Centre de santé des Érables")
    combo = dialog.field("representant_id")
    assert combo.count() > 100
    combo.setCurrentIndex(5)
    chosen = combo.currentData()
    assert dialog.save()
    with window.database.sessions() as session:
        assert session.get(Member, dialog.member_id).representant_id == chosen


def test_duplicate_is_refused_with_a_message(qtbot, window, errors):
    existing = window.members_page.model.rows[0]
    dialog = window.members_page.new_member()
    dialog.structure_radio.setChecked(existing.kind is MemberKind.STRUCTURE)
    dialog.field("nom").setText("Quelqu’un")
    qtbot.keyClicks(dialog.field("email"), existing.email)
    assert not dialog.save()
    assert "existe déjà" in errors[0][1]


def test_search_and_filters(qtbot, window):
    page = window.members_page
    total = page.model.total
    assert page.model.rowCount() == total >= 100
    first = page.model.rows[0]
    qtbot.keyClicks(page.search, first.nom.upper().replace("É", "E"))
    qtbot.waitUntil(lambda: page.model.rowCount() < total)
    assert all(
        first.nom.lower() in page.model.data(page.model.index(r, 0)).lower() for r in range(page.model.rowCount())
    )
    assert f"sur {total}" in window.count_label.text().replace("\u202f", " ")
    page.search.clear()
    page.apply_filter()
    page.profession.setCurrentIndex(page.profession.findText("Infirmier"))
    assert 0 < page.model.rowCount() < total
    assert {page.model.data(page.model.index(r, 2)) for r in range(page.model.rowCount())} == {"Infirmier"}
    page.profession.setCurrentIndex(0)
    page.unpaid.setChecked(True)
    assert {page.model.data(page.model.index(r, 6)) for r in range(page.model.rowCount())} == {"due"}
    # « due » in red, the other columns of the row in the table's colour
    assert page.model.data(page.model.index(0, 6), Qt.ForegroundRole) == DUE_COLOUR
    assert page.model.data(page.model.index(0, 0), Qt.ForegroundRole) is None
    page.unpaid.setChecked(False)
    page.status.setCurrentIndex(page.status.findData(MemberStatus.RESIGNED))
    assert page.model.rowCount() > 0
    assert {page.model.data(page.model.index(r, 5)) for r in range(page.model.rowCount())} == {"Démissionnaire"}


def test_sorting_by_commune(window):
    page = window.members_page
    page.table.sortByColumn(3, Qt.DescendingOrder)
    communes = [page.model.data(page.model.index(r, 3)) for r in range(page.model.rowCount())]
    assert communes[0] >= communes[-1]


def test_enter_opens_the_selected_member(qtbot, window):
    page = window.members_page
    page.table.setFocus()
    page.table.selectRow(2)
    page.table.setCurrentIndex(page.model.index(2, 0))
    dialog = page.open_index(page.table.currentIndex())
    assert dialog.member_id == page.model.member_id(2)
    assert dialog.field("nom").text() == page.model.data(page.model.index(2, 0))


def test_down_and_enter_from_the_search_box_reach_the_list(qtbot, window):
    page = window.members_page
    activate(qtbot, window)
    qtbot.mouseClick(page.search, Qt.LeftButton)
    qtbot.keyClicks(page.search, "zzz introuvable")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert window.count_label.text().startswith("0 adhérent affiché sur ")
    page.search.clear()
    target = page.model.rows[3]
    qtbot.keyClicks(page.search, target.email)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert window.count_label.text().startswith("1 adhérent affiché sur ")
    qtbot.keyClick(page.search, Qt.Key_Down)
    assert page.table.hasFocus() and page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key_Return)
    card = page.findChild(MemberDialog)
    assert card is not None and card.member_id == target.id
    card.reject()
    qtbot.mouseClick(page.search, Qt.LeftButton)
    qtbot.keyClick(page.search, Qt.Key_Return)  # Enter from the box opens the member found
    cards = [d for d in page.findChildren(MemberDialog) if d.isVisible()]
    assert [d.member_id for d in cards] == [target.id]


def test_import_wizard_runs_off_the_gui_thread(qtbot, empty_window, tmp_path: Path):
    rows = good_rows() + [["Roux", "Paul", "Plombier", "", "", "", "", "", "", ""]]
    path = write_csv(tmp_path / "adherents.csv", rows)
    page = empty_window.members_page
    wizard = page.import_file()
    wizard.file_page.path.setText(str(path))
    assert wizard.file_page.isComplete()
    assert "5 lignes" in wizard.file_page.message.text()
    wizard.next()
    assert wizard.mapping_page.mapping()[2] == "profession"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=10000)
    assert wizard.report.created == 4
    assert wizard.run_page.rejections.rows == [("6", "Métier", "Plombier", "Profession : « Plombier » inconnue.")]
    assert wizard.run_page.save_rejects.isVisibleTo(wizard)
    qtbot.waitUntil(lambda: page.model.total == 4)
    rejects = tmp_path / "refus.csv"
    wizard.save_rejects_to(rejects)
    assert "Plombier" in rejects.read_text(encoding="utf-8-sig")


def test_import_wizard_strict_mode_writes_nothing(qtbot, empty_window, tmp_path: Path, synchronous_jobs):
    path = write_csv(tmp_path / "a.csv", good_rows() + [["", "Sans", "Nom", "", "", "", "", "", "", ""]])
    wizard = empty_window.members_page.import_file()
    wizard.file_page.path.setText(str(path))
    wizard.file_page.strict.setChecked(True)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=10000)
    assert "aucune ligne n’a été enregistrée" in wizard.run_page.summary.text()
    assert empty_window.members_page.model.total == 0


def test_wizard_explains_an_unreadable_file(qtbot, empty_window, tmp_path: Path):
    path = tmp_path / "notes.csv"
    path.write_text("bonjour\n", encoding="utf-8")
    wizard = empty_window.members_page.import_file()
    wizard.file_page.path.setText(str(path))
    assert not wizard.file_page.isComplete()
    assert "en-tête" in wizard.file_page.message.text()


def test_payment_then_receipt_preview(qtbot, window, tmp_path, monkeypatch):
    page = window.members_page
    page.unpaid.setChecked(True)
    member_id = page.model.member_id(0)
    dialog = page.open_member(member_id)
    payment_dialog = dialog.new_payment()
    assert payment_dialog.amount.text()  # what remains due is proposed
    payment_dialog.amount.setText("12,50")
    payment_dialog.reference.setText("Chèque 42")
    assert payment_dialog.save()
    line = dialog.selected_payment()  # the payment just recorded is selected, ready for its receipt
    assert line is not None and line.montant == Decimal("12.50") and line.numero_recu
    shown = []
    monkeypatch.setattr("cpts_desktop.ui.member_dialog.preview_document", lambda *args: shown.append(args))
    dialog.preview_receipt()
    assert shown and shown[0][1] == f"recu-{line.numero_recu}.pdf"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    dialog.cancel_selected_payment()
    with window.database.sessions() as session:
        amounts = sorted(
            session.scalars(select(Payment.montant).where(Payment.member_id == member_id, Payment.annee == page.year))
        )
    assert Decimal("-12.50") in amounts and Decimal("12.50") in amounts


def test_unsaved_changes_are_prompted(qtbot, window, monkeypatch):
    page = window.members_page
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.Cancel)
    untouched = page.open_member(page.model.member_id(0))
    untouched.reject()
    assert asked == [] and not untouched.isVisible()  # nothing changed, nothing asked
    edited = page.open_member(page.model.member_id(1))
    edited.field("notes").setPlainText("à rappeler")
    edited.reject()
    assert len(asked) == 1 and edited.isVisible()  # « Annuler » keeps the form open


def test_stale_edit_is_not_saved(qtbot, window, monkeypatch):
    page = window.members_page
    member_id = page.model.member_id(0)
    first = page.open_member(member_id)
    second = page.open_member(member_id)
    first.field("notes").setPlainText("première")
    assert first.save()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    second.field("notes").setPlainText("seconde")
    assert not second.save()
    with window.database.sessions() as session:
        assert session.get(Member, member_id).notes == "première"


def test_pdf_preview_can_be_saved(qtbot, window, tmp_path):
    from cpts_desktop.pdf.registers import members_list_pdf
    from cpts_desktop.services import documents

    database = window.database
    preview = preview_document(
        window, "liste.pdf", lambda p: members_list_pdf(documents.members_list(database, 2026), p), show=False
    )
    qtbot.addWidget(preview)
    assert preview.page_count >= 2
    assert preview.save_to(tmp_path / "liste")
    assert (tmp_path / "liste.pdf").stat().st_size > 1000


def test_fees_and_stats_dialogs(qtbot, window):
    page = window.members_page
    fees = page.edit_fees()
    fees.year.setValue(2031)
    assert set(fees.edits) == {"Professionnel de santé", "Structure"}
    fees.edits["Professionnel de santé"].setText("35")
    fees.edits["Structure"].setText("120,00")
    fees.new_category.setText("Étudiant ou retraité")
    fees.add_category()
    fees.edits["Étudiant ou retraité"].setText("10")
    assert fees.save()
    stats = page.show_stats()
    assert stats.tabs.count() == 7
    assert stats.stats.by_profession[0].label == "Infirmier"
    assert stats.stats.by_category[0].label == "Auxiliaire médical"


def test_export_of_the_filtered_view(qtbot, window, tmp_path):
    page = window.members_page
    page.profession.setCurrentIndex(page.profession.findText("Médecin"))
    shown = page.model.rowCount()
    assert page.export_to(tmp_path / "medecins.csv") == shown
    assert (tmp_path / "medecins.csv").read_text(encoding="utf-8-sig").count("\n") == shown + 1


def test_filtering_100000_members_stays_fluid():
    rows = [
        MemberRow(
            i,
            MemberKind.PERSON,
            f"Nom{i}",
            f"Prénom{i}",
            "60",
            "Infirmier",
            f"Commune{i % 80}",
            None,
            "",
            MemberStatus.ACTIVE,
            "",
            None,
            Decimal(0),
            f"nom{i} prenom{i} commune{i % 80}",
        )
        for i in range(100_000)
    ]
    model = MembersModel(2026)
    model.set_rows(rows)
    timings = []
    for text in ("n", "no", "nom", "nom1", "nom12", "nom123"):
        start = time.perf_counter()
        model.set_filter(MemberFilter(text=text))
        timings.append(time.perf_counter() - start)
    assert model.rowCount() == 111
    # Against a bare scan of the same keys timed alongside, so that a slow or busy machine (the suite
    # runs a process per core) does not fail it; ``make bench`` holds the absolute target (≤ 30 ms).
    keys = [row.search for row in rows]
    scans = []
    for _attempt in range(3):
        start = time.perf_counter()
        [index for index, key in enumerate(keys) if "no" in key]  # noqa: B018 - the work being timed
        scans.append(time.perf_counter() - start)
    assert sorted(timings)[len(timings) // 2] < 20 * min(scans), (timings, scans)
    # what a view asks of a cell, and what it may ask of no cell at all
    first = model.index(0, 0)
    assert model.data(first) == rows[model.visible[0]].nom and model.data(first, Qt.UserRole) == model.member_id(0)
    assert model.data(first, Qt.ToolTipRole) is None and model.data(QModelIndex()) is None


def test_wizard_mapping_step_can_ignore_or_assign_columns(qtbot, empty_window, tmp_path: Path, synchronous_jobs):
    path = tmp_path / "maison.csv"
    path.write_text("Nom;Prénom;Spécialité du cabinet;Courriel\nGarçon;Loïc;Kiné;loic@example.org\n", encoding="utf-8")
    wizard = empty_window.members_page.import_file()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    combos = wizard.mapping_page.combos
    assert combos[2].currentData() == "__ignore__" or combos[2].currentData() == "specialite"
    combos[2].setCurrentIndex(combos[2].findData("profession"))  # the secretary knows better
    combos[3].setCurrentIndex(combos[3].findData("__ignore__"))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.done, timeout=10000)
    assert wizard.report.created == 1
    with empty_window.database.sessions() as session:
        member = session.scalars(select(Member)).one()
    assert (member.profession_code, member.email) == ("70", None)


def test_anonymise_a_member_who_left(qtbot, window, monkeypatch, errors):
    page = window.members_page
    page.status.setCurrentIndex(page.status.findData(MemberStatus.RESIGNED))
    member_id = page.model.member_id(0)
    dialog = page.open_member(member_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    assert dialog.anonymise()
    assert dialog.field("nom").text() == f"Anonyme n° {member_id}" and dialog.field("email").text() == ""
    page.status.setCurrentIndex(0)
    active = page.open_member(next(r.id for r in page.model.rows if r.statut is MemberStatus.ACTIVE))
    assert not active.anonymise()
    assert "actif" in errors[-1][1]


def test_typing_narrows_and_erasing_widens_the_search():
    rows = [
        MemberRow(
            i, MemberKind.PERSON, nom, "", "60", "Infirmier", "", None, "", MemberStatus.ACTIVE, "", None,
            Decimal(0), search_key(nom),
        )
        for i, nom in enumerate(["Dupont", "Dupuis", "Durand", "Martin", "Dupont-Martin"])
    ]  # fmt: skip
    model = MembersModel(2026)
    model.set_rows(rows)
    shown = []
    for text in ("du", "dup", "dupo", "dup", "d", "dupont m", "", "mar"):
        model.set_filter(MemberFilter(text=text))
        shown.append(model.rowCount())
    assert shown == [4, 3, 2, 3, 4, 1, 5, 2]


def test_an_empty_amount_is_said_only_once_left(qtbot, window):
    page = window.members_page
    card = page.open_member(page.model.member_id(0))
    payment = card.new_payment()
    payment.amount.clear()
    assert payment.error.text() == ""  # nothing said while the user has not left the field
    payment.amount.editingFinished.emit()
    assert payment.error.text() == "Montant : obligatoire."
    assert not payment.save() and payment.isVisible()


def test_the_chart_counts_whole_members():
    from cpts_desktop.ui.stats_dialog import _tick_step

    assert [_tick_step(top) for top in (1, 8, 9, 17, 40, 41, 95, 1200)] == [1, 1, 2, 5, 5, 10, 20, 200]


def test_the_columns_share_the_width_of_the_list(qtbot, window):
    table = window.members_page.table
    for width in (1000, 1360):
        window.resize(width, 700)
        qtbot.waitUntil(lambda: abs(sum(table.columnWidth(c) for c in range(7)) - table.viewport().width()) < 8)
        widths = [table.columnWidth(c) for c in range(7)]
        assert max(widths) < 0.25 * sum(widths)  # no column taking everything
        assert table.horizontalScrollBar().maximum() == 0  # nor a list wider than the window


def test_the_payment_dialog_says_when_the_year_is_already_paid(qtbot, demo_path: Path) -> None:
    from datetime import date

    from cpts_desktop.services.database import open_database
    from cpts_desktop.services.members import list_rows
    from cpts_desktop.ui.payment_dialog import PaymentDialog

    database = open_database(str(demo_path))
    rows = list_rows(database, date.today().year)
    paid = next(r for r in rows if r.due and r.paid >= r.due)
    due = next(r for r in rows if r.due and r.paid < r.due)
    up_to_date = PaymentDialog(database, paid.id)
    qtbot.addWidget(up_to_date)
    assert up_to_date.amount.text() == ""
    assert f"Cotisation {date.today().year} déjà réglée" in up_to_date.note.text()
    owing = PaymentDialog(database, due.id)
    qtbot.addWidget(owing)
    assert owing.amount.text() and not owing.note.text() and owing.note.isHidden()
    database.close()


def test_a_large_register_shows_its_first_rows_then_the_rest(qtbot, settings, demo_path, monkeypatch):
    """Past ``LOAD_AT_ONCE`` members the list opens on its first rows and reads the rest in the
    background: what was typed and the member chosen meanwhile hold on the whole register."""
    from cpts_desktop.services.members import list_rows
    from cpts_desktop.ui.pages import members

    monkeypatch.setattr(members, "LOAD_AT_ONCE", 20)
    window = open_section(qtbot, settings, demo_path, 1)
    page = window.members_page
    everyone = list_rows(page.database, page.year)
    assert page.loading and page.model.rows == everyone[:20]
    assert window.count_label.text().replace("\u202f", " ") == (
        f"20 adhérents affichés sur {len(everyone)} (lecture de la suite…)"
    )
    row = page.table.visualRect(page.model.index(3, 0)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, pos=row)
    chosen = page.model.member_id(3)
    qtbot.waitUntil(lambda: not page.loading)
    assert page.model.rows == everyone
    assert page.model.member_id(page.table.currentIndex().row()) == chosen
    assert window.count_label.text().replace("\u202f", " ") == (
        f"{len(everyone)} adhérents affichés sur {len(everyone)}"
    )
    # a member saved: the large register, re-read, stays on screen until the new reading is in; what is
    # typed meanwhile searches the whole register once it is in
    activate(qtbot, window)
    qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, pos=row)
    qtbot.keyClick(page.table, Qt.Key_Return)
    (card,) = [d for d in page.findChildren(MemberDialog) if d.isVisible()]
    assert card.member_id == chosen
    card.field("notes").setPlainText("à rappeler")
    last = next(row for row in reversed(everyone) if row.email)  # typed as it is: ASCII
    with qtbot.waitSignal(page.loaded):
        with qtbot.waitSignal(card.saved):
            card.buttons.button(QDialogButtonBox.Save).click()
        assert page.model.rows == everyone and not page.loading
        card.reject()
        qtbot.keyClicks(page.search, last.email)
    qtbot.waitUntil(lambda: not page.search_timer.isActive())
    assert page.model.visible_ids() == [last.id]
