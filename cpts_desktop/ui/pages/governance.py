"""Statuts & conseil: identity of the association, territory, collèges, board and statutes, one tab
each (cpts_desktop.ui.governance)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cpts_desktop.i18n import _
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections
from cpts_desktop.ui.governance.board_tab import BoardTab
from cpts_desktop.ui.governance.colleges_tab import CollegesTab
from cpts_desktop.ui.governance.coverage_tab import CoverageTab
from cpts_desktop.ui.governance.declarations_tab import DeclarationsTab
from cpts_desktop.ui.governance.identity_tab import IdentityTab
from cpts_desktop.ui.governance.statutes_tab import StatutesTab
from cpts_desktop.ui.governance.tab import GovernanceTab
from cpts_desktop.ui.governance.territory_tab import TerritoryTab
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.widgets import tab_widget


class GovernancePage(Page):
    title = sections.GOVERNANCE
    reads = frozenset(
        {
            *("association", "communes", "colleges", "mandates", "statutes_versions", "statutes_articles"),
            *("prefecture_declarations", "prefecture_declaration_changes"),
            *("members", "professions", "professionals", "professional_oppositions"),
        }
    )
    refreshes_itself = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.identity_tab = IdentityTab()
        self.territory_tab = TerritoryTab()
        self.colleges_tab = CollegesTab()
        self.board_tab = BoardTab()
        self.statutes_tab = StatutesTab()
        self.declarations_tab = DeclarationsTab()
        self.coverage_tab = CoverageTab()
        self.tabs = tab_widget()
        for tab, label in self._labelled_tabs():
            self.tabs.addTab(tab, label)
            tab.changed.connect(self.after_change)
        self.layout_.addWidget(self.tabs, 1)

    def _labelled_tabs(self) -> tuple[tuple[GovernanceTab, str], ...]:
        return (
            (self.identity_tab, _("Association")),
            (self.territory_tab, _("Territoire")),
            (self.colleges_tab, _("Collèges")),
            (self.board_tab, _("Conseil et bureau")),
            (self.statutes_tab, _("Statuts")),
            (self.declarations_tab, _("Déclarations")),
            (self.coverage_tab, _("Couverture")),
        )

    def show_identity(self) -> None:
        """Open the identity form on its first field (the dashboard's first step)."""
        self.tabs.setCurrentWidget(self.identity_tab)
        self.identity_tab.identity["nom"].setFocus()

    def show_territory(self) -> None:
        self.tabs.setCurrentWidget(self.territory_tab)

    def after_change(self) -> None:
        """A tab wrote: every tab is re-read (a mandate counts in its collège); the window learns what
        was written from the base itself and marks the other sections."""
        self.reload()

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.setEnabled(database is not None)
        self.reload()

    def reload(self) -> None:
        for tab, _label in self._labelled_tabs():
            tab.set_database(self.database)
