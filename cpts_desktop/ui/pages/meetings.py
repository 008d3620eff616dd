"""Réunions: the meetings, their ordre du jour and votes, convocations, attendance with quorum, and
the procès-verbal."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop import config
from cpts_desktop.domain.enums import (
    AttendanceStatus,
    ConvocationChannel,
    MeetingType,
    MinutesStatus,
    ResolutionLink,
    StatutesStatus,
)
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date, format_date_short, plural
from cpts_desktop.pdf.meetings import attendance_sheet_pdf, convocations_pdf, minutes_pdf, minutes_register_pdf
from cpts_desktop.services import documents, meetings, statutes
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.flow_layout import FlowLayout
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.messages import show_error, show_info
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.pdf_preview import PdfPreview, preview_document
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, tab_widget, table
from cpts_desktop.ui.workers import Job, start

OK_STYLE = "color: #145214; font-weight: bold;"
KO_STYLE = "color: #a61b1b; font-weight: bold;"
NOTE_STYLE = "color: #8a4b00; font-weight: bold;"
MERGE_CANCELLED = "Publipostage annulé : aucun fichier n’a été écrit."


def _moment(text: str) -> datetime:
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y %H h %M", "%Y-%m-%d %H:%M"):
        try:
            moment = datetime.strptime(" ".join(text.split()), pattern)
        except ValueError:
            continue
        clean_date(moment, "Date et heure")  # between 1900 and 2100, as every date
        return moment
    raise ValidationError("date", f"Date et heure : « {text} » attendu sous la forme 20/03/2027 18:30.")


def delay_text(delay: meetings.ConvocationDelay, today: date) -> tuple[str, bool]:
    """What the statutes' délai de convocation means for this meeting, and whether that day has passed."""
    text = _("Les statuts demandent {days} : convocations à envoyer au plus tard le {day}").format(
        days=plural(delay.days, _("{count} jour"), _("{count} jours")), day=format_date(delay.deadline)
    )
    if today > delay.deadline:
        return text + _(" — date déjà passée : la convocation sera tardive."), True
    return text + ".", False


def button_row(*pairs: tuple[str, Callable[[], object]]) -> tuple[FlowLayout, list[QPushButton]]:
    """``widgets.buttons`` and the buttons themselves, to enable or disable them."""
    row = buttons(*pairs)
    return row, [row.itemAt(index).widget() for index in range(row.count())]


def selected_rows(view: QTableView, model: RowsModel) -> list:
    return [model.row(index.row()) for index in sorted(view.selectionModel().selectedRows(), key=lambda i: i.row())]


class MeetingsPage(Page):
    title = sections.MEETINGS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.meeting_id: int | None = None
        self.job: Job | None = None
        self.shown_id: int | None = None  # the meeting whose PV text and officers are on screen
        self.drafted: str | None = None  # the last draft written in the editor, replaced without asking
        self.editing: list[QWidget] = []  # what an approved procès-verbal disables
        self.meetings = RowsModel(
            [
                (_("Date"), lambda m: m.date_heure.strftime("%d/%m/%Y %H:%M")),
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

        self.tabs = tab_widget()
        self.tabs.addTab(self._agenda_tab(), _("Ordre du jour et votes"))
        self.tabs.addTab(self._convocation_tab(), _("Convocation"))
        self.tabs.addTab(self._attendance_tab(), _("Présences et quorum"))
        self.tabs.addTab(self._minutes_tab(), _("Procès-verbal"))
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

    # ================= meetings
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
                _moment(when.text()),
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
            moment = _moment(when)
        except ValidationError:
            dialog.set_note("")
            return
        if self.database is not None:
            dialog.set_note(*delay_text(meetings.convocation_delay(self.database, kind, moment.date()), date.today()))

    def _meeting_selected(self) -> None:
        meeting = selected(self.meetings_view, self.meetings)
        self.meeting_id = meeting.id if meeting else None
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

    # ================= agenda and votes
    def _agenda_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.resolutions = RowsModel(
            [
                (_("Point"), lambda r: f"{r[0].ordre}. {r[0].titre}"),
                (_("Résolution"), lambda r: r[1].texte if r[1] else ""),
                (_("Pour"), lambda r: r[1].voix_pour if r[1] else ""),
                (_("Contre"), lambda r: r[1].voix_contre if r[1] else ""),
                (_("Abst."), lambda r: r[1].abstentions if r[1] else ""),
                (
                    _("Résultat"),
                    lambda r: (
                        "" if not r[1] or r[1].adoptee is None else (_("adoptée") if r[1].adoptee else _("rejetée"))
                    ),
                ),
            ],
            numeric=(2, 3, 4),
        )
        self.resolutions_view = table(self.resolutions)
        layout.addWidget(self.resolutions_view, 1)
        row, found = button_row(
            (_("Ajouter un point…"), self.add_item),
            (_("Ajouter une résolution…"), self.add_resolution),
            (_("Enregistrer le vote…"), self.vote),
            (_("Administrateurs élus…"), self.record_election),
        )
        self.editing += found[:3]  # the election writes mandates, not the meeting: it stays possible
        layout.addLayout(row)
        return page

    def add_item(self) -> FormDialog | None:
        if self.meeting_id is None or self.database is None:
            return None
        database, meeting_id = self.database, self.meeting_id
        titre = QLineEdit()
        dialog = FormDialog(
            _("Point de l’ordre du jour"),
            [(_("Titre :"), titre)],
            lambda: meetings.add_agenda_item(database, meeting_id, titre.text()),
            self,
        )
        dialog.accepted.connect(self.show_meeting)
        dialog.open()
        return dialog

    def add_resolution(self) -> FormDialog | None:
        row = selected(self.resolutions_view, self.resolutions)
        if row is None or self.database is None:
            show_error(self, _("Choisissez le point de l’ordre du jour concerné."))
            return None
        database, item = self.database, row[0]
        text, effect, version = QPlainTextEdit(), QComboBox(), QComboBox()
        text.setFixedHeight(80)
        for value in ResolutionLink:
            effect.addItem(value.label, value)
        version.addItem(_("(aucune)"), None)
        for summary in statutes.list_versions(database):
            if summary.statut is StatutesStatus.DRAFT:
                version.addItem(summary.label, summary.id)
        dialog = FormDialog(
            _("Résolution"),
            [(_("Texte :"), text), (_("Effet :"), effect), (_("Projet de statuts :"), version)],
            lambda: meetings.add_resolution(
                database, item.id, text.toPlainText(), enum_data(effect, ResolutionLink), version.currentData()
            ),
            self,
        )
        dialog.accepted.connect(self.show_meeting)
        dialog.open()
        return dialog

    def vote(self) -> FormDialog | None:
        row = selected(self.resolutions_view, self.resolutions)
        if row is None or row[1] is None or self.database is None:
            show_error(self, _("Choisissez une résolution dans la liste."))
            return None
        database, resolution = self.database, row[1]
        spins = [QSpinBox() for _index in range(3)]
        for spin in spins:
            spin.setRange(0, 100_000)
        unanimous = QCheckBox(_("À l’unanimité des présents et représentés"))
        dialog = FormDialog(
            _("Vote"),
            [(_("Pour :"), spins[0]), (_("Contre :"), spins[1]), (_("Abstentions :"), spins[2]), ("", unanimous)],
            lambda: meetings.record_vote(
                database, resolution.id, *(s.value() for s in spins), unanimous=unanimous.isChecked()
            ),
            self,
        )
        if self.meeting_id is not None:
            state = meetings.quorum(database, self.meeting_id)
            dialog.set_note(
                _("{voters} : {present}, {represented}.").format(
                    voters=plural(state.present + state.represented, _("{count} votant"), _("{count} votants")),
                    present=plural(state.present, _("{count} présent"), _("{count} présents")),
                    represented=plural(state.represented, _("{count} représenté"), _("{count} représentés")),
                )
            )
        dialog.accepted.connect(lambda: self.reload(select=self.meeting_id))  # the meeting is now « tenue »
        dialog.open()
        return dialog

    def record_election(self) -> FormDialog | None:
        row = selected(self.resolutions_view, self.resolutions)
        if row is None or row[1] is None or self.database is None or self.meeting_id is None:
            show_error(self, _("Choisissez la résolution d’élection adoptée."))
            return None
        database, resolution = self.database, row[1]
        members = QListWidget()
        members.setSelectionMode(QListWidget.MultiSelection)
        for recipient in meetings.recipients(database, self.meeting_id):
            if recipient.included:
                item = QListWidgetItem(recipient.name)
                item.setData(Qt.UserRole, recipient.member_id)
                members.addItem(item)
        dialog = FormDialog(
            _("Administrateurs élus"),
            [(_("Élus :"), members)],
            lambda: meetings.elect(database, resolution.id, [i.data(Qt.UserRole) for i in members.selectedItems()]),
            self,
        )
        dialog.open()
        return dialog

    # ================= convocation
    def _convocation_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.convocation_state = QLabel()
        self.convocation_state.setWordWrap(True)
        layout.addWidget(self.convocation_state)
        self.recipients = RowsModel(
            [
                (_("Convoqué"), lambda r: "✓" if r.included else "–"),
                (_("Nom"), lambda r: r.name),
                (_("Profession / collège"), lambda r: r.detail),
                (_("Pourquoi"), lambda r: r.reason),
            ]
        )
        self.recipients_view = table(self.recipients, stretch=1)
        layout.addWidget(self.recipients_view, 1)
        self.merge_status = QLabel()
        self.merge_status.setWordWrap(True)
        self.merge_status.hide()
        layout.addWidget(self.merge_status)
        row, found = button_row(
            (_("Convoquer / ne pas convoquer"), self.toggle_recipient),
            (_("Convocations (PDF)…"), self.merge_convocations),
            (_("Feuille d’émargement (PDF)"), self.print_attendance_sheet),
            (_("Enregistrer l’envoi…"), self.record_sending),
        )
        self.editing += [found[0], found[3]]
        layout.addLayout(row)
        return page

    def toggle_recipient(self) -> None:
        recipient = selected(self.recipients_view, self.recipients)
        if recipient is None or self.database is None or self.meeting_id is None:
            return
        try:
            meetings.set_recipient(self.database, self.meeting_id, recipient.member_id, not recipient.included)
        except CptsError as error:
            show_error(self, error.message)
        self.show_meeting()

    def merge_convocations(self) -> Job | None:
        """The mail-merge runs on the thread pool behind a progress dialog whose « Annuler » stops it; the
        preview opens when it is done. A cancelled merge leaves no file and says so on the tab."""
        if self.database is None or self.meeting_id is None:
            return None
        database, meeting_id = self.database, self.meeting_id
        descriptor, name = tempfile.mkstemp(prefix="cpts-convocations-", suffix=".pdf", dir=config.temp_dir())
        os.close(descriptor)
        target = Path(name)

        def work(progress) -> Path:  # noqa: ANN001
            try:
                return convocations_pdf(documents.meeting_papers(database, meeting_id), target, progress=progress)
            except InterruptedError as error:
                target.unlink(missing_ok=True)
                raise CptsError(MERGE_CANCELLED) from error
            except BaseException:
                target.unlink(missing_ok=True)
                raise

        self._merge_said(_("Préparation des convocations…"))
        self.progress = QProgressDialog(_("Préparation des convocations…"), _("Annuler"), 0, 100, self)
        self.progress.setWindowTitle(_("Convocations"))
        self.progress.setWindowModality(Qt.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setValue(0)
        self.progress.show()  # at once: the first letter can take a second to come
        job = Job(work)
        self.progress.canceled.connect(job.cancel)
        job.signals.progress.connect(lambda done, total: self._merge_progress(job, done, total))
        job.signals.finished.connect(lambda path: self._convocations_ready(job, path))
        job.signals.failed.connect(lambda message: self._merge_failed(job, message))
        self.job = start(job)
        return job

    def _merge_said(self, text: str) -> None:
        self.merge_status.setText(text)
        self.merge_status.setVisible(bool(text))

    def _merge_progress(self, job: Job, done: int, total: int) -> None:
        if not job.cancelled and total:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(_("Convocation {done} sur {total}…").format(done=done, total=total))

    def _convocations_ready(self, job: Job, path: Path) -> None:
        self.progress.reset()
        if job.cancelled:  # « Annuler » clicked while the last page was drawn: the user asked for nothing
            path.unlink(missing_ok=True)
            self._merge_said(MERGE_CANCELLED)
            return
        self._merge_said("")
        self.last_merge = PdfPreview(path, "convocations.pdf", self)
        self.last_merge.setAttribute(Qt.WA_DeleteOnClose)
        self.last_merge.open()

    def _merge_failed(self, job: Job, message: str) -> None:
        self.progress.reset()
        if job.cancelled:
            self._merge_said(MERGE_CANCELLED)
            return
        self._merge_said("")
        show_error(self, message)

    def print_attendance_sheet(self) -> None:
        if self.database is not None and self.meeting_id is not None:
            database, meeting_id = self.database, self.meeting_id
            preview_document(
                self,
                "emargement.pdf",
                lambda p: attendance_sheet_pdf(documents.meeting_papers(database, meeting_id), p),
            )

    def record_sending(self) -> FormDialog | None:
        if self.database is None or self.meeting_id is None:
            return None
        database, meeting_id = self.database, self.meeting_id
        day, channel = QLineEdit(format_date_short(date.today())), QComboBox()
        for value in ConvocationChannel:
            channel.addItem(value.label, value)

        def save() -> str | None:
            return meetings.record_convocation(
                database, meeting_id, clean_date(day.text(), "Date d’envoi"), enum_data(channel, ConvocationChannel)
            )

        dialog = FormDialog(
            _("Envoi des convocations"), [(_("Date d’envoi :"), day), (_("Moyen :"), channel)], save, self
        )
        dialog.accepted.connect(lambda: self._sent(dialog.result_value))
        dialog.open()
        return dialog

    def _sent(self, warning: str | None) -> None:
        self.reload(select=self.meeting_id)
        if warning:
            show_info(self, warning, _("Délai de convocation"))

    # ================= attendance
    def _attendance_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        layout.addWidget(self.quorum_label)
        self.attendance = RowsModel(
            [
                (_("Nom"), lambda r: r.name),
                (_("Présence"), lambda r: r.statut.label if r.statut else _("non renseigné")),
                (_("Représenté(e) par"), lambda r: self._holder_name(r.proxy_holder_id)),
            ],
        )
        self.attendance_view = table(self.attendance, stretch=0)
        # several rows at once (Ctrl or Maj + clic): « Présent » for a whole group in one click
        self.attendance_view.setSelectionMode(QTableView.ExtendedSelection)
        layout.addWidget(self.attendance_view, 1)
        hint = QLabel(_("Ctrl + clic ou Maj + clic : plusieurs membres à la fois."))
        hint.setStyleSheet("color: #555555;")
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.presence = QComboBox()
        for status in AttendanceStatus:
            self.presence.addItem(status.label, status)
        self.holder = QComboBox()
        row.addWidget(QLabel(_("Présence :")))
        row.addWidget(self.presence)
        row.addWidget(QLabel(_("pouvoir donné à :")))
        row.addWidget(self.holder, 1)
        apply, found = button_row((_("Appliquer"), self.apply_attendance))
        row.addLayout(apply)
        self.editing += [self.presence, self.holder, *found]
        layout.addLayout(row)
        return page

    def _holder_name(self, member_id: int | None) -> str:
        return next((r.name for r in self.attendance.rows if r.member_id == member_id), "") if member_id else ""

    def apply_attendance(self) -> bool:
        """Record the chosen presence for the selected members, all or none; a refusal is explained."""
        if self.database is None or self.meeting_id is None:
            return False
        chosen = [r.member_id for r in selected_rows(self.attendance_view, self.attendance)]
        if not chosen:
            show_error(self, _("Choisissez un ou plusieurs membres dans la liste."))
            return False
        status = enum_data(self.presence, AttendanceStatus)
        try:
            meetings.set_attendances(self.database, self.meeting_id, chosen, status, self.holder.currentData())
        except CptsError as error:
            show_error(self, error.message, _("Présence refusée"))
            return False
        self.show_meeting()
        self._select_members(chosen)
        return True

    def _select_members(self, member_ids: list[int]) -> None:
        """Keep the members just changed selected, so the user sees their new line."""
        selection = self.attendance_view.selectionModel()
        for index, row in enumerate(self.attendance.rows):
            if row.member_id in member_ids:
                selection.select(
                    self.attendance.index(index, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                )

    # ================= minutes
    def _minutes_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.session_president, self.session_secretary, self.closing = QComboBox(), QComboBox(), QLineEdit()
        self.closing.setPlaceholderText(_("20:30"))
        self.closing.setMaximumWidth(80)
        for label, widget in (
            (_("Président de séance :"), self.session_president),
            (_("Secrétaire de séance :"), self.session_secretary),
            (_("Clôture :"), self.closing),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
        layout.addLayout(row)
        self.minutes_state = QLabel()
        layout.addWidget(self.minutes_state)
        self.minutes = QPlainTextEdit()
        layout.addWidget(self.minutes, 1)
        row, found = button_row(
            (_("Rédiger le brouillon"), self.draft_minutes),
            (_("Enregistrer"), self.save_minutes),
            (_("Approuver…"), self.approve_minutes),
            (_("Signé"), self.sign_minutes),
            (_("Procès-verbal (PDF)"), self.print_minutes),
            (_("Registre des PV (PDF)"), self.print_register),
        )
        self.sign_button = found[3]
        self.editing += [self.session_president, self.session_secretary, self.closing, *found[:3]]
        layout.addLayout(row)
        return page

    def _officers(self) -> meetings.Officers:
        return meetings.Officers(
            self.session_president.currentData(), self.session_secretary.currentData(), self.closing.text()
        )

    def draft_minutes(self) -> None:
        """Write the draft from what was recorded; text the secretary typed is replaced only if they agree."""
        if self.database is None or self.meeting_id is None:
            return
        draft = meetings.draft_minutes(self.database, self.meeting_id, self._officers())
        current = self.minutes.toPlainText()
        if current.strip() and current not in (draft, self.drafted):
            question = _(
                "Le procès-verbal contient un texte saisi ou modifié à la main. Le remplacer par un nouveau "
                "brouillon rédigé d’après les présences et les votes ? Le texte actuel sera perdu."
            )
            answer = QMessageBox.question(
                self, _("Rédiger le brouillon"), question, QMessageBox.Yes | QMessageBox.No, QMessageBox.No
            )
            if answer != QMessageBox.Yes:
                return
        self.minutes.setPlainText(draft)
        self.minutes.document().setModified(True)  # not saved yet: kept on screen until « Enregistrer »
        self.drafted = draft

    def save_minutes(self) -> bool:
        """The text and the séance's officers, saved together: a refusal changes neither."""
        if self.database is None or self.meeting_id is None:
            return False
        try:
            meetings.save_minutes(self.database, self.meeting_id, self.minutes.toPlainText(), self._officers())
        except CptsError as error:
            show_error(self, error.message)
            return False
        self.minutes.document().setModified(False)
        self.show_meeting()
        return True

    def approve_minutes(self) -> FormDialog | None:
        if self.database is None or self.meeting_id is None or not self.save_minutes():
            return None
        database, meeting_id = self.database, self.meeting_id
        held = meetings.get_meeting(database, meeting_id).summary.date_heure.date()
        day = QLineEdit(format_date_short(max(date.today(), held)))
        dialog = FormDialog(
            _("Approbation du procès-verbal"),
            [(_("Approuvé le :"), day)],
            lambda: meetings.approve_minutes(database, meeting_id, clean_date(day.text(), "Date")),
            self,
        )
        dialog.setMinimumWidth(380)  # room for the title
        dialog.accepted.connect(lambda: self.reload(select=meeting_id))
        dialog.open()
        return dialog

    def sign_minutes(self) -> None:
        if self.database is not None and self.meeting_id is not None:
            try:
                meetings.sign_minutes(self.database, self.meeting_id)
            except CptsError as error:
                show_error(self, error.message)
            self.show_meeting()

    def print_minutes(self) -> None:
        if self.database is not None and self.meeting_id is not None:
            database, meeting_id = self.database, self.meeting_id
            preview_document(
                self,
                f"proces-verbal-{meeting_id}.pdf",
                lambda p: minutes_pdf(documents.meeting_papers(database, meeting_id), p),
            )

    def print_register(self) -> None:
        if self.database is None or not self.meetings.rows:
            return
        database, ids = self.database, [m.id for m in self.meetings.rows]
        preview_document(
            self,
            "registre-des-proces-verbaux.pdf",
            lambda p: minutes_register_pdf([documents.meeting_papers(database, i) for i in ids], p),
        )

    # ================= data
    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.setEnabled(database is not None)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        keep = select or self.meeting_id
        self.meetings.set_rows(meetings.list_meetings(self.database) if self.database is not None else [])
        self.meeting_id = None
        self.tabs.setEnabled(False)
        if keep is not None:
            self.select_meeting(keep)
        if self.meeting_id is None:
            self.show_meeting()  # nothing chosen: the line saying what to do

    def show_meeting(self) -> None:
        if self.database is None or self.meeting_id is None:
            for model in (self.resolutions, self.recipients, self.attendance):
                model.set_rows([])
            self.locked_note.setText(
                _("Choisissez une réunion dans la liste, ou créez-en une avec « Nouvelle réunion… ».")
                if self.database is not None
                else ""
            )
            self.locked_note.setStyleSheet("color: #555555;")
            self.locked_note.setVisible(self.database is not None)
            return
        detail = meetings.get_meeting(self.database, self.meeting_id)
        rows = []
        for item in detail.agenda:
            rows += [(item, r) for r in item.resolutions] or [(item, None)]
        self.resolutions.set_rows(rows)
        everyone = meetings.recipients(self.database, self.meeting_id)
        self.recipients.set_rows(everyone)
        convened = [r for r in everyone if r.included]
        self._show_convocation(detail, len(convened))
        self.attendance.set_rows(convened)
        self._fill_holders(convened)
        self._show_quorum()
        self._show_minutes(detail, convened)
        self._show_lock(detail)

    def _show_convocation(self, detail: meetings.MeetingDetail, convened: int) -> None:
        """How many are convened, and when the convocations left or must leave (the statutes' délai)."""
        summary = detail.summary
        delay = meetings.convocation_delay(self.database, summary.type, summary.date_heure.date())
        count = plural(convened, _("{count} membre convoqué. "), _("{count} membres convoqués. "))
        if summary.convocation_date:
            state = _("Convocations envoyées le {day} (au plus tard le {deadline} selon les statuts).").format(
                day=format_date(summary.convocation_date), deadline=format_date(delay.deadline)
            )
            late = summary.convocation_date > delay.deadline
        else:
            text, late = delay_text(delay, date.today())
            state = _("Convocations pas encore envoyées. ") + text
        self.convocation_state.setText(count + state)
        self.convocation_state.setStyleSheet(NOTE_STYLE if late else "")

    def _fill_holders(self, convened: list[meetings.Recipient]) -> None:
        """Who may receive a pouvoir: the present members first; the others, marked, are refused by the rules."""
        chosen = self.holder.currentData()
        self.holder.clear()
        self.holder.addItem(_("(personne)"), None)
        present = [r for r in convened if r.statut is AttendanceStatus.PRESENT]
        for r in present:
            self.holder.addItem(r.name, r.member_id)
        self.holder.insertSeparator(self.holder.count())
        for r in convened:
            if r.statut is not AttendanceStatus.PRESENT:
                state = r.statut.label.lower() if r.statut else _("non renseigné")
                self.holder.addItem(f"{r.name} ({state})", r.member_id)
        self.holder.setCurrentIndex(max(self.holder.findData(chosen), 0))

    def _show_quorum(self) -> None:
        state = meetings.quorum(self.database, self.meeting_id)
        total = state.present + state.represented
        if state.needed == 0:
            text = _("Aucun quorum requis. Présents : {present}, représentés : {represented}.").format(
                present=state.present, represented=state.represented
            )
        else:
            count = plural(total, _("{count} présent ou représenté"), _("{count} présents ou représentés"))
            text = (
                _("Quorum atteint : {count} pour {needed} requis ({rule}).")
                if state.reached
                else _("Quorum non atteint : {count} pour {needed} requis ({rule}).")
            ).format(count=count, needed=state.needed, rule=state.rule)
        self.quorum_label.setText(text)
        self.quorum_label.setStyleSheet(OK_STYLE if state.reached else KO_STYLE)

    def _show_minutes(self, detail: meetings.MeetingDetail, convened: list[meetings.Recipient]) -> None:
        """The saved PV and officers, except what the user is editing on the same meeting (another tab's
        action re-reads the meeting; it must not wipe a text being typed)."""
        same = self.shown_id == detail.summary.id
        if not same:
            self.drafted = None
        for combo, saved in (
            (self.session_president, detail.president_seance_id),
            (self.session_secretary, detail.secretaire_seance_id),
        ):
            chosen = combo.currentData() if same else saved
            combo.clear()
            combo.addItem(_("(à choisir)"), None)
            for r in convened:
                combo.addItem(r.name, r.member_id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
        if not same or not self.closing.isModified():
            self.closing.setText(detail.heure_cloture or "")
        if not same or not self.minutes.document().isModified() or detail.locked:
            self.minutes.setPlainText(detail.pv_texte or "")
        self.shown_id = detail.summary.id
        approved = f" le {format_date(detail.pv_approuve_le)}" if detail.pv_approuve_le else ""
        self.minutes_state.setText(
            _("Procès-verbal : {state}{approved}").format(state=detail.pv_statut.label.lower(), approved=approved)
        )

    def _show_lock(self, detail: meetings.MeetingDetail) -> None:
        """An approved procès-verbal freezes the meeting: editing is disabled, and a line says why."""
        locked = detail.locked
        for widget in self.editing:
            widget.setEnabled(not locked)
        self.minutes.setReadOnly(locked)
        self.sign_button.setEnabled(detail.pv_statut is MinutesStatus.APPROVED)
        if locked:
            when = f" le {format_date(detail.pv_approuve_le)}" if detail.pv_approuve_le else ""
            self.locked_note.setText(
                _(
                    "Procès-verbal {state}{when} : cette réunion ne se modifie plus "
                    "(consultation et documents seulement)."
                ).format(state=detail.pv_statut.label.lower(), when=when)
            )
            self.locked_note.setStyleSheet(NOTE_STYLE)
        self.locked_note.setVisible(locked)
