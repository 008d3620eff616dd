"""The Réunions page prints what a procès-verbal may be: refused in French before the meeting, stamped
« PROJET » until approved, and the register of approved ones only."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from cpts_desktop.domain.enums import MeetingType
from cpts_desktop.ui.pdf_preview import PdfPreview
from tests.ui.conftest import open_section
from tests.ui.person import click, click_row, open_tab, opened, pdf_text


def _pick(qtbot, page, wanted):  # noqa: ANN001, ANN202 - the page, a test on its rows, the row
    row = next(i for i, m in enumerate(page.meetings.rows) if wanted(m))
    click_row(qtbot, page.meetings_view, row)
    return page.meetings.rows[row]


def test_minutes_refused_before_the_meeting_stamped_until_approved(qtbot, settings, demo_path, errors):
    window = open_section(qtbot, settings, demo_path, 2)
    page = window.meetings_page
    future = _pick(qtbot, page, lambda m: m.statut.value == "prevue")
    open_tab(qtbot, page.tabs, "Procès-verbal")
    click(qtbot, page, "Procès-verbal (PDF)")
    assert len(errors) == 1 and "n’a pas encore eu lieu" in errors[0][1] and future.titre in errors[0][1]
    assert not [d for d in window.findChildren(PdfPreview) if d.isVisible()]

    board = _pick(qtbot, page, lambda m: m.type is MeetingType.BOARD)
    click(qtbot, page, "Procès-verbal (PDF)")
    preview = opened(page, PdfPreview)
    text = pdf_text(preview.path)
    assert "PROJET" in text and "Le conseil d’administration, réuni le" in text
    click(qtbot, preview, "Fermer")

    click(qtbot, page, "Registre des PV (PDF)")
    register = opened(page, PdfPreview)
    text = pdf_text(register.path)
    assert "Registre des procès-verbaux" in text and board.titre not in text and "PROJET" not in text
    click(qtbot, register, "Fermer")
    assert len(errors) == 1
    assert not [d for d in window.findChildren(QDialog) if d.isVisible()]
