"""Paramètres: where the data lives and which schema it has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from cpts_desktop import config
from cpts_desktop.i18n import _
from cpts_desktop.logs import LOG_NAME
from cpts_desktop.services.database import describe
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.pages.base import Page


class SettingsPage(Page):
    title = _("Paramètres")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.layout_.addWidget(box)
        later = QLabel(
            _(
                "L’identité de l’association (nom, adresse, RNA, SIRET, logo) et les préférences "
                "d’impression seront réglables ici prochainement."
            )
        )
        later.setWordWrap(True)
        self.layout_.addWidget(later)
        self.layout_.addStretch(1)

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
        if database is None:
            self.location.setText(_("aucune"))
            self.revision.setText("—")
            return
        info = describe(database)
        self.location.setText(info.location)
        self.revision.setText(info.revision or "—")
