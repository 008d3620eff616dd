"""A read-only table model over a list of rows and column functions, shared by the short lists
(payments, communes, collèges, mandates, statutes versions, statistics, rejected rows). The members
list, which must stay fluid at 100,000 rows, has its own model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

# Roles as plain integers: the view asks about every role of every visible cell, and comparing an
# integer with a Qt enum member goes through Python's enum machinery each time.
DISPLAY, TOOLTIP, ALIGNMENT = int(Qt.DisplayRole), int(Qt.ToolTipRole), int(Qt.TextAlignmentRole)
RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], object]]], numeric: Sequence[int] = ()) -> None:
        super().__init__()
        self.columns = list(columns)
        self.numeric = set(numeric)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row(self, index: int) -> Any:
        return self.rows[index]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> object:  # noqa: N802
        return self.columns[section][0] if role == Qt.DisplayRole and orientation == Qt.Horizontal else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> object:
        if role in (DISPLAY, TOOLTIP):  # the tooltip shows a text the column cuts
            if not index.isValid():
                return None
            value = self.columns[index.column()][1](self.rows[index.row()])
            return "" if value is None else str(value)
        if role == ALIGNMENT and index.isValid() and index.column() in self.numeric:
            return RIGHT
        return None
