"""Start-up as ``make run`` does it, minus the event loop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from cpts_desktop import app as app_module


def isolated_settings(monkeypatch, tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


def test_start_opens_the_named_database(qtbot, monkeypatch, tmp_path, demo_path):
    isolated_settings(monkeypatch, tmp_path)
    window = app_module.start(["cpts-desktop", "--db", str(demo_path)])
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.database.path == demo_path
    assert window.dashboard.subtitle.text() == "CPTS du Pays des Trois Vallons"


def test_start_creates_the_default_database(qtbot, monkeypatch, tmp_path):
    isolated_settings(monkeypatch, tmp_path)
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    window = app_module.start(["cpts-desktop"])
    qtbot.addWidget(window)
    assert window.database.path == tmp_path / "donnees" / "cpts.sqlite"
    assert window.database.path.exists()


def test_vanished_remembered_database_falls_back_to_the_default(qtbot, monkeypatch, tmp_path, errors):
    isolated_settings(monkeypatch, tmp_path)
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    QSettings().setValue("database/last", str(tmp_path / "cle-usb" / "cpts.sqlite"))
    window = app_module.start(["cpts-desktop"])
    qtbot.addWidget(window)
    assert "n’existe pas" in errors[0][1]
    assert window.database.path == tmp_path / "donnees" / "cpts.sqlite"
    assert not (tmp_path / "cle-usb").exists()
