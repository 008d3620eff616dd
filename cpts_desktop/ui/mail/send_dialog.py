"""The send dialog every kind of message goes through: its editable template (objet, corps, fields to
insert), the first message as it will leave, how many receive it, who has no address (with their
letters to print), and « Mettre en file et envoyer »: the messages are drawn and queued off the GUI
thread in one transaction (all or none), then the outbox window sends them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import MailKind
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, plural
from cpts_desktop.services.mail.sendings import Queued, Sending, queue_sending
from cpts_desktop.services.mail.templates import FIELDS, KIND_FIELDS, Template, reset_template, save_template, template
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.busy import busy
from cpts_desktop.ui.mail.outbox_window import show_outbox
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import table
from cpts_desktop.ui.workers import Job, start

NOTE_STYLE = "color: #555555;"


@dataclass(frozen=True)
class Recipe:
    """What a send dialog sends. ``prepare(draft, audience)`` renders every message with the wording
    being edited (nothing written); ``audiences`` are the groups a free message may go to (label,
    value given to ``prepare``); ``print_letters`` previews the paper letters of members given by id."""

    nature: MailKind
    title: str
    prepare: Callable[[Template, object], Sending]
    print_letters: Callable[[QWidget, list[int]], object] | None = None
    audiences: tuple[tuple[str, object], ...] = ()
    audience: int = 0  # the one chosen first


class SendDialog(QDialog):
    """``queued`` carries the outbox window that sends the queued messages (screens showing sent dates
    listen to its ``sent``)."""

    queued = Signal(object)

    def __init__(self, database: Database, recipe: Recipe, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.recipe = recipe
        self.sending: Sending | None = None
        self.job: Job | None = None
        self.setWindowTitle(recipe.title)
        self.resize(1240, 660)
        layout = QVBoxLayout(self)
        self.audience = QComboBox()
        for label, value in recipe.audiences:
            self.audience.addItem(label, value)
        if recipe.audiences:
            self.audience.setCurrentIndex(recipe.audience)
            row = QHBoxLayout()
            row.addWidget(QLabel(_("Destinataires :")))
            row.addWidget(self.audience, 1)
            layout.addLayout(row)
            self.audience.currentIndexChanged.connect(self.refresh)
        splitter = QSplitter()
        splitter.addWidget(self._template_box())
        splitter.addWidget(self._preview_box())
        splitter.setSizes([600, 640])
        layout.addWidget(splitter, 1)
        layout.addWidget(self._without_box())
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.count = QLabel()
        self.count.setWordWrap(True)
        row.addWidget(self.count, 1)
        self.queue_button = self._button(row, _("Mettre en file et envoyer"), self.queue_and_send)
        self._button(row, _("Fermer"), self.reject)
        layout.addLayout(row)
        self._show_template(template(database, recipe.nature))
        self.refresh()

    # ----- building
    @staticmethod
    def _button(row: QHBoxLayout | QVBoxLayout, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        on(button.clicked, slot)
        row.addWidget(button)
        return button

    def _template_box(self) -> QGroupBox:
        box = QGroupBox(_("Modèle du message"))
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.subject = QLineEdit()
        form.addRow(_("Objet :"), self.subject)
        layout.addLayout(form)
        self.body = QPlainTextEdit()
        layout.addWidget(self.body, 1)
        fields = QHBoxLayout()
        self.fields = QComboBox()
        for name in KIND_FIELDS.get(self.recipe.nature, ()):
            self.fields.addItem(f"{{{name}}} — {FIELDS[name]}", name)
        fields.addWidget(self.fields, 1)
        self._button(fields, _("Insérer le champ"), self.insert_field)
        layout.addLayout(fields)
        buttons = QHBoxLayout()
        self._button(buttons, _("Actualiser l’aperçu"), self.refresh)
        self._button(buttons, _("Enregistrer le modèle"), self.save_template)
        self._button(buttons, _("Texte d’origine"), self.reset)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _preview_box(self) -> QGroupBox:
        box = QGroupBox(_("Aperçu du premier message"))
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.preview_to, self.preview_subject, self.preview_attachments = QLabel(), QLabel(), QLabel()
        for label in (self.preview_to, self.preview_subject, self.preview_attachments):
            label.setWordWrap(True)  # a long name or subject wraps rather than widen the dialog off screen
        form.addRow(_("À :"), self.preview_to)
        form.addRow(_("Objet :"), self.preview_subject)
        form.addRow(_("Pièces jointes :"), self.preview_attachments)
        layout.addLayout(form)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        layout.addWidget(self.preview_text, 1)
        return box

    def _without_box(self) -> QGroupBox:
        self.without_box = QGroupBox()
        layout = QHBoxLayout(self.without_box)
        self.without = RowsModel(
            [(_("Nom"), lambda a: a.nom), (_("Adresse postale"), lambda a: ", ".join(a.address_lines))]
        )
        self.without_view = table(self.without, stretch=1)
        self.without_view.setMaximumHeight(100)
        layout.addWidget(self.without_view, 3)
        side = QVBoxLayout()
        note = QLabel(_("Sans adresse électronique : leur lettre part par la poste ou en main propre."))
        note.setWordWrap(True)
        side.addWidget(note)
        self.print_button = self._button(side, _("Imprimer leurs lettres"), self.print_letters)
        side.addStretch(1)
        layout.addLayout(side, 1)
        return self.without_box

    # ----- template
    def draft(self) -> Template:
        return Template(self.subject.text(), self.body.toPlainText())

    def _show_template(self, wording: Template) -> None:
        self.subject.setText(wording.objet)
        self.body.setPlainText(wording.corps)

    def insert_field(self) -> None:
        name = self.fields.currentData()
        if name:
            self.body.insertPlainText(f"{{{name}}}")
            self.body.setFocus()

    def save_template(self) -> bool:
        """Keep this wording for the next sendings of this kind (an unknown field is refused in French)."""
        try:
            save_template(self.database, self.recipe.nature, self.subject.text(), self.body.toPlainText())
        except CptsError as error:
            self._say(error.message, ERROR_STYLE)
            return False
        self._say(_("Modèle enregistré : il servira aux prochains envois."), NOTE_STYLE)
        return True

    def reset(self) -> None:
        try:
            self._show_template(reset_template(self.database, self.recipe.nature))
        except CptsError as error:
            self._say(error.message, ERROR_STYLE)
            return
        self.refresh()

    # ----- preview
    def refresh(self) -> None:
        """Render the sending with the wording being edited: the preview, the count, who has no address."""
        self._say("", "")
        try:
            with busy(self, _("Préparation des messages…")):
                self.sending = self.recipe.prepare(self.draft(), self.audience.currentData())
        except CptsError as error:
            self.sending = None
            self._say(error.message, ERROR_STYLE)
        self._show_sending()

    def _show_sending(self) -> None:
        sending = self.sending
        recipients = sending.recipients if sending else []
        without = sending.without_address if sending else []
        already = sending.already if sending else []
        preview = sending.preview if sending else None
        self.preview_to.setText(preview.destinataire if preview else "—")
        self.preview_subject.setText(preview.objet if preview else "—")
        self.preview_text.setPlainText(preview.texte if preview else "")
        attached = preview.pieces_jointes if preview else ()
        self.preview_attachments.setText(", ".join(attached) if attached else _("aucune"))
        count = plural(len(recipients), _("{count} message à envoyer"), _("{count} messages à envoyer"))
        if already:
            count += plural(
                len(already),
                _(" ; {count} destinataire déjà convoqué par e-mail, laissé de côté"),
                _(" ; {count} destinataires déjà convoqués par e-mail, laissés de côté"),
            )
        self.count.setText(count + "." if sending else "")  # a refused wording: the message above says why
        self.without.set_rows(list(without))
        self.without_box.setTitle(
            plural(len(without), _("{count} destinataire sans adresse"), _("{count} destinataires sans adresse"))
        )
        self.without_box.setVisible(bool(without))
        printable = any(a.member_id is not None for a in without)
        self.print_button.setEnabled(printable and self.recipe.print_letters is not None)
        self.queue_button.setEnabled(bool(recipients))

    def print_letters(self) -> None:
        if self.sending is not None and self.recipe.print_letters is not None:
            ids = [a.member_id for a in self.sending.without_address if a.member_id is not None]
            self.recipe.print_letters(self, ids)

    # ----- sending
    def queue_and_send(self) -> Job | None:
        """Draw and queue every message off the GUI thread (« Annuler » leaves the outbox untouched),
        then hand them to the outbox window."""
        from cpts_desktop.pdf.mail_attachments import DRAWINGS

        if self.sending is None or self.sending.draft != self.draft():
            self.refresh()  # the wording was edited since the preview: what leaves is what is shown
        sending, database = self.sending, self.database
        if sending is None or not sending.recipients or self.job is not None:
            return None
        job = Job(lambda progress: queue_sending(database, sending, DRAWINGS, progress, lambda: job.cancelled))
        self.progress = QProgressDialog(_("Préparation des messages…"), _("Annuler"), 0, len(sending.recipients), self)
        self.progress.setWindowTitle(self.recipe.title)
        self.progress.setWindowModality(Qt.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(job.cancel)
        job.signals.progress.connect(self._progress)
        job.signals.finished.connect(self._queued)
        job.signals.failed.connect(self._refused)
        job.signals.done.connect(self._done)
        self.queue_button.setEnabled(False)
        self.job = job
        start(job)
        return job

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setLabelText(_("Message {done} sur {total}…").format(done=done, total=total))

    def _done(self) -> None:
        self.job = None
        self.progress.reset()
        self.queue_button.setEnabled(self.sending is not None and bool(self.sending.recipients))

    def _queued(self, queued: Queued) -> None:
        self.accept()
        window = show_outbox(self.parentWidget() or self, self.database, queued.lot)
        self.queued.emit(window)  # before sending: screens listening to ``sent`` hear this sending end
        window.send()

    def _refused(self, message: str) -> None:
        self._say(message, ERROR_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.error.setText(text)
        self.error.setStyleSheet(style)
        self.error.setVisible(bool(text))


def open_send_dialog(parent: QWidget, database: Database, recipe: Recipe) -> SendDialog:
    dialog = SendDialog(database, recipe, parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog
