"""Recording a cotisation payment; the receipt number comes back in the confirmation.

A message shows under the form once the user has left the amount or the date, or clicked
« Enregistrer »: never on an untouched, empty field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from cpts_desktop.domain.enums import PaymentMethod
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.validators import clean_amount, clean_date
from cpts_desktop.i18n import _, format_date_short, format_money
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.services.members import list_rows
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.styles import ERROR_STYLE, WARNING_STYLE


class PaymentDialog(QDialog):
    saved = Signal(object)

    def __init__(self, database: Database, member_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.member_id = member_id
        self.setWindowTitle(_("Nouveau paiement de cotisation"))
        self.setMinimumWidth(480)  # the whole title in the window manager's title bar
        self.touched = False
        today = date.today()
        form = QFormLayout(self)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.note = QLabel()
        self.note.setStyleSheet(WARNING_STYLE)
        self.note.setWordWrap(True)
        self.amount = QLineEdit(self._remaining(today.year))
        self.day = QLineEdit(format_date_short(today))
        self.mode = QComboBox()
        for method in PaymentMethod:
            self.mode.addItem(method.label, method)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("n° de chèque, libellé du virement…"))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow(_("Exercice :"), self.year)
        form.addRow(_("Montant (€) :"), self.amount)
        form.addRow(_("Date :"), self.day)
        form.addRow(_("Mode :"), self.mode)
        form.addRow(_("Référence :"), self.reference)
        form.addRow(self.note)
        self.note.setVisible(bool(self.note.text()))
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Enregistrer"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Annuler"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for edit in (self.amount, self.day):
            edit.textChanged.connect(self.validate)
            edit.editingFinished.connect(self.touch)

    def touch(self) -> None:
        """The user left a field: its message may show from now on."""
        self.touched = True
        self.validate()

    def _remaining(self, year: int) -> str:
        """What is left to pay for ``year``; a member already up to date is said to be so (a second
        payment may be a gift or an error: the secretary decides)."""
        for row in list_rows(self.database, year, self.member_id):
            if row.due is None:
                continue
            if row.due > row.paid:
                return str(row.due - row.paid).replace(".", ",")
            if row.paid:
                self.note.setText(
                    _("Cotisation {year} déjà réglée ({paid}).").format(year=year, paid=format_money(row.paid))
                )
        return ""

    def validate(self) -> bool:
        try:
            for edit, label in ((self.amount, "Montant"), (self.day, "Date")):
                if not edit.text().strip():
                    raise ValidationError(label, f"{label} : obligatoire.")
            clean_amount(self.amount.text())
            clean_date(self.day.text(), "Date")
        except ValidationError as error:
            self._show_error(error.message if self.touched else "")
            return False
        self._show_error("")
        return True

    def _show_error(self, message: str) -> None:
        """The message under the fields; the dialog grows to a message on two lines instead of overlapping."""
        if message != self.error.text():
            self.error.setText(message)
            self.adjustSize()

    def save(self) -> bool:
        self.touched = True
        if not self.validate():
            return False
        try:
            line = add_payment(
                self.database,
                self.member_id,
                self.amount.text(),
                clean_date(self.day.text(), "Date"),
                enum_data(self.mode, PaymentMethod),
                self.reference.text(),
                self.year.value(),
            )
        except CptsError as error:
            show_error(self, error.message)
            return False
        self.saved.emit(line)
        self.accept()
        return True
