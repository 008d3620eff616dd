"""Tableau de bord: who the association is and the state of its register at a glance; on a new base,
the first steps in the order they are taken, each a button to where it is done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.territory import aci_taille
from cpts_desktop.i18n import _, format_number, plural
from cpts_desktop.services.overview import Dashboard, Overview, dashboard
from cpts_desktop.ui import sections
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import WARNING_STYLE

if TYPE_CHECKING:
    from cpts_desktop.store.engine import Database
    from cpts_desktop.ui.main_window import MainWindow


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


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    to_do: str


STEPS = (
    Step("identity", _("Identité de l’association"), _("nom, siège, RNA : l’en-tête de tous vos documents")),
    Step("territory", _("Territoire : les communes"), _("leur population donne la taille ACI de la CPTS")),
    Step("register", _("Importer le registre des adhérents"), _("votre fichier Excel ou CSV, vérifié ligne à ligne")),
    Step("fees", _("Barème des cotisations"), _("le montant de l’année par catégorie d’adhérent")),
)


class StepsBox(QGroupBox):
    """The first steps, numbered in order, each ticked once done; the next one to take is the default."""

    requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Premiers pas"), parent)
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.states: dict[str, QLabel] = {}
        for row, step in enumerate(STEPS):
            button = QPushButton()
            button.setMinimumWidth(300)
            button.setStyleSheet("text-align: left; padding: 6px 12px;")
            on(button.clicked, lambda key=step.key: self.requested.emit(key))
            state = QLabel()
            state.setWordWrap(True)
            grid.addWidget(button, row, 0)
            grid.addWidget(state, row, 1)
            self.buttons[step.key], self.states[step.key] = button, state

    def show_steps(self, done: dict[str, bool]) -> None:
        following = next((step.key for step in STEPS if not done[step.key]), None)
        for number, step in enumerate(STEPS, start=1):
            finished = done[step.key]
            button = self.buttons[step.key]
            button.setText(f"{'✓' if finished else '  '}  {number}. {step.title}")
            button.setDefault(step.key == following)
            font = button.font()
            font.setBold(step.key == following)
            button.setFont(font)
            self.states[step.key].setText(_("Fait.") if finished else step.to_do)
            self.states[step.key].setEnabled(not finished)


class DashboardPage(Page):
    title = sections.DASHBOARD
    demo_requested = Signal()
    open_requested = Signal()
    new_requested = Signal()
    step_requested = Signal(str)  # a key of STEPS: the window goes where that step is done

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.PlainText)
        font = self.subtitle.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.subtitle.setFont(font)
        self.layout_.addWidget(self.subtitle)

        self.steps = StepsBox()
        self.steps.requested.connect(self.step_requested.emit)
        self.layout_.addWidget(self.steps)

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
        self.alerts.setStyleSheet(WARNING_STYLE)
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
        if database is not None:
            self.show_dashboard(dashboard(database))
            return
        self.show_alerts([])
        self.steps.hide()
        self._show_empty(_("Aucune base n’est ouverte. Ouvrez une base existante ou créez-en une nouvelle."))
        self.demo_button.hide()

    def show_dashboard(self, data: Dashboard) -> None:
        """The figures and alerts of a base, read from the open base or, at start-up, before it is open
        (``MainWindow.preview``)."""
        self.show_alerts(data.alerts)
        self.show_overview(data.overview)

    def show_alerts(self, messages: list[str]) -> None:
        self.alerts.setText(_("À surveiller :") + "\n" + "\n".join("⚠ " + m for m in messages) if messages else "")
        self.alerts.setVisible(bool(messages))

    def show_overview(self, data: Overview) -> None:
        self.steps.show_steps(data.steps)
        self.steps.setVisible(not data.set_up)
        if data.association is None and data.members_total == 0:
            self._show_empty(
                _(
                    "Cette base est vide. Suivez les premiers pas ci-dessous dans l’ordre ; pour découvrir "
                    "l’application sans rien saisir, chargez plutôt une CPTS fictive de démonstration."
                )
            )
            self.demo_button.show()
            return
        self.subtitle.setText(data.association or _("Association sans nom"))
        self._show_members(data)
        self._show_cotisations(data)
        self._show_territory(data)
        self.colleges.show_figure(
            format_number(data.colleges), plural(data.colleges, _("collège d’adhérents"), _("collèges d’adhérents"))
        )
        self.cards_box.show()
        self.empty_box.hide()

    def _show_members(self, data: Overview) -> None:
        if data.members_total == 0:
            self.members.show_figure("0", _("Aucun adhérent : importez le registre ou ajoutez-les dans Adhérents."))
            return
        self.members.show_figure(
            format_number(data.active_members),
            plural(data.active_persons, _("{count} professionnel de santé"), _("{count} professionnels de santé"))
            + ", "
            + plural(data.active_structures, _("{count} structure"), _("{count} structures")),
        )

    def _show_cotisations(self, data: Overview) -> None:
        self.cotisations.caption.setText(_("Cotisations {year}").format(year=data.year))
        if not data.has_fees:
            self.cotisations.show_figure("—", _("Barème {year} à saisir (Adhérents › Barème…).").format(year=data.year))
            return
        if data.active_members == 0:
            self.cotisations.show_figure("—", _("Aucun adhérent actif pour l’instant."))
            return
        due = data.active_members - data.paid_this_year
        self.cotisations.show_figure(
            _("{paid} à jour").format(paid=format_number(data.paid_this_year)),
            plural(
                due,
                _("{count} adhérent actif n’a pas encore réglé sa cotisation"),
                _("{count} adhérents actifs n’ont pas encore réglé leur cotisation"),
            )
            if due
            else _("Tous les adhérents actifs sont à jour"),
        )

    def _show_territory(self, data: Overview) -> None:
        if data.communes == 0:
            self.territory.show_figure(
                _("Aucune commune"), _("Ajoutez les communes du territoire : leur population donne la taille ACI.")
            )
            return
        self.territory.show_figure(
            plural(data.communes, _("{count} commune"), _("{count} communes")),
            plural(data.population, _("{count} habitant"), _("{count} habitants"))
            + _(" – CPTS de taille ACI {taille}").format(taille=aci_taille(data.population).number),
        )

    def _show_empty(self, message: str) -> None:
        self.subtitle.setText(message)
        self.cards_box.hide()
        self.empty_box.show()


def take_step(window: MainWindow, key: str) -> None:
    """Go where the first-start step ``key`` is done: a tab of Statuts & conseil, or a dialog of Adhérents."""
    governance, members = window.governance_page, window.members_page
    if key in ("identity", "territory"):
        window.navigation.setCurrentRow(sections.ORDER.index(sections.GOVERNANCE))
        if key == "identity":
            governance.show_identity()
        else:
            governance.show_territory()
        return
    window.navigation.setCurrentRow(sections.ORDER.index(sections.MEMBERS))
    if key == "register":
        members.import_file()
    else:
        members.edit_fees()
