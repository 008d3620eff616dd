"""Statuts & conseil › Déclarations: after a CA election, the dossier, the filing, the récépissé with its
scan, the registre spécial; a declaration past its deadline in red."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit

from cpts_desktop.domain.declarations import DeclarationStatus
from cpts_desktop.domain.enums import BoardRole
from cpts_desktop.i18n import format_date_short
from cpts_desktop.services import board, declarations
from cpts_desktop.services.database import open_database
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.governance.declarations_tab import LATE
from cpts_desktop.ui.pdf_preview import PdfPreview
from tests.services.test_declarations import DECIDED, _ca_election, _complete
from tests.ui.conftest import open_section
from tests.ui.person import click, click_row, open_tab, opened, pdf_text, retype, type_text


def _prepare(path) -> int:
    """A CA election (its directors' fields completed), and a resignation entered 200 days late."""
    database = open_database(str(path))
    try:
        _meeting, elected = _ca_election(database)
        _complete(database, elected)
        sitting = board.current_board(database, DECIDED)
        director = next(m for m in sitting if m.role is BoardRole.DIRECTOR and m.member_id not in elected)
        board.end_mandate(database, director.id, date.today() - timedelta(days=200))
        return next(d.id for d in declarations.reminders(database) if d.date_decision == DECIDED)
    finally:
        database.close()


def test_declare_an_election_then_record_the_recepisse(qtbot, settings, demo_path, tmp_path, monkeypatch):
    opened_id = _prepare(demo_path)
    window = open_section(qtbot, settings, demo_path, 3)
    tab = open_tab(qtbot, window.governance_page.tabs, "Déclarations")
    rows = tab.declarations.rows
    late = next(i for i, r in enumerate(rows) if r.late(date.today()))
    assert tab.declarations.index(late, 0).data(Qt.ForegroundRole) == LATE
    assert "en retard" in tab.reminders.text() and tab.reminders.isVisible()
    row = next(i for i, r in enumerate(rows) if r.id == opened_id)
    assert tab.declarations.index(row, 5).data() == "à déposer"

    click_row(qtbot, tab.view, row)
    click(qtbot, tab, "Dossier à déposer (PDF)")
    preview = opened(tab, PdfPreview)
    text = pdf_text(preview.path)
    preview.reject()
    assert "13971" in text and "Liste des dirigeants" in text and "Certifié exact" in text

    click(qtbot, tab, "Déposée le…")
    dialog = opened(tab, FormDialog)
    filed = DECIDED + timedelta(days=3)
    retype(qtbot, dialog.findChild(QLineEdit), format_date_short(filed))
    click(qtbot, dialog, "Enregistrer")
    row = next(i for i, r in enumerate(tab.declarations.rows) if r.id == opened_id)
    assert tab.declarations.index(row, 5).data() == f"déposée le {format_date_short(filed)}"

    scan = tmp_path / "recepisse.pdf"
    scan.write_bytes(b"%PDF-1.4 fictif")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(scan), ""))
    click_row(qtbot, tab.view, row)
    click(qtbot, tab, "Récépissé…")
    dialog = opened(tab, FormDialog)
    number, day, _scan = dialog.findChildren(QLineEdit)
    type_text(qtbot, number, "W261000777")
    retype(qtbot, day, format_date_short(filed + timedelta(days=2)))
    click(qtbot, dialog, "Choisir…")
    click(qtbot, dialog, "Enregistrer")

    proven = declarations.get_declaration(window.database, opened_id)
    assert proven.status is DeclarationStatus.RECEIVED and proven.recepisse_numero == "W261000777"
    assert declarations.scan(window.database, opened_id) == ("recepisse.pdf", b"%PDF-1.4 fictif")
    row = next(i for i, r in enumerate(tab.declarations.rows) if r.id == opened_id)
    expected = f"récépissé n° W261000777 du {format_date_short(filed + timedelta(days=2))}"
    assert tab.declarations.index(row, 5).data() == expected

    click(qtbot, tab, "Registre spécial (PDF)")
    preview = opened(tab, PdfPreview)
    text = pdf_text(preview.path)
    preview.reject()
    assert "Registre spécial" in text and "W261000777" in text
