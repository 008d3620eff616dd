"""Feedback while the window works on the GUI thread (drawing a preview, sending pages to a printer)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


@contextmanager
def busy(parent: QWidget | None, message: str) -> Iterator[None]:
    """A waiting cursor and ``message`` in the main window's status bar until the block ends."""
    window = parent.window() if parent is not None else None
    status = window.statusBar() if isinstance(window, QMainWindow) else None
    QApplication.setOverrideCursor(Qt.WaitCursor)
    if status is not None:
        status.showMessage(message)
    # show the cursor and the message before the work starts, without taking a second click meanwhile
    QApplication.processEvents(QEventLoop.ExcludeUserInputEvents)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
        if status is not None and status.currentMessage() == message:
            status.clearMessage()
