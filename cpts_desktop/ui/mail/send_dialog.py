"""The send dialog every kind of message goes through: its editable template (objet, corps, fields to
insert), the first message as it will leave, how many receive it, who has no address (with their
letters to print), and « Mettre en file et envoyer », which queues the whole sending in one transaction
and hands it to the outbox window."""

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
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import MailKind
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, plural
from cpts_desktop.services.mail.sendings import Sending
from cpts_desktop.services.mail.settings import mail_config
from cpts_desktop.services.mail.templates import FIELDS, KIND_FIELDS, reset_template, save_template, template
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.busy import busy
from cpts_desktop.ui.mail.outbox_window import show_outbox
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import table

ERROR_STYLE = "color: #a61b1b;"


@dataclass(frozen=True)
class Recipe:
    """What a send dialog sends: ``prepare`` renders every message with the saved template (nothing
    written), ``queue`` puts them in the outbox and returns the lot, ``print_letters`` previews the paper
    letters of the members given by id (those without an address)."""

    nature: MailKind
    title: str
    prepare: Callable[[], Sending]
    queue: Callable[[], str]
    print_letters: Callable[[QWidget, list[int]], object] | None = None


class SendDialog(QDialog):
    """``queued`` carries the outbox window that sends the queued messages (screens showing sent dates
    listen to its ``sent``)."""

    queued = Signal(object)

    def __init__(self, database: Database, recipe: Recipe, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.recipe = recipe
        self.sending: Sending | None = None
        self.lot: str | None = None
        self.setWindowTitle(recipe.title)
        self.resize(1200, 660)
        layout = QVBoxLayout(self)
        splitter = QSplitter()
        splitter.addWidget(self._template_box())
        splitter.addWidget(self._preview_box())
        splitter.setSizes([560, 640])
        layout.addWidget(splitter, 1)
        layout.addWidget(self._without_box())
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.count = QLabel()
        row.addWidget(self.count, 1)
        self.queue_button = self._button(row, _("Mettre en file et envoyer"), self.queue_and_send)
        self._button(row, _("Fermer"), self.reject)
        layout.addLayout(row)
        self._show_template()
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
        self._button(buttons, _("Enregistrer le modèle et actualiser l’aperçu"), self.save_and_refresh)
        self._button(buttons, _("Texte d’origine"), self.reset)
        layout.addLayout(buttons)
        return box

    def _preview_box(self) -> QGroupBox:
        box = QGroupBox(_("Aperçu du premier message"))
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.preview_to = QLabel()
        self.preview_subject = QLabel()
        self.preview_subject.setWordWrap(True)
        self.preview_attachments = QLabel()
        self.preview_attachments.setWordWrap(True)
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
            [
                (_("Nom"), lambda c: " ".join(p for p in (c.nom, c.prenom) if p)),
                (_("Commune"), lambda c: c.commune or ""),
            ]
        )
        self.without_view = table(self.without, stretch=0)
        self.without_view.setMaximumHeight(110)
        layout.addWidget(self.without_view, 1)
        side = QVBoxLayout()
        note = QLabel(_("Sans adresse e-mail : ils recevront leur lettre par la poste ou en main propre."))
        note.setWordWrap(True)
        side.addWidget(note)
        self.print_button = self._button(side, _("Imprimer leurs lettres"), self.print_letters)
        side.addStretch(1)
        layout.addLayout(side, 1)
        return self.without_box

    # ----- template
    def _show_template(self) -> None:
        current = template(self.database, self.recipe.nature)
        self.subject.setText(current.objet)
        self.body.setPlainText(current.corps)

    def insert_field(self) -> None:
        name = self.fields.currentData()
        if name:
            self.body.insertPlainText(f"{{{name}}}")
            self.body.setFocus()

    def save_template(self) -> bool:
        """Save the edited wording (an unknown field is refused in French); unchanged, nothing is written."""
        current = template(self.database, self.recipe.nature)
        if (current.objet, current.corps) == (self.subject.text(), self.body.toPlainText()):
            return True
        try:
            save_template(self.database, self.recipe.nature, self.subject.text(), self.body.toPlainText())
        except CptsError as error:
            self._say(error.message)
            return False
        return True

    def save_and_refresh(self) -> None:
        if self.save_template():
            self.refresh()

    def reset(self) -> None:
        try:
            reset_template(self.database, self.recipe.nature)
        except CptsError as error:
            self._say(error.message)
            return
        self._show_template()
        self.refresh()

    # ----- preview
    def refresh(self) -> None:
        """Render the sending again with the saved template: the preview, the count, who has no address."""
        self._say("")
        try:
            with busy(self, _("Préparation des messages…")):
                self.sending = self.recipe.prepare()
        except CptsError as error:
            self.sending = None
            self._say(error.message)
        self._show_sending()

    def _show_sending(self) -> None:
        sending = self.sending
        prepared = sending.prepared if sending else []
        without = sending.without_address if sending else []
        first = prepared[0] if prepared else None
        self.preview_to.setText(_recipient(first.destinataire_nom, first.destinataire) if first else "—")
        preview = sending.preview if sending else None
        self.preview_subject.setText(preview.objet if preview else "—")
        self.preview_text.setPlainText(preview.texte if preview else "")
        attached = preview.pieces_jointes if preview else []
        self.preview_attachments.setText(", ".join(attached) if attached else _("aucune"))
        self.count.setText(
            plural(len(prepared), _("{count} message à envoyer"), _("{count} messages à envoyer"))
            + (_(" ({count} sans adresse)").format(count=len(without)) if without else "")
        )
        self.without.set_rows(list(without))
        self.without_box.setTitle(
            plural(len(without), _("{count} destinataire sans adresse"), _("{count} destinataires sans adresse"))
        )
        self.without_box.setVisible(bool(without))
        self.print_button.setEnabled(bool(without) and self.recipe.print_letters is not None)
        self.queue_button.setEnabled(bool(prepared) and self.lot is None)

    def print_letters(self) -> None:
        if self.sending is not None and self.recipe.print_letters is not None:
            self.recipe.print_letters(self, [card.id for card in self.sending.without_address])

    # ----- sending
    def queue_and_send(self) -> str | None:
        """Queue every message (one transaction) and open the outbox, which sends them off the GUI thread."""
        if mail_config(self.database) is None:
            self._say(_("Réglez d’abord le serveur d’envoi dans Paramètres › Courrier électronique."))
            return None
        if not self.save_template():
            return None
        try:
            with busy(self, _("Mise en file des messages…")):
                self.lot = self.recipe.queue()
        except CptsError as error:
            self._say(error.message)
            return None
        self.accept()
        self.queued.emit(show_outbox(self.parentWidget() or self, self.database, self.lot, send=True))
        return self.lot

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


def _recipient(name: str | None, address: str) -> str:
    return f"{name} <{address}>" if name else address


def open_send_dialog(parent: QWidget, database: Database, recipe: Recipe) -> SendDialog:
    dialog = SendDialog(database, recipe, parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog
