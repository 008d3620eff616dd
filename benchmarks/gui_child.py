"""The GUI side of the benchmarks, run in a fresh process: ``python -m benchmarks.gui_child MODE [DB]``.

- ``bare``: an empty QMainWindow (the startup baseline); ``app DB``: CPTS Desktop on DB. Both print
  « shown » when the window is first painted, so the parent times process start → window shown.
- ``ready DB``: CPTS Desktop on DB; prints « ready » when the section shown is filled with the base's
  figures, then « opened » when the base is open for work.
- ``search DB``: first display of the members list, the whole register read, then one keystroke at a
  time (JSON on stdout).
- ``memory DB``: the members list loaded and scrolled to its end; prints the peak RSS in MB.
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def _when_painted(window, callback) -> None:  # noqa: ANN001 - a Qt window, a plain function
    """Call ``callback`` when ``window`` is first painted: it is then on screen, with its content."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, _watched, event) -> bool:  # noqa: ANN001, N802 - Qt override
            if event.type() == QEvent.Paint:
                window.removeEventFilter(self)
                callback()
            return False

    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)


def _done(text: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    print(text, flush=True)
    QTimer.singleShot(0, QApplication.instance().quit)  # after the paint under way has finished


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    _when_painted(window, lambda: _done("shown"))
    window.show()
    app.exec()


def app(database: str) -> None:
    """What ``cpts-desktop --db DATABASE`` does, until its window is painted."""
    from PySide6.QtWidgets import QApplication

    from cpts_desktop.app import launch

    window = launch(["cpts-desktop", "--db", database])
    _when_painted(window, lambda: _done("shown"))
    QApplication.instance().exec()


def ready(database: str) -> None:
    """The same, until the section shown (the others are built when visited) is filled, then until the
    base is open for work."""
    from PySide6.QtWidgets import QApplication

    from cpts_desktop.app import launch

    window = launch(["cpts-desktop", "--db", database])
    window.ready.connect(lambda: print("ready", flush=True))
    window.opened.connect(lambda: _done("opened"))
    QApplication.instance().exec()


def _members_window(database: str):  # noqa: ANN202 - MainWindow
    from PySide6.QtWidgets import QApplication

    from cpts_desktop.app import start

    window = start(["cpts-desktop", "--db", database])
    QApplication.processEvents()
    return window


def _whole_list(page) -> None:  # noqa: ANN001 - the members page
    """Wait until the list holds the whole register (a large one is read in the background)."""
    from PySide6.QtCore import QEventLoop

    if page.loading:
        loop = QEventLoop()
        page.loaded.connect(loop.quit)
        loop.exec()


def search(database: str) -> None:
    """The first display (the list on screen, its first rows), then the whole register searchable;
    the keystrokes are timed on the whole register."""
    from PySide6.QtWidgets import QApplication

    window = _members_window(database)
    page = window.members_page
    start = time.perf_counter()
    window.navigation.setCurrentRow(window.pages.index(page))  # a section is read when first shown
    QApplication.processEvents()
    first = time.perf_counter() - start
    _whole_list(page)
    whole = time.perf_counter() - start
    timings = []
    for word in ("dupont", "marie", "martin-leroy", "infirm", "39 98 12", "montvallon", "lefe"):
        for length in range(1, len(word) + 1):
            page.search.setText(word[:length])
            start = time.perf_counter()
            page.apply_filter()  # what the debounce timer triggers once typing pauses
            QApplication.processEvents()
            timings.append(time.perf_counter() - start)
        page.search.clear()
        page.apply_filter()
    figures = {"first_display": first, "whole_list": whole, "rows": page.model.total}
    print(json.dumps({**figures, "keystroke_median": statistics.median(timings)}), flush=True)


def memory(database: str) -> None:
    import resource

    from PySide6.QtWidgets import QApplication

    window = _members_window(database)
    page = window.members_page
    window.navigation.setCurrentRow(window.pages.index(page))
    QApplication.processEvents()
    _whole_list(page)
    page.table.scrollToBottom()
    QApplication.processEvents()
    rows = page.model.rowCount()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "peak_mb": peak_kb / 1024}), flush=True)


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    {"bare": bare, "app": app, "ready": ready, "search": search, "memory": memory}[mode](*rest)
