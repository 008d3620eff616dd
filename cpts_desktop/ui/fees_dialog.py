"""Barème des cotisations of an exercice: one amount per category, categories added at will."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _
from cpts_desktop.services.cotisations import DEFAULT_CATEGORIES, fees, set_fee
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.signals import on


class FeesDialog(QDialog):
    changed = Signal()

    def __init__(self, database: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(_("Barème des cotisations"))
        self.resize(460, 320)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Exercice :")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.valueChanged.connect(self.load)
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)
        self.box = QGroupBox(_("Montant par catégorie (€)"))
        self.form = QFormLayout(self.box)
        layout.addWidget(self.box)
        add_row = QHBoxLayout()
        self.new_category = QLineEdit()
        self.new_category.setPlaceholderText(_("Nouvelle catégorie, ex. « Étudiant ou retraité »"))
        add = QPushButton(_("Ajouter"))
        on(add.clicked, self.add_category)
        add_row.addWidget(self.new_category, 1)
        add_row.addWidget(add)
        layout.addLayout(add_row)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Save).setText(_("Enregistrer"))
        buttons.button(QDialogButtonBox.Close).setText(_("Fermer"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.edits: dict[str, QLineEdit] = {}
        self.load()

    def load(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits = {}
        lines = fees(self.database, self.year.value())
        amounts = {line.categorie: str(line.montant).replace(".", ",") for line in lines}
        for category in amounts or dict.fromkeys(DEFAULT_CATEGORIES, ""):
            self._add_edit(category, amounts.get(category, ""))

    def _add_edit(self, category: str, amount: str) -> None:
        edit = QLineEdit(amount)
        edit.setPlaceholderText(_("montant"))
        self.edits[category] = edit
        self.form.addRow(category + " :", edit)

    def add_category(self) -> None:
        name = " ".join(self.new_category.text().split())
        if name and name not in self.edits:
            self._add_edit(name, "")
            self.new_category.clear()

    def save(self) -> bool:
        try:
            for category, edit in self.edits.items():
                if edit.text().strip():
                    set_fee(self.database, self.year.value(), edit.text(), category)
        except CptsError as error:
            show_error(self, error.message)
            return False
        self.changed.emit()
        self.accept()
        return True
