"""Stamps across a page (« ANNULÉ », « PROJET »): a paper whose status forbids using it as is says so on
every page, in letters no one can miss, not in a small line a reader may skip."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from cpts_desktop.pdf.style import FONT, FONT_BOLD, PAGE_HEIGHT, PAGE_WIDTH, register_fonts

RED = colors.HexColor("#b3261e")
ANGLE = 35
WORD_WIDTH = 130 * mm  # the word's width along the diagonal: well inside the page at any length


def stamp(word: str, detail: str = "") -> Callable[[Canvas, BaseDocTemplate], None]:
    """A page callback for ``style.build``: ``word`` in large outlined letters across the page, and
    ``detail`` (« le 21 mars 2026, écriture n° 57 ») in small letters under it.

    ``build`` calls it as a page begins, under the text, where a tinted box would hide the stamp: it asks
    the page template to draw the stamp when the page ends instead, over everything."""
    register_fonts()

    def on_page(_canvas: Canvas, document: BaseDocTemplate) -> None:
        document.pageTemplate.onPageEnd = draw

    def draw(canvas: Canvas, _document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(ANGLE)
        size = min(90.0, WORD_WIDTH / canvas.stringWidth(word, FONT_BOLD, 1))
        canvas.setStrokeColor(RED)
        canvas.setFillColor(RED)
        canvas.setStrokeAlpha(0.55)
        canvas.setFillAlpha(0.12)
        canvas.setLineWidth(1.2)
        text = canvas.beginText()
        text.setTextRenderMode(2)  # filled lightly and outlined: the text under it stays readable
        text.setFont(FONT_BOLD, size)
        text.setTextOrigin(-canvas.stringWidth(word, FONT_BOLD, size) / 2, -size / 3)
        text.textOut(word)
        canvas.drawText(text)
        if detail:
            canvas.setFillAlpha(0.7)
            canvas.setFont(FONT, 11)
            canvas.drawCentredString(0, -size / 3 - 8 * mm, detail)
        canvas.restoreState()

    return on_page
