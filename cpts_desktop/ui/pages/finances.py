"""Financements: the year at a glance, the grants, the ACI contract, the projet de santé's actions and
the professionals' indemnities."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cpts_desktop.i18n import _
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections
from cpts_desktop.ui.finance.aci_tab import AciTab
from cpts_desktop.ui.finance.actions_tab import ActionsTab
from cpts_desktop.ui.finance.grants_tab import GrantsTab
from cpts_desktop.ui.finance.indemnities_tab import IndemnitiesTab
from cpts_desktop.ui.finance.overview_tab import OverviewTab
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.widgets import tab_widget


class FinancesPage(Page):
    """A grant's change is shown at once in the other tabs (the treasurer reads the overview next); any
    other tab's write reaches them when the window re-reads the section, once the writing is over."""

    title = sections.FINANCES
    reads = frozenset(
        {
            *(
                "funders",
                "grants",
                "grant_documents",
                "installments",
                "grant_disbursements",
                "expenses",
                "budget_lines",
            ),
            *("obligations", "financial_reports", "financial_report_lines", "health_actions", "action_grants"),
            *("aci_accords", "aci_amounts", "aci_years", "aci_year_missions", "aci_indicators"),
            *("indemnity_rates", "time_entries", "remunerations", "members", "communes"),
        }
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview = OverviewTab()
        self.grants = GrantsTab()
        self.aci = AciTab()
        self.actions = ActionsTab()
        self.indemnities = IndemnitiesTab()
        self.tabs = tab_widget()
        for tab, label in (
            (self.overview, _("Vue d’ensemble")),
            (self.grants, _("Subventions")),
            (self.aci, _("Contrat ACI")),
            (self.actions, _("Projet de santé")),
            (self.indemnities, _("Indemnisation")),
        ):
            self.tabs.addTab(tab, label)
        self.layout_.addWidget(self.tabs, 1)
        self.grants.changed.connect(self._grants_changed)
        self.database: Database | None = None

    def set_database(self, database: Database | None) -> None:
        self.database = database
        for tab in (self.overview, self.grants, self.aci, self.actions, self.indemnities):
            tab.set_database(database)

    def _grants_changed(self) -> None:
        for tab in (self.overview, self.aci, self.actions, self.indemnities):
            tab.set_database(self.database)
