"""Columns that share a wide screen: on 1920 pixels the one stretched column would take a thousand of
them and leave the amounts huddled on the right. When the content fits with room to spare, the spare
width is shared by every column, the stretched one taking more; when it does not, the stretched column
gives way as before.

The content's widths are measured when the rows change, not at every resize: Qt reads every role of a
cell to measure it, and measuring a long list (the journal's 2,000 lines) at each resize or keystroke
made the window lag; a list out of view is measured when it comes into view. They are measured on the
rows shown and those around them (``SAMPLE_ROWS``), as Qt's own « fit to contents » does on a thousand."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

STRETCH_SHARES = 2
SAMPLE_ROWS = 200  # rows measured per column: the visible ones first, then their neighbours


class _Spread(QObject):
    def __init__(self, view: QTableView, stretch: int) -> None:
        super().__init__(view)
        self.view, self.stretch = view, stretch
        self.wanted: list[int] | None = None  # the content's width per column, None once the rows change
        header = view.horizontalHeader()
        header.setResizeContentsPrecision(SAMPLE_ROWS)
        header.setSectionResizeMode(QHeaderView.Fixed)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.refit)
        model.dataChanged.connect(self.refit)
        model.headerDataChanged.connect(self.refit)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Resize, QEvent.Show):
            self.fit()
        return False

    def refit(self, *_changed: object) -> None:
        """The rows changed: measure their content again, now if the list is in view, else once shown
        (a section re-read behind another, a tab not chosen, is measured when the user comes to it)."""
        self.wanted = None
        if self.view.isVisible():
            self.fit()

    def _measure(self) -> list[int]:
        header = self.view.horizontalHeader()
        if self.wanted is None or len(self.wanted) != header.count():
            self.wanted = [
                max(self.view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(header.count())
            ]
        return self.wanted

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        count = header.count()
        if not count:
            return
        wanted = self._measure()
        spare = self.view.viewport().width() - sum(wanted)
        header.setSectionResizeMode(QHeaderView.Fixed)
        if spare <= 0:
            # short of room: every column at its content's width, the stretched one takes what is left
            for column, width in enumerate(wanted):
                header.resizeSection(column, width)
            header.setSectionResizeMode(self.stretch, QHeaderView.Stretch)
            return
        # the stretched column (a title, a name: the text that grows) takes two shares, the others one
        share, rest = divmod(spare, count + STRETCH_SHARES - 1)
        for column, width in enumerate(wanted):
            extra = share * STRETCH_SHARES + rest if column == self.stretch else share
            header.resizeSection(column, width + extra)


def share_width(view: QTableView, stretch: int) -> None:
    """Let ``view``'s columns share spare width; ``stretch`` is the one that gives way when short."""
    _Spread(view, stretch)
