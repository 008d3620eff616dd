"""Convocation: who is convened and why, the mail-merge of the convocations, the feuille d’émargement,
and the day they were sent, checked against the statutes' délai."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QProgressDialog, QVBoxLayout, QWidget

from cpts_desktop import config
from cpts_desktop.domain.enums import ConvocationChannel
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date, format_date_short, format_datetime_short, plural
from cpts_desktop.services import documents, meetings
from cpts_desktop.services.mail import proof
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.meetings.tab import NOTE_STYLE, MeetingTab, button_row, delay_text
from cpts_desktop.ui.messages import show_error, show_info
from cpts_desktop.ui.pdf_preview import PdfPreview, preview_document
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import selected, table
from cpts_desktop.ui.workers import Job, start

MERGE_CANCELLED = "Publipostage annulé : aucun fichier n’a été écrit."


class ConvocationTab(MeetingTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        layout = QVBoxLayout(self)
        self.convocation_state = QLabel()
        self.convocation_state.setWordWrap(True)
        layout.addWidget(self.convocation_state)
        self.recipients = RowsModel(
            [
                (_("Convoqué"), lambda r: "✓" if r.included else "–"),
                (_("Nom"), lambda r: r.name),
                (_("Profession / collège"), lambda r: r.detail),
                (_("Pourquoi"), lambda r: r.reason),
                (_("Convocation envoyée le"), lambda r: self._sent_at(r.member_id)),
            ]
        )
        self.sent_by_mail: dict[int, proof.MessageLine] = {}
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
            (_("Envoyer par e-mail…"), self.email_convocations),
            (_("Preuve d’envoi (PDF)"), self.print_sending_proof),
        )
        self.editing += [found[0], found[3], found[4]]
        layout.addLayout(row)

    def toggle_recipient(self) -> None:
        recipient = selected(self.recipients_view, self.recipients)
        if not isinstance(recipient, meetings.Recipient) or self.database is None or self.meeting_id is None:
            return
        try:
            meetings.set_recipient(self.database, self.meeting_id, recipient.member_id, not recipient.included)
        except CptsError as error:
            show_error(self, error.message)
        self.changed.emit()

    def merge_convocations(self) -> Job | None:
        """The mail-merge runs on the thread pool behind a progress dialog whose « Annuler » stops it; the
        preview opens when it is done. A cancelled merge leaves no file and says so on the tab."""
        from cpts_desktop.pdf.meetings import convocations_pdf

        if self.database is None or self.meeting_id is None:
            return None
        database, meeting_id = self.database, self.meeting_id
        descriptor, name = tempfile.mkstemp(prefix="cpts-convocations-", suffix=".pdf", dir=config.temp_dir())
        os.close(descriptor)
        target = Path(name)

        def work(progress: Callable[[int, int], bool]) -> Path:
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

    def _sent_at(self, member_id: int) -> str:
        """When the member's convocation left by e-mail, or where it stands (« En attente », « Échec »)."""
        line = self.sent_by_mail.get(member_id)
        if line is None:
            return ""
        return format_datetime_short(line.envoye_le) if line.envoye_le else line.statut.label

    def email_convocations(self) -> QWidget | None:
        """The convocations by e-mail, each with its personal convocation and pouvoir and the meeting's
        .ics; once the outbox has sent them, the tab shows when each one left."""
        from cpts_desktop.ui.mail import recipes
        from cpts_desktop.ui.mail.send_dialog import open_send_dialog

        if self.database is None or self.meeting_id is None:
            return None
        dialog = open_send_dialog(self, self.database, recipes.convocations(self.database, self.meeting_id))
        dialog.queued.connect(lambda window: window.sent.connect(self.changed, Qt.UniqueConnection))
        return dialog

    def print_sending_proof(self) -> None:
        """« Preuve d’envoi »: who was convened by e-mail, at which address, when, and the server's answer."""
        from cpts_desktop.pdf.mail_proof import mail_proof_pdf

        if self.database is not None and self.meeting_id is not None:
            database, meeting_id = self.database, self.meeting_id
            preview_document(
                self,
                "preuve-envoi-convocations.pdf",
                lambda p: mail_proof_pdf(proof.proof(database, meeting_id=meeting_id), p),
            )

    def print_attendance_sheet(self) -> None:
        from cpts_desktop.pdf.meetings import attendance_sheet_pdf

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
        self.listed.emit()
        if warning:
            show_info(self, warning, _("Délai de convocation"))

    def show_meeting(self, detail: meetings.MeetingDetail, everyone: list[meetings.Recipient]) -> None:
        """How many are convened, and when the convocations left or must leave (the statutes' délai)."""
        self.sent_by_mail = (
            proof.meeting_convocations(self.database, detail.summary.id) if self.database is not None else {}
        )
        self.recipients.set_rows(everyone)
        if self.database is None:
            return
        summary = detail.summary
        delay = meetings.convocation_delay(self.database, summary.type, summary.date_heure.date())
        convened = sum(1 for r in everyone if r.included)
        count = plural(convened, _("{count} membre convoqué. "), _("{count} membres convoqués. "))
        if any(line.envoye_le for line in self.sent_by_mail.values()):
            # each member's own sent time: those convened too late are named
            warning = meetings.convocation_warning(self.database, summary.id)
            state = warning or _(
                "Convocations parties par courrier électronique dans le délai des statuts (au plus tard le {deadline})."
            ).format(deadline=format_date(delay.deadline))
            late = warning is not None
        elif summary.convocation_date:
            state = _("Convocations envoyées le {day} (au plus tard le {deadline} selon les statuts).").format(
                day=format_date(summary.convocation_date), deadline=format_date(delay.deadline)
            )
            late = summary.convocation_date > delay.deadline
        else:
            text, late = delay_text(delay, date.today())
            state = _("Convocations pas encore envoyées. ") + text
        self.convocation_state.setText(count + state)
        self.convocation_state.setStyleSheet(NOTE_STYLE if late else "")

    def clear(self) -> None:
        self.sent_by_mail = {}
        self.recipients.set_rows([])
