"""The window is usable before the libraries of documents, spreadsheets and migrations are loaded: they
are imported by the action that needs them (a PDF, an import or export, a base to migrate)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LATER = ("reportlab", "openpyxl", "alembic")
READY = r"""
import enum, json, sys
made = []  # the enum classes created, Qt's included: the bindings make one on an enum's first use
create = enum.EnumType._create_
enum.EnumType._create_ = lambda *args, **kwargs: made.append(1) or create(*args, **kwargs)
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from cpts_desktop.app import launch

window = launch(["cpts-desktop", "--db", sys.argv[1]])
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Paint and not hasattr(window, "enums_at_paint"):
            window.enums_at_paint = len(made)
        return False
painted = FirstPaint()
window.installEventFilter(painted)
window.ready.connect(lambda: print(json.dumps([window.dashboard.subtitle.text(), "sqlalchemy" in sys.modules])))
window.opened.connect(lambda: QApplication.instance().exit(0))
QApplication.instance().exec()
print(window.enums_at_paint)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""
# Enum classes made before the window is first painted. A bare QMainWindow makes about 40; the frame
# about 100. The ``Qt`` namespace alone makes 93 on its first use, and the application-wide event
# filter of ``screen_fit`` makes the bindings build nearly every class they know (about 180 more):
# both wait until after the first paint.
ENUMS_BEFORE_PAINT = 160


def test_the_window_is_painted_then_filled_then_opened_without_the_libraries_of_documents(
    demo_path: Path, tmp_path: Path
):
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))  # settings away from the user's
    started = subprocess.run(
        [sys.executable, "-c", READY, str(demo_path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert started.returncode == 0, started.stderr
    *_, at_ready, enums_at_paint, modules = started.stdout.strip().splitlines()
    # the dashboard shows the base before the database layer is loaded; then the base is opened with it
    assert json.loads(at_ready) == ["CPTS du Pays des Trois Vallons", False]
    loaded = set(json.loads(modules))
    assert "sqlalchemy" in loaded and "PySide6" in loaded  # the base was opened, the window built
    assert loaded.isdisjoint(LATER), loaded & set(LATER)
    assert int(enums_at_paint) <= ENUMS_BEFORE_PAINT
