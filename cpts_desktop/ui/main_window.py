"""The main window: section navigation, the Fichier and Aide menus, and the open database."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from cpts_desktop import APP_NAME, __version__
from cpts_desktop.domain.errors import CptsError, DamagedDatabase
from cpts_desktop.i18n import _, format_datetime_short, plural
from cpts_desktop.ui import screen_fit, sections
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.sections import BACKUP_FOLDER_KEY, GEOMETRY_KEY, LAST_BACKUP_KEY, LAST_DATABASE_KEY
from cpts_desktop.ui.signals import on

if TYPE_CHECKING:
    from cpts_desktop.services.backups import BackupInfo
    from cpts_desktop.store.changes import OutsideWrites
    from cpts_desktop.store.engine import Database
    from cpts_desktop.ui.pages.base import Page
    from cpts_desktop.ui.pages.dashboard import DashboardPage
    from cpts_desktop.ui.pages.finances import FinancesPage
    from cpts_desktop.ui.pages.governance import GovernancePage
    from cpts_desktop.ui.pages.meetings import MeetingsPage
    from cpts_desktop.ui.pages.members import MembersPage
    from cpts_desktop.ui.pages.settings import SettingsPage

# The window itself needs Qt only: the pages, the services and the database layer are imported when
# a section is first shown (``page_at``), after the window is on screen.

log = logging.getLogger(__name__)
MAIN = threading.main_thread()
Step = Callable[[], "Callable[[], None] | None"]  # a step of the start-up, and the one to run after it

# the module and class of each section, in the order of ``sections.ORDER``
PAGE_CLASSES = (
    ("dashboard", "DashboardPage"),
    ("members", "MembersPage"),
    ("meetings", "MeetingsPage"),
    ("governance", "GovernancePage"),
    ("finances", "FinancesPage"),
    ("settings", "SettingsPage"),
)
DASHBOARD_ROW, MEMBERS_ROW, MEETINGS_ROW, GOVERNANCE_ROW, FINANCES_ROW, SETTINGS_ROW = range(len(PAGE_CLASSES))

FILE_FILTER = _("Bases CPTS Desktop (*.sqlite *.db);;Tous les fichiers (*)")
NAVIGATION_STYLE = """
QListWidget#navigation {
    border: none; border-right: 1px solid palette(mid); padding-top: 12px; font-size: 11pt; outline: 0;
}
QListWidget#navigation::item { padding: 9px 16px; }
"""


class MainWindow(QMainWindow):
    """The application's window. Built with ``pages=False`` it shows its frame (menus, navigation,
    status bar) at once and gets its sections from ``build_pages``: what ``cpts-desktop`` does, so
    that the window is on screen before the heavy imports and the opening of the base. Each section
    is built on its first visit (or first use by ``members_page`` and the like)."""

    ready = Signal()  # the section on screen shows the base (``finish_when_shown``)
    opened = Signal()  # and the base is open for work: every section reads and writes it
    written = Signal(object, bool)  # the tables a transaction wrote; whether on the GUI thread

    def __init__(self, settings: QSettings, parent: QWidget | None = None, *, pages: bool = True) -> None:
        super().__init__(parent)
        self.settings = settings
        self.database: Database | None = None
        self._built: list[Page | None] = [None] * len(sections.ORDER)
        self._can_build = False  # sections are built once ``build_pages`` has run
        self._stale: list[Page] = []  # sections to re-read from the base when next shown
        self._stop_watching: Callable[[], None] | None = None
        self._outside: OutsideWrites | None = None  # a colleague's window writing to the same file
        self._refresh_queued = False
        # queued when a worker commits: the sections are marked on the GUI thread
        self.written.connect(self._written)
        self._pending: Step | None = None
        self._ready = False  # ``ready`` emitted
        self.auto_backup = True
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(60 * 60 * 1000)
        self.backup_timer.timeout.connect(self._daily_backup)
        self.backup_timer.start()
        self.resize(1100, 720)
        self.setMinimumSize(800, 560)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(210)
        self.navigation.setStyleSheet(NAVIGATION_STYLE)
        for title in sections.ORDER:
            self.navigation.addItem(QListWidgetItem(title))
        self.stack = QStackedWidget()
        self.loading: QLabel | None = QLabel(_("Ouverture…"))
        # centred by its style sheet: the ``Qt`` namespace, whose first use builds its 93 enums (some 40 ms),
        # is left until after the first paint, like everything else the frame can do without
        self.loading.setStyleSheet("qproperty-alignment: AlignCenter;")
        self.stack.addWidget(self.loading)
        self.navigation.currentRowChanged.connect(self._show_section)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel()
        self.database_label.setContentsMargins(0, 0, 6, 0)  # clear of the size grip
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.database_label)

        self._build_menus()
        self.navigation.setCurrentRow(0)
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:  # first start: as much of a laptop's screen as the tables can use
            self.resize(QSize(1280, 800).boundedTo(screen_fit.room(self)))
        if pages:
            self.build_pages()
            screen_fit.install()
        self._show_database()

    def build_pages(self) -> None:
        """Let the sections be built, and build the one on screen: the others are built (and their
        modules, services and queries loaded) on their first visit, so the window is usable sooner."""
        from PySide6.QtCore import Qt  # not before the first paint (see ``__init__``)

        self._can_build = True
        self.database_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self._show_section(self.navigation.currentRow())
        self.refresh()

    @property
    def pages(self) -> list[Page]:
        """The sections built so far, in navigation order."""
        return [page for page in self._built if page is not None]

    def page_at(self, row: int) -> Page:
        """The section at ``row`` of the navigation, built now if it was not yet (stale unless shown:
        it reads the base when it is)."""
        page = self._built[row]
        if page is None:
            page = self._new_page(row)
            self._built[row] = page
            self.stack.addWidget(page)
            if self.loading is not None:
                self.stack.removeWidget(self.loading)
                self.loading.deleteLater()
                self.loading = None
            self._stale.append(page)
        return page

    def _new_page(self, row: int) -> Page:
        """Import and create the section at ``row``, wired to the window."""
        from importlib import import_module

        module, name = PAGE_CLASSES[row]
        kind = getattr(import_module(f"cpts_desktop.ui.pages.{module}"), name)
        page: Page = kind(self.settings) if row == SETTINGS_ROW else kind()
        page.status_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        if row == DASHBOARD_ROW:
            from cpts_desktop.ui.pages.dashboard import take_step

            dashboard = cast("DashboardPage", page)
            dashboard.demo_requested.connect(self.load_demo)
            dashboard.open_requested.connect(self.choose_and_open)
            dashboard.new_requested.connect(self.choose_and_create)
            dashboard.step_requested.connect(lambda key: take_step(self, key))
        elif row == MEMBERS_ROW:
            members = cast("MembersPage", page)
            members.count_changed.connect(self.count_label.setText)
        return page

    @property
    def dashboard(self) -> DashboardPage:
        return cast("DashboardPage", self.page_at(DASHBOARD_ROW))

    @property
    def members_page(self) -> MembersPage:
        return cast("MembersPage", self.page_at(MEMBERS_ROW))

    @property
    def meetings_page(self) -> MeetingsPage:
        return cast("MeetingsPage", self.page_at(MEETINGS_ROW))

    @property
    def governance_page(self) -> GovernancePage:
        return cast("GovernancePage", self.page_at(GOVERNANCE_ROW))

    @property
    def finances_page(self) -> FinancesPage:
        return cast("FinancesPage", self.page_at(FINANCES_ROW))

    @property
    def settings_page(self) -> SettingsPage:
        return cast("SettingsPage", self.page_at(SETTINGS_ROW))

    def _show_section(self, row: int) -> None:
        if not self._can_build or not 0 <= row < len(self._built):
            return
        page = self.page_at(row)
        # the dashboard sums up what the other sections change: cheap, so read at every visit
        if page in self._stale or row == DASHBOARD_ROW:
            if page in self._stale:
                self._stale.remove(page)
            page.set_database(self.database)
        self.stack.setCurrentWidget(page)
        self.count_label.setVisible(row == MEMBERS_ROW)

    def finish_when_shown(self, work: Step) -> None:
        """Run ``work`` (building the sections, opening the base) once the window has been painted,
        then emit ``ready``. When ``work`` returns a further step (the base's full opening, after its
        first view: ``preview``), that step runs once the window has been painted again, under the wait
        cursor, and ``opened`` follows it. A window that never paints (started minimised) gets each step
        after a second."""
        self._pending = work
        QTimer.singleShot(1000, self._finish)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Paint and self._pending is not None:
            QTimer.singleShot(0, self._finish)
        elif event.type() == QEvent.WindowActivate and self._outside is not None and self._outside.check():
            self.refresh()  # back to the window after a colleague wrote: nothing shown is trusted
        return handled

    def _finish(self) -> None:
        work, self._pending = self._pending, None
        if work is None:
            return
        from PySide6.QtCore import Qt  # not before the first paint (see ``__init__``)

        self.setCursor(Qt.WaitCursor)
        try:
            later = work()
        finally:
            self.unsetCursor()
        if not self._ready:
            # From now on every window is fitted to the screen as it is shown; the frame was sized to it
            # when made. Not sooner: the filter sees every event, and the first for an object Qt keeps to
            # itself (an animation timer) makes the bindings build nearly every class they know, with their
            # enums (some 60 ms), which neither the first paint nor the first section needs.
            screen_fit.install()
            self._ready = True
            self.ready.emit()
        if later is None:
            self.opened.emit()
            return
        self.setCursor(Qt.WaitCursor)  # the figures are on screen; the window is busy until ``later`` ran
        self.finish_when_shown(later)
        self.update()  # the painting that shows them, after which ``later`` runs

    def preview(self, location: str) -> bool:
        """Fill the dashboard, when it is the section on screen, from a read-only look at the SQLite file
        at ``location`` (``services.overview.first_view``): the base's figures are on screen before the
        database layer is even loaded, and its full opening (``open_location``) follows. False, with
        nothing shown, for a base that needs that opening first (to be created, upgraded, repaired) or
        is not a file."""
        if self.navigation.currentRow() != DASHBOARD_ROW or "://" in location:
            return False
        from cpts_desktop.services.overview import first_view

        data = first_view(Path(location))
        if data is None:
            return False
        self.dashboard.show_dashboard(data)
        return True

    # ----- menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&Fichier"))
        self.new_action = self._action(file_menu, _("&Nouvelle base…"), self.choose_and_create, "Ctrl+Shift+N")
        self.open_action = self._action(file_menu, _("&Ouvrir une base…"), self.choose_and_open, "Ctrl+O")
        self.connect_action = self._action(file_menu, _("Ouvrir une base &partagée…"), self.choose_and_connect)
        self.copy_action = self._action(
            file_menu, _("&Enregistrer une copie…"), self.choose_and_save_copy, "Ctrl+Shift+S"
        )
        file_menu.addSeparator()
        self.backup_action = self._action(file_menu, _("&Sauvegarder maintenant"), self.backup_now, "Ctrl+B")
        self.restore_action = self._action(file_menu, _("&Restaurer une sauvegarde…"), self.choose_and_restore)
        file_menu.addSeparator()
        self.demo_action = self._action(file_menu, _("Charger la &démonstration"), self.load_demo)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quitter"), self.close, "Ctrl+Q")

        go_menu = self.menuBar().addMenu(_("&Aller à"))
        for index, title in enumerate(sections.ORDER):
            # « & » marks a menu's keyboard letter: « Statuts & conseil » would read « Statuts _conseil »
            label = title.replace("&", "&&")
            self._action(go_menu, label, lambda i=index: self.navigation.setCurrentRow(i), f"Ctrl+{index + 1}")

        help_menu = self.menuBar().addMenu(_("A&ide"))
        self._action(help_menu, _("À &propos de CPTS Desktop"), self.show_about, "F1")

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:  # noqa: ANN001 - Qt types
        action = QAction(text, self)
        if shortcut is not None:
            # the same as ``setShortcut``, whose overloads make the bindings build the ``Qt`` namespace
            action.setShortcuts([QKeySequence(shortcut)])
        on(action.triggered, slot)
        menu.addAction(action)
        return action

    # ----- opening databases
    def open_location(self, location: str, *, create: bool = False) -> bool:
        """Open the database at ``location``; on failure, say why and keep the current one."""
        from cpts_desktop.services.database import open_database

        try:
            database = open_database(location, create=create)
        except DamagedDatabase as error:
            if self.offer_restore(location, error.message):
                return self.open_location(location)
            return self._refused(error.message)
        except CptsError as error:
            return self._refused(error.message)
        self.set_database(database)
        return True

    def _refused(self, message: str) -> bool:
        """Say why the base was not opened; the status bar stops announcing an opening that failed, and
        the dashboard stops showing the figures of its first view."""
        if self.database is None:
            self.database_label.setText(_("Aucune base ouverte"))
            self.refresh()
        show_error(self, message, _("Ouverture impossible"))
        return False

    # ----- backups
    def backup_now(self, reason: str = "") -> BackupInfo | None:
        from cpts_desktop.services.backups import create_backup, rotate

        if self.database is None or self.database.path is None:
            return None
        try:
            info = create_backup(self.database, self.backup_folder(), reason=reason)
        except CptsError as error:
            show_error(self, error.message, _("Sauvegarde impossible"))
            return None
        if reason == "auto":
            rotate(self.backup_folder())
        self.settings.setValue(LAST_BACKUP_KEY, info.created.date().isoformat())
        self.statusBar().showMessage(_("Sauvegarde enregistrée : {path}").format(path=info.path), 8000)
        return info

    def backup_folder(self) -> Path:
        """The folder chosen in Paramètres (an external drive, say), else the one beside the data."""
        from cpts_desktop.services.backups import default_folder

        chosen = self.settings.value(BACKUP_FOLDER_KEY)
        return Path(chosen) if isinstance(chosen, str) and chosen else default_folder()

    def _daily_backup(self) -> None:
        """At most one automatic backup a day while the application stays open."""
        if self.database is not None and self.settings.value(LAST_BACKUP_KEY) != date.today().isoformat():
            self.backup_now(reason="auto")

    def offer_restore(self, location: str, problem: str) -> bool:
        """A base that cannot be opened: propose the latest backup (the damaged file is kept aside)."""
        from cpts_desktop.services.backups import list_backups
        from cpts_desktop.store.engine import sqlite_path, to_url

        path = sqlite_path(to_url(location))
        readable = [b for b in list_backups(self.backup_folder()) if not b.encrypted]
        if path is None or not path.exists() or not readable:
            return False
        latest = readable[0]
        question = _(
            "{problem}\n\nRestaurer la sauvegarde du {day} ({members} adhérents) ? "
            "Le fichier actuel sera conservé dans le dossier des sauvegardes."
        ).format(problem=problem, day=format_datetime_short(latest.created), members=latest.counts["members"])
        if QMessageBox.question(self, _("Base endommagée"), question) != QMessageBox.Yes:
            return False
        return self.restore_from(latest.path, path)

    def choose_and_restore(self) -> None:
        from cpts_desktop.services.backups import describe_backup

        if self.database is None or self.database.path is None:
            return
        backup, _filter = QFileDialog.getOpenFileName(
            self, _("Restaurer une sauvegarde"), str(self.backup_folder()), _("Sauvegardes (*.sqlite *.chiffre)")
        )
        if not backup:
            return
        try:
            info = describe_backup(Path(backup))
        except CptsError as error:
            show_error(self, error.message)
            return
        content = (
            _("contenu chiffré")
            if info.encrypted
            else _("{members} adhérents, {payments} paiements, {meetings} réunions").format(**info.counts)
        )
        question = _(
            "Remplacer la base ouverte par la sauvegarde du {day} ({content}) ? "
            "La base actuelle sera d’abord sauvegardée."
        ).format(day=format_datetime_short(info.created), content=content)
        if QMessageBox.question(self, _("Restaurer une sauvegarde"), question) == QMessageBox.Yes:
            self.restore_from(info.path, self.database.path)

    def restore_from(self, backup: Path, target: Path, passphrase: str | None = None) -> bool:
        """Restore ``backup`` into ``target``; the base replaced is kept in the default backups folder
        (always there, unlike a removable drive chosen in Paramètres)."""
        from cpts_desktop.services.backups import restore
        from cpts_desktop.ui.busy import busy

        if backup.name.endswith(".chiffre") and passphrase is None:
            passphrase, ok = QInputDialog.getText(
                self, _("Sauvegarde chiffrée"), _("Phrase de passe :"), QLineEdit.Password
            )
            if not ok:
                return False
        reopen = self.database is not None and self.database.path == target
        if reopen:
            self.set_database(None)
        try:
            with busy(self, _("Restauration en cours…")):
                kept = restore(backup, target, passphrase)
        except CptsError as error:
            show_error(self, error.message, _("Restauration impossible"))
            if reopen:
                self.open_location(str(target))
            return False
        if reopen:
            self.open_location(str(target))
        message = _("Sauvegarde restaurée dans {path}").format(path=target)
        if kept is not None:
            message += _(" ; la base remplacée est conservée dans le dossier des sauvegardes ({name})").format(
                name=kept.path.name
            )
        self.statusBar().showMessage(message + ".", 15000)
        return True

    def set_database(self, database: Database | None) -> None:
        self._stop_watching_database()
        if self.database is not None:
            self.database.close()
        self.database = database
        if database is not None:
            from cpts_desktop.store import changes

            self._stop_watching = changes.subscribe(
                database.engine, lambda tables: self.written.emit(tables, threading.current_thread() is MAIN)
            )
            if database.path is not None:
                self._outside = changes.OutsideWrites(database.engine)
            self.settings.setValue(LAST_DATABASE_KEY, database.location)
        self._show_database()

    def _stop_watching_database(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()
            self._stop_watching = None
        if self._outside is not None:
            self._outside.close()
            self._outside = None

    def _written(self, tables: frozenset[str], here: bool) -> None:
        """A transaction wrote ``tables``: the sections showing them are stale. The one on screen is
        re-read once the writing is over, unless the write is its own (``here``: on the GUI thread) and
        it re-reads itself after those; the others when they are next shown. On the GUI thread this
        runs while the transaction commits: nothing is read here."""
        current = self.stack.currentWidget()
        for page in self.pages:
            if page in self._stale or not page.shows_any(tables):
                continue
            if page is not current:
                self._stale.append(page)
            elif not (here and page.refreshes_itself):
                self._stale.append(page)
                if not self._refresh_queued:
                    self._refresh_queued = True
                    QTimer.singleShot(0, self._refresh_current)

    def _refresh_current(self) -> None:
        self._refresh_queued = False
        current = self.stack.currentWidget()
        if current in self._stale:
            self._stale.remove(current)
            current.set_database(self.database)

    def refresh(self) -> None:
        """Re-read the section on screen now, the others when they are next shown: with 100,000
        members, renaming the association must not re-read the whole register."""
        current = self.stack.currentWidget()
        self._stale = [page for page in self.pages if page is not current]
        if current in self.pages:
            current.set_database(self.database)

    def _show_database(self) -> None:
        has_database = self.database is not None
        self.copy_action.setEnabled(has_database and self.database.path is not None)
        for action in (self.backup_action, self.restore_action):
            action.setEnabled(has_database and self.database.path is not None)
        self.demo_action.setEnabled(has_database)
        if self.database is None:
            self.database_label.setText(_("Aucune base ouverte") if self._can_build else _("Ouverture de la base…"))
            self.setWindowTitle(APP_NAME)
        else:
            self.database_label.setText(_("Base : {location}").format(location=self.database.display_name))
            self.setWindowTitle(f"{APP_NAME} — {self.database.display_name}")
            QTimer.singleShot(0, self._offer_outbox)
        self.refresh()

    def _offer_outbox(self) -> None:
        """Messages left waiting by a quit, a crash or a lost network: the outbox is shown so that the
        sending is resumed where it stopped (the user starts it: the password may be asked)."""
        if self.database is None:
            return
        from cpts_desktop.services.mail.outbox import waiting

        count = waiting(self.database)
        if count:
            # the window (and the meetings' modules it shows) only when a message waits: most openings
            from cpts_desktop.ui.mail.outbox_window import show_outbox

            show_outbox(self, self.database)
            self.statusBar().showMessage(
                plural(count, _("{count} message attend"), _("{count} messages attendent"))
                + _(" dans la boîte d’envoi : « Envoyer les messages en attente » reprend l’envoi."),
                15000,
            )

    def choose_and_open(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Ouvrir une base"), self._start_dir(), FILE_FILTER)
        if path:
            self.open_location(path)

    def choose_and_connect(self) -> None:
        """Open a database shared on a PostgreSQL server, given its address."""
        current = self.database.location if self.database is not None and self.database.path is None else ""
        url, accepted = QInputDialog.getText(
            self,
            _("Base partagée"),
            _(
                "Adresse de la base sur le serveur PostgreSQL, par exemple\n"
                "postgresql+psycopg://secretariat@serveur.cpts.local/cpts\n\n"
                "Le mot de passe peut figurer dans l’adresse (utilisateur:motdepasse@serveur)\n"
                "ou dans le fichier pgpass de l’ordinateur ; il n’est jamais mémorisé par l’application."
            ),
            text=current,
        )
        if accepted and url.strip():
            self.open_location(url.strip())

    def choose_and_create(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Nouvelle base"), self._start_dir(), FILE_FILTER, options=QFileDialog.DontConfirmOverwrite
        )
        if path:
            self.create_database_at(Path(path))

    def create_database_at(self, path: Path) -> bool:
        """Create a new, empty database; an existing file is never replaced."""
        if not path.suffix:
            path = path.with_suffix(".sqlite")
        if path.exists():
            show_error(
                self,
                _(
                    "Le fichier « {path} » existe déjà. Choisissez un autre nom, "
                    "ou ouvrez-le par Fichier › Ouvrir une base…"
                ).format(path=path),
                _("Création impossible"),
            )
            return False
        return self.open_location(str(path), create=True)

    def choose_and_save_copy(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Enregistrer une copie"), self._start_dir(), FILE_FILTER)
        if path:
            self.save_copy_to(Path(path))

    def save_copy_to(self, path: Path) -> bool:
        from cpts_desktop.services.backups import save_copy

        if self.database is None:
            return False
        try:
            target = save_copy(self.database, path)
        except CptsError as error:
            show_error(self, error.message, _("Copie impossible"))
            return False
        self.statusBar().showMessage(_("Copie enregistrée : {path}").format(path=target), 8000)
        return True

    def load_demo(self) -> None:
        from cpts_desktop.services.demo import load_demo

        if self.database is None:
            return
        try:
            added = load_demo(self.database)
        except CptsError as error:
            show_error(self, error.message, _("Démonstration"))
            return
        self.refresh()
        if added.members or added.communes:
            message = _("La CPTS fictive a été ajoutée : {members} adhérents, {communes} communes.").format(
                members=added.members, communes=added.communes
            )
        else:
            message = _("Les données de démonstration sont déjà dans cette base : rien n’a été ajouté.")
        self.statusBar().showMessage(message, 8000)

    def _start_dir(self) -> str:
        if self.database is not None and self.database.path is not None:
            return str(self.database.path.parent)
        return str(Path.home())

    # ----- help
    def about_text(self) -> str:
        from cpts_desktop.services.database import describe

        if self.database is None:
            where, revision = _("aucune"), "—"
        else:
            info = describe(self.database)
            where, revision = info.location, info.revision or "—"
        return _(
            "<h3>CPTS Desktop {version}</h3>"
            "<p>L’administration d’une Communauté Professionnelle Territoriale de Santé : adhérents, "
            "statuts et conseil, réunions, financements.</p>"
            "<p><b>Base ouverte :</b> {where}<br><b>Version du schéma :</b> {revision}</p>"
        ).format(version=__version__, where=_escape(where), revision=_escape(revision))

    def show_about(self) -> None:
        QMessageBox.about(self, _("À propos de CPTS Desktop"), self.about_text())

    # ----- closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        if self.database is not None and self.database.path is not None and self.auto_backup:
            self.backup_now(reason="auto")
        self.settings.sync()
        self._stop_watching_database()
        if self.database is not None:
            self.database.close()
            self.database = None
        event.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
