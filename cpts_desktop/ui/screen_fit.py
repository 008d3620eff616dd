"""Every window within the screen it opens on.

Our users have 1366×768 laptops with a taskbar: a dialog sized for a big screen (a 900-pixel preview,
a long member card) would hide its « Enregistrer » below the taskbar. Windows are shrunk to the room
the screen leaves, title bar included, and moved inside it when they are shown.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
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


def shrink(window: QWidget) -> None:
    """Shrink ``window`` to the room its screen leaves."""
    size = window.size().boundedTo(room(window))
    if size != window.size():
        window.resize(size)


def move_inside(window: QWidget) -> None:
    """Move ``window``, title bar included, fully onto its screen."""
    screen = window.screen() or QApplication.primaryScreen()
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    # before the window manager has framed it, the title bar is not counted yet: keep room for it
    title = window.geometry().top() - frame.top() or FRAME_HEIGHT - FRAME_WIDTH // 2
    left = max(available.left(), min(frame.left(), available.right() + 1 - frame.width()))
    top = max(available.top(), min(frame.top(), available.bottom() + 1 - window.height() - title))
    if (left, top) != (frame.left(), frame.top()):
        window.move(left, top)


# The two events that matter, read once: every event of the application passes the filter below.
_POLISH = QEvent.Type.Polish
_SHOW = QEvent.Type.Show


class _FitOnShow(QObject):
    """Fits each top-level window as it is shown (dialogs, previews, wizards, the main window): its
    size before it is placed (a dialog is centred on its parent with the size it will have), its place
    once shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Every event of the application passes here (paints, mouse moves, timers): the cheapest
        # questions first, so that all but a window's Polish and Show are let through at once.
        if not (isinstance(watched, QWidget) and watched.isWindow()):
            return False
        kind = event.type()
        if (kind is _POLISH or kind is _SHOW) and watched.windowType() in _window_types():
            if kind is _POLISH:
                shrink(watched)
            else:  # resizing inside its own Show event can crash Qt: just after it
                QTimer.singleShot(0, watched, lambda: (shrink(watched), move_inside(watched)))
        return False


@cache
def _window_types() -> tuple[object, ...]:
    """Windows and dialogs, not the menus and tooltips that are windows too. ``Qt`` imported on the
    first call, not with the module: the main window imports this module before its first paint, and
    the first use of the namespace builds its 93 enums (some 40 ms)."""
    from PySide6.QtCore import Qt

    return (Qt.WindowType.Window, Qt.WindowType.Dialog)


_filter: _FitOnShow | None = None


def install() -> None:
    """Fit every window of the application from now on (once per application)."""
    global _filter
    app = QApplication.instance()
    if _filter is None and app is not None:
        _filter = _FitOnShow(app)
        app.installEventFilter(_filter)
