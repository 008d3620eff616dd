"""The tests read PDFs back with each font's Unicode map built once per document (``tests/pdf_fonts``):
the text must be what pypdf extracts on its own."""

from __future__ import annotations

import gc
import weakref
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cpts_desktop.pdf.meetings import convocations_pdf
from cpts_desktop.services import meetings
from cpts_desktop.services.documents import meeting_papers
from tests import pdf_fonts


def test_fonts_built_once_per_document_give_the_same_text(
    demo_database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    if pdf_fonts.Font is None:
        pytest.skip("this pypdf rebuilds each font on every page: nothing is shared")
    ag = next(m for m in meetings.list_meetings(demo_database) if m.statut.value == "prevue")
    path = convocations_pdf(
        meeting_papers(demo_database, ag.id), tmp_path / "convocations.pdf", today=date(2026, 11, 24)
    )
    reader = PdfReader(path)
    shared = [page.extract_text() for page in reader.pages[:6]]
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any(hasattr(font.get_object(), pdf_fonts.BUILT) for font in fonts.values()), "no font was kept"
    read = weakref.ref(reader)
    del reader, fonts
    gc.collect()
    assert read() is None, "the document read stays in memory after its last use"
    monkeypatch.setattr(pdf_fonts.Font, "from_font_resource", classmethod(pdf_fonts._build))
    alone = [page.extract_text() for page in PdfReader(path).pages[:6]]
    assert shared == alone and "Ordre du jour" in shared[0] and "Pouvoir" in shared[1]
