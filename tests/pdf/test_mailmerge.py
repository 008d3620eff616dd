"""Shared paragraphs of a mail-merge must print exactly what ordinary paragraphs print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.platypus import PageBreak, Paragraph

from cpts_desktop.pdf import meetings
from cpts_desktop.pdf.mailmerge import MergeParagraphs
from cpts_desktop.pdf.style import build, styles
from cpts_desktop.services import meetings as meeting_service
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.documents import meeting_papers


@pytest.fixture
def invariant(monkeypatch):
    """Same input, same bytes: no creation date nor random document id."""
    monkeypatch.setattr(rl_config, "invariant", 1)


def test_convocations_are_byte_identical_with_ordinary_paragraphs(
    demo_database, tmp_path: Path, invariant, monkeypatch
):
    ag = next(m for m in meeting_service.list_meetings(demo_database) if m.statut.value == "prevue")
    papers = meeting_papers(demo_database, ag.id)
    shared = meetings.convocations_pdf(papers, tmp_path / "partages.pdf", today=date(2026, 11, 24)).read_bytes()
    monkeypatch.setattr(meetings, "MergeParagraphs", lambda: Paragraph)
    plain = meetings.convocations_pdf(papers, tmp_path / "ordinaires.pdf", today=date(2026, 11, 24)).read_bytes()
    assert len(papers.convened) > 3
    assert shared == plain


def _story(paragraph, s: dict) -> list:
    long_text = " ".join(f"Phrase {n} d’un très long paragraphe répété dans chaque lettre." for n in range(400))
    link = 'Voir <a href="https://cpts.example/ag">la page de l’assemblée</a>.'
    story: list = []
    for _letter in range(3):
        story += [paragraph(link, s["body"]), paragraph(long_text, s["body"]), PageBreak()]
    return story


def test_cut_paragraphs_and_links_print_as_ordinary_ones(demo_database, tmp_path: Path, invariant):
    head = letterhead(demo_database)
    s = styles()
    shared = build(tmp_path / "partages.pdf", _story(MergeParagraphs(), s), head, "Essai")
    plain = build(tmp_path / "ordinaires.pdf", _story(Paragraph, s), head, "Essai")
    assert shared.read_bytes() == plain.read_bytes()
    pages = PdfReader(shared).pages
    assert len(pages) > 6  # each long paragraph was cut across pages
    assert sum(len(page.get("/Annots") or []) for page in pages) == 3  # one link per letter, none lost
    assert "Phrase 399 d’un très long" in " ".join(pages[-1].extract_text().split())
