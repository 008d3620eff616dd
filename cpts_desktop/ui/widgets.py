"""Small building blocks shared by the pages: a list view, a row of buttons, the selected row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QTabWidget, QWidget

from cpts_desktop.ui.columns import share_width
from cpts_desktop.ui.flow_layout import FlowLayout
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.tabs import accented_tabs


def table(model: RowsModel, stretch: int = 1) -> QTableView:
    """Columns fitted to their content; on a wide screen they share the spare width, on a narrow one
    the ``stretch`` column gives way."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectRows)
    view.setSelectionMode(QTableView.SingleSelection)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.Stretch)
    share_width(view, stretch)
    return view


def tab_widget() -> QTabWidget:
    """Tabs whose labels keep the accent of a capital letter (« Échéancier »)."""
    return accented_tabs(QTabWidget())


def buttons(*pairs: tuple[str, Callable[[], object]]) -> FlowLayout:
    """A row of buttons that wraps onto a second line rather than cutting their labels."""
    row = FlowLayout()
    for text, slot in pairs:
        button = QPushButton(text)
        on(button.clicked, slot)
        row.addWidget(button)
    return row


def labelled(label: str, field: QWidget) -> QWidget:
    """A label and its field as one piece, which a wrapping row of buttons never separates."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel(label))
    row.addWidget(field)
    return box


def selected(view: QTableView, model: RowsModel) -> object | None:
    rows = view.selectionModel().selectedRows()
    return model.row(rows[0].row()) if rows else None
