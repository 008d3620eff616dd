"""The ACI tab as a treasurer uses it: the crisis the ARS recognised makes the crises mission's variable
part due; the simulator gives the maximum of a date with the version it comes from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from cpts_desktop.domain.enums import AciMission
from cpts_desktop.services import aci
from tests.ui.conftest import open_section
from tests.ui.person import click, open_tab, type_text

FINANCES = 4


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_crisis_recognition_and_simulator_at_two_dates(qtbot, settings, demo_path: Path) -> None:
    window = open_section(qtbot, settings, demo_path, FINANCES)
    tab = open_tab(qtbot, window.finances_page.tabs, "Contrat ACI")
    year = tab.current_year()
    assert "aucune reconnue : 0 € dû" in _plain(tab.year_totals.text())

    def answer() -> None:
        form = QApplication.activeModalWidget()
        [day] = [e for e in form.findChildren(QLineEdit) if e.isVisible()]
        type_text(qtbot, day, "02/03/2026")
        click(qtbot, form, "Enregistrer")

    QTimer.singleShot(0, answer)
    click(qtbot, tab, "Crise reconnue par l’ARS…")
    assert "crise reconnue par l’ARS le 2 mars 2026" in tab.year_totals.text()
    [saved] = aci.contract_years(tab.database, year_id=year.id)
    crises = next(m for m in saved.missions if m.mission is AciMission.CRISES)
    assert crises.condition_met_on == date(2026, 3, 2) and crises.variable_earned > Decimal(0)

    open_tab(qtbot, tab.tabs, "Simulateur")
    tab.sim_date.setDate(QDate(2020, 1, 1))
    shown = _plain(tab.sim_result.text())
    assert "Accord 2019" in shown and "25 août 2019" in shown and "Source :" in shown
    tab.sim_date.setDate(QDate(2024, 1, 1))
    shown = _plain(tab.sim_result.text())
    assert "Avenant 2" in shown and "signé leur contrat avant le 31 décembre 2021" in shown
    assert "lettre d’intention" in shown and "seulement si l’ARS reconnaît une crise" in shown
    qtbot.mouseClick(tab.sim_signed, Qt.LeftButton)
    tab.sim_signed_on.setDate(QDate(2023, 5, 1))
    assert "Accord 2019" in tab.sim_result.text() and "Attention" in tab.sim_result.text()
    open_tab(qtbot, tab.tabs, "Barème")
    assert "Statut :" in tab.amounts_total.text()
