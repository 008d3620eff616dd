"""Tableau de bord: who the association is and the state of its register at a glance."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cpts_desktop.i18n import _, format_number
from cpts_desktop.services.overview import Overview, alerts, overview
from cpts_desktop.services.territory import aci_tier
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.signals import on


class Card(QFrame):
    """A figure with its caption and a detail line."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.caption = QLabel(caption)
        self.value = QLabel()
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        for label in (self.caption, self.value, self.detail):
            layout.addWidget(label)

    def show_figure(self, value: str, detail: str) -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class DashboardPage(Page):
    title = sections.DASHBOARD
    demo_requested = Signal()
    open_requested = Signal()
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.PlainText)
        font = self.subtitle.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.subtitle.setFont(font)
        self.layout_.addWidget(self.subtitle)

        self.cards_box = QWidget()
        grid = QGridLayout(self.cards_box)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setSpacing(12)
        self.members = Card(_("Adhérents actifs"))
        self.cotisations = Card(_("Cotisations"))
        self.territory = Card(_("Territoire"))
        self.colleges = Card(_("Collèges"))
        for index, card in enumerate((self.members, self.cotisations, self.territory, self.colleges)):
            grid.addWidget(card, index // 2, index % 2)
        self.layout_.addWidget(self.cards_box)
        self.alerts = QLabel()
        self.alerts.setWordWrap(True)
        self.alerts.setStyleSheet("color: #8a4b00;")
        self.layout_.addWidget(self.alerts)

        self.empty_box = QWidget()
        row = QHBoxLayout(self.empty_box)
        row.setContentsMargins(0, 8, 0, 0)
        self.demo_button = QPushButton(_("Charger la démonstration"))
        on(self.demo_button.clicked, self.demo_requested.emit)
        self.open_button = QPushButton(_("Ouvrir une base…"))
        on(self.open_button.clicked, self.open_requested.emit)
        self.new_button = QPushButton(_("Nouvelle base…"))
        on(self.new_button.clicked, self.new_requested.emit)
        for button in (self.demo_button, self.open_button, self.new_button):
            row.addWidget(button)
        row.addStretch(1)
        self.layout_.addWidget(self.empty_box)
        self.layout_.addStretch(1)
        self.set_database(None)

    def set_database(self, database: Database | None) -> None:
        self.show_alerts(alerts(database) if database is not None else [])
        if database is None:
            self._show_empty(_("Aucune base n’est ouverte. Ouvrez une base existante ou créez-en une nouvelle."))
            self.demo_button.hide()
            return
        self.show_overview(overview(database))

    def show_alerts(self, messages: list[str]) -> None:
        self.alerts.setText(_("À surveiller :") + "\n" + "\n".join("⚠ " + m for m in messages) if messages else "")
        self.alerts.setVisible(bool(messages))

    def show_overview(self, data: Overview) -> None:
        if data.association is None and data.active_members == 0:
            self._show_empty(
                _(
                    "Cette base est vide. Ajoutez vos adhérents ou importez votre fichier Excel dans la section "
                    "Adhérents ; pour découvrir l’application, chargez une CPTS fictive de démonstration."
                )
            )
            self.demo_button.show()
            return
        self.subtitle.setText(data.association or _("Association sans nom"))
        self.members.show_figure(
            format_number(data.active_members),
            _("{persons} professionnels de santé, {structures} structures").format(
                persons=format_number(data.active_persons), structures=format_number(data.active_structures)
            ),
        )
        self.cotisations.caption.setText(_("Cotisations {year}").format(year=data.year))
        due = data.active_members - data.paid_this_year
        self.cotisations.show_figure(
            _("{paid} à jour").format(paid=format_number(data.paid_this_year)),
            _("{due} adhérents actifs n’ont pas encore réglé leur cotisation").format(due=format_number(due))
            if due
            else _("Tous les adhérents actifs sont à jour"),
        )
        self.territory.show_figure(
            _("{count} communes").format(count=format_number(data.communes)),
            _("{population} habitants – CPTS de taille ACI {tier}").format(
                population=format_number(data.population), tier=aci_tier(data.population).number
            ),
        )
        self.colleges.show_figure(format_number(data.colleges), _("collèges d’adhérents"))
        self.cards_box.show()
        self.empty_box.hide()

    def _show_empty(self, message: str) -> None:
        self.subtitle.setText(message)
        self.cards_box.hide()
        self.empty_box.show()
