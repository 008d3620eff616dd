"""Enums in combo boxes: Qt hands a StrEnum back as a plain str, so the value is turned back here."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from PySide6.QtWidgets import QComboBox

E = TypeVar("E", bound=Enum)


def enum_data(combo: QComboBox, kind: type[E]) -> E | None:
    data = combo.currentData()
    return None if data is None else kind(data)
