"""Start-up as ``make run`` does it, minus the event loop."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from cpts_desktop import app as app_module

ROOT = Path(__file__).resolve().parents[2]


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
    # the application's own settings file, as if it had run before (alone, this test runs before any start())
    QSettings(QSettings.IniFormat, QSettings.UserScope, app_module.APP_NAME, app_module.APP_NAME).setValue(
        "database/last", str(tmp_path / "cle-usb" / "cpts.sqlite")
    )
    window = app_module.start(["cpts-desktop"])
    qtbot.addWidget(window)
    assert "n’existe pas" in errors[0][1]
    assert window.database.path == tmp_path / "donnees" / "cpts.sqlite"
    assert not (tmp_path / "cle-usb").exists()


def test_launch_shows_the_window_before_building_its_sections(qtbot, monkeypatch, tmp_path, demo_path):
    isolated_settings(monkeypatch, tmp_path)
    window = app_module.launch(["cpts-desktop", "--db", str(demo_path)])
    qtbot.addWidget(window)
    assert window.isVisible() and window.pages == [] and window.database is None
    assert window.stack.currentWidget().text() == "Ouverture…"
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())][:2] == [
        "Tableau de bord",
        "Adhérents",
    ]
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    # the dashboard shows the base read with sqlite3 alone, before the database layer opens it
    assert window.stack.currentWidget() is window.dashboard and window.database is None
    assert window.dashboard.subtitle.text() == "CPTS du Pays des Trois Vallons"
    shown = _dashboard_texts(window)
    with qtbot.waitSignal(window.opened, timeout=10_000):
        pass
    assert gc.isenabled(), "the collector, paused while the window starts, must be back once the base is open"
    assert window.database.path == demo_path
    assert _dashboard_texts(window) == shown, "the opened base must show what its first view showed"
    # only the section on screen is built: the others are built on their first visit
    assert [page.title for page in window.pages] == ["Tableau de bord"]
    assert window.stack.currentWidget() is window.dashboard
    assert window.dashboard.subtitle.text() == "CPTS du Pays des Trois Vallons"
    window.navigation.setCurrentRow(1)
    assert window.stack.currentWidget() is window.members_page and window.members_page.model.total > 100
    assert [page.title for page in window.pages] == ["Tableau de bord", "Adhérents"]


def test_a_base_shown_at_start_but_refused_by_the_opening_is_not_left_on_screen(
    qtbot, monkeypatch, tmp_path, demo_path, errors
):
    """The first view reads a file the full opening then refuses (here: as if it were read-only): the
    dashboard must not go on showing figures of a base that is not open."""
    from cpts_desktop.domain.errors import CptsError
    from cpts_desktop.services import database

    isolated_settings(monkeypatch, tmp_path)

    def refused(location: str, **_options: object) -> None:
        raise CptsError(f"La base « {location} » est en lecture seule.")

    monkeypatch.setattr(database, "open_database", refused)
    window = app_module.launch(["cpts-desktop", "--db", str(demo_path)])
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    assert window.dashboard.subtitle.text() == "CPTS du Pays des Trois Vallons"
    with qtbot.waitSignal(window.opened, timeout=10_000):
        pass
    assert window.database is None
    assert errors == [("Ouverture impossible", f"La base « {demo_path} » est en lecture seule.")]
    assert window.dashboard.subtitle.text().startswith("Aucune base n’est ouverte")
    assert not window.dashboard.cards_box.isVisibleTo(window.dashboard)
    assert window.database_label.text() == "Aucune base ouverte"


def test_the_window_needs_no_database_layer_to_appear():
    """What the window needs before it is on screen: Qt and the application's light modules only."""
    heavy = "{'sqlalchemy', 'alembic', 'babel', 'reportlab', 'openpyxl'}"
    probe = f"import sys, cpts_desktop.app; print(sorted({heavy} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_the_file_dialog_speaks_french(qtbot):
    """Qt's catalogue lacks two labels of its own file dialog in their current wording: « Look in »
    and « Files of type » would stay English beside « Nom de fichier »; the others keep Qt's French."""
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

    application = QApplication.instance()
    catalogue = QTranslator()
    assert catalogue.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.TranslationsPath))
    translators = [catalogue, app_module.QtFrenchGaps()]
    for translator in translators:
        application.installTranslator(translator)
    try:
        dialog = QFileDialog(None, "Fichier d’adhérents")
        dialog.setOption(QFileDialog.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        buttons = [button.text() for button in dialog.findChildren(QPushButton)]
    finally:
        for translator in translators:
            application.removeTranslator(translator)
    assert labels == ["&Voir dans\u00a0:", "&Nom de fichier\u00a0:", "Fichiers de &type\u00a0:"]
    assert buttons == ["&Ouvrir", "Annuler"]


def _dashboard_texts(window) -> list[str]:  # noqa: ANN001 - MainWindow
    """Every text the dashboard shows, and whether it is shown."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    page = window.dashboard
    widgets = page.findChildren(QLabel) + page.findChildren(QAbstractButton)
    return [f"{widget.isVisibleTo(page)} {widget.text()}" for widget in widgets]
