"""A click's ``checked`` never reaches a slot: every button, action and check box goes through
``ui.signals.on`` (a direct connection handed ``False`` to ``apply_attendance(member_id=None)``)."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QPushButton

import cpts_desktop.ui
from cpts_desktop.ui.signals import on

UI = Path(cpts_desktop.ui.__file__).parent
FLAG_SIGNALS = {"clicked", "triggered", "toggled"}


def direct_connections(source: str) -> list[int]:
    """Lines where a clicked/triggered/toggled signal is connected without ``on``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "connect"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr in FLAG_SIGNALS
        ):
            lines.append(node.lineno)
        # QToolBar/QMenu.addAction(text, slot) connects ``triggered`` directly too
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "addAction"
            and len(node.args) >= 2
        ):
            lines.append(node.lineno)
    return lines


def test_the_lint_sees_a_direct_connection() -> None:
    assert direct_connections("button.clicked.connect(self.apply)\naction.triggered.connect(f)") == [1, 2]
    assert direct_connections("bar.addAction('Nouveau', self.new_member)\nmenu.addAction(action)") == [1]
    assert direct_connections("on(button.clicked, self.apply)\nedit.textChanged.connect(f)") == []


def test_no_direct_connection_of_a_flag_signal_in_the_interface() -> None:
    offenders = [
        f"{path.relative_to(UI.parent)}:{line}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "signals.py"
        for line in direct_connections(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_click_calls_an_optional_parameter_slot_without_arguments(qtbot) -> None:
    received: list[object] = []
    button, check = QPushButton("Appliquer"), QCheckBox("Impayés")
    qtbot.addWidget(button)
    qtbot.addWidget(check)
    on(button.clicked, lambda member_id=None: received.append(member_id))
    on(check.toggled, lambda only=None: received.append(only))
    button.click()
    check.click()
    assert received == [None, None]
