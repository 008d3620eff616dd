"""An honest page for a section not built yet: what it will do, and no fake data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from cpts_desktop.i18n import _
from cpts_desktop.ui.pages.base import Page


class PlaceholderPage(Page):
    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        self.title = title
        super().__init__(parent)
        soon = QLabel(_("Disponible prochainement"))
        soon.setObjectName("comingSoon")
        font = soon.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        soon.setFont(font)
        self.layout_.addWidget(soon)
        text = QLabel(description)
        text.setWordWrap(True)
        text.setTextFormat(Qt.PlainText)
        self.layout_.addWidget(text)
        self.layout_.addStretch(1)
