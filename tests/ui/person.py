"""What a person does with the window, for journey tests: click a visible button by its label, a row,
a tab, a section; type as a keyboard does; read a previewed PDF. Never a call to a page's method."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QPushButton,
    QTabWidget,
    QWidget,
)


def button(widget: QWidget, text: str) -> QPushButton:
    """The visible, enabled button whose label ends with ``text`` (a step's label starts with its tick)."""
    found = [
        b
        for b in widget.findChildren(QPushButton)
        if b.text().replace("&", "").endswith(text) and b.isVisible() and b.isEnabled()
    ]
    assert found, f"no visible, enabled button « {text} »"
    return found[-1]


def click(qtbot, widget: QWidget, text: str) -> None:
    qtbot.mouseClick(button(widget, text), Qt.LeftButton)


def opened(parent: QWidget, kind: type[QWidget]) -> QWidget:
    """The dialog of ``kind`` that ``parent``'s window shows last."""
    shown = [d for d in parent.window().findChildren(kind) if d.isVisible()]
    assert shown, f"no {kind.__name__} open"
    return shown[-1]


def go_to(qtbot, window, section: str) -> None:  # noqa: ANN001 - the MainWindow
    """A click on the section's name in the navigation."""
    item = window.navigation.findItems(section, Qt.MatchExactly)[0]
    qtbot.mouseClick(window.navigation.viewport(), Qt.LeftButton, pos=window.navigation.visualItemRect(item).center())


def open_tab(qtbot, tabs: QTabWidget, title: str) -> QWidget:
    bar = tabs.tabBar()
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index
    return tabs.widget(index)


def click_row(qtbot, view: QAbstractItemView, row: int, modifier: Qt.KeyboardModifier = Qt.NoModifier) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, modifier, view.visualRect(index).center())


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def type_text(qtbot, field: QWidget, text: str) -> None:
    """Key presses as a keyboard sends them; QTest.keyClicks gives up on « é », « ’ » or « € »."""
    field.setFocus()
    for character in text:
        if character.isascii():
            qtbot.keyClicks(field, character)
            continue
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, character))


def retype(qtbot, field: QWidget, text: str) -> None:
    """What the field holds selected and typed over, as one does over a date already filled in."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key_A, Qt.ControlModifier)
    type_text(qtbot, field, text)


def pdf_text(path: Path, pages: int | None = None) -> str:
    """A PDF's text (its first ``pages`` only when given: extracting a long merge's every page takes
    seconds), spaces (Babel's narrow no-break ones included) as a reader sees them."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages[:pages])
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
