"""Documents drawn a letter or a page at a time print what the whole story or the whole table printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from cpts_desktop.domain.enums import MeetingType
from cpts_desktop.pdf.meetings import convocations_pdf
from cpts_desktop.pdf.style import build, build_letters, data_table, long_table, styles
from cpts_desktop.services import documents, meetings
from cpts_desktop.services.association import letterhead
from tests.pdf.test_letters import page_numbers

TODAY = date(2026, 11, 24)


def texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_a_merge_prints_each_letter_as_it_prints_alone(demo_database, tmp_path: Path):
    ag = next(m for m in meetings.list_meetings(demo_database) if m.type is MeetingType.ORDINARY_GENERAL)
    papers = documents.meeting_papers(demo_database, ag.id)
    three = papers.convened[:3]
    merged = convocations_pdf(papers, tmp_path / "toutes.pdf", TODAY, only=three)
    alone = [convocations_pdf(papers, tmp_path / f"{m.id}.pdf", TODAY, only=[m]) for m in three]
    assert texts(merged) == [page for path in alone for page in texts(path)]
    assert page_numbers(merged) == ["page 1 / 2", "page 2 / 2"] * 3


def test_letters_of_different_lengths_count_their_own_pages(demo_database, tmp_path: Path):
    s = styles()
    head = letterhead(demo_database)
    long_text = " ".join(f"Phrase {n} d’une longue lettre." for n in range(500))
    letters = [[Paragraph("Court.", s["body"])], [Paragraph(long_text, s["body"])], [Paragraph("Fin.", s["body"])]]
    merged = build_letters(tmp_path / "lettres.pdf", iter(letters), head, "Essai")
    alone = [build(tmp_path / f"{i}.pdf", letter, head, "Essai") for i, letter in enumerate(letters)]
    assert texts(merged) == [page for path in alone for page in texts(path)]
    middle = len(page_numbers(alone[1]))
    assert middle > 1
    assert page_numbers(merged) == ["page 1 / 1", *(f"page {n} / {middle}" for n in range(1, middle + 1)), "page 1 / 1"]


def test_a_long_table_prints_as_one_table(demo_database, tmp_path: Path):
    s = styles()
    head = letterhead(demo_database)
    rows = [["Nom", "Prénom", "Commune"]] + [[f"Nom{n}", f"Prénom {n}", "Saint-Étienne"] for n in range(170)]
    widths = [50 * mm, 50 * mm, 60 * mm]
    heading = Paragraph("Infirmiers – 170", s["heading"])
    whole = build(tmp_path / "un.pdf", [data_table(rows, widths, s, heading=heading)], head, "Liste")
    pieces = build(tmp_path / "pages.pdf", [long_table(rows, widths, s, heading=heading)], head, "Liste")
    assert len(texts(pieces)) > 3
    assert texts(pieces) == texts(whole)  # the group's title and the columns on every page, each row once
