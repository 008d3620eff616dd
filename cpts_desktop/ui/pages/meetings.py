"""Réunions: the meetings, and for the one chosen its ordre du jour and votes, convocations,
attendance with quorum, and the procès-verbal, one tab each (cpts_desktop.ui.meetings)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QLineEdit, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from cpts_desktop.domain.enums import MeetingType
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.validators import clean_datetime
from cpts_desktop.i18n import _, format_date, format_datetime_short
from cpts_desktop.services import meetings
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.meetings.agenda_tab import AgendaTab
from cpts_desktop.ui.meetings.attendance_tab import AttendanceTab
from cpts_desktop.ui.meetings.convocation_tab import ConvocationTab
from cpts_desktop.ui.meetings.minutes_tab import MinutesTab
from cpts_desktop.ui.meetings.tab import NOTE_STYLE, MeetingTab, delay_text
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, tab_widget, table

__all__ = ["MeetingsPage", "delay_text"]


class MeetingsPage(Page):
    title = sections.MEETINGS
    # who is convened depends on the register, the cotisations and the mandates; when each convocation
    # left by e-mail, on the outbox
    reads = frozenset(
        {
            *("meetings", "agenda_items", "resolutions", "attendances", "statutes_versions", "statutes_articles"),
            *("members", "payments", "cotisation_rates", "professions", "colleges", "mandates"),
            "outgoing_messages",
        }
    )
    refreshes_itself = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.meeting_id: int | None = None
        self.meetings = RowsModel(
            [
                (_("Date"), lambda m: format_datetime_short(m.date_heure)),
                (_("Réunion"), lambda m: m.titre),
                (_("État"), lambda m: m.statut.label),
            ]
        )
        self.meetings_view = table(self.meetings)
        self.meetings_view.selectionModel().selectionChanged.connect(self._meeting_selected)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(
            buttons((_("Nouvelle réunion…"), self.new_meeting), (_("Agenda (.ics)…"), self.export_ics))
        )
        left_layout.addWidget(self.meetings_view, 1)

        self.agenda_tab = AgendaTab()
        self.convocation_tab = ConvocationTab()
        self.attendance_tab = AttendanceTab()
        self.minutes_tab = MinutesTab()
        self.tabs = tab_widget()
        for tab, label in (
            (self.agenda_tab, _("Ordre du jour et votes")),
            (self.convocation_tab, _("Convocation")),
            (self.attendance_tab, _("Présences et quorum")),
            (self.minutes_tab, _("Procès-verbal")),
        ):
            self.tabs.addTab(tab, label)
            tab.changed.connect(self.show_meeting)
            tab.listed.connect(lambda: self.reload(select=self.meeting_id))
        self.tabs.setEnabled(False)
        self.locked_note = QLabel()
        self.locked_note.setWordWrap(True)
        self.locked_note.hide()
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.locked_note)
        bottom_layout.addWidget(self.tabs, 1)
        # the list above the chosen meeting: side by side, the four tabs' buttons left the list no width
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(bottom)
        splitter.setSizes([200, 460])
        self.layout_.addWidget(splitter, 1)

    def _tabs(self) -> tuple[MeetingTab, ...]:
        return (self.agenda_tab, self.convocation_tab, self.attendance_tab, self.minutes_tab)

    def new_meeting(self) -> FormDialog | None:
        if self.database is None:
            return None
        database = self.database
        kind, when, place, title, agenda, visio = (
            QComboBox(),
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
            QPlainTextEdit(),
            QLineEdit(),
        )
        for value in MeetingType:
            kind.addItem(value.label, value)
        when.setPlaceholderText(_("20/03/2027 18:30"))
        agenda.setPlaceholderText(_("Un point par ligne"))
        agenda.setFixedHeight(110)
        dialog = FormDialog(
            _("Nouvelle réunion"),
            [
                (_("Type :"), kind),
                (_("Date et heure :"), when),
                (_("Lieu :"), place),
                (_("Visioconférence :"), visio),
                (_("Titre :"), title),
                (_("Ordre du jour :"), agenda),
            ],
            lambda: meetings.create_meeting(
                database,
                enum_data(kind, MeetingType),
                clean_datetime(when.text(), "Date et heure"),
                place.text(),
                title.text(),
                agenda.toPlainText().splitlines(),
                visio.text(),
            ),
            self,
        )

        def show_delay() -> None:
            self._delay_note(dialog, enum_data(kind, MeetingType), when.text())

        kind.currentIndexChanged.connect(lambda _index: show_delay())
        when.textChanged.connect(lambda _text: show_delay())
        dialog.accepted.connect(lambda: self.reload(select=dialog.result_value))
        dialog.open()
        return dialog

    def _delay_note(self, dialog: FormDialog, kind: MeetingType, when: str) -> None:
        """As soon as the date is readable: the latest convocation day, flagged when it has passed. The
        meeting can still be saved: the line tells, it does not refuse."""
        try:
            moment = clean_datetime(when, "Date et heure")
        except ValidationError:
            dialog.set_note("")
            return
        if self.database is not None:
            dialog.set_note(*delay_text(meetings.convocation_delay(self.database, kind, moment.date()), date.today()))

    def _meeting_selected(self) -> None:
        meeting = selected(self.meetings_view, self.meetings)
        self.meeting_id = meeting.id if isinstance(meeting, meetings.MeetingSummary) else None
        self.tabs.setEnabled(meeting is not None)
        self.show_meeting()

    def select_meeting(self, meeting_id: int) -> None:
        for index, row in enumerate(self.meetings.rows):
            if row.id == meeting_id:
                self.meetings_view.selectRow(index)

    def export_ics(self) -> None:
        if self.meeting_id is None or self.database is None:
            show_error(self, _("Choisissez une réunion dans la liste."))
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Fichier agenda"), str(Path.home() / "reunion.ics"), _("Agenda (*.ics)")
        )
        if path:
            try:
                meetings.write_ics(self.database, self.meeting_id, Path(path))
            except CptsError as error:
                show_error(self, error.message)
            else:
                self.status_message.emit(_("Agenda enregistré : {path}").format(path=path))

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.setEnabled(database is not None)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        keep = select or self.meeting_id
        self.meetings.set_rows(meetings.list_meetings(self.database) if self.database is not None else [])
        self.minutes_tab.meeting_ids = [m.id for m in self.meetings.rows]
        self.meeting_id = None
        self.tabs.setEnabled(False)
        if keep is not None:
            self.select_meeting(keep)
        if self.meeting_id is None:
            self.show_meeting()  # nothing chosen: the line saying what to do

    def show_meeting(self) -> None:
        """Re-read the chosen meeting and show it in every tab."""
        for tab in self._tabs():
            tab.database, tab.meeting_id = self.database, self.meeting_id
        if self.database is None or self.meeting_id is None:
            for tab in self._tabs():
                tab.clear()
            self.locked_note.setText(
                _("Choisissez une réunion dans la liste, ou créez-en une avec « Nouvelle réunion… ».")
                if self.database is not None
                else ""
            )
            self.locked_note.setStyleSheet("color: #555555;")
            self.locked_note.setVisible(self.database is not None)
            return
        detail = meetings.get_meeting(self.database, self.meeting_id)
        everyone = meetings.recipients(self.database, self.meeting_id)
        for tab in self._tabs():
            tab.show_meeting(detail, everyone)
            tab.lock(detail)
        self._show_lock(detail)

    def _show_lock(self, detail: meetings.MeetingDetail) -> None:
        """An approved procès-verbal freezes the meeting: a line says why its editing is disabled."""
        if detail.locked:
            when = f" le {format_date(detail.pv_approuve_le)}" if detail.pv_approuve_le else ""
            self.locked_note.setText(
                _(
                    "Procès-verbal {state}{when} : cette réunion ne se modifie plus "
                    "(consultation et documents seulement)."
                ).format(state=detail.pv_statut.label.lower(), when=when)
            )
            self.locked_note.setStyleSheet(NOTE_STYLE)
        self.locked_note.setVisible(detail.locked)
