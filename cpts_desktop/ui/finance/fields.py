"""Form fields of the treasurer's dialogs: amounts and dates typed the French way, read back with the
same validators as the CLI, so « 15 000,50 » and « 31/12/2026 » work everywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum

from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QWidget

from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.validators import clean_amount, clean_date
from cpts_desktop.i18n import _, format_date_short, format_number
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.messages import show_error


def money_field(value: Decimal | None = None) -> QLineEdit:
    edit = QLineEdit(format_number(value, 2) if value is not None else "")
    edit.setPlaceholderText(_("ex. 15 000,00"))
    return edit


def date_field(value: date | None = None) -> QLineEdit:
    edit = QLineEdit(format_date_short(value) if value else "")
    edit.setPlaceholderText(_("jj/mm/aaaa"))
    return edit


def read_amount(edit: QLineEdit, label: str, optional: bool = False) -> Decimal | None:
    text = edit.text().strip()
    if not text:
        if optional:
            return None
        raise ValidationError(label, f"{label} : obligatoire.")
    return clean_amount(text, label)


def read_date(edit: QLineEdit, label: str, optional: bool = False) -> date | None:
    text = edit.text().strip()
    if not text:
        if optional:
            return None
        raise ValidationError(label, f"{label} : obligatoire.")
    return clean_date(text, label)


def enum_combo(kind: type[Enum], current: Enum | None = None) -> QComboBox:
    combo = QComboBox()
    for member in kind:
        combo.addItem(member.label, member.value)  # type: ignore[attr-defined]
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.value))
    return combo


def read_enum(combo: QComboBox, kind: type[Enum]) -> Enum:
    value = enum_data(combo, kind)
    assert value is not None, "every finance combo has a choice"
    return value


def attempt(parent: QWidget, action: Callable[[], object]) -> bool:
    """Run a change; a refusal is shown in French and nothing else happens."""
    try:
        action()
    except CptsError as error:
        show_error(parent, error.message)
        return False
    return True


def confirm(parent: QWidget, question: str) -> bool:
    """Yes or no; « Non » is the default, so Entrée never deletes or forces anything by accident."""
    answer = QMessageBox.question(parent, _("Confirmation"), question, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes
