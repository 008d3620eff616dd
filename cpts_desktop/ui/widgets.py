"""Small building blocks shared by the pages: a list view, a row of buttons, the selected row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableView

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


def buttons(*pairs: tuple[str, Callable[[], object]]) -> QHBoxLayout:
    row = QHBoxLayout()
    for text, slot in pairs:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row


def selected(view: QTableView, model: RowsModel) -> object | None:
    rows = view.selectionModel().selectedRows()
    return model.row(rows[0].row()) if rows else None
