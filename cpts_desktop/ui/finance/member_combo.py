"""A member chooser that stays quick on a large register: an editable combo with completion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.i18n import _


def member_combo(choices: list[tuple[int, str]], current: int | None = None, optional: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.NoInsert)
    if optional:
        combo.addItem("", None)
    for member_id, name in choices:
        combo.addItem(name, member_id)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchContains)
    completer.setCompletionMode(QCompleter.PopupCompletion)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    return combo


def read_member(combo: QComboBox, optional: bool = False) -> int | None:
    index = combo.findText(combo.currentText())
    member_id = combo.itemData(index) if index >= 0 else None
    if member_id is None and not (optional and not combo.currentText().strip()):
        raise ValidationError("member", _("Adhérent : choisissez un nom de la liste."))
    return member_id
