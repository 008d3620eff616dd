"""Start-up of the GUI: arguments, logging, Qt's French translations, the database, the main window."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cpts_desktop import APP_NAME, __version__, config
from cpts_desktop.cli.parser import FrenchArgumentParser
from cpts_desktop.i18n import _
from cpts_desktop.logs import setup_logging
from cpts_desktop.ui.main_window import MainWindow
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.sections import LAST_DATABASE_KEY

log = logging.getLogger(__name__)


def _install_translations(app: QApplication) -> None:
    """Qt's own French catalogue, so that standard buttons read « Annuler », « Oui »…, and the few
    labels it lacks."""
    QLocale.setDefault(QLocale(QLocale.French, QLocale.France))
    folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    for name in ("qtbase_fr", "qt_fr"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
    app.installTranslator(QtFrenchGaps(app))


class QtFrenchGaps(QTranslator):
    """Labels of Qt's file dialog that its French catalogue does not have in their current wording (it
    knows « Look in: », the dialog now says « &Look in: »): the dialog would show them in English."""

    FRENCH = {
        ("QFileDialog", "&Look in:"): "&Voir dans\u00a0:",
        ("QFileDialog", "Files of &type:"): "Fichiers de &type\u00a0:",
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return self.FRENCH.get((context, source))  # None (a null string): Qt asks the other catalogues

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


def _install_excepthook(log_path: str) -> None:
    """An unexpected error is logged with its traceback; the user gets a French sentence, which says
    what to do when the surroundings caused it (full disk, rights, lock, network)."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        from cpts_desktop.services.failures import explain  # SQLAlchemy: not before the first paint

        log.error("erreur inattendue\n%s", "".join(traceback.format_exception(kind, error, tb)))
        show_error(
            None,
            explain(error)
            or _(
                "Une erreur inattendue est survenue. Vos données enregistrées ne sont pas touchées.\n"
                "Le détail technique a été écrit dans « {path} »."
            ).format(path=log_path),
        )

    sys.excepthook = hook


def _application(argv: list[str]) -> argparse.Namespace:
    """The Qt application, French and logged, and the command-line arguments."""
    parser = FrenchArgumentParser(prog="cpts-desktop", description=_("Ouvre CPTS Desktop."))
    parser.add_argument("--db", metavar="CHEMIN", help=_("base à ouvrir : fichier ou URL"))
    args, qt_args = parser.parse_known_args(argv[1:])
    log_path = setup_logging()

    app = QApplication.instance() or QApplication([argv[0], *qt_args])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(config.resource("icons", "cpts-desktop.svg"))))
    _install_translations(app)
    _install_excepthook(str(log_path))
    return args


def _first_location(window: MainWindow, args: argparse.Namespace) -> tuple[str, bool]:
    """The base to open at start-up, and whether it is the one remembered from last time."""
    remembered = window.settings.value(LAST_DATABASE_KEY)
    location = config.choose_database(args.db, remembered if isinstance(remembered, str) else None)
    return location, location == remembered and not args.db


def _open_first_database(window: MainWindow, args: argparse.Namespace) -> None:
    location, from_memory = _first_location(window, args)
    # A database named on purpose (or the default) is created on first use; a remembered one that
    # has gone (an unplugged USB key) is not recreated empty: the default base opens instead.
    if not window.open_location(location, create=not from_memory) and from_memory:
        window.open_location(config.default_database(), create=True)


def start(argv: list[str]) -> MainWindow:
    """The application and its window, base open and sections filled, without the event loop."""
    args = _application(argv)
    window = MainWindow(QSettings())
    _open_first_database(window, args)
    window.show()
    return window


def launch(argv: list[str]) -> MainWindow:
    """What ``cpts-desktop`` does: the window is on screen at once. Once it has been painted, its sections
    are built and the dashboard shows the base read with ``sqlite3`` alone (``MainWindow.ready``), then
    the base is opened with the database layer, whose import takes most of the start-up
    (``MainWindow.opened``); a base that cannot be read so is opened at once, and both signals follow.

    Python's collector stays off until then: the start-up creates some 150,000 objects it tracks (modules,
    classes, mappings) and hardly any garbage, and collecting over and over while they pile up cost an
    eighth of the wait. Once the base is open they are frozen out of later collections, which then only
    walk what the session creates."""
    gc.disable()
    args = _application(argv)
    window = MainWindow(QSettings(), pages=False)
    window.show()

    def open_base() -> None:
        try:
            _open_first_database(window, args)
        finally:
            gc.enable()
            gc.freeze()

    def finish() -> Callable[[], None] | None:
        try:
            window.build_pages()
            shown = window.preview(_first_location(window, args)[0])
        except BaseException:
            gc.enable()
            raise
        if shown:
            return open_base
        open_base()
        return None

    window.finish_when_shown(finish)
    return window


def main(argv: list[str] | None = None) -> int:
    config.private_by_default()
    launch(sys.argv if argv is None else argv)
    return QApplication.instance().exec()


if __name__ == "__main__":
    sys.exit(main())
