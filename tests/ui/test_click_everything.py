"""Every section, tab, button and menu action of the window clicked, on the demo base and on an empty
one: no exception, no error logged, no message a user should not read, every window within the screen.

Clicks go to the visible widgets (``qtbot.mouseClick``), as a person's would: a slot that misreads its
arguments, or a dialog taller than a 1366×768 laptop, shows here even where no journey test goes.

After every click that wrote to the base, each section not marked stale shows what the base holds: its
lists are compared with what the services read now (a stale one is re-read when shown)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cpts_desktop.services import board, grants, meetings, statutes, territory
from cpts_desktop.services.members import list_rows
from cpts_desktop.store import changes
from cpts_desktop.ui.main_window import MainWindow
from tests.ui.robot import Robot


def outdated(window: MainWindow) -> list[str]:
    """The lists of the sections not marked stale that differ from what the base holds."""
    database, found = window.database, []
    members, meeting, governance = window.members_page, window.meetings_page, window.governance_page
    grants_tab = window.finances_page.grants
    lists = {
        members: [("adhérents", members.model.rows, lambda: list_rows(database, members.year))],
        meeting: [("réunions", meeting.meetings.rows, lambda: meetings.list_meetings(database))],
        governance: [
            ("communes", governance.territory_tab.communes.rows, lambda: territory.territory(database).communes),
            ("collèges", governance.colleges_tab.colleges.rows, lambda: board.colleges(database)),
            ("mandats", governance.board_tab.mandates.rows, lambda: _mandates(window)),
            ("statuts", governance.statutes_tab.versions.rows, lambda: statutes.list_versions(database)),
        ],
        window.finances_page: [
            ("subventions", grants_tab.model.rows, lambda: grants.grant_rows(database, grants_tab.year.currentData()))
        ],
    }
    if meeting.meeting_id is not None:
        chosen = meeting.meeting_id
        lists[meeting] += [
            ("présences", meeting.attendance_tab.attendance.rows, lambda: _convened(database, chosen)),
            ("convocation", meeting.convocation_tab.recipients.rows, lambda: meetings.recipients(database, chosen)),
        ]
    for page, shown in lists.items():
        if page not in window._stale:
            found += [f"{page.title} › {name}" for name, rows, read in shown if list(rows) != list(read())]
    return found


def _mandates(window: MainWindow) -> list[board.MandateRow]:
    tab = window.governance_page.board_tab
    return board.mandate_history(window.database) if tab.history.isChecked() else board.current_board(window.database)


def _convened(database, meeting_id: int) -> list[meetings.Recipient]:  # noqa: ANN001 - the Database
    return [r for r in meetings.recipients(database, meeting_id) if r.included]


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
    changes.subscribe(window.database.engine, robot.writes.append)
    stale: list[str] = []
    robot.after_write = lambda what: stale.extend(f"{what}: {view}" for view in outdated(window))
    window.show()
    qtbot.waitExposed(window)
    robot.check_fits(window)

    navigation = window.navigation
    for row in range(navigation.count()):
        item = navigation.item(row)
        qtbot.mouseClick(navigation.viewport(), Qt.LeftButton, pos=navigation.visualItemRect(item).center())
        page = window.stack.currentWidget()
        assert page is window.page_at(row)
        robot.click_all(page, item.text())
        robot.check_fits(window)

    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.isEnabled() and not action.isSeparator() and action.text() != "&Quitter":
                robot.clicked.append(f"{menu_action.text()} › {action.text()}")
                before = set()
                action.trigger()
                robot.after_click(before)
                robot.check_writes(f"{menu_action.text()} › {action.text()}")

    assert len(robot.clicked) > (150 if base.name == "demo.sqlite" else 40), robot.clicked
    assert robot.refusals() == []
    assert robot.misfits == []
    assert stale == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
