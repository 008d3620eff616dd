"""Paramètres: where the data lives and which schema it has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from cpts_desktop import config
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import _
from cpts_desktop.logs import LOG_NAME
from cpts_desktop.services.audit import entries
from cpts_desktop.services.database import describe
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import table

TABLE_LABELS = {
    "members": "Adhérent",
    "payments": "Paiement",
    "meetings": "Réunion",
    "resolutions": "Résolution",
    "mandates": "Mandat",
    "statutes_versions": "Statuts",
    "association": "Association",
    "colleges": "Collège",
    "communes": "Commune",
    "grants": "Financement",
    "grant_receipts": "Versement",
    "expenses": "Dépense",
}


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
        self.layout_.addWidget(self._journal())
        later = QLabel(
            _(
                "L’identité de l’association (nom, adresse, RNA, SIRET, IBAN, logo) se règle dans "
                "Statuts & conseil › Association."
            )
        )
        later.setWordWrap(True)
        self.layout_.addWidget(later)

    def _journal(self) -> QGroupBox:
        box = QGroupBox(_("Journal des modifications"))
        layout = QVBoxLayout(box)
        self.journal_filter = QLineEdit()
        self.journal_filter.setPlaceholderText(_("Filtrer : nom d’utilisateur, table, champ, valeur…"))
        self.journal_filter.textChanged.connect(self._filter_journal)
        layout.addWidget(self.journal_filter)
        self.journal = RowsModel(
            [
                (_("Quand"), lambda e: e.moment.strftime("%d/%m/%Y %H:%M")),
                (_("Qui"), lambda e: e.user),
                (_("Action"), lambda e: e.action.label),
                (_("Fiche"), lambda e: f"{TABLE_LABELS.get(e.table, e.table)} n° {e.record_id}"),
                (_("Modifications"), lambda e: e.summary),
            ]
        )
        self.journal_view = table(self.journal, stretch=4)
        layout.addWidget(self.journal_view, 1)
        self.journal_lines: list = []
        return box

    def _filter_journal(self) -> None:
        words = search_key(self.journal_filter.text()).split()
        shown = [
            e
            for e in self.journal_lines
            if all(w in search_key(e.user, e.table, TABLE_LABELS.get(e.table), e.summary) for w in words)
        ]
        self.journal.set_rows(shown)

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
            self.journal_lines = []
            self._filter_journal()
            self.location.setText(_("aucune"))
            self.revision.setText("—")
            return
        self.journal_lines = entries(database, limit=2000)
        self._filter_journal()
        info = describe(database)
        self.location.setText(info.location)
        self.revision.setText(info.revision or "—")
