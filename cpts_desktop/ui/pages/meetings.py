"""Réunions: the meetings, their ordre du jour and votes, convocations, attendance with quorum, and
the procès-verbal."""

from __future__ import annotations

import tempfile
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
    QPlainTextEdit,
    QProgressDialog,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import AttendanceStatus, ConvocationChannel, MeetingType, ResolutionLink, StatutesStatus
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date_short
from cpts_desktop.pdf.meetings import attendance_sheet_pdf, convocations_pdf, minutes_pdf, minutes_register_pdf
from cpts_desktop.services import documents, meetings, statutes
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.messages import show_error, show_info
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.pdf_preview import PdfPreview, preview_document
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table
from cpts_desktop.ui.workers import Job, start

OK_STYLE = "color: #145214; font-weight: bold;"
KO_STYLE = "color: #a61b1b; font-weight: bold;"


def _moment(text: str) -> datetime:
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y %H h %M", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(" ".join(text.split()), pattern)
        except ValueError:
            continue
    raise ValidationError("date", f"Date et heure : « {text} » attendu sous la forme 20/03/2027 18:30.")


class MeetingsPage(Page):
    title = sections.MEETINGS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.meeting_id: int | None = None
        self.job: Job | None = None
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

        self.tabs = QTabWidget()
        self.tabs.addTab(self._agenda_tab(), _("Ordre du jour et votes"))
        self.tabs.addTab(self._convocation_tab(), _("Convocation"))
        self.tabs.addTab(self._attendance_tab(), _("Présences et quorum"))
        self.tabs.addTab(self._minutes_tab(), _("Procès-verbal"))
        self.tabs.setEnabled(False)
        # the list above the chosen meeting: side by side, the four tabs' buttons left the list no width
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
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
        dialog.accepted.connect(lambda: self.reload(select=dialog.result_value))
        dialog.open()
        return dialog

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
        layout.addLayout(
            buttons(
                (_("Ajouter un point…"), self.add_item),
                (_("Ajouter une résolution…"), self.add_resolution),
                (_("Enregistrer le vote…"), self.vote),
                (_("Administrateurs élus…"), self.record_election),
            )
        )
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
        dialog.accepted.connect(self.show_meeting)
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
        layout.addLayout(
            buttons(
                (_("Convoquer / ne pas convoquer"), self.toggle_recipient),
                (_("Convocations (PDF)…"), self.merge_convocations),
                (_("Feuille d’émargement (PDF)"), self.print_attendance_sheet),
                (_("Enregistrer l’envoi…"), self.record_sending),
            )
        )
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

    def merge_convocations(self, show: bool = True) -> Job | None:
        """The mail-merge runs on the thread pool; a progress dialog can cancel it."""
        if self.database is None or self.meeting_id is None:
            return None
        database, meeting_id = self.database, self.meeting_id
        target = Path(tempfile.mkdtemp(prefix="cpts-")) / "convocations.pdf"

        def work(progress) -> Path:  # noqa: ANN001
            papers = documents.meeting_papers(database, meeting_id)
            try:
                return convocations_pdf(papers, target, progress=progress)
            except InterruptedError as error:
                raise CptsError("Publipostage interrompu : aucun fichier n’a été écrit.") from error

        self.progress = QProgressDialog(_("Préparation des convocations…"), _("Annuler"), 0, 100, self)
        self.progress.setWindowModality(Qt.WindowModal)
        self.progress.setMinimumDuration(300)
        job = Job(work)
        self.progress.canceled.connect(job.cancel)
        job.signals.progress.connect(
            lambda done, total: (self.progress.setMaximum(max(total, 1)), self.progress.setValue(done))
        )
        job.signals.finished.connect(lambda path: self._convocations_ready(path, show))
        job.signals.failed.connect(self._job_failed)
        self.job = start(job)
        return job

    def _convocations_ready(self, path: Path, show: bool) -> None:
        self.progress.reset()
        self.last_merge = PdfPreview(path, "convocations.pdf", self)
        self.last_merge.setAttribute(Qt.WA_DeleteOnClose)
        if show:
            self.last_merge.open()

    def _job_failed(self, message: str) -> None:
        self.progress.reset()
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
        layout.addWidget(self.attendance_view, 1)
        row = QHBoxLayout()
        self.presence = QComboBox()
        for status in AttendanceStatus:
            self.presence.addItem(status.label, status)
        self.holder = QComboBox()
        row.addWidget(QLabel(_("Présence :")))
        row.addWidget(self.presence)
        row.addWidget(QLabel(_("pouvoir donné à :")))
        row.addWidget(self.holder, 1)
        row.addLayout(buttons((_("Appliquer"), self.apply_attendance)))
        layout.addLayout(row)
        return page

    def _holder_name(self, member_id: int | None) -> str:
        return next((r.name for r in self.attendance.rows if r.member_id == member_id), "") if member_id else ""

    def apply_attendance(self, member_id: int | None = None) -> bool:
        """Record the chosen presence for the selected member (or ``member_id``); a refusal is explained."""
        if self.database is None or self.meeting_id is None:
            return False
        if member_id is None:
            recipient = selected(self.attendance_view, self.attendance)
            if recipient is None:
                show_error(self, _("Choisissez un membre dans la liste."))
                return False
            member_id = recipient.member_id
        status = enum_data(self.presence, AttendanceStatus)
        try:
            meetings.set_attendance(self.database, self.meeting_id, member_id, status, self.holder.currentData())
        except CptsError as error:
            show_error(self, error.message, _("Présence refusée"))
            return False
        self.show_meeting()
        return True

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
        layout.addLayout(
            buttons(
                (_("Rédiger le brouillon"), self.draft_minutes),
                (_("Enregistrer"), self.save_minutes),
                (_("Approuver…"), self.approve_minutes),
                (_("Signé"), self.sign_minutes),
                (_("Procès-verbal (PDF)"), self.print_minutes),
                (_("Registre des PV (PDF)"), self.print_register),
            )
        )
        return page

    def _save_officers(self) -> None:
        meetings.set_session_officers(
            self.database,
            self.meeting_id,
            self.session_president.currentData(),
            self.session_secretary.currentData(),
            self.closing.text(),
        )

    def draft_minutes(self) -> None:
        if self.database is None or self.meeting_id is None:
            return
        self._save_officers()
        self.minutes.setPlainText(meetings.draft_minutes(self.database, self.meeting_id))

    def save_minutes(self) -> bool:
        if self.database is None or self.meeting_id is None:
            return False
        try:
            self._save_officers()
            meetings.save_minutes(self.database, self.meeting_id, self.minutes.toPlainText())
        except CptsError as error:
            show_error(self, error.message)
            return False
        self.show_meeting()
        return True

    def approve_minutes(self) -> FormDialog | None:
        if self.database is None or self.meeting_id is None or not self.save_minutes():
            return None
        database, meeting_id = self.database, self.meeting_id
        day = QLineEdit(format_date_short(date.today()))
        dialog = FormDialog(
            _("Approbation du procès-verbal"),
            [(_("Approuvé le :"), day)],
            lambda: meetings.approve_minutes(database, meeting_id, clean_date(day.text(), "Date")),
            self,
        )
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

    def show_meeting(self) -> None:
        if self.database is None or self.meeting_id is None:
            for model in (self.resolutions, self.recipients, self.attendance):
                model.set_rows([])
            return
        detail = meetings.get_meeting(self.database, self.meeting_id)
        rows = []
        for item in detail.agenda:
            rows += [(item, r) for r in item.resolutions] or [(item, None)]
        self.resolutions.set_rows(rows)
        everyone = meetings.recipients(self.database, self.meeting_id)
        self.recipients.set_rows(everyone)
        convened = [r for r in everyone if r.included]
        sent = detail.summary.convocation_date
        self.convocation_state.setText(
            _("{count} membres convoqués. ").format(count=len(convened))
            + (
                _("Convocations envoyées le {day}.").format(day=format_date_short(sent))
                if sent
                else _("Convocations pas encore envoyées.")
            )
        )
        self.attendance.set_rows(convened)
        self.holder.clear()
        self.holder.addItem(_("(personne)"), None)
        for r in convened:
            if r.statut is AttendanceStatus.PRESENT:
                self.holder.addItem(r.name, r.member_id)
        state = meetings.quorum(self.database, self.meeting_id)
        if state.needed == 0:
            text = _("Aucun quorum requis. Présents : {present}, représentés : {represented}.")
        elif state.reached:
            text = _("Quorum atteint : {total} présents ou représentés pour {needed} requis ({rule}).")
        else:
            text = _("Quorum non atteint : {total} présents ou représentés pour {needed} requis ({rule}).")
        self.quorum_label.setText(
            text.format(
                present=state.present,
                represented=state.represented,
                total=state.present + state.represented,
                needed=state.needed,
                rule=state.rule,
            )
        )
        self.quorum_label.setStyleSheet(OK_STYLE if state.reached else KO_STYLE)
        for combo, chosen in (
            (self.session_president, detail.president_seance_id),
            (self.session_secretary, detail.secretaire_seance_id),
        ):
            combo.clear()
            combo.addItem(_("(à choisir)"), None)
            for r in convened:
                combo.addItem(r.name, r.member_id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
        self.closing.setText(detail.heure_cloture or "")
        self.minutes.setPlainText(detail.pv_texte or "")
        self.minutes.setReadOnly(detail.pv_statut.value != "brouillon")
        approved = f" – {format_date_short(detail.pv_approuve_le)}" if detail.pv_approuve_le else ""
        self.minutes_state.setText(
            _("Procès-verbal : {state}{approved}").format(state=detail.pv_statut.label.lower(), approved=approved)
        )
