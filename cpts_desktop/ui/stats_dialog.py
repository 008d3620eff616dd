"""Statistics of the register: one tab per breakdown, each with its table and a bar chart."""

from __future__ import annotations

import math

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.i18n import _, format_money, format_number, plural
from cpts_desktop.services.stats import Count, statistics
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import tab_widget

CHART_LIMIT = 15


def _tick_step(top: int) -> int:
    """1, 2, 5, 10, 20, 50…: the smallest round step that puts at most eight ticks up to ``top``."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if top / step <= 8:
                return step
        scale *= 10


def _chart(counts: list[Count]) -> QChartView:
    shown = list(reversed(counts[:CHART_LIMIT]))  # largest at the top
    bars = QBarSet(_("Adhérents"))
    bars.append([c.count for c in shown])
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    chart = QChart()
    chart.addSeries(series)
    chart.legend().hide()
    axis_y = QBarCategoryAxis()
    axis_y.append([c.label for c in shown])
    chart.addAxis(axis_y, Qt.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = QValueAxis()
    axis_x.setLabelFormat("%d")
    top = math.ceil(max([c.count for c in shown] + [1]) * 1.15)
    step = _tick_step(top)
    axis_x.setRange(0, math.ceil(top / step) * step)
    axis_x.setTickType(QValueAxis.TicksDynamic)  # whole numbers of members only: no « 0 0 0 1 »
    axis_x.setTickAnchor(0)
    axis_x.setTickInterval(step)
    chart.addAxis(axis_x, Qt.AlignBottom)
    series.attachAxis(axis_x)
    view = QChartView(chart)
    view.setRenderHint(QPainter.Antialiasing)
    return view


class StatsDialog(QDialog):
    def __init__(self, database: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Statistiques des adhérents"))
        self.resize(980, 640)
        self.stats = statistics(database, year)
        layout = QVBoxLayout(self)
        cot = self.stats.cotisations
        summary = QLabel(
            _(
                "{total} dont {active}. Cotisations {year} : {received} reçus sur {expected} attendus ; "
                "{paid} sur {due}."
            ).format(
                total=plural(self.stats.members_total, _("{count} adhérent"), _("{count} adhérents")),
                active=plural(self.stats.active_total, _("{count} actif"), _("{count} actifs")),
                year=cot.year,
                received=format_money(cot.received),
                expected=format_money(cot.expected),
                paid=plural(
                    cot.members_up_to_date, _("{count} adhérent actif à jour"), _("{count} adhérents actifs à jour")
                ),
                due=format_number(cot.members_due),
            )
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.tabs = tab_widget()
        for title, header, counts in (
            (_("Professions"), _("Profession"), self.stats.by_profession),
            (_("Catégories"), _("Catégorie de profession"), self.stats.by_category),
            (_("Structures"), _("Type de structure"), self.stats.by_structure_type),
            (_("Collèges"), _("Collège"), self.stats.by_college),
            (_("Communes"), _("Commune"), self.stats.by_commune),
            (_("Modes d’exercice"), _("Mode d’exercice"), self.stats.by_practice_mode),
            (_("Statuts"), _("Statut"), self.stats.by_status),
        ):
            self.tabs.addTab(self._tab(counts, header), title)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(_("Fermer"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _tab(self, counts: list[Count], header: str) -> QWidget:
        splitter = QSplitter()
        table = QTableView()
        model = RowsModel([(header, lambda c: c.label), (_("Nombre"), lambda c: format_number(c.count))], numeric=(1,))
        model.set_rows(counts)
        table.setModel(model)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        splitter.addWidget(table)
        splitter.addWidget(_chart(counts))
        splitter.setSizes([360, 600])
        return splitter
