"""The indemnisation tab as a treasurer uses it: a salary paid to a professional is entered, the year's
total counts it with the indemnités, and passing the PASS is warned on screen and refused for new hours."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services import indemnities
from cpts_desktop.services.database import open_database
from cpts_desktop.services.members import create_member
from tests.ui.conftest import open_section
from tests.ui.person import click, click_row, open_tab, retype, type_text

FINANCES = 4


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _base(path: Path) -> int:
    """A professional with 10 hours at 60 € this year."""
    database = open_database(str(path))
    try:
        member_id = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Brankovič", prenom="Loïs"))
        rate = indemnities.save_rate(database, "Groupe de travail", Decimal(60))
        indemnities.add_time(database, member_id, date(date.today().year, 1, 15), rate, Decimal(10))
    finally:
        database.close()
    return member_id


def test_a_salary_counts_against_the_cap(qtbot, settings, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    member_id = _base(db_path)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    window = open_section(qtbot, settings, db_path, FINANCES)
    tab = open_tab(qtbot, window.finances_page.tabs, "Indemnisation")
    year = date.today().year
    ceiling, _known = indemnities.annual_ceiling(year)
    salary = ceiling - Decimal(500)  # with the 600 € of hours: 100 € past the cap

    def answer() -> None:
        form = QApplication.activeModalWidget()
        [member] = form.findChildren(QComboBox)
        member.setCurrentIndex(member.findData(member_id))
        day, amount, label = [e for e in form.findChildren(QLineEdit) if e.isVisible() and e is not member.lineEdit()]
        retype(qtbot, day, f"30/06/{year}")
        type_text(qtbot, amount, f"{salary:.2f}".replace(".", ","))
        type_text(qtbot, label, "Salaire de coordination, premier semestre")
        click(qtbot, form, "Enregistrer")

    QTimer.singleShot(0, answer)
    click(qtbot, tab, "Saisir une rémunération…")
    [row] = tab.totals.rows
    assert row.remunerations == salary and row.year_total == salary + 600 and row.over_ceiling
    shown = [_plain(tab.totals.index(0, column).data()) for column in range(tab.totals.columnCount())]
    assert shown[0] == "Loïs Brankovič" and shown[-1] == "dépassé"
    assert "1 professionnel au-delà du plafond" in tab.ceiling_label.text()
    assert len(warnings) == 1 and _plain(warnings[0]).startswith("Plafond annuel dépassé : Loïs Brankovič a reçu")

    click_row(qtbot, tab.totals_view, 0)
    assert [r.libelle for r in tab.remunerations.rows] == ["Salaire de coordination, premier semestre"]
    click_row(qtbot, tab.remunerations_view, 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    click(qtbot, tab, "Supprimer la rémunération")
    assert indemnities.remuneration_rows(tab.database, date(year, 1, 1), date(year, 12, 31)) == []
    assert not tab.totals.rows[0].over_ceiling and "au-delà" not in tab.ceiling_label.text()
