"""Every section, tab, button and menu action of the window clicked, on the demo base and on an empty
one: no exception, no error logged, no message a user should not read, every window within the screen.

Clicks go to the visible widgets (``qtbot.mouseClick``), as a person's would: a slot that misreads its
arguments, or a dialog taller than a 1366×768 laptop, shows here even where no journey test goes."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cpts_desktop.ui.main_window import MainWindow
from tests.ui.robot import Robot


@pytest.fixture(params=["demo", "empty"])
def base(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue("demo_path" if request.param == "demo" else "db_path")


def test_click_every_section_tab_button_and_menu_action(qtbot, settings, base, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.WARNING)
    robot = Robot(qtbot, tmp_path / "saved")
    robot.patch(monkeypatch)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(base))
    window.auto_backup = False
    window.show()
    qtbot.waitExposed(window)
    robot.check_fits(window)

    navigation = window.navigation
    for row in range(navigation.count()):
        item = navigation.item(row)
        qtbot.mouseClick(navigation.viewport(), Qt.LeftButton, pos=navigation.visualItemRect(item).center())
        page = window.stack.currentWidget()
        assert page is window.pages[row]
        robot.click_all(page, item.text())
        robot.check_fits(window)

    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.isEnabled() and not action.isSeparator() and action.text() != "&Quitter":
                robot.clicked.append(f"{menu_action.text()} › {action.text()}")
                before = set()
                action.trigger()
                robot.after_click(before)

    assert len(robot.clicked) > (150 if base.name == "demo.sqlite" else 40), robot.clicked
    assert robot.refusals() == []
    assert robot.misfits == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
