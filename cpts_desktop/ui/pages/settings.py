"""Paramètres: where the data lives, this workstation's preferences (name in the journal, backups
folder), and the journal of changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop import config
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.labels import record_label
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import _, format_datetime_short
from cpts_desktop.logs import LOG_NAME
from cpts_desktop.services.audit import current_user, entries, save_user_name, saved_user_name
from cpts_desktop.services.database import describe
from cpts_desktop.services.gdpr import notice_path
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import table

USER_NAME_KEY = "user/name"
NO_BOUND = QDate(2000, 1, 1)  # the journal's period is open on that side


def adopt_remembered_name(settings: QSettings) -> None:
    """A name kept by an earlier version in the Qt settings moves to the workstation's file, which
    ``cpts`` reads too."""
    name = settings.value(USER_NAME_KEY)
    if isinstance(name, str) and name.strip() and not saved_user_name():
        save_user_name(name)
    settings.remove(USER_NAME_KEY)


class SettingsPage(Page):
    title = sections.SETTINGS

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.database: Database | None = None
        adopt_remembered_name(settings)
        self.layout_.addWidget(self._preferences())
        self.layout_.addWidget(self._mail())
        box = QGroupBox(_("Base de données"))
        form = QFormLayout(box)
        self.location = self._value()
        self.revision = self._value()
        self.data_dir = self._value()
        self.log_file = self._value()
        form.addRow(_("Base ouverte :"), self.location)
        form.addRow(_("Version du schéma :"), self.revision)
        form.addRow(_("Dossier des données :"), self.data_dir)
        form.addRow(_("Journal des erreurs :"), self.log_file)
        self.gdpr_text = self._value()
        form.addRow(_("Texte RGPD des exports :"), self.gdpr_text)
        self.layout_.addWidget(box)
        self.layout_.addWidget(self._journal())
        later = QLabel(
            _(
                "L’identité de l’association (nom, adresse, RNA, SIRET, IBAN, logo) se règle dans "
                "Statuts & conseil › Association."
            )
        )
        later.setWordWrap(True)
        self.layout_.addWidget(later)

    def _preferences(self) -> QGroupBox:
        box = QGroupBox(_("Ce poste"))
        form = QFormLayout(box)
        self.user_name = QLineEdit(saved_user_name())
        self.user_name.setPlaceholderText(current_user())
        self.user_name.setToolTip(
            _("Ce nom signe vos modifications dans le journal et dans les exports RGPD des adhérents.")
        )
        self.user_name.editingFinished.connect(self.save_preferences)
        form.addRow(_("Votre nom (journal des modifications) :"), self.user_name)
        row = QHBoxLayout()
        self.backup_folder = QLineEdit(str(self.settings.value(sections.BACKUP_FOLDER_KEY) or ""))
        self.backup_folder.setPlaceholderText(str(config.data_dir() / "sauvegardes"))
        self.backup_folder.editingFinished.connect(self.save_preferences)
        choose = QPushButton(_("Choisir…"))
        on(choose.clicked, self.choose_backup_folder)
        row.addWidget(self.backup_folder, 1)
        row.addWidget(choose)
        form.addRow(_("Dossier des sauvegardes :"), row)
        self.preferences_error = QLabel()
        self.preferences_error.setStyleSheet(ERROR_STYLE)
        form.addRow(self.preferences_error)
        return box

    def _mail(self) -> QGroupBox:
        box = QGroupBox(_("Courrier électronique"))
        row = QHBoxLayout(box)
        self.mail_state = self._value()
        row.addWidget(self.mail_state, 1)
        for text, slot in ((_("Serveur d’envoi…"), self.edit_mail), (_("Boîte d’envoi…"), self.show_outbox)):
            button = QPushButton(text)
            on(button.clicked, slot)
            row.addWidget(button)
        return box

    def _show_mail_state(self) -> None:
        from cpts_desktop.services.mail.settings import mail_config

        config = mail_config(self.database) if self.database is not None else None
        self.mail_state.setText(
            _("Envoi par {server} au nom de {sender}.").format(server=config.serveur, sender=config.expediteur_adresse)
            if config
            else _("Aucun serveur d’envoi réglé : les convocations, relances et reçus ne partent pas par e-mail.")
        )

    def edit_mail(self) -> QWidget | None:
        from cpts_desktop.ui.mail.settings_dialog import MailSettingsDialog

        if self.database is None:
            return None
        dialog = MailSettingsDialog(self.database, self)
        dialog.finished.connect(lambda _result: self._show_mail_state())
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_outbox(self) -> QWidget | None:
        from cpts_desktop.ui.mail.outbox_window import show_outbox

        return show_outbox(self, self.database) if self.database is not None else None

    def choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Dossier des sauvegardes"), self.backup_folder.text() or str(Path.home())
        )
        if folder:
            self.backup_folder.setText(folder)
            self.save_preferences()

    def save_preferences(self) -> bool:
        folder = self.backup_folder.text().strip()
        if folder and not Path(folder).is_dir():
            self.preferences_error.setText(_("Le dossier « {folder} » n’existe pas.").format(folder=folder))
            return False
        try:
            save_user_name(self.user_name.text())
        except CptsError as error:
            self.preferences_error.setText(str(error))
            return False
        self.preferences_error.setText("")
        self.settings.setValue(sections.BACKUP_FOLDER_KEY, folder)
        return True

    def _journal(self) -> QGroupBox:
        box = QGroupBox(_("Journal des modifications"))
        layout = QVBoxLayout(box)
        self.journal_filter = QLineEdit()
        self.journal_filter.setPlaceholderText(_("Filtrer : nom d’utilisateur, table, champ, valeur…"))
        self.journal_filter.textChanged.connect(self._filter_journal)
        self.journal_since = self._day_edit(_("depuis toujours"))
        self.journal_until = self._day_edit(_("aujourd’hui"))
        filters = QHBoxLayout()
        filters.addWidget(self.journal_filter, 1)
        filters.addWidget(QLabel(_("Du")))
        filters.addWidget(self.journal_since)
        filters.addWidget(QLabel(_("au")))
        filters.addWidget(self.journal_until)
        layout.addLayout(filters)
        self.journal = RowsModel(
            [
                (_("Quand"), lambda e: format_datetime_short(e.moment)),
                (_("Qui"), lambda e: e.user),
                (_("Action"), lambda e: e.action.label),
                (_("Fiche"), lambda e: f"{record_label(e.table)} n° {e.record_id}"),
                (_("Modifications"), lambda e: e.summary),
            ]
        )
        self.journal_view = table(self.journal, stretch=4)
        layout.addWidget(self.journal_view, 1)
        self.journal_lines: list = []
        return box

    def _day_edit(self, unbounded: str) -> QDateEdit:
        """A day of the journal's period; its lowest value means « no bound » and says so."""
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setMinimumDate(NO_BOUND)
        edit.setSpecialValueText(unbounded)
        edit.setDate(NO_BOUND)
        edit.dateChanged.connect(self._load_journal)
        return edit

    def _period(self) -> tuple[date | None, date | None]:
        since, until = (e.date() for e in (self.journal_since, self.journal_until))
        return (
            None if since == NO_BOUND else since.toPython(),
            None if until == NO_BOUND else until.toPython(),
        )

    def _load_journal(self) -> None:
        since, until = self._period()
        self.journal_lines = entries(self.database, since, limit=2000, until=until) if self.database else []
        self._filter_journal()

    def _filter_journal(self) -> None:
        words = search_key(self.journal_filter.text()).split()
        shown = [
            e
            for e in self.journal_lines
            if all(w in search_key(e.user, e.table, record_label(e.table), e.summary) for w in words)
        ]
        self.journal.set_rows(shown)

    @staticmethod
    def _gdpr_text() -> str:
        """Where the RGPD information joined to each member's export is read, and how to adapt it."""
        path = notice_path()
        if path.parent == config.data_dir():
            return str(path)
        return _("{path} (pour l’adapter, copiez-le dans le dossier des données)").format(path=path)

    @staticmethod
    def _value() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.PlainText)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def set_database(self, database: Database | None) -> None:
        self.data_dir.setText(str(config.data_dir()))
        self.log_file.setText(str(config.log_dir() / LOG_NAME))
        self.gdpr_text.setText(self._gdpr_text())
        self.database = database
        self._load_journal()
        self._show_mail_state()
        if database is None:
            self.location.setText(_("aucune"))
            self.revision.setText("—")
            return
        info = describe(database)
        self.location.setText(info.location)
        self.revision.setText(info.revision or "—")
