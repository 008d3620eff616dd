"""Paramètres › Courrier électronique: the association's outgoing mail server, and a test message to
the sender's own address whose answer (or refusal) the server gives in French."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import MailSecurity
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _
from cpts_desktop.services.mail.settings import (
    USUAL_PORTS,
    MailConfig,
    keyring_usable,
    mail_config,
    password,
    save_mail_config,
)
from cpts_desktop.services.mail.transport import send_test
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.mail.password import PasswordRefused, session_password
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_STYLE, OK_STYLE
from cpts_desktop.ui.workers import Job, start

# lines broken by hand: a wrapped label in a form is cut short when the dialog first takes its size
KEYRING_NOTE = _(
    "Le mot de passe est gardé par le trousseau du système (Windows, macOS, Secret Service),\n"
    "jamais dans la base ni dans un fichier."
)
SESSION_NOTE = _(
    "Ce poste n’a pas de trousseau du système : le mot de passe est gardé jusqu’à la fermeture\n"
    "de l’application, puis redemandé au premier envoi ; jamais dans la base ni dans un fichier."
)


class MailSettingsDialog(QDialog):
    """Edit the mail settings; « Envoyer un message d’essai » saves them first, then sends off the GUI
    thread so the window stays alive while a slow server answers."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.job: Job | None = None
        self.setWindowTitle(_("Courrier électronique"))
        self.resize(620, 0)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.server = QLineEdit()
        self.server.setPlaceholderText(_("smtp.exemple.fr"))
        self.security = QComboBox()
        for value in MailSecurity:
            self.security.addItem(value.label, value)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(USUAL_PORTS[MailSecurity.STARTTLS])
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.sender_name = QLineEdit()
        self.sender_address = QLineEdit()
        self.sender_address.setPlaceholderText(_("secretariat@cpts-exemple.fr"))
        self.reply_to = QLineEdit()
        self.reply_to.setPlaceholderText(_("facultatif"))
        self.rate = QSpinBox()
        self.rate.setRange(1, 1000)
        self.rate.setValue(30)
        self.rate.setSuffix(_(" messages par minute"))
        form.addRow(_("Serveur d’envoi (SMTP) :"), self.server)
        form.addRow(_("Sécurité :"), self.security)
        form.addRow(_("Port :"), self.port)
        form.addRow(_("Identifiant :"), self.login)
        form.addRow(_("Mot de passe :"), self.password)
        note = QLabel(KEYRING_NOTE if keyring_usable() else SESSION_NOTE)
        note.setStyleSheet("color: #555555;")
        form.addRow(note)
        form.addRow(_("Nom de l’expéditeur :"), self.sender_name)
        form.addRow(_("Adresse de l’expéditeur :"), self.sender_address)
        form.addRow(_("Adresse de réponse :"), self.reply_to)
        form.addRow(_("Limite du fournisseur :"), self.rate)
        layout.addLayout(form)
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        layout.addWidget(self.answer)
        layout.addLayout(
            _row(
                (_("Envoyer un message d’essai"), self.send_test),
                (_("Enregistrer"), self.save_and_close),
                (_("Fermer"), self.reject),
            )
        )
        self.security.currentIndexChanged.connect(self._security_changed)
        self._load(mail_config(database))

    def _load(self, config: MailConfig | None) -> None:
        if config is None:
            return
        self.server.setText(config.serveur)
        self.security.setCurrentIndex(self.security.findData(config.securite))
        self.port.setValue(config.port)
        self.login.setText(config.identifiant or "")
        self.sender_name.setText(config.expediteur_nom or "")
        self.sender_address.setText(config.expediteur_adresse)
        self.reply_to.setText(config.repondre_a or "")
        self.rate.setValue(config.messages_par_minute)
        if config.identifiant and password(config):
            self.password.setPlaceholderText(_("enregistré — à saisir seulement pour le changer"))

    def _security_changed(self) -> None:
        """The port follows the security while it is still a usual one (587, 465, 25)."""
        security = enum_data(self.security, MailSecurity)
        if security is not None and self.port.value() in USUAL_PORTS.values():
            self.port.setValue(USUAL_PORTS[security])

    def config(self) -> MailConfig:
        return MailConfig(
            serveur=self.server.text().strip(),
            port=self.port.value(),
            securite=enum_data(self.security, MailSecurity),
            identifiant=self.login.text().strip() or None,
            expediteur_nom=self.sender_name.text().strip() or None,
            expediteur_adresse=self.sender_address.text().strip(),
            repondre_a=self.reply_to.text().strip() or None,
            messages_par_minute=self.rate.value(),
        )

    def save(self) -> MailConfig | None:
        """Save the settings (the password, if typed, to the keyring); the refusal is shown, not raised."""
        config = self.config()
        try:
            save_mail_config(self.database, config, self.password.text() or None)
        except CptsError as error:
            self._say(error.message, ERROR_STYLE)
            return None
        return config

    def save_and_close(self) -> None:
        if self.save() is not None:
            self.accept()

    def send_test(self) -> Job | None:
        config = self.save()
        if config is None:
            return None
        try:
            secret = self.password.text() or session_password(self, config)
        except PasswordRefused:
            self._say(_("Message d’essai non envoyé : le mot de passe n’a pas été donné."), ERROR_STYLE)
            return None
        database = self.database
        self._say(_("Envoi du message d’essai à {address}…").format(address=config.expediteur_adresse), "")
        job = Job(lambda _progress: send_test(database, secret))
        # bound methods, not lambdas: closed before the server answers, the dialog hears nothing
        job.signals.finished.connect(self._answered)
        job.signals.failed.connect(self._refused)
        self.job = start(job)
        return job

    def _answered(self, answer: str) -> None:
        self._say(answer, OK_STYLE)

    def _refused(self, message: str) -> None:
        self._say(message, ERROR_STYLE)

    def _say(self, text: str, style: str) -> None:
        """The answer under the fields; the dialog grows to show a long one whole."""
        self.answer.setText(text)
        self.answer.setStyleSheet(style)
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        if needed > self.height():
            self.resize(self.width(), needed)


def _row(*pairs: tuple[str, Callable[[], object]]) -> QHBoxLayout:
    """Buttons on the right, as a dialog's buttons are."""
    row = QHBoxLayout()
    row.addStretch(1)
    for text, slot in pairs:
        button = QPushButton(text)
        button.setAutoDefault(False)
        on(button.clicked, slot)
        row.addWidget(button)
    return row
