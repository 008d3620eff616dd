"""What the tabs of Réunions share: the meeting they show, the signals that they wrote to it, and the
widgets an approved procès-verbal freezes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QTableView, QWidget

from cpts_desktop.i18n import _, format_date, plural
from cpts_desktop.services import meetings
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.flow_layout import FlowLayout
from cpts_desktop.ui.styles import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons

OK_STYLE = f"color: {OK_COLOUR}; font-weight: bold;"
KO_STYLE = f"color: {ERROR_COLOUR}; font-weight: bold;"
NOTE_STYLE = f"color: {WARNING_COLOUR}; font-weight: bold;"


def delay_text(delay: meetings.ConvocationDelay, today: date) -> tuple[str, bool]:
    """What the statutes' délai de convocation means for this meeting, and whether that day has passed."""
    text = _("Les statuts demandent {days} : convocations à envoyer au plus tard le {day}").format(
        days=plural(delay.days, _("{count} jour"), _("{count} jours")), day=format_date(delay.deadline)
    )
    if today > delay.deadline:
        return text + _(" — date déjà passée : la convocation sera tardive."), True
    return text + ".", False


def button_row(*pairs: tuple[str, Callable[[], object]]) -> tuple[FlowLayout, list[QPushButton]]:
    """``widgets.buttons`` and the buttons themselves, to enable or disable them."""
    row = buttons(*pairs)
    return row, [row.itemAt(index).widget() for index in range(row.count())]


def selected_rows(view: QTableView, model: RowsModel) -> list:
    return [model.row(index.row()) for index in sorted(view.selectionModel().selectedRows(), key=lambda i: i.row())]


class MeetingTab(QWidget):
    """A tab about the meeting chosen in the page's list. ``changed`` once it wrote to the meeting (the
    page re-reads it); ``listed`` when the meeting's state in the list changed too (tenue, convoquée,
    procès-verbal approuvé)."""

    changed = Signal()
    listed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.meeting_id: int | None = None
        self.editing: list[QWidget] = []  # what an approved procès-verbal disables

    def show_meeting(self, detail: meetings.MeetingDetail, everyone: list[meetings.Recipient]) -> None:
        """Show ``detail``; ``everyone`` is the members who may be convened, convened or not."""

    def clear(self) -> None:
        """No meeting chosen."""

    def lock(self, detail: meetings.MeetingDetail) -> None:
        """An approved procès-verbal freezes the meeting: its editing widgets are disabled."""
        for widget in self.editing:
            widget.setEnabled(not detail.locked)
