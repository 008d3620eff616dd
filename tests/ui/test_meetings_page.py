"""The Réunions section: pouvoirs refused with the quorum moving, the mail-merge off the GUI thread, the
convocation deadline, guarded writes on the procès-verbal."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton

from cpts_desktop.domain.enums import AttendanceStatus, MeetingType, MinutesStatus
from cpts_desktop.services import meetings
from cpts_desktop.ui.main_window import MainWindow
from cpts_desktop.ui.pages.meetings import delay_text
from tests.ui.conftest import open_section


@pytest.fixture
def window(qtbot, settings, demo_path) -> MainWindow:
    return open_section(qtbot, settings, demo_path, 2)


def _age(window: MainWindow) -> int:
    when = datetime(date.today().year, 12, 28, 18, 0)
    age = meetings.create_meeting(
        window.database, MeetingType.EXTRAORDINARY_GENERAL, when, "Mairie", agenda=["Statuts"]
    )
    window.meetings_page.reload(select=age)
    assert window.meetings_page.meeting_id == age
    return age


def _select(page, rows: list[int]) -> None:  # noqa: ANN001
    page.attendance_tab.attendance_view.clearSelection()
    selection = page.attendance_tab.attendance_view.selectionModel()
    for row in rows:
        selection.select(
            page.attendance_tab.attendance.index(row, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        )


def test_attendance_refuses_an_extra_pouvoir_and_the_quorum_changes(qtbot, window, errors):
    page = window.meetings_page
    age = _age(window)
    assert "Quorum non atteint : 0 présent ou représenté" in page.attendance_tab.quorum_label.text()

    def mark(rows: list[int], status: AttendanceStatus, holder: int | None = None) -> bool:
        _select(page, rows)
        page.attendance_tab.presence.setCurrentIndex(page.attendance_tab.presence.findData(status))
        page.attendance_tab.holder.setCurrentIndex(page.attendance_tab.holder.findData(holder))
        return page.attendance_tab.apply_attendance()

    holder = page.attendance_tab.attendance.rows[0].member_id
    assert mark([0], AttendanceStatus.PRESENT)
    assert mark([1, 2, 3], AttendanceStatus.REPRESENTED, holder)  # the demo statutes allow three pouvoirs
    assert not mark([4], AttendanceStatus.REPRESENTED, holder)
    assert "détient déjà 3 pouvoirs" in errors[-1][1]
    assert "Quorum non atteint : 4 présents ou représentés" in page.attendance_tab.quorum_label.text()
    assert not mark([0], AttendanceStatus.ABSENT)
    assert "réattribuez-les" in errors[-1][1]

    needed = meetings.quorum(window.database, age).needed
    assert mark(list(range(4, needed)), AttendanceStatus.PRESENT)
    assert page.attendance_tab.quorum_label.text().startswith("Quorum atteint")
    assert {r.member_id for r in page.attendance_tab.attendance.rows[4:needed]} == {
        page.attendance_tab.attendance.row(i.row()).member_id
        for i in page.attendance_tab.attendance_view.selectionModel().selectedRows()
    }  # the members just changed stay selected


def test_convocations_are_merged_off_the_gui_thread(qtbot, window):
    page = window.meetings_page
    upcoming = next(m for m in page.meetings.rows if m.statut.value == "prevue")
    page.select_meeting(upcoming.id)
    convened = [r for r in page.convocation_tab.recipients.rows if r.included]
    job = page.convocation_tab.merge_convocations()
    assert page.convocation_tab.progress.isVisible()
    with qtbot.waitSignal(job.signals.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: hasattr(page.convocation_tab, "last_merge") and page.convocation_tab.last_merge.isVisible())
    assert not page.convocation_tab.progress.isVisible()
    reader = PdfReader(page.convocation_tab.last_merge.path)
    assert len(reader.pages) == 2 * len(convened)  # a letter and a pouvoir each
    first = reader.pages[0].extract_text().replace("\u202f", " ")  # « Objet : » takes a narrow no-break space
    assert convened[0].nom in first and "Objet : convocation" in first
    page.convocation_tab.last_merge.reject()


def test_the_convocation_tab_tells_the_latest_day(qtbot, window):
    page = window.meetings_page
    upcoming = next(m for m in page.meetings.rows if m.statut.value == "prevue")  # 25 days ahead
    page.select_meeting(upcoming.id)
    deadline = meetings.convocation_delay(window.database, upcoming.type, upcoming.date_heure.date()).deadline
    text, late = delay_text(meetings.ConvocationDelay(21, deadline), date.today())
    assert not late and text in page.convocation_tab.convocation_state.text()
    assert "Convocations pas encore envoyées" in page.convocation_tab.convocation_state.text()
    text, late = delay_text(meetings.ConvocationDelay(21, date(2026, 11, 28)), date(2026, 11, 30))
    assert late and text == (
        "Les statuts demandent 21 jours : convocations à envoyer au plus tard le 28 novembre 2026 — "
        "date déjà passée : la convocation sera tardive."
    )


def test_late_sending_is_reported(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr("cpts_desktop.ui.meetings.convocation_tab.show_info", lambda *args: shown.append(args))
    page = window.meetings_page
    upcoming = next(m for m in page.meetings.rows if m.statut.value == "prevue")
    page.select_meeting(upcoming.id)
    dialog = page.convocation_tab.record_sending()
    late = upcoming.date_heure.date() - timedelta(days=10)  # the demo statutes ask 21 days
    dialog.findChild(QLineEdit).setText(late.strftime("%d/%m/%Y"))
    assert dialog.save()
    assert shown and "Convocation tardive" in shown[0][1]
    assert next(m for m in page.meetings.rows if m.id == upcoming.id).statut.value == "convoquee"


def test_an_approved_minutes_is_read_only_on_screen(qtbot, window):
    page = window.meetings_page
    assert page.meeting_id is None and page.locked_note.text().startswith("Choisissez une réunion dans la liste")
    approved = next(m for m in page.meetings.rows if m.statut.value == "pv_approuve")  # the demo's past AG
    page.select_meeting(approved.id)
    assert page.locked_note.isVisible() and "Procès-verbal approuvé le" in page.locked_note.text()
    assert page.minutes_tab.minutes.isReadOnly()
    states = {b.text(): b.isEnabled() for b in page.tabs.findChildren(QPushButton)}
    for text in ("Rédiger le brouillon", "Enregistrer", "Approuver…", "Appliquer", "Ajouter un point…"):
        assert states[text] is False, text
    for text in ("Signé", "Procès-verbal (PDF)", "Convocations (PDF)…", "Feuille d’émargement (PDF)"):
        assert states[text] is True, text
    page.select_meeting(next(m for m in page.meetings.rows if m.statut.value == "prevue").id)
    assert not page.locked_note.isVisible() and not page.minutes_tab.minutes.isReadOnly()


def test_drafting_over_an_edited_text_asks_and_a_typed_text_survives_other_tabs(qtbot, window, monkeypatch):
    page = window.meetings_page
    age = _age(window)
    answers = [QMessageBox.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or answers.pop())
    page.minutes_tab.draft_minutes()
    assert not asked and "Membres convoqués" in page.minutes_tab.minutes.toPlainText()
    page.minutes_tab.minutes.selectAll()
    qtbot.keyClicks(page.minutes_tab.minutes, "Texte saisi par la secretaire.")
    _select(page, [0])
    page.attendance_tab.presence.setCurrentIndex(page.attendance_tab.presence.findData(AttendanceStatus.PRESENT))
    assert page.attendance_tab.apply_attendance()  # another tab's action re-reads the meeting
    assert page.minutes_tab.minutes.toPlainText() == "Texte saisi par la secretaire."
    page.minutes_tab.draft_minutes()
    assert "Le remplacer par un nouveau brouillon" in asked[0]
    assert "Présents : 1." in page.minutes_tab.minutes.toPlainText()  # answered « Oui »
    assert page.minutes_tab.save_minutes()
    assert meetings.get_meeting(window.database, age).pv_statut is MinutesStatus.DRAFT


def test_the_new_meeting_dialog_tells_the_deadline_and_saves_anyway(qtbot, window):
    page = window.meetings_page
    dialog = page.new_meeting()
    soon = datetime.combine(date.today() + timedelta(days=5), datetime.min.time()).replace(hour=18)
    dialog.findChildren(QLineEdit)[0].setText(soon.strftime("%d/%m/%Y %H:%M"))
    assert "date déjà passée" in dialog.note.text() and dialog.note.isVisible()
    dialog.findChildren(QLineEdit)[0].setText("20/03")
    assert not dialog.note.isVisible()
    dialog.findChildren(QLineEdit)[0].setText(soon.strftime("%d/%m/%Y %H:%M"))
    qtbot.mouseClick(next(b for b in dialog.findChildren(QPushButton) if b.text() == "Enregistrer"), Qt.LeftButton)
    assert not dialog.isVisible()
    assert any(m.date_heure == soon for m in meetings.list_meetings(window.database))
