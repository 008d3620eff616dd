"""Mail-merges: one letter per recipient in one PDF.

Each letter is numbered « page 1 / n » from its own start, as the recipient reads it (not « page 45 / 45 »
of the batch). And a thousand convocations repeat the same sentences a thousand times: parsing their
markup and breaking them into lines was most of the time spent writing them, so it is done once."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from cpts_desktop.pdf.style import (
    FONT,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    MARGIN,
    STATIONERY,
    draw_footer,
    draw_letterhead,
    draw_page_number,
    register_fonts,
)
from cpts_desktop.services.association import Letterhead

_Lines = tuple[object, float, list[float]]


class _SharedParagraph(Paragraph):
    """A Paragraph whose parsed fragments and line breaks are shared with its identical siblings.

    Drawing only reads them, and what it writes is replayed for the next copies. Cutting one across two
    pages is the one operation that edits fragments, so a cut paragraph is rebuilt privately first."""

    _markup: str
    _lines: dict[float, _Lines]
    _drawn: dict[float, tuple[Canvas, list[str]]]
    _replayable: bool

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        known = self._lines.get(availWidth)
        if known is None:
            size = super().wrap(availWidth, availHeight)
            if hasattr(self, "blPara"):
                self._lines[availWidth] = (self.blPara, self.height, self._wrapWidths)
            return size
        self.blPara, self.height, self._wrapWidths = known
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        """Drawing happens in the paragraph's own coordinates (``drawOn`` translates), so the operators
        written for one copy are valid for every other copy on the same canvas."""
        canvas = self.canv
        drawn = self._drawn.get(self.width)
        if drawn is not None and drawn[0] is canvas:
            canvas._code.extend(drawn[1])
            return
        start = len(canvas._code)
        super().draw()
        if self._replayable:
            self._drawn[self.width] = (canvas, canvas._code[start:])

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803 - reportlab API
        own = Paragraph(self._markup, self.style)
        own.wrap(availWidth, availHeight)
        return own.split(availWidth, availHeight)


class MergeParagraphs:
    """Makes Paragraphs, parsing each distinct (markup, style) once for the whole document.

    One instance per document: its memory goes with it."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, ParagraphStyle], tuple[dict, dict, dict]] = {}

    def __call__(self, markup: str, style: ParagraphStyle) -> Paragraph:
        key = (markup, style)
        known = self._known.get(key)
        if known is None:
            parsed = Paragraph(markup, style)
            state = dict(parsed.__dict__)
            # links and inline images leave marks on the page besides its operators: drawn each time
            state["_replayable"] = not any(
                getattr(frag, "link", None) or getattr(frag, "cbDefn", None) for frag in parsed.frags
            )
            known = self._known[key] = (state, {}, {})
        state, lines, drawn = known
        paragraph = _SharedParagraph.__new__(_SharedParagraph)
        paragraph.__dict__.update(state)
        paragraph._markup, paragraph._lines, paragraph._drawn = markup, lines, drawn
        return paragraph


class LetterStart(Flowable):
    """An invisible mark, first in each recipient's letter: its pages are numbered from this one."""

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.letter_starts.append(self.canv.getPageNumber())


def letter_numbers(starts: list[int], pages: int) -> list[tuple[int, int]]:
    """(page within its letter, pages of that letter) for each of ``pages`` pages, given the pages where
    letters start; pages before the first mark form a letter of their own."""
    firsts = sorted({1, *starts})
    ends = [*firsts[1:], pages + 1]
    numbers = []
    for page in range(1, pages + 1):
        letter = bisect_right(firsts, page) - 1
        numbers.append((page - firsts[letter] + 1, ends[letter] - firsts[letter]))
    return numbers


def _letters_canvas(head: Letterhead, title: str) -> type[Canvas]:
    """The house canvas (letterhead and footer in one form), numbering pages letter by letter."""

    class LettersCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - reportlab's signature
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self.letter_starts: list[int] = []
            self.setTitle(title)
            self.setAuthor(head.nom)

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            self.beginForm(STATIONERY)
            draw_letterhead(self, head)
            draw_footer(self, head)
            self.endForm()
            numbers = letter_numbers(self.letter_starts, len(self._pages))
            for state, (page, total) in zip(self._pages, numbers, strict=True):
                self.__dict__.update(state)
                self.doForm(STATIONERY)
                draw_page_number(self, page, total)
                super().showPage()
            super().save()

    return LettersCanvas


def build_letters(
    path: Path, story: list[Flowable], head: Letterhead, title: str, on_page: Callable | None = None
) -> Path:
    """``style.build`` for a mail-merge: the same page, each letter (from a ``LetterStart``) numbered
    on its own; the file appears only once complete. ``style.build`` takes no canvas of ours: what it
    sets on its document is repeated here."""
    register_fonts()
    path = Path(path)
    partial = path.with_name(path.name + ".partiel")
    document = BaseDocTemplate(
        str(partial),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=HEADER_HEIGHT + 8 * mm,
        bottomMargin=FOOTER_HEIGHT + 8 * mm,
        title=title,
        author=head.nom,
        initialFontName=FONT,  # else each page starts in Helvetica, referenced and never embedded
        initialFontSize=10,
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page or (lambda c, d: None))])
    try:
        document.build(story, canvasmaker=_letters_canvas(head, title))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
