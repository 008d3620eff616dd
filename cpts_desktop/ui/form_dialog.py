"""A small dialog of labelled fields whose « Enregistrer » calls back and shows the French error
under the form instead of closing (communes, collèges, mandates, dates)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _
from cpts_desktop.ui.styles import ERROR_STYLE, WARNING_STYLE


class FormDialog(QDialog):
    def __init__(
        self, title: str, rows: list[tuple[str, QWidget]], on_save: Callable[[], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on_save = on_save
        self.result_value: object = None
        form = QFormLayout(self)
        for label, widget in rows:
            form.addRow(label, widget)
            _on_edit(widget, self._forget_error)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        form.addRow(self.note)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(_("Enregistrer"))
        buttons.button(QDialogButtonBox.Cancel).setText(_("Annuler"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def set_note(self, text: str, warning: bool = False) -> None:
        """A line under the fields that informs without refusing (« convocations à envoyer au plus tard… »)."""
        self.note.setText(text)
        self.note.setStyleSheet(f"{WARNING_STYLE} font-weight: bold;" if warning else "color: #555555;")
        self.note.setVisible(bool(text))
        self._grow_to_content()

    def _grow_to_content(self) -> None:
        """A line shown once the dialog is open would overlap the fields: the dialog grows to hold it."""
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        needed = max(needed, layout.totalMinimumSize().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _forget_error(self) -> None:
        """A refusal speaks of what was entered: once the user corrects a field, it no longer applies."""
        self.error.clear()

    def save(self) -> bool:
        try:
            self.result_value = self.on_save()
        except CptsError as error:
            self.error.setText(error.message)
            self._grow_to_content()
            return False
        self.accept()
        return True


def _on_edit(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever the user changes ``widget``'s value, whatever kind of field it is."""
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(lambda _text: slot())
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _index: slot())
    elif isinstance(widget, QDateTimeEdit):  # QDateEdit included
        widget.dateTimeChanged.connect(lambda _moment: slot())
    elif isinstance(widget, QSpinBox | QDoubleSpinBox):
        widget.valueChanged.connect(lambda _value: slot())
    elif isinstance(widget, QAbstractItemView) and widget.selectionModel() is not None:
        widget.selectionModel().selectionChanged.connect(lambda *_args: slot())
