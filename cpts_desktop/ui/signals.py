"""One way to connect a button, a menu action or a check box to what it does.

``clicked``, ``triggered`` and ``toggled`` carry a ``checked`` flag; connected directly, a slot with an
optional first parameter (``apply_attendance(member_id=None)``) receives ``False`` in it and does the
wrong thing without a word. Every such connection goes through ``on``, which calls the slot with no
argument; ``tests/ui/test_signals.py`` fails on a direct one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


def on(signal: SignalInstance, slot: Callable[[], object]) -> None:
    """Call ``slot()`` whenever ``signal`` fires, whatever arguments the signal carries."""
    signal.connect(lambda *_arguments: slot())


def add_action(container: QWidget, text: str, slot: Callable[[], object]) -> QAction:
    """``container.addAction(text, slot)`` (a tool bar, a menu) with ``slot`` called with no argument."""
    action = container.addAction(text)
    on(action.triggered, slot)
    return action
