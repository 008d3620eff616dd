"""The house style: letterhead (with its logo) and footer on every page, drawn once per document."""

from __future__ import annotations

import gc
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import PageBreak, Paragraph

from cpts_desktop.config import resource
from cpts_desktop.pdf.style import build, styles
from cpts_desktop.services.association import Letterhead

LOGO = resource("icons", "hicolor", "64x64", "apps", "fr.cpts_desktop.CptsDesktop.png")


def _images(page) -> int:  # noqa: ANN001 - a pypdf page
    """Images drawn on ``page``, looking inside the forms it shows."""

    def count(resources) -> int:  # noqa: ANN001 - a pypdf dictionary
        found = 0
        for xobject in (resources or {}).get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found += 1
            elif xobject["/Subtype"] == "/Form":
                found += count(xobject.get("/Resources"))
        return found

    return count(page["/Resources"])


def test_letterhead_logo_and_footer_on_every_page(tmp_path: Path):
    head = Letterhead(nom="CPTS des Deux Rives", adresse="3 rue de l’Œuvre", code_postal="39570", rna="W392004187")
    s = styles()

    def story() -> list:  # building a document consumes its story
        return [Paragraph("Première page", s["body"]), PageBreak(), Paragraph("Seconde page", s["body"])]

    with_logo = Letterhead(**{**head.__dict__, "logo": LOGO})
    pages = PdfReader(build(tmp_path / "essai.pdf", story(), with_logo, "Essai")).pages
    assert len(pages) == 2
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "CPTS des Deux Rives" in text and "3 rue de l’Œuvre – 39570" in text
        assert "RNA W392004187" in text and f"page {number} / 2" in text
        assert _images(page) == 1
    plain = PdfReader(build(tmp_path / "sans-logo.pdf", story(), head, "Essai")).pages
    assert [_images(page) for page in plain] == [0, 0]


def test_the_collector_rests_while_a_document_is_built_and_is_left_as_found(tmp_path: Path):
    """A build keeps its pages to the end: the cyclic collector, walking them for nothing, is paused
    meanwhile, then left as it was (on for the command line, off inside a job of the application)."""
    seen: list[bool] = []
    story = [Paragraph("Une page", styles()["body"]), PageBreak(), Paragraph("Une autre", styles()["body"])]
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            build(
                tmp_path / "essai.pdf", story, Letterhead("CPTS Essai"), "Essai", lambda *_: seen.append(gc.isenabled())
            )
            assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen and not any(seen)
