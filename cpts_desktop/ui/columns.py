"""Columns that share a wide screen: on 1920 pixels the one stretched column would take a thousand of
them and leave the amounts huddled on the right. When the content fits with room to spare, the spare
width is shared by every column, the stretched one taking more; when it does not, the stretched column
gives way as before."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

STRETCH_SHARES = 2


class _Spread(QObject):
    def __init__(self, view: QTableView, stretch: int) -> None:
        super().__init__(view)
        self.view, self.stretch = view, stretch
        view.viewport().installEventFilter(self)
        for signal in (view.model().modelReset, view.model().layoutChanged):
            signal.connect(self.fit)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        count = header.count()
        if not count:
            return
        wanted = [max(self.view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(count)]
        spare = self.view.viewport().width() - sum(wanted)
        if spare <= 0:
            header.setSectionResizeMode(QHeaderView.ResizeToContents)
            header.setSectionResizeMode(self.stretch, QHeaderView.Stretch)
            return
        header.setSectionResizeMode(QHeaderView.Fixed)
        # the stretched column (a title, a name: the text that grows) takes two shares, the others one
        share, rest = divmod(spare, count + STRETCH_SHARES - 1)
        for column, width in enumerate(wanted):
            extra = share * STRETCH_SHARES + rest if column == self.stretch else share
            header.resizeSection(column, width + extra)


def share_width(view: QTableView, stretch: int) -> None:
    """Let ``view``'s columns share spare width; ``stretch`` is the one that gives way when short."""
    _Spread(view, stretch)
