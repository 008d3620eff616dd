"""A robot that clicks through the window as a curious user would: every section, every tab, every
enabled button and menu action, the dialogs they open and the buttons of those.

What the user would have to answer is answered here: questions « Non », file choosers cancelled (a
save chooser gets a file in a temporary folder), printing cancelled. Every message box shown and every
window opened is recorded, so a test can require French refusals only and windows that fit the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt, QThreadPool
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTabBar,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)

from cpts_desktop.ui.screen_fit import FRAME_HEIGHT, FRAME_WIDTH

CLOSING = {"Annuler", "Fermer", "&Annuler", "&Fermer", "Cancel", "Close"}
# What never belongs in a message to a user: our failures and Python's words.
NOT_FOR_USERS = ("inattendue", "Traceback", "Error", "Exception", "NoneType", "attribute", "argument", "self.")


@dataclass
class Robot:
    qtbot: object
    folder: Path
    messages: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, text)
    windows: list[str] = field(default_factory=list)  # titles of the windows opened
    misfits: list[str] = field(default_factory=list)
    clicked: list[str] = field(default_factory=list)
    depth: int = 0
    writes: list[frozenset[str]] = field(default_factory=list)  # tables written since the last check
    after_write: Callable[[str], None] | None = None  # a check of the screen after a click that wrote

    # ----- answering for the user
    def patch(self, monkeypatch) -> None:  # noqa: ANN001 - pytest's MonkeyPatch
        def note(kind: str):  # noqa: ANN202
            return lambda _parent, title, text, *a, **k: self.messages.append((kind, title, text))

        for kind in ("critical", "warning", "information", "about"):
            monkeypatch.setattr(QMessageBox, kind, note(kind))
        monkeypatch.setattr(
            QMessageBox,
            "question",
            lambda _p, title, text, *a, **k: self.messages.append(("question", title, text)) or QMessageBox.No,
        )
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save_file_name)
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
        monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.Rejected)
        monkeypatch.setattr(QDialog, "exec", lambda dialog, *_a: self._modal(dialog))

    def _save_file_name(self, _parent, _title, suggested: str = "", *_a, **_k) -> tuple[str, str]:  # noqa: ANN001
        name = Path(suggested).name if suggested else "document"
        if name.endswith((".sqlite", ".db")) or not Path(name).suffix:
            return "", ""  # never switch the window to another base behind the robot's back
        target = self.folder / f"{len(self.clicked)}-{name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        return str(target), ""

    def _modal(self, dialog: QDialog) -> int:
        """``exec()`` would wait for a user: the dialog is shown, explored, then closed."""
        dialog.show()
        self.explore_dialog(dialog)
        return QDialog.Rejected

    # ----- what the screen shows
    def check_fits(self, window: QWidget) -> None:
        self.qtbot.wait(1)  # windows are fitted to the screen just after they are shown
        available = window.screen().availableGeometry()
        title = window.windowTitle() or type(window).__name__
        if window.width() + FRAME_WIDTH > available.width() or window.height() + FRAME_HEIGHT > available.height():
            self.misfits.append(f"« {title} » {window.width()}×{window.height()} on {available.size().toTuple()}")
        inside = window.rect()
        for button in window.findChildren(QPushButton):
            if not button.isVisible() or _in_scroll_area(button, window):
                continue
            rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
            if not inside.contains(rect):
                self.misfits.append(f"« {title} »: button « {button.text()} » outside the window")

    def refusals(self) -> list[str]:
        """Messages a user should never read."""
        return [f"{title}: {text}" for _k, title, text in self.messages if any(w in text for w in NOT_FOR_USERS)]

    # ----- clicking
    def settle(self) -> None:
        """The jobs started by a click done, and what they queued (results, re-reads) delivered: one turn
        of the event loop delivers what ``QTimer.singleShot(0)`` and finished jobs post (a longer wait
        only idled: a fifth of this file's time)."""
        QThreadPool.globalInstance().waitForDone(60_000)
        self.qtbot.wait(1)
        for progress in QApplication.topLevelWidgets():
            if isinstance(progress, QProgressDialog) and progress.isVisible():
                self.qtbot.waitUntil(lambda p=progress: not p.isVisible(), timeout=60_000)

    def click(self, button: QAbstractButton, where: str) -> None:
        label = f"{where} › {button.text()}"
        self.clicked.append(label)
        before = set(_open_windows())
        if isinstance(button, QToolButton) and button.menu() is not None:
            for action in button.menu().actions():
                if action.isEnabled() and not action.isSeparator():
                    self.clicked.append(f"{where} › {button.text()} › {action.text()}")
                    action.trigger()
                    self.after_click(before)
            return
        self.qtbot.mouseClick(button, Qt.LeftButton)
        self.after_click(before)
        if isinstance(button, QCheckBox) and button.isVisible() and button.isEnabled():
            self.qtbot.mouseClick(button, Qt.LeftButton)  # back as it was
            self.after_click(before)
        self.check_writes(label)  # the button may be gone with its dialog

    def check_writes(self, what: str) -> None:
        """After a click that wrote to the base (its dialogs' buttons included), check the screen."""
        if self.writes and self.after_write is not None:
            self.writes.clear()
            self.after_write(what)

    def after_click(self, before: set[QWidget]) -> None:
        self.settle()
        for window in _open_windows():
            if window not in before and _shown(window):
                self.explore_dialog(window)

    def explore_dialog(self, dialog: QWidget) -> None:
        """Check the dialog fits, click its buttons (one level deep), then close it."""
        self.windows.append(dialog.windowTitle())
        self.check_fits(dialog)
        if self.depth == 0 and isinstance(dialog, QDialog) and not isinstance(dialog, QProgressDialog):
            self.depth += 1
            try:
                self.click_all(dialog, f"[{dialog.windowTitle()}]")
                if _shown(dialog):
                    self.check_fits(dialog)  # with the messages its buttons put under the fields
            finally:
                self.depth -= 1
        if _shown(dialog):
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
        self.settle()

    def click_all(self, root: QWidget, where: str) -> None:
        """Every tab of every tab widget under ``root``, then every enabled button in view."""
        self.select_first_rows(root)
        for text in self.button_texts(root):
            if not _shown(root):
                return
            button = self.find_button(root, text)
            if button is not None:
                self.click(button, where)
        if not _shown(root):
            return
        for tabs in [t for t in root.findChildren(QTabWidget) if t.isVisible()]:
            for index in range(tabs.count()):
                if not _shown(root) or not _shown(tabs):
                    return
                bar: QTabBar = tabs.tabBar()
                self.qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
                self.settle()
                page = tabs.widget(index)
                self.select_first_rows(page)
                for text in self.button_texts(page):
                    if not _shown(page):
                        break
                    button = self.find_button(page, text)
                    if button is not None:
                        self.click(button, f"{where} › {tabs.tabText(index)}")

    def button_texts(self, root: QWidget) -> list[str]:
        texts = []
        for button in root.findChildren(QAbstractButton):
            if _clickable(button, root) and button.text() and button.text() not in texts:
                texts.append(button.text())
        return sorted(texts, key=lambda text: text in CLOSING)  # what closes a dialog comes last

    def find_button(self, root: QWidget, text: str) -> QAbstractButton | None:
        return next((b for b in root.findChildren(QAbstractButton) if b.text() == text and _clickable(b, root)), None)

    def select_first_rows(self, root: QWidget) -> None:
        for view in root.findChildren(QAbstractItemView):
            if not isinstance(view, QTableView | QListWidget) or not view.isVisible() or view.objectName():
                continue
            model = view.model()
            if model is not None and model.rowCount() > 0:
                rect = view.visualRect(model.index(0, 0))
                if rect.isValid():
                    self.qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
        self.settle()


def _clickable(button: QAbstractButton, root: QWidget) -> bool:
    """A button a user can see and press, and whose press stays inside the test."""
    if not (button.isVisible() and button.isEnabled()) or button.window() is not root.window():
        return False
    if isinstance(button.parent(), QTabBar) or button.objectName().startswith("qt_"):
        return False  # a tab bar's scroll arrows, a dialog's title-bar helpers
    return button.text() not in {"Quitter", "&Quitter"}


def _shown(widget: QWidget) -> bool:
    """Still there (a dialog may have deleted itself on closing) and visible."""
    return shiboken6.isValid(widget) and widget.isVisible()


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _open_windows() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and not isinstance(w, QMainWindow) and w.windowType() in (Qt.Window, Qt.Dialog)
    ]
