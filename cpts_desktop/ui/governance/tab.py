"""What the tabs of Statuts & conseil share: the base they show, and the signal that they wrote to it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from cpts_desktop.domain.validators import clean_date
from cpts_desktop.store.engine import Database


def optional_date(text: str, label: str) -> date | None:
    """An empty field is no date; anything else must be one."""
    return clean_date(text, label) if text.strip() else None


class GovernanceTab(QWidget):
    """A tab re-read from the base when the section is; ``changed`` after it wrote, so that the other
    tabs (a mandate counts in its collège) show the new state too."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.reload()

    def reload(self) -> None:
        """Show what the base holds."""

    def after_change(self) -> None:
        self.changed.emit()
