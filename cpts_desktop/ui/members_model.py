"""The members table: a Qt model over the rows one query returned, filtered and sorted in Python on
precomputed keys so that each keystroke stays well under the frame budget with 100,000 members.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from cpts_desktop.domain.enums import MemberStatus
from cpts_desktop.domain.text import search_key
from cpts_desktop.services.members import MemberRow
from cpts_desktop.ui.styles import ERROR_COLOUR

COLUMNS = ("Nom", "Prénom", "Profession", "Commune", "Collège", "Statut", "Cotisation")
ANY = None
DUE_COLOUR = QColor(ERROR_COLOUR)
# The roles as plain integers: comparing the int Qt passes with an enum member costs more per call.
DISPLAY, FOREGROUND, USER = int(Qt.DisplayRole), int(Qt.ForegroundRole), int(Qt.UserRole)
ROLES_SHOWN = frozenset((DISPLAY, FOREGROUND, USER))


@dataclass(frozen=True)
class MemberFilter:
    text: str = ""
    profession: str | None = ANY
    college: str | None = ANY
    commune: str | None = ANY
    status: MemberStatus | None = ANY
    unpaid_only: bool = False


class MembersModel(QAbstractTableModel):
    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year
        self.rows: list[MemberRow] = []
        self._keys: list[str] = []  # each row's search text, out of its tuple: the scan's inner loop
        self.visible: list[int] = []
        self.filter = MemberFilter()
        # The rows the last search text matched: typing one more letter only narrows them.
        self._text_key = ""
        self._text_matches: list[int] = []
        self.sort_column = 0
        self.sort_order = Qt.AscendingOrder

    # ----- data
    def set_rows(self, rows: list[MemberRow]) -> None:
        self.rows = rows
        self._keys = [row.search for row in rows]
        self._text_key = ""
        self._text_matches = []
        self._refilter()

    def set_filter(self, spec: MemberFilter) -> None:
        self.filter = spec
        self._refilter()

    def _refilter(self) -> None:
        spec = self.filter
        text_key = search_key(spec.text)
        words = text_key.split()
        indices = range(len(self.rows))
        rows = self.rows
        if words:
            # A longer text matches a subset of what its beginning matched: search only those rows.
            if self._text_key and text_key.startswith(self._text_key):
                indices = self._text_matches
            keys = self._keys
            for word in words:  # one plain scan per word, each on what the previous one kept
                indices = [i for i in indices if word in keys[i]]
            self._text_key, self._text_matches = text_key, indices
        if spec.profession is not ANY:
            indices = [i for i in indices if rows[i].profession == spec.profession]
        if spec.college is not ANY:
            indices = [i for i in indices if rows[i].college == spec.college]
        if spec.commune is not ANY:
            indices = [i for i in indices if rows[i].commune == spec.commune]
        if spec.status is not ANY:
            indices = [i for i in indices if rows[i].statut is spec.status]
        if spec.unpaid_only:
            indices = [i for i in indices if rows[i].statut is MemberStatus.ACTIVE and not rows[i].up_to_date]
        self.beginResetModel()
        self.visible = self._sorted(list(indices), ascending_already=True)
        self.endResetModel()

    def _key(self, row: MemberRow, column: int) -> object:
        if column == 5:
            return row.statut.label
        if column == 6:
            return row.up_to_date
        return search_key(self._text(row, column))

    def _sorted(self, indices: list[int], *, ascending_already: bool) -> list[int]:
        """Rows arrive sorted by name (accent-free): only other columns need a real sort."""
        if self.sort_column == 0:
            ordered = indices if ascending_already else sorted(indices)
        else:
            ordered = sorted(indices, key=lambda i: self._key(self.rows[i], self.sort_column))
        return ordered[::-1] if self.sort_order == Qt.DescendingOrder else ordered

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.beginResetModel()
        self.visible = self._sorted(self.visible, ascending_already=False)
        self.endResetModel()

    # ----- Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> object:  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return COLUMNS[section] if section < 6 else f"Cotisation {self.year}"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> object:
        """Called for every role of every cell painted: the roles not used return before any work."""
        if role not in ROLES_SHOWN or not index.isValid():
            return None
        row = self.rows[self.visible[index.row()]]
        if role == DISPLAY:
            return self._text(row, index.column())
        if role == USER:
            return row.id
        late = index.column() == 6 and row.statut is MemberStatus.ACTIVE and not row.up_to_date
        return DUE_COLOUR if late else None

    @staticmethod
    def _text(row: MemberRow, column: int) -> str:
        if column == 6:
            if row.statut is not MemberStatus.ACTIVE:
                return "—"
            return "à jour" if row.up_to_date else "due"
        return (row.nom, row.prenom, row.profession, row.commune, row.college, row.statut.label)[column]

    def member_id(self, row: int) -> int:
        return self.rows[self.visible[row]].id

    def visible_ids(self) -> list[int]:
        return [self.rows[i].id for i in self.visible]

    @property
    def total(self) -> int:
        return len(self.rows)
