"""Mail-merges: one letter per recipient in one PDF.

Each letter is numbered « page 1 / n » from its own start, as the recipient reads it (not « page 45 / 45 »
of the batch). And a thousand convocations repeat the same sentences a thousand times: parsing their
markup and breaking them into lines was most of the time spent writing them, so it is done once."""

from __future__ import annotations

from collections import OrderedDict

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

_Lines = tuple[object, float, list[float]]


class _SharedParagraph(Paragraph):
    """A Paragraph whose parsed fragments and line breaks are shared with its identical siblings.

    Drawing only reads them, and what it writes is replayed for the next copies. Cutting one across two
    pages is the one operation that edits fragments, so a cut paragraph is rebuilt privately first."""

    _markup: str
    _lines: dict[float, _Lines]
    _drawn: dict[float, tuple[Canvas, list[str]]]
    _replayable: bool
    # set by Paragraph.wrap: its line breaks and their widths (not in reportlab's stubs)
    blPara: object
    _wrapWidths: list[float]

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
        # the page's drawing operators: reportlab's Canvas._code, absent from its stubs
        drawn = self._drawn.get(self.width)
        if drawn is not None and drawn[0] is canvas:
            canvas._code.extend(drawn[1])  # type: ignore[attr-defined]
            return
        start = len(canvas._code)  # type: ignore[attr-defined]
        super().draw()
        if self._replayable:
            self._drawn[self.width] = (canvas, canvas._code[start:])  # type: ignore[attr-defined]

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803 - reportlab API
        own = Paragraph(self._markup, self.style)
        own.wrap(availWidth, availHeight)
        return own.split(availWidth, availHeight)


class MergeParagraphs:
    """Makes Paragraphs, parsing each distinct (markup, style) once for the whole document.

    One instance per document. It keeps the ``kept`` paragraphs used last: the sentences every letter
    repeats stay, a recipient's own lines (address, name) go, so memory does not grow with the batch."""

    def __init__(self, kept: int = 256) -> None:
        self._known: OrderedDict[tuple[str, ParagraphStyle], tuple[dict, dict, dict]] = OrderedDict()
        self._kept = kept

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
            if len(self._known) > self._kept:
                self._known.popitem(last=False)
        else:
            self._known.move_to_end(key)
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
        self.canv.start_letter()  # type: ignore[attr-defined]  # the house canvas, style.NumberedCanvas
