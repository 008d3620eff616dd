from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)


@pytest.fixture
def synchronous_jobs() -> Iterator[None]:
    """Long jobs (imports, mail-merges) run at once on the GUI thread: done when the click returns."""
    from cpts_desktop.ui import workers

    workers.use_pool(workers.Synchronous())
    yield
    workers.use_pool(None)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Error dialogs shown, as (title, message), instead of blocking the test."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text, *a: shown.append((title, text)))
    # Questions asked on the way (« restaurer la dernière sauvegarde ? ») are answered « non ».
    monkeypatch.setattr(
        QMessageBox, "question", lambda _parent, title, text, *a, **k: shown.append((title, text)) or QMessageBox.No
    )
    return shown


def open_section(qtbot, settings: QSettings, path: Path, row: int):  # noqa: ANN201 - MainWindow
    """The main window on the base at ``path``, showing the section at ``row`` of the navigation."""
    from cpts_desktop.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(path))
    window.show()
    window.navigation.setCurrentRow(row)
    return window


def activate(qtbot, window) -> None:  # noqa: ANN001 - a shown top-level widget
    """Make ``window`` the active one, as a window manager does when it opens: only then does the
    keyboard focus move (a click into a field, Tab out of it) on the offscreen platform."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)


@pytest.fixture(autouse=True)
def no_dialog_left_open() -> Iterator[None]:
    """A dialog a test leaves open (a PDF preview) stays the application's modal window in its worker:
    the next test would find it instead of its own. Each test ends with none (hidden: closing it would
    run its own logic, on a window the test has already closed)."""
    yield
    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.hide()
