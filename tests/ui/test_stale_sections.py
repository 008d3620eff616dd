"""No section shows data older than the last write: every transaction tells the window which tables it
wrote, and the sections showing them are re-read (the one on screen at once, the others when shown)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QListWidget, QMessageBox
from sqlalchemy import event

from cpts_desktop.domain.enums import AttendanceStatus, MeetingType, ResolutionLink
from cpts_desktop.services import board, grants, meetings
from cpts_desktop.services.database import open_database
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.main_window import MainWindow
from cpts_desktop.ui.workers import Job, start
from tests.ui.person import click, click_row, go_to, open_tab, opened

ELECTION = "L’assemblée élit un administrateur."
ELECTED_BY = "Assemblée générale élective"


@pytest.fixture
def base(demo_path: Path) -> Path:
    """The demo with this morning's AG, whose election résolution is adopted (the vote is not the journey)."""
    database = open_database(str(demo_path))
    try:
        morning = datetime.combine(date.today(), time(9, 0))
        ag = meetings.create_meeting(database, MeetingType.ORDINARY_GENERAL, morning, "Salle des fêtes", ELECTED_BY)
        item = meetings.add_agenda_item(database, ag, "Élection au conseil d’administration")
        resolution = meetings.add_resolution(database, item, ELECTION, ResolutionLink.ELECTION, None)
        convened = [r.member_id for r in meetings.recipients(database, ag) if r.included]
        meetings.set_attendances(database, ag, convened[:3], AttendanceStatus.PRESENT, None)
        meetings.record_vote(database, resolution, 3, 0, 0)
    finally:
        database.close()
    return demo_path


@pytest.fixture
def window(qtbot, settings, base) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(base))
    window.show()
    return window


def test_a_director_elected_in_reunions_is_on_the_board_in_statuts_et_conseil(qtbot, window, monkeypatch):
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text, *a: told.append((title, text)))
    go_to(qtbot, window, "Statuts & conseil")
    governance = window.governance_page
    open_tab(qtbot, governance.tabs, "Conseil et bureau")
    assert governance.board_tab.mandates.rowCount() == 10

    go_to(qtbot, window, "Réunions")
    page = window.meetings_page
    click_row(qtbot, page.meetings_view, next(i for i, m in enumerate(page.meetings.rows) if m.titre == ELECTED_BY))
    open_tab(qtbot, page.tabs, "Ordre du jour et votes")
    lines = page.agenda_tab.resolutions.rows
    click_row(
        qtbot, page.agenda_tab.resolutions_view, next(i for i, r in enumerate(lines) if r[1] and r[1].texte == ELECTION)
    )
    click(qtbot, page, "Administrateurs élus…")
    form = opened(page, FormDialog)
    candidates = form.findChild(QListWidget)
    directors = {m.name for m in governance.board_tab.mandates.rows}
    elected = next(candidates.item(i) for i in range(candidates.count()) if candidates.item(i).text() not in directors)
    qtbot.mouseClick(candidates.viewport(), Qt.LeftButton, pos=candidates.visualItemRect(elected).center())
    click(qtbot, form, "Enregistrer")
    assert not form.isVisible()
    assert [title for title, _text in told] == ["Élection enregistrée"]
    first, declared = told[0][1].split("\n\n")
    assert first.startswith("1 administrateur élu : son mandat est inscrit dans Statuts & conseil, onglet « Conseil")
    assert declared.startswith("La liste des dirigeants change : une déclaration en préfecture est ouverte")
    assert len(board.current_board(window.database)) == 11
    assert window.governance_page in window._stale  # marked at once, re-read when shown

    go_to(qtbot, window, "Statuts & conseil")
    assert governance.board_tab.mandates.rowCount() == 11
    assert elected.text() in {m.name for m in governance.board_tab.mandates.rows}


def test_a_write_from_a_worker_reaches_the_sections_on_the_gui_thread(qtbot, window):
    """The section on screen is re-read once the worker's transaction has committed, the others are
    marked; a refused write (rolled back) marks nothing."""
    go_to(qtbot, window, "Statuts & conseil")
    governance = window.governance_page
    open_tab(qtbot, governance.tabs, "Collèges")
    before = governance.colleges_tab.colleges.rowCount()
    database = window.database

    def run(work: Callable[[], object], outcome: str) -> None:
        job = Job(lambda _progress: work())
        with qtbot.waitSignal(getattr(job.signals, outcome), timeout=10_000):
            start(job)

    run(lambda: board.save_college(database, "", 2, "sans nom"), "failed")
    qtbot.wait(10)
    assert window._stale == [window.members_page, window.meetings_page, window.finances_page, window.settings_page]

    run(lambda: board.save_college(database, "Usagers", 1, "représentants des usagers"), "finished")
    qtbot.waitUntil(lambda: governance.colleges_tab.colleges.rowCount() == before + 1)
    assert "Usagers" in {c.nom for c in governance.colleges_tab.colleges.rows}
    assert window.dashboard in window._stale and window.members_page in window._stale


def test_every_section_declares_the_tables_it_shows(qtbot, window):
    """What each section reads when shown (every meeting chosen in turn) is in its ``reads``: a write to
    any of those tables marks it stale."""
    read: set[str] = set()

    def statement(_connection, _cursor, sql: str, *_rest) -> None:  # noqa: ANN001
        read.update(name.lower() for name in re.findall(r'\b(?:FROM|JOIN)\s+"?(\w+)', sql, re.IGNORECASE))

    event.listen(window.database.engine, "before_cursor_execute", statement)
    try:
        for page in (window.page_at(row) for row in range(window.navigation.count())):
            if page.reads is None:
                continue
            read.clear()
            page.set_database(window.database)
            if page is window.meetings_page:
                for meeting in list(page.meetings.rows):
                    page.select_meeting(meeting.id)
            assert read - page.reads == set(), type(page).__name__
    finally:
        event.remove(window.database.engine, "before_cursor_execute", statement)


def test_a_section_whose_tabs_do_not_tell_each_other_is_re_read_after_its_own_writes(qtbot, window):
    """A grant's money received, written from Financements (as its Subventions tab does), reaches the
    Vue d’ensemble tab once the writing is over."""
    go_to(qtbot, window, "Financements")
    overview, database = window.finances_page.overview, window.database
    year = overview.year.currentData()
    grant = next(g for g in grants.grant_rows(database) if g.montant_accorde)
    before = list(overview.funders.rows)
    grants.add_disbursement(database, grant.id, Decimal("1234.50"), date(year, 3, 1), "virement test")
    qtbot.waitUntil(lambda: overview.funders.rows != before)
    assert overview.funders.rows == [*grants.summary(database, year).funders, grants.summary(database, year).total]


def test_a_colleague_s_write_to_the_same_file_is_shown_when_the_window_is_activated(qtbot, window):
    go_to(qtbot, window, "Statuts & conseil")
    colleges = window.governance_page.colleges_tab.colleges
    before = colleges.rowCount()
    colleague = open_database(str(window.database.path))  # another process's engine: not heard
    try:
        board.save_college(colleague, "Usagers du soir", 1, "")
    finally:
        colleague.close()
    assert colleges.rowCount() == before
    QApplication.sendEvent(window, QEvent(QEvent.WindowActivate))
    assert colleges.rowCount() == before + 1
    board.save_college(window.database, "Usagers du matin", 1, "")  # our own write: no second re-reading
    assert window._outside is not None and not window._outside.check()
