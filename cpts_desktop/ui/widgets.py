"""Small building blocks shared by the pages: a list view, a row of buttons, the selected row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QWidget

from cpts_desktop.ui.flow_layout import FlowLayout
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.table_model import RowsModel


def table(model: RowsModel, stretch: int = 1) -> QTableView:
    """Columns fitted to their content, the ``stretch`` one taking the remaining width."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectRows)
    view.setSelectionMode(QTableView.SingleSelection)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.Stretch)
    return view


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
