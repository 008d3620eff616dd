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
import json, sys
from PySide6.QtWidgets import QApplication
from cpts_desktop.app import launch

window = launch(["cpts-desktop", "--db", sys.argv[1]])
window.ready.connect(lambda: QApplication.instance().exit(0))
QApplication.instance().exec()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_window_is_ready_without_the_libraries_of_documents(demo_path: Path, tmp_path: Path):
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))  # settings away from the user's
    started = subprocess.run(
        [sys.executable, "-c", READY, str(demo_path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert started.returncode == 0, started.stderr
    loaded = set(json.loads(started.stdout.strip().splitlines()[-1]))
    assert "sqlalchemy" in loaded and "PySide6" in loaded  # the base was opened, the window built
    assert loaded.isdisjoint(LATER), loaded & set(LATER)
