"""The board's AG, clicked through as the secretary does it: a new AGE, its convocations (one merge
cancelled, one previewed), presence of several members, pouvoirs (one accepted, two refused), the quorum
as it moves, two résolutions voted, the procès-verbal drafted, edited, approved and printed."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from cpts_desktop.domain.enums import AttendanceStatus, MeetingType, MinutesStatus
from cpts_desktop.services import meetings
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.main_window import MainWindow
from cpts_desktop.ui.meetings.convocation_tab import MERGE_CANCELLED
from cpts_desktop.ui.pages.meetings import MeetingsPage
from cpts_desktop.ui.pdf_preview import PdfPreview
from tests.ui.person import choose, click, click_row, go_to, open_tab, opened, pdf_text, retype, type_text


def dialog(page: QWidget, kind: type[QDialog] = FormDialog) -> QDialog:
    return opened(page, kind)


def row_of(model, predicate) -> int:  # noqa: ANN001
    return next(index for index, row in enumerate(model.rows) if predicate(row))


# ----- the journey
@pytest.fixture
def window(qtbot, settings, demo_path, tmp_path, monkeypatch) -> MainWindow:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # previews and merges written where we can look
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(demo_path))
    window.show()
    go_to(qtbot, window, "Réunions")
    assert isinstance(window.centralWidget().findChild(MeetingsPage), MeetingsPage)
    return window


def meeting_day() -> date:
    """Today: the journey holds the meeting, and a procès-verbal is refused before the meeting's day."""
    return date.today()


def test_the_board_holds_an_age_in_the_application(qtbot, window, errors, tmp_path, monkeypatch):
    page: MeetingsPage = window.findChild(MeetingsPage)
    database = window.database
    day = meeting_day()

    # ----- a new AGE: the délai de convocation is told as soon as the date is typed
    click(qtbot, page, "Nouvelle réunion…")
    form = dialog(page)
    kind, when = form.findChildren(QComboBox)[0], form.findChildren(QLineEdit)[0]
    choose(kind, MeetingType.EXTRAORDINARY_GENERAL)
    soon = date.today() + timedelta(days=10)
    type_text(qtbot, when, soon.strftime("%d/%m/%Y 18:30"))
    assert form.note.isVisible() and "Les statuts demandent 21 jours" in form.note.text()
    assert "date déjà passée" in form.note.text()
    retype(qtbot, when, "31/02/2027 18:30")
    click(qtbot, form, "Enregistrer")
    assert form.isVisible() and "31/02/2027" in form.error.text()
    retype(qtbot, when, day.strftime("%d/%m/%Y 18:30"))
    assert form.error.text() == ""  # the refusal spoke of the date now corrected
    late = date.today() > day - timedelta(days=21)
    assert ("date déjà passée" in form.note.text()) is late
    place, _visio, title = form.findChildren(QLineEdit)[1:4]
    type_text(qtbot, place, "Salle des fêtes de Montvallon")
    type_text(qtbot, title, "AGE de fin d’année")
    agenda = form.findChild(QPlainTextEdit)
    type_text(qtbot, agenda, "Modification du règlement intérieur")
    qtbot.keyClick(agenda, Qt.Key_Return)
    type_text(qtbot, agenda, "Montant de la cotisation")
    click(qtbot, form, "Enregistrer")
    assert not form.isVisible()

    created = next(m for m in meetings.list_meetings(database) if m.titre == "AGE de fin d’année")
    assert created.type is MeetingType.EXTRAORDINARY_GENERAL and created.date_heure == datetime.combine(
        day, datetime.min.time()
    ).replace(hour=18, minute=30)
    click_row(qtbot, page.meetings_view, row_of(page.meetings, lambda m: m.id == created.id))
    assert page.meeting_id == created.id
    ics = tmp_path / "age.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(ics), "Agenda (*.ics)"))
    click(qtbot, page, "Agenda (.ics)…")
    assert ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert window.statusBar().currentMessage() == f"Agenda enregistré : {ics}"

    # ----- convocations: who and why, the deadline, a merge cancelled, then one previewed
    open_tab(qtbot, page.tabs, "Convocation")
    convened = [r for r in page.convocation_tab.recipients.rows if r.included]
    assert len(convened) > 20 and all(r.reason for r in page.convocation_tab.recipients.rows)
    state = page.convocation_tab.convocation_state.text()
    assert f"{len(convened)} membres convoqués" in state and "au plus tard le" in state

    click(qtbot, page, "Convocations (PDF)…")
    progress = dialog(page, QProgressDialog)
    click(qtbot, progress, "Annuler")
    qtbot.waitUntil(lambda: page.convocation_tab.merge_status.text() == MERGE_CANCELLED, timeout=30000)
    assert not list(tmp_path.glob("cpts-convocations-*"))  # nothing left behind
    assert errors == []  # a cancel is not an error

    click(qtbot, page, "Convocations (PDF)…")
    qtbot.waitUntil(lambda: any(p.isVisible() for p in page.findChildren(PdfPreview)), timeout=60000)
    preview = dialog(page, PdfPreview)
    text = pdf_text(preview.path, pages=1)  # the first letter: to the first member convened
    assert convened[0].nom in text and "Objet : convocation" in text
    click(qtbot, preview, "Fermer")
    assert not list(tmp_path.glob("cpts-convocations-*"))

    # ----- presence of several members, the quorum as it moves
    open_tab(qtbot, page.tabs, "Présences et quorum")
    view = page.attendance_tab.attendance_view
    needed = meetings.quorum(database, created.id).needed
    assert page.attendance_tab.quorum_label.text().startswith(
        f"Quorum non atteint : 0 présent ou représenté pour {needed} requis"
    )
    click_row(qtbot, view, 0)
    click_row(qtbot, view, 1, Qt.ControlModifier)
    click_row(qtbot, view, 2, Qt.ControlModifier)
    choose(page.attendance_tab.presence, AttendanceStatus.PRESENT)
    click(qtbot, page, "Appliquer")
    assert page.attendance_tab.quorum_label.text().startswith("Quorum non atteint : 3 présents ou représentés")
    holder = page.attendance_tab.attendance.rows[0]
    assert [r.statut for r in page.attendance_tab.attendance.rows[:4]] == [AttendanceStatus.PRESENT] * 3 + [None]

    # one pouvoir to a present member: accepted, the quorum counts it
    click_row(qtbot, view, 3)
    choose(page.attendance_tab.presence, AttendanceStatus.REPRESENTED)
    choose(page.attendance_tab.holder, holder.member_id)
    click(qtbot, page, "Appliquer")
    assert errors == []
    assert page.attendance_tab.quorum_label.text().startswith("Quorum non atteint : 4 présents ou représentés")
    assert page.attendance_tab.attendance.rows[3].represente_par_id == holder.member_id

    # to a member who is not there: refused, nothing changed
    absent = page.attendance_tab.attendance.rows[10]
    click_row(qtbot, view, 10)
    choose(page.attendance_tab.presence, AttendanceStatus.ABSENT)
    click(qtbot, page, "Appliquer")
    click_row(qtbot, view, 4)
    choose(page.attendance_tab.presence, AttendanceStatus.REPRESENTED)
    choose(page.attendance_tab.holder, absent.member_id)
    assert page.attendance_tab.holder.currentText() == f"{absent.name} (absent)"
    click(qtbot, page, "Appliquer")
    assert errors[-1] == (
        "Présence refusée",
        f"{absent.name} n’est pas noté(e) présent(e) : un pouvoir ne peut être donné qu’à un membre présent.",
    )
    assert page.attendance_tab.attendance.rows[4].statut is None
    assert page.attendance_tab.quorum_label.text().startswith("Quorum non atteint : 4 présents ou représentés")

    # two more to the same holder (two rows at once), then a fourth: over the statutes' three
    click_row(qtbot, view, 4)
    click_row(qtbot, view, 5, Qt.ShiftModifier)
    choose(page.attendance_tab.holder, holder.member_id)
    click(qtbot, page, "Appliquer")
    assert page.attendance_tab.quorum_label.text().startswith("Quorum non atteint : 6 présents ou représentés")
    click_row(qtbot, view, 6)
    choose(page.attendance_tab.holder, holder.member_id)
    click(qtbot, page, "Appliquer")
    assert errors[-1] == (
        "Présence refusée",
        f"{holder.name} détient déjà 3 pouvoirs : les statuts en autorisent 3 au plus.",
    )
    assert page.attendance_tab.attendance.rows[6].statut is None

    # enough present members for the quorum: a range selected with Maj + clic
    click_row(qtbot, view, 6)
    click_row(qtbot, view, 6 + needed - 6 - 1, Qt.ShiftModifier)
    choose(page.attendance_tab.presence, AttendanceStatus.PRESENT)
    click(qtbot, page, "Appliquer")
    assert page.attendance_tab.quorum_label.text().startswith(
        f"Quorum atteint : {needed} présents ou représentés pour {needed} requis"
    )
    voters = needed

    # ----- two résolutions, each voted
    open_tab(qtbot, page.tabs, "Ordre du jour et votes")
    texts = (
        "L’assemblée adopte le nouveau règlement intérieur.",
        "L’assemblée fixe la cotisation à 35 € pour les professionnels.",
    )
    for order, text in enumerate(texts, start=1):
        click_row(
            qtbot,
            page.agenda_tab.resolutions_view,
            row_of(page.agenda_tab.resolutions, lambda r, o=order: r[0].ordre == o),
        )
        click(qtbot, page, "Ajouter une résolution…")
        form = dialog(page)
        type_text(qtbot, form.findChild(QPlainTextEdit), text)
        click(qtbot, form, "Enregistrer")
        assert not form.isVisible()
    first = row_of(page.agenda_tab.resolutions, lambda r: r[1] is not None and r[1].texte == texts[0])
    click_row(qtbot, page.agenda_tab.resolutions_view, first)
    click(qtbot, page, "Enregistrer le vote…")
    form = dialog(page)
    pour, contre, abstentions = form.findChildren(QSpinBox)
    retype(qtbot, pour, str(voters - 3))
    retype(qtbot, contre, "2")
    retype(qtbot, abstentions, "1")
    click(qtbot, form, "Enregistrer")
    assert not form.isVisible()
    second = row_of(page.agenda_tab.resolutions, lambda r: r[1] is not None and r[1].texte == texts[1])
    click_row(qtbot, page.agenda_tab.resolutions_view, second)
    click(qtbot, page, "Enregistrer le vote…")
    form = dialog(page)
    unanimous = form.findChild(QCheckBox)
    qtbot.mouseClick(unanimous, Qt.LeftButton, pos=QPoint(8, unanimous.height() // 2))
    assert unanimous.isChecked()
    click(qtbot, form, "Enregistrer")
    results = [
        page.agenda_tab.resolutions.data(page.agenda_tab.resolutions.index(row, 5))
        for row in range(page.agenda_tab.resolutions.rowCount())
    ]
    assert results == ["adoptée", "adoptée"]

    # ----- the procès-verbal: officers, draft, an edit kept, saved, approved, printed
    open_tab(qtbot, page.tabs, "Procès-verbal")
    president, secretary = page.attendance_tab.attendance.rows[0], page.attendance_tab.attendance.rows[1]
    choose(page.minutes_tab.session_president, president.member_id)
    choose(page.minutes_tab.session_secretary, secretary.member_id)
    type_text(qtbot, page.minutes_tab.closing, "20:45")
    click(qtbot, page, "Rédiger le brouillon")
    assert f"présidée par {president.name}" in page.minutes_tab.minutes.toPlainText()
    assert "La résolution est adoptée." in page.minutes_tab.minutes.toPlainText()
    page.minutes_tab.minutes.setFocus()
    qtbot.keyClick(page.minutes_tab.minutes, Qt.Key_End, Qt.ControlModifier)
    type_text(qtbot, page.minutes_tab.minutes, " Le président remercie les membres présents.")
    edited = page.minutes_tab.minutes.toPlainText()
    asked = len(errors)
    click(qtbot, page, "Rédiger le brouillon")
    assert errors[asked][0] == "Rédiger le brouillon"  # asked, answered « Non »
    assert page.minutes_tab.minutes.toPlainText() == edited
    click(qtbot, page, "Enregistrer")
    click(qtbot, page, "Approuver…")
    form = dialog(page)
    retype(qtbot, form.findChild(QLineEdit), (day + timedelta(days=30)).strftime("%d/%m/%Y"))
    click(qtbot, form, "Enregistrer")
    assert not form.isVisible()
    assert page.meeting_id == created.id
    assert page.minutes_tab.minutes.isReadOnly() and not page.minutes_tab.session_secretary.isEnabled()
    for text in ("Rédiger le brouillon", "Enregistrer", "Approuver…", "Appliquer", "Ajouter une résolution…"):
        on_page = [b for b in page.findChildren(QPushButton) if b.text() == text and b.window() is window]
        assert on_page and not any(b.isEnabled() for b in on_page), text
    assert page.locked_note.isVisible() and "ne se modifie plus" in page.locked_note.text()

    click(qtbot, page, "Procès-verbal (PDF)")
    preview = dialog(page, PdfPreview)
    text = pdf_text(preview.path)
    for resolution in texts:
        assert " ".join(resolution.split()) in text
    assert "La résolution est adoptée." in text and "Le président remercie les membres présents." in text
    click(qtbot, preview, "Fermer")
    assert [m for m in QApplication.topLevelWidgets() if isinstance(m, QDialog) and m.isVisible()] == []

    # ----- what the database holds
    detail = meetings.get_meeting(database, created.id)
    assert detail.pv_statut is MinutesStatus.APPROVED and detail.pv_approuve_le == day + timedelta(days=30)
    assert (detail.president_seance_id, detail.secretaire_seance_id, detail.heure_cloture) == (
        president.member_id,
        secretary.member_id,
        "20:45",
    )
    assert detail.pv_texte == edited
    votes = [
        (r.texte, r.voix_pour, r.voix_contre, r.abstentions, r.adoptee) for i in detail.agenda for r in i.resolutions
    ]
    assert votes == [(texts[0], voters - 3, 2, 1, True), (texts[1], voters, 0, 0, True)]
    rows = {r.member_id: r for r in meetings.recipients(database, created.id)}
    represented = [r for r in rows.values() if r.statut is AttendanceStatus.REPRESENTED]
    assert {r.represente_par_id for r in represented} == {holder.member_id} and len(represented) == 3
    assert sum(r.statut is AttendanceStatus.PRESENT for r in rows.values()) == needed - 3
