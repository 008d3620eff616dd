"""Shared building blocks of the pages."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QSpinBox, QVBoxLayout, QWidget

from cpts_desktop.ui.widgets import buttons, labelled


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
