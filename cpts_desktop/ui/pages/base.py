"""What every section page offers the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from cpts_desktop.store.engine import Database


class Page(QWidget):
    """A section: a title, and content re-read from the database whenever it changes.

    ``reads``: the tables the section shows (None: any of them), so that a write elsewhere marks it
    stale only if it shows what was written. ``refreshes_itself``: after its own writes the section
    re-reads all it shows (keeping the row chosen); otherwise the window re-reads it after every write
    that touches what it shows."""

    title = ""
    status_message = Signal(str)  # a line for the window's status bar: « Agenda enregistré : … »
    reads: frozenset[str] | None = None
    refreshes_itself = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 20, 24, 20)
        self.layout_.setSpacing(12)
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        heading.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.layout_.addWidget(heading)

    def set_database(self, database: Database | None) -> None:
        """Show what ``database`` holds (None: no database is open)."""

    def shows_any(self, tables: frozenset[str]) -> bool:
        """Whether a write to ``tables`` changes what this section shows."""
        return self.reads is None or not self.reads.isdisjoint(tables)
