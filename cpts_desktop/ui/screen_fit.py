"""Every window within the screen it opens on.

Our users have 1366×768 laptops with a taskbar: a dialog sized for a big screen (a 900-pixel preview,
a long member card) would hide its « Enregistrer » below the taskbar. Windows are shrunk to the room
the screen leaves, title bar included, and moved inside it when they are shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

# A window's frame (title bar and borders) is known only once the window manager has drawn it:
# room is kept for the tallest common one.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40


def room(widget: QWidget) -> QSize:
    """The largest size the window's content can take on its screen, frame included."""
    screen = widget.screen() or QApplication.primaryScreen()
    available = screen.availableGeometry()
    return QSize(available.width() - FRAME_WIDTH, available.height() - FRAME_HEIGHT)


def fit(window: QWidget) -> None:
    """Shrink ``window`` to the room its screen leaves, then move it fully onto that screen."""
    limit = room(window)
    size = window.size().boundedTo(limit)
    if size != window.size():
        window.resize(size)
    screen = window.screen() or QApplication.primaryScreen()
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    moved = QRect(frame)
    moved.moveLeft(max(available.left(), min(frame.left(), available.right() - frame.width() + 1)))
    moved.moveTop(max(available.top(), min(frame.top(), available.bottom() - frame.height() - FRAME_HEIGHT + 1)))
    if moved.topLeft() != frame.topLeft():
        window.move(moved.topLeft())


class _FitOnShow(QObject):
    """Fits each top-level window as it is shown (dialogs, previews, wizards, the main window)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() in (Qt.Window, Qt.Dialog)
        ):
            # resized once the show is over: resizing inside its own Show event can crash Qt
            QTimer.singleShot(0, watched, lambda: fit(watched))
        return False


_filter: _FitOnShow | None = None


def install() -> None:
    """Fit every window of the application from now on (once per application)."""
    global _filter
    app = QApplication.instance()
    if _filter is None and app is not None:
        _filter = _FitOnShow(app)
        app.installEventFilter(_filter)
