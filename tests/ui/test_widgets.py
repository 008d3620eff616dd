"""Shared building blocks of the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QPushButton, QSpinBox, QVBoxLayout, QWidget

from cpts_desktop.ui.columns import SAMPLE_ROWS
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, labelled, table


def test_a_row_of_buttons_wraps_instead_of_cutting_labels(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    labels = ["Nouvelle subvention…", "Compte rendu financier (PDF)", "Fiche de suivi (PDF)", "Financeurs…"]
    row = buttons(*((label, lambda: None) for label in labels))
    year = QSpinBox()
    row.addWidget(labelled("Année :", year))
    layout.addLayout(row)
    layout.addStretch(1)
    host.resize(380, 300)
    host.show()
    qtbot.waitExposed(host)
    shown = host.findChildren(QPushButton)
    assert [b.text() for b in shown] == labels
    for button in shown:
        assert button.width() >= button.sizeHint().width()  # the whole label fits
        assert button.geometry().right() <= host.width()
    tops = sorted({b.geometry().top() for b in shown})
    assert len(tops) >= 2  # wrapped onto a second line
    assert year.parentWidget().geometry().top() >= tops[-1]  # « Année : » stays with its field
    host.resize(1400, 300)
    qtbot.wait(10)
    assert len({b.geometry().top() for b in shown}) == 1  # wide enough: one line


def test_a_row_of_buttons_measures_again_when_a_button_changes(qtbot):
    """The row keeps the height it measured for a width: a button hidden, shown or relabelled must
    still change it."""
    row = buttons(*((label, lambda: None) for label in ("Ajouter", "Modifier", "Supprimer")))
    host = QWidget()
    qtbot.addWidget(host)
    host.setLayout(row)
    host.show()
    qtbot.waitExposed(host)
    one_line = row.heightForWidth(400)
    assert row.heightForWidth(400) == one_line  # asked again: the same
    first, *others = host.findChildren(QPushButton)
    first.setText("Imprimer les convocations de l’assemblée générale avec leurs pouvoirs")
    qtbot.wait(10)
    assert row.heightForWidth(400) > one_line  # the long label pushed the others onto a second line
    first.hide()
    qtbot.wait(10)
    assert row.heightForWidth(400) == one_line
    for button in others:
        button.hide()
    qtbot.wait(10)
    assert row.heightForWidth(400) == 0  # nothing left to show


def test_a_list_measures_its_content_when_its_rows_change_not_at_each_resize(qtbot):
    reads: list[int] = []

    class Counted(RowsModel):
        def data(self, index, role=Qt.DisplayRole):  # noqa: ANN001, ANN202 - Qt's signature
            reads.append(role)
            return super().data(index, role)

    model = Counted([("Nom", lambda r: r[0]), ("Montant", lambda r: r[1])], numeric=[1])
    model.set_rows([(f"Adhérente fictive {n}", "12,50 €") for n in range(2000)])
    view = table(model, stretch=0)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    measured = len(reads)
    assert measured < 2 * 12 * SAMPLE_ROWS  # a sample of the 2,000 rows, not a thousand of them
    for width in (700, 1100, 400, 1000):
        view.resize(width, 400)
        qtbot.wait(5)
    assert len(reads) - measured < 2000  # resizing paints the visible cells, measures nothing again
    assert sum(view.columnWidth(c) for c in range(2)) >= view.viewport().width() - 2  # spare width shared
    model.set_rows([("Adhérente au nom bien plus long que tous les autres réunis", "1 234 567,89 €")])
    for column in range(2):  # new rows: measured again, the long name and the big amount fit
        assert view.columnWidth(column) >= view.sizeHintForColumn(column)
    view.resize(300, 400)
    qtbot.waitUntil(lambda: view.horizontalHeader().sectionResizeMode(0) == QHeaderView.Stretch)
    assert view.columnWidth(1) >= view.sizeHintForColumn(1)  # short of room: the name gives way, not the amount
