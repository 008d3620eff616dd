"""The main window, driven offscreen: navigation, status bar, menus, and bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QSettings

from cpts_desktop.ui.main_window import LAST_DATABASE_KEY, MainWindow

SECTIONS = ["Tableau de bord", "Adhérents", "Réunions", "Statuts & conseil", "Financements", "Paramètres"]


def make_window(qtbot, settings: QSettings, location: Path | None) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    if location is not None:
        assert window.open_location(str(location))
    window.show()
    return window


def test_sections_are_french_and_each_can_be_visited(qtbot, settings, demo_path, tmp_path):
    window = make_window(qtbot, settings, demo_path)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == SECTIONS
    for index, title in enumerate(SECTIONS):
        window.navigation.setCurrentRow(index)
        page = window.stack.currentWidget()
        assert page.title == title
        assert page.isVisible()
    window.navigation.setCurrentRow(0)
    assert window.grab().save(str(tmp_path / "main-window.png"))


def test_status_bar_and_title_show_the_open_database(qtbot, settings, demo_path):
    window = make_window(qtbot, settings, demo_path)
    assert window.database_label.text() == f"Base : {demo_path}"
    assert str(demo_path) in window.windowTitle()
    assert settings.value(LAST_DATABASE_KEY) == str(demo_path)


def test_dashboard_shows_the_register(qtbot, settings, demo_path):
    window = make_window(qtbot, settings, demo_path)
    dashboard = window.dashboard
    assert dashboard.subtitle.text() == "CPTS du Pays des Trois Vallons"
    assert dashboard.cards_box.isVisible()
    assert dashboard.territory.value.text() == "12 communes"
    assert "habitants" in dashboard.territory.detail.text()


def test_the_dashboard_is_current_whenever_it_is_shown(qtbot, settings, demo_path):
    from cpts_desktop.domain.enums import MemberKind
    from cpts_desktop.domain.members import MemberData
    from cpts_desktop.services.members import create_member

    window = make_window(qtbot, settings, demo_path)
    before = int(window.dashboard.members.value.text())
    window.navigation.setCurrentRow(SECTIONS.index("Adhérents"))
    create_member(window.database, MemberData(kind=MemberKind.PERSON, nom="Kowalczyk", prenom="Łucja"))
    window.navigation.setCurrentRow(SECTIONS.index("Tableau de bord"))
    assert int(window.dashboard.members.value.text()) == before + 1


def test_empty_database_offers_the_demo(qtbot, settings, db_path):
    window = make_window(qtbot, settings, db_path)
    assert window.dashboard.demo_button.isVisible()
    window.dashboard.demo_button.click()
    assert window.dashboard.cards_box.isVisible()
    assert int(window.dashboard.members.value.text()) > 100
    assert "CPTS fictive" in window.statusBar().currentMessage()


def test_text_file_shows_a_french_error_and_keeps_the_open_database(qtbot, settings, demo_path, tmp_path, errors):
    window = make_window(qtbot, settings, demo_path)
    bad = tmp_path / "adherents.csv"
    bad.write_text("nom;prénom\n", encoding="utf-8")
    assert not window.open_location(str(bad))
    assert errors and "n’est pas une base de données" in errors[0][1]
    assert window.database is not None and window.database.path == demo_path
    assert window.database_label.text() == f"Base : {demo_path}"


def test_damaged_database_shows_an_error(qtbot, settings, db_path, tmp_path, errors):
    window = make_window(qtbot, settings, None)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    assert not window.open_location(str(db_path))
    assert "version plus récente" in errors[0][1]
    assert window.database is None
    assert window.database_label.text() == "Aucune base ouverte"


def test_a_base_refused_at_start_leaves_no_opening_announced(qtbot, settings, tmp_path, errors):
    """As ``cpts-desktop`` starts: the window is shown, its sections are built, then the base is refused —
    the status bar must not go on saying « Ouverture de la base… »."""
    window = MainWindow(settings, pages=False)
    qtbot.addWidget(window)
    window.build_pages()
    bad = tmp_path / "adherents.csv"
    bad.write_text("nom;prénom\n", encoding="utf-8")
    assert not window.open_location(str(bad))
    assert "n’est pas une base de données" in errors[0][1]
    assert window.database_label.text() == "Aucune base ouverte"


def test_new_database_never_replaces_a_file(qtbot, settings, demo_path, tmp_path, errors):
    window = make_window(qtbot, settings, demo_path)
    assert window.create_database_at(tmp_path / "deuxième")
    assert window.database.path == tmp_path / "deuxième.sqlite"
    assert window.dashboard.demo_button.isVisible()
    before = demo_path.read_bytes()
    assert not window.create_database_at(demo_path)
    assert "existe déjà" in errors[0][1]
    assert demo_path.read_bytes() == before


def test_save_a_copy(qtbot, settings, demo_path, tmp_path):
    window = make_window(qtbot, settings, demo_path)
    assert window.save_copy_to(tmp_path / "copie.sqlite")
    assert (tmp_path / "copie.sqlite").stat().st_size > 0
    assert "Copie enregistrée" in window.statusBar().currentMessage()


def test_about_names_version_database_and_schema(qtbot, settings, demo_path):
    window = make_window(qtbot, settings, demo_path)
    text = window.about_text()
    assert "CPTS Desktop 0." in text
    assert str(demo_path) in text
    assert "0002" in text or "Version du schéma" in text


def test_geometry_is_remembered(qtbot, settings, demo_path):
    window = make_window(qtbot, settings, demo_path)
    window.resize(800, 570)  # the offscreen screen is 800 × 600: stay inside it
    window.close()
    again = make_window(qtbot, settings, None)
    assert (again.width(), again.height()) == (800, 570)


def test_menus_have_the_standard_entries(qtbot, settings, demo_path):
    window = make_window(qtbot, settings, demo_path)
    entries = {
        action.text().replace("&", ""): action.shortcut().toString()
        for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
        for action in menu.actions()
    }
    assert entries["Ouvrir une base…"] == "Ctrl+O"
    assert entries["Quitter"] == "Ctrl+Q"
    assert "Nouvelle base…" in entries and "Enregistrer une copie…" in entries
    assert "À propos de CPTS Desktop" in entries


def test_damaged_base_offers_the_latest_backup(qtbot, settings, demo_path, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cpts_desktop.services.backups import create_backup
    from cpts_desktop.services.database import open_database

    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    database = open_database(str(demo_path))
    create_backup(database)
    database.close()
    data = bytearray(demo_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 : page_size * 5] = b"\xa5" * (page_size * 3)
    demo_path.write_bytes(bytes(data))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **k: asked.append(text) or QMessageBox.Yes)
    window = make_window(qtbot, settings, None)
    assert window.open_location(str(demo_path))
    assert "endommagée" in asked[0] and "Restaurer la sauvegarde du" in asked[0]
    assert int(window.dashboard.members.value.text()) > 100
    kept = list((tmp_path / "donnees" / "sauvegardes").glob("*-remplacee.sqlite"))
    assert kept and kept[0].read_bytes() == bytes(data)  # the damaged file is kept, untouched


def test_backup_now_and_on_close(qtbot, settings, demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    window = make_window(qtbot, settings, demo_path)
    info = window.backup_now()
    assert info is not None and info.counts["members"] > 100
    window.close()
    automatic = list((tmp_path / "donnees" / "sauvegardes").glob("*-auto.sqlite"))
    assert len(automatic) == 1


def test_workstation_preferences(qtbot, settings, demo_path, tmp_path, monkeypatch):
    from cpts_desktop.services.audit import entries
    from cpts_desktop.services.members import get_member, update_member

    monkeypatch.delenv("CPTS_USER", raising=False)  # it would decide before the name set here
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "poste"))  # where that name is kept
    window = make_window(qtbot, settings, demo_path)
    page = window.settings_page
    page.backup_folder.setText(str(tmp_path / "absent"))
    assert not page.save_preferences() and "n’existe pas" in page.preferences_error.text()
    (tmp_path / "cle").mkdir()
    page.backup_folder.setText(str(tmp_path / "cle"))
    page.user_name.setText("Claire  (secrétariat)")
    assert page.save_preferences()
    assert window.backup_now().path.parent == tmp_path / "cle"
    record = get_member(window.database, 1)
    update_member(window.database, 1, record.version, record.data.__class__(**{**record.data.__dict__, "notes": "vu"}))
    assert entries(window.database)[0].user == "Claire (secrétariat)"


def test_a_shared_base_opens_from_its_address_and_its_password_is_not_kept(qtbot, settings, pg_server, monkeypatch):
    pg_server.execute("CREATE DATABASE fenetre TEMPLATE tpl_demo")
    address = pg_server.url("fenetre").replace("cpts@", "cpts:motdepasse@")
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: (address, True))
    window = make_window(qtbot, settings, None)
    window.connect_action.trigger()
    assert window.database is not None and window.database.path is None
    window.navigation.setCurrentRow(SECTIONS.index("Adhérents"))
    assert window.members_page.model.rowCount() == 150
    assert "motdepasse" not in window.windowTitle() and "fenetre" in window.windowTitle()
    remembered = settings.value(LAST_DATABASE_KEY)
    assert "fenetre" in remembered and "motdepasse" not in remembered
    assert not window.backup_action.isEnabled()
    window.set_database(None)


def test_the_journal_filters_by_period_and_words(qtbot, settings, demo_path, tmp_path):
    from PySide6.QtCore import QDate

    window = make_window(qtbot, settings, demo_path)
    window.navigation.setCurrentRow(SECTIONS.index("Paramètres"))
    page = window.settings_page
    everything = page.journal.rowCount()
    assert everything > 100
    assert page.journal_since.text() == "depuis toujours" and page.journal_until.text() == "aujourd’hui"
    page.journal_since.setDate(QDate.currentDate().addDays(1))
    assert page.journal.rowCount() == 0
    page.journal_since.setDate(QDate.currentDate())
    assert page.journal.rowCount() == everything
    page.journal_until.setDate(QDate.currentDate().addDays(-1))
    assert page.journal.rowCount() == 0
    page.journal_until.setDate(page.journal_until.minimumDate())
    page.journal_filter.setText("grants")
    assert 0 < page.journal.rowCount() < everything
    page.journal_filter.setText("")
    assert window.grab().save(str(tmp_path / "journal.png"))


def test_first_start_shows_the_steps_in_order_and_no_alert(qtbot, settings, db_path):
    from PySide6.QtCore import Qt

    window = make_window(qtbot, settings, db_path)
    dashboard = window.dashboard
    steps = [button.text().strip() for button in dashboard.steps.buttons.values()]
    assert steps == [
        "1. Identité de l’association",
        "2. Territoire : les communes",
        "3. Importer le registre des adhérents",
        "4. Barème des cotisations",
    ]
    assert dashboard.steps.isVisible() and not dashboard.alerts.isVisible() and not dashboard.cards_box.isVisible()
    qtbot.mouseClick(dashboard.steps.buttons["territory"], Qt.LeftButton)
    assert window.stack.currentWidget() is window.governance_page
    assert window.governance_page.tabs.currentIndex() == 1
    assert "Aucune commune" in window.governance_page.territory_tab.taille_label.text()


def test_a_named_association_without_territory_shows_no_aci_size(qtbot, settings, db_path):
    from cpts_desktop.services.association import update_association

    window = make_window(qtbot, settings, db_path)
    update_association(window.database, {"nom": "CPTS du Val Fictif"})
    window.refresh()
    dashboard = window.dashboard
    assert dashboard.subtitle.text() == "CPTS du Val Fictif"
    assert dashboard.steps.buttons["identity"].text().startswith("✓")
    assert not dashboard.steps.buttons["territory"].text().startswith("✓")
    shown = " ".join(
        card.value.text() + " " + card.detail.text() for card in dashboard.findChildren(type(dashboard.members))
    )
    assert "0 habitant" not in shown and "taille ACI 1" not in shown and "Tous les adhérents" not in shown
    assert not dashboard.alerts.isVisible()  # no « poste vacant » before any member
