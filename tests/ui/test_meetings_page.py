"""The Réunions section: a refused extra pouvoir, the quorum indicator, the mail-merge off the GUI thread."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QLineEdit

from cpts_desktop.domain.enums import AttendanceStatus, MeetingType
from cpts_desktop.services import meetings
from cpts_desktop.ui.main_window import MainWindow
from tests.ui.conftest import open_section


@pytest.fixture
def window(qtbot, settings, demo_path) -> MainWindow:
    return open_section(qtbot, settings, demo_path, 2)


def test_attendance_refuses_an_extra_pouvoir_and_the_quorum_changes(qtbot, window, errors):
    database = window.database
    when = datetime(date.today().year, 12, 28, 18, 0)
    age = meetings.create_meeting(database, MeetingType.EXTRAORDINARY_GENERAL, when, "Mairie", agenda=["Statuts"])
    page = window.meetings_page
    page.reload(select=age)
    assert page.meeting_id == age
    convened = list(page.attendance.rows)
    assert "Quorum non atteint" in page.quorum_label.text()

    def mark(member_id: int, status: AttendanceStatus, holder: int | None = None) -> bool:
        page.presence.setCurrentIndex(page.presence.findData(status))
        page.holder.setCurrentIndex(page.holder.findData(holder))
        return page.apply_attendance(member_id)

    holder = convened[0].member_id
    assert mark(holder, AttendanceStatus.PRESENT)
    for giver in convened[1:4]:  # the demo statutes allow three pouvoirs
        assert mark(giver.member_id, AttendanceStatus.REPRESENTED, holder)
    assert not mark(convened[4].member_id, AttendanceStatus.REPRESENTED, holder)
    assert "détient déjà 3 pouvoir(s)" in errors[-1][1]
    assert "Quorum non atteint : 4 présents ou représentés" in page.quorum_label.text()

    state = meetings.quorum(database, age)
    for recipient in convened[4 : 4 + state.needed - 4]:
        assert mark(recipient.member_id, AttendanceStatus.PRESENT)
    assert page.quorum_label.text().startswith("Quorum atteint")


def test_convocations_are_merged_off_the_gui_thread(qtbot, window):
    page = window.meetings_page
    upcoming = next(m for m in page.meetings.rows if m.statut.value == "prevue")
    page.select_meeting(upcoming.id)
    convened = [r for r in page.recipients.rows if r.included]
    job = page.merge_convocations(show=False)
    with qtbot.waitSignal(job.signals.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: hasattr(page, "last_merge"))
    reader = PdfReader(page.last_merge.path)
    assert len(reader.pages) == 2 * len(convened)  # a letter and a pouvoir each
    first = reader.pages[0].extract_text()
    assert convened[0].nom in first and "Objet : convocation" in first


def test_late_sending_is_reported(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr("cpts_desktop.ui.pages.meetings.show_info", lambda *args: shown.append(args))
    page = window.meetings_page
    upcoming = next(m for m in page.meetings.rows if m.statut.value == "prevue")
    page.select_meeting(upcoming.id)
    dialog = page.record_sending()
    late = upcoming.date_heure.date() - timedelta(days=10)  # the demo statutes ask 21 days
    dialog.findChild(QLineEdit).setText(late.strftime("%d/%m/%Y"))
    assert dialog.save()
    assert shown and "Convocation tardive" in shown[0][1]
    assert next(m for m in page.meetings.rows if m.id == upcoming.id).statut.value == "convoquee"
