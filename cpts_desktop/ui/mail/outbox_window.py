"""La boîte d’envoi: every queued, sent or failed message (a Qt model over the outbox rows), filtered by
statut and lot; sending runs off the GUI thread with a progress bar and « Interrompre ».

Closing the window (or the application) mid-batch only asks the sending to stop after the message in
flight: what is left stays « en attente » and a later sending resumes there."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import MailStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, format_datetime_short, plural
from cpts_desktop.services.mail.outbox import OutboxRow, SendReport, cancel, outbox, retry, send_pending
from cpts_desktop.services.mail.settings import mail_config
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.mail.password import PasswordRefused, session_password
from cpts_desktop.ui.meetings.tab import selected_rows
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import table
from cpts_desktop.ui.workers import Job, start

ALL = None
RELOAD_EVERY = 2.0  # seconds between two readings of the outbox while it sends


def _moment(value: datetime | None) -> str:
    return format_datetime_short(value) if value else ""


class OutboxWindow(QWidget):
    """One per main window (``show_outbox``); ``sent`` once a sending ended, so screens showing sent
    dates re-read them."""

    sent = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.Window)
        self.database = database
        self.job: Job | None = None
        self.setWindowTitle(_("Boîte d’envoi"))
        self.resize(1340, 600)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.status = QComboBox()
        self.status.addItem(_("Tous les statuts"), ALL)
        for value in MailStatus:
            self.status.addItem(value.label, value)
        self.lot = QComboBox()
        self.lot.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.lot.setMinimumContentsLength(30)
        self.lot.addItem(_("Tous les envois"), ALL)
        filters.addWidget(QLabel(_("Statut :")))
        filters.addWidget(self.status)
        filters.addWidget(QLabel(_("Envoi :")))
        filters.addWidget(self.lot, 1)
        layout.addLayout(filters)
        # the sending's name is in the « Envoi » filter: the columns keep to what differs per message
        self.messages = RowsModel(
            [
                (_("Destinataire"), _recipient),
                (_("Objet"), lambda m: m.objet),
                (_("Statut"), lambda m: m.statut.label),
                (_("Envoyé le"), lambda m: _moment(m.envoye_le)),
                (_("Essais"), lambda m: m.tentatives),
                (_("Réponse du serveur"), lambda m: m.reponse_serveur or ""),
            ],
            numeric=(4,),
        )
        self.view = table(self.messages, stretch=1)
        self.view.setWordWrap(False)  # a long subject is cut on its line (whole in its tooltip)
        self.view.setSelectionMode(self.view.SelectionMode.ExtendedSelection)
        layout.addWidget(self.view, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.progress = QProgressBar()
        self.progress.setFormat(_("%v sur %m"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.report = QLabel()
        self.report.setWordWrap(True)
        layout.addWidget(self.report)
        row = QHBoxLayout()
        self.send_button = self._button(row, _("Envoyer les messages en attente"), self.send)
        self.stop_button = self._button(row, _("Interrompre"), self.interrupt)
        self._button(row, _("Réessayer les échecs"), self.retry_failed)
        self._button(row, _("Retirer les messages choisis"), self.cancel_selected)
        row.addStretch(1)
        self._button(row, _("Fermer"), self.close)
        self.stop_button.setEnabled(False)
        layout.addLayout(row)
        # quitting mid-batch: the message in flight ends, the rest waits for the next launch
        QApplication.instance().aboutToQuit.connect(self.interrupt)
        self.status.currentIndexChanged.connect(self.reload)
        self.lot.currentIndexChanged.connect(self.reload)
        self.reload()

    @staticmethod
    def _button(row: QHBoxLayout, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        on(button.clicked, slot)  # type: ignore[arg-type]
        row.addWidget(button)
        return button

    # ----- reading
    def reload(self) -> None:
        """Re-read the outbox with the filters; the list of lots comes from every message."""
        self.read_at = time.monotonic()
        everything = outbox(self.database)
        self._fill_lots(everything)
        statut, lot = enum_data(self.status, MailStatus), self.lot.currentData()
        rows = [m for m in everything if (statut is None or m.statut is statut) and (lot is None or m.lot == lot)]
        self.messages.set_rows(rows)
        waiting = sum(1 for m in everything if m.statut in (MailStatus.QUEUED, MailStatus.SENDING))
        failed = sum(1 for m in everything if m.statut is MailStatus.FAILED)
        self.count.setText(
            _("{shown} ; {waiting}, {failed}.").format(
                shown=plural(len(rows), _("{count} message affiché"), _("{count} messages affichés")),
                waiting=plural(waiting, _("{count} en attente"), _("{count} en attente")),
                failed=plural(failed, _("{count} échec"), _("{count} échecs")),
            )
        )

    def _fill_lots(self, rows: list) -> None:
        current = self.lot.currentData()
        lots = {m.lot: m.lot_libelle for m in rows}
        self.lot.blockSignals(True)
        while self.lot.count() > 1:
            self.lot.removeItem(1)
        for lot, label in lots.items():
            self.lot.addItem(label, lot)
        self.lot.setCurrentIndex(max(self.lot.findData(current), 0))
        self.lot.blockSignals(False)

    def show_lot(self, lot: str) -> None:
        """Show one sending's messages (after it was queued)."""
        self.reload()
        self.status.setCurrentIndex(0)
        self.lot.setCurrentIndex(max(self.lot.findData(lot), 0))

    # ----- sending
    def send(self) -> Job | None:
        """Send what waits, off the GUI thread; the password is asked first if no keyring keeps it."""
        if self.job is not None:
            return None
        config = mail_config(self.database)
        if config is None:
            show_error(self, _("Réglez d’abord le serveur d’envoi dans Paramètres › Courrier électronique."))
            return None
        try:
            secret = session_password(self, config)
        except PasswordRefused:
            self.report.setText(_("Rien n’a été envoyé : le mot de passe n’a pas été donné."))
            return None
        database = self.database

        def work(progress: Callable[[int, int], bool]) -> SendReport:
            return send_pending(database, password=secret, progress=progress, cancelled=lambda: job.cancelled)

        job = Job(work)
        job.signals.progress.connect(self._progress)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        job.signals.done.connect(self._done)
        waiting = [m for m in outbox(database) if m.statut in (MailStatus.QUEUED, MailStatus.SENDING)]
        self.progress.setRange(0, max(len(waiting), 1))
        self.progress.setValue(0)
        self.progress.show()
        self.report.setText(_("Envoi en cours…"))
        self.report.setStyleSheet("")
        self.send_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.job = job
        start(job)
        return job

    def _progress(self, done: int, _handled: int) -> None:
        """``done`` of the messages that waited when the sending started (the service counts only those
        it has picked so far)."""
        self.progress.setValue(min(done, self.progress.maximum()))
        if time.monotonic() - self.read_at >= RELOAD_EVERY:  # statuses seen moving, the base not re-read per message
            self.reload()

    def _finished(self, report: SendReport) -> None:
        text = report.summary + "."
        if report.cancelled:
            text += _(" Les messages en attente partiront au prochain envoi.")
        self.report.setText(text)
        self.report.setStyleSheet(ERROR_STYLE if report.failed or report.interruption else "")

    def _failed(self, message: str) -> None:
        self.report.setText(message)
        self.report.setStyleSheet(ERROR_STYLE)

    def _done(self) -> None:
        self.job = None
        self.progress.hide()
        self.send_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.reload()
        self.sent.emit()

    def interrupt(self) -> None:
        """Stop after the message in flight; the rest stays « en attente »."""
        if self.job is not None:
            self.job.cancel()
            self.report.setText(_("Interruption après le message en cours…"))

    def retry_failed(self) -> None:
        count = self._write(lambda: retry(self.database))
        if count is not None:
            self.report.setText(
                plural(count, _("{count} message remis en attente."), _("{count} messages remis en attente."))
            )
            self.report.setStyleSheet("")

    def cancel_selected(self) -> None:
        chosen = [m.id for m in selected_rows(self.view, self.messages)]
        if not chosen:
            show_error(self, _("Choisissez dans la liste les messages à retirer."))
            return
        question = plural(
            len(chosen), _("Retirer {count} message de la boîte d’envoi ?"), _("Retirer {count} messages ?")
        )
        if QMessageBox.question(self, _("Boîte d’envoi"), question) != QMessageBox.Yes:
            return
        count = self._write(lambda: cancel(self.database, chosen))
        if count is not None:
            self.report.setText(plural(count, _("{count} message retiré."), _("{count} messages retirés.")))

    def _write(self, action: object) -> int | None:
        try:
            count = action()  # type: ignore[operator]
        except CptsError as error:
            show_error(self, error.message)
            return None
        self.reload()
        return int(count)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing mid-batch stops after the message in flight: nothing is lost, the rest waits."""
        self.interrupt()
        super().closeEvent(event)


def _recipient(message: OutboxRow) -> str:
    return f"{message.destinataire_nom} <{message.destinataire}>" if message.destinataire_nom else message.destinataire


def show_outbox(parent: QWidget, database: Database, lot: str | None = None) -> OutboxWindow:
    """The main window's one outbox window, shown (on ``lot``'s messages if given)."""
    host = parent.window()
    window = next((w for w in host.findChildren(OutboxWindow) if w.database is database), None)
    if window is None:
        window = OutboxWindow(database, host)
    if lot is not None:
        window.show_lot(lot)
    else:
        window.reload()
    window.show()
    window.raise_()
    window.activateWindow()
    return window
