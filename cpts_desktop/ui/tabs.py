"""Tab bars whose labels keep the accent of a capital letter (« Échéancier », « État »).

Fusion draws a tab's label in a rectangle as tall as the font's ascent and clips it there, so the accent
of « É » is cut and the tab reads « Echéancier ». Drawing without the clip is enough: the tab itself has
room for the accent."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QProxyStyle, QTabWidget


class UnclippedText(QProxyStyle):
    def drawItemText(  # noqa: N802 - Qt override
        self,
        painter: QPainter,
        rect: QRect,
        flags: int,
        palette: QPalette,
        enabled: bool,
        text: str,
        role: QPalette.ColorRole = QPalette.NoRole,
    ) -> None:
        super().drawItemText(painter, rect, flags | Qt.TextDontClip, palette, enabled, text, role)


def accented_tabs(tabs: QTabWidget) -> QTabWidget:
    """``tabs`` with its labels drawn whole; returns it."""
    bar = tabs.tabBar()
    style = UnclippedText()
    style.setParent(bar)  # a widget does not own the style it is given
    bar.setStyle(style)
    return tabs
