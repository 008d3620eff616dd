"""Fichier › Restaurer une sauvegarde…: the base comes back as it was, or a French refusal leaves it as is."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from cpts_desktop.domain.enums import PaymentMethod
from cpts_desktop.services import backups
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.ui.main_window import MainWindow


def _window(qtbot, settings, path: Path) -> MainWindow:
    window = MainWindow(settings)
    window.auto_backup = False
    qtbot.addWidget(window)
    assert window.open_location(str(path))
    window.show()
    return window


def _payments(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM payments").fetchone()[0]


def test_restore_brings_back_the_backup_and_keeps_the_base_replaced(
    qtbot, settings, demo_path, tmp_path, monkeypatch, errors
):
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    window = _window(qtbot, settings, demo_path)
    window.backup_action.trigger()
    saved = window.statusBar().currentMessage().removeprefix("Sauvegarde enregistrée : ")
    before, shown_members = _payments(demo_path), window.dashboard.members.value.text()
    add_payment(window.database, 1, "10", date(2029, 3, 1), PaymentMethod.CASH)
    assert _payments(demo_path) == before + 1
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (saved, ""))
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **k: asked.append(text) or QMessageBox.Yes)
    window.restore_action.trigger()
    assert "Remplacer la base ouverte par la sauvegarde du" in asked[0] and "150 adhérents" in asked[0]
    assert errors == []
    shown = window.statusBar().currentMessage()
    assert shown.startswith(f"Sauvegarde restaurée dans {demo_path} ; la base remplacée est conservée")
    assert "avant-restauration.sqlite" in shown
    assert window.database is not None and _payments(demo_path) == before
    assert window.dashboard.members.value.text() == shown_members


def test_a_base_another_program_is_writing_is_not_restored(qtbot, settings, demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    monkeypatch.setattr(backups, "BUSY_TIMEOUT_MS", 200)
    window = _window(qtbot, settings, demo_path)
    window.backup_action.trigger()
    saved = window.statusBar().currentMessage().removeprefix("Sauvegarde enregistrée : ")
    other = sqlite3.connect(demo_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE association SET nom = 'CPTS en cours de modification'")
    shown = []

    def error_dialog(_parent, title, text, *_args):  # noqa: ANN001, ANN202 - QMessageBox.critical's signature
        shown.append((title, text))
        other.execute("COMMIT")  # the other program finishes while the user reads the message

    monkeypatch.setattr(QMessageBox, "critical", error_dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (saved, ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    window.restore_action.trigger()
    other.close()
    assert shown == [
        (
            "Restauration impossible",
            f"La base « {demo_path} » est ouverte sur un autre poste ou par un autre programme : "
            "fermez-la puis recommencez.",
        )
    ]
    assert window.database is not None  # the window is back on the base, with the other program's change
    assert window.dashboard.subtitle.text() == "CPTS en cours de modification"
