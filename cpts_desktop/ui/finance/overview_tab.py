"""The treasurer's view of the year: per funder awarded, received, spent and remaining, a chart of the
three, the justifications and payments overdue or due within 30 and 60 days, the report for the AG and
the export for the accountant."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cpts_desktop.i18n import _, format_date_short, format_money, plural
from cpts_desktop.services import finance_documents, grants
from cpts_desktop.services.grant_exports import export_grants
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.finance.fields import attempt
from cpts_desktop.ui.messages import show_info
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.styles import ERROR_COLOUR, WARNING_COLOUR
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, table

OVERDUE = QColor(ERROR_COLOUR)
SOON = QColor(WARNING_COLOUR)


class DeadlinesModel(RowsModel):
    """Overdue lines in red, those due within 30 days in orange."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> object:
        if role == Qt.ForegroundRole and index.isValid():
            days = self.rows[index.row()].days
            return QBrush(OVERDUE) if days < 0 else (QBrush(SOON) if days <= 30 else None)
        return super().data(index, role)


def _when(d: grants.Deadline) -> str:
    if d.overdue:
        return _("en retard de {n} j").format(n=-d.days)
    return _("aujourd’hui") if d.days == 0 else _("dans {n} j").format(n=d.days)


class OverviewTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        layout = QVBoxLayout(self)
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(self.reload)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Exercice :")))
        row.addWidget(self.year)
        row.addLayout(
            buttons(
                (_("Rapport du trésorier (PDF)"), self.print_report),
                (_("Exporter pour le comptable…"), self.export),
            ),
            1,
        )
        layout.addLayout(row)
        self.funders = RowsModel(
            [
                (_("Financeur"), lambda f: f.funder),
                (_("Accordé"), lambda f: format_money(f.awarded)),
                (_("Reçu"), lambda f: format_money(f.received)),
                (_("Dépensé"), lambda f: format_money(f.spent)),
                (_("Reste à recevoir"), lambda f: format_money(f.to_receive)),
                (_("Reste à dépenser"), lambda f: format_money(f.remaining)),
            ],
            numeric=(1, 2, 3, 4, 5),
        )
        # one above the other: side by side, six columns of amounts left the funders' names no room
        self.funders_view = table(self.funders, stretch=0)
        self.funders_view.setWordWrap(False)  # a long funder's name is cut with « … », one line per funder
        layout.addWidget(self.funders_view)
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        layout.addWidget(self.basis)
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.Antialiasing)
        self.chart.setMinimumHeight(240)
        layout.addWidget(self.chart, 2)
        self.deadlines_title = QLabel()
        layout.addWidget(self.deadlines_title)
        self.deadlines = DeadlinesModel(
            [
                (_("Échéance"), lambda d: format_date_short(d.due)),
                (_("Délai"), _when),
                (_("Objet"), lambda d: d.libelle),
                (_("Montant attendu"), lambda d: format_money(d.amount) if d.amount is not None else ""),
                (_("Subvention"), lambda d: d.grant),
            ],
            numeric=(3,),
        )
        layout.addWidget(table(self.deadlines, stretch=4), 1)

    def set_database(self, database: Database | None) -> None:
        self.database = database
        chosen = self.year.currentData() or date.today().year
        self.year.blockSignals(True)
        self.year.clear()
        for year in grants.exercices(database) if database else [date.today().year]:
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(chosen), 0))
        self.year.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        if self.database is None:
            self.funders.set_rows([])
            self.deadlines.set_rows([])
            return
        result = grants.summary(self.database, self.year.currentData())
        self.funders.set_rows([*result.funders, result.total] if result.funders else [])
        self._fit_funders()
        self.basis.setText(self._basis(result))
        found = grants.deadlines(self.database, 60)
        self.deadlines.set_rows(found)
        overdue = sum(d.overdue for d in found)
        within_30 = sum(0 <= d.days <= 30 for d in found)
        self.deadlines_title.setText(
            _("<b>Échéances</b> : {late} en retard, {soon} dans les 30 jours, {later} dans les 60 jours").format(
                late=overdue, soon=within_30, later=len(found) - overdue - within_30
            )
        )
        self._draw(result)

    @staticmethod
    def _basis(result: grants.Summary) -> str:
        """How the year's figures were counted, so no one reads a contract's total as the year's."""
        text = _(
            "Reçu et dépensé : à leur date, du 1er janvier au 31 décembre {year} ; restes : au 31 décembre {year}."
        ).format(year=result.year)
        if result.shared:
            text += " " + _("Accordé : la part de l’exercice des subventions pluriannuelles ({funders}).").format(
                funders=", ".join(result.shared)
            )
        return text

    def _fit_funders(self) -> None:
        """The funders' table as tall as its lines (up to eight): the chart gets the rest."""
        view = self.funders_view
        lines = max(min(self.funders.rowCount(), 8), 1) * view.verticalHeader().defaultSectionSize()
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + lines + 2 * view.frameWidth() + 2)

    def _draw(self, result: grants.Summary) -> None:
        chart = QChart()
        chart.setTitle(_("Accordé, reçu et dépensé en {year}").format(year=result.year))
        series = QBarSeries()
        figures = (_("Accordé"), "awarded"), (_("Reçu"), "received"), (_("Dépensé"), "spent")
        largest = max((getattr(f, attribute) for f in result.funders for _label, attribute in figures), default=0)
        # the axis cannot group digits: large amounts are drawn in thousands of euros
        unit, axis_title = (1000, _("k€")) if largest >= 10_000 else (1, _("€"))
        for label, attribute in figures:
            bars = QBarSet(label)
            for funder in result.funders:
                bars.append(float(getattr(funder, attribute)) / unit)  # display only: a bar's height
            series.append(bars)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([f.funder if len(f.funder) < 22 else f.funder[:20] + "…" for f in result.funders])
        chart.addAxis(axis_x, Qt.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%.0f")
        axis_y.setTitleText(axis_title)
        axis_y.setMin(0)
        chart.addAxis(axis_y, Qt.AlignLeft)
        series.attachAxis(axis_y)
        if result.funders:
            axis_y.applyNiceNumbers()
        chart.legend().setAlignment(Qt.AlignBottom)
        self.chart.setChart(chart)

    def print_report(self) -> None:
        from cpts_desktop.pdf.grants import grants_report_pdf

        if self.database is None:
            return
        year = self.year.currentData()
        report = finance_documents.grants_report(self.database, year)
        preview_document(self, f"rapport-subventions-{year}.pdf", lambda path: grants_report_pdf(report, path))

    def export(self) -> None:
        if self.database is None:
            return
        year = self.year.currentData()
        target, _filter = QFileDialog.getSaveFileName(
            self,
            _("Exporter les subventions"),
            str(Path.home() / f"subventions-{year}.xlsx"),
            _("Classeur Excel (*.xlsx);;Fichiers CSV (*.csv)"),
        )
        if not target:
            return
        written: list[Path] = []
        if attempt(self, lambda: written.extend(export_grants(self.database, Path(target), year))):
            saved = plural(len(written), _("Fichier enregistré :"), _("Fichiers enregistrés :"))
            show_info(self, saved + "\n" + "\n".join(map(str, written)))
