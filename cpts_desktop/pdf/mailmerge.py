"""Mail-merges: one letter per recipient in one PDF.

Each letter is numbered « page 1 / n » from its own start, as the recipient reads it (not « page 45 / 45 »
of the batch). And a thousand convocations repeat the same sentences a thousand times: parsing their
markup and breaking them into lines was most of the time spent writing them, so it is done once; then
laying them out one by one and writing them on every page was, so a letter's page is laid out as one
block and the run of sentences it shares with the other letters is drawn once, as a form every page
refers to."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer
from reportlab.platypus import paragraph as _paragraph
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.paraparser import ParaFrag

from cpts_desktop.pdf import typography

_Lines = tuple[object, float, list[float]]
#: a step of drawing a page: the form of the run ending at this index, or (None) its stamp or mark
_Step = tuple[int, str | None]
#: how a page was drawn: the indexes of the paragraphs its forms draw, and its steps
_Plan = tuple[list[int], list[_Step]]
_TAG = re.compile(r"(<[^>]*>)")


class _SharedParagraph(Paragraph):
    """A Paragraph whose parsed fragments and line breaks are shared with its identical siblings.

    Drawing only reads them, and what it writes is replayed for the next copies. Cutting one across two
    pages is the one operation that edits fragments, so a cut paragraph is rebuilt privately first."""

    _markup: str
    _lines: dict[float, _Lines]
    _drawn: dict[float, tuple[Canvas, list[str]]]
    _written: dict[_Stamp, str]  # what each stamp writes for it, spelt once for its identical siblings
    _replayable: bool
    _shape: tuple | None = None  # its style and tags, when its words fill a copy of another's fragments
    _words: list[ParaFrag]  # then its fragments as parsed (a layout replaces ``frags`` with its words)
    _stamps: dict[tuple, _Stamp]
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
        if self._shape is not None and (self._shape, self.width) not in self._stamps:
            stamp = _Stamp.of(self, canvas, "\n".join(canvas._code[start:]))  # type: ignore[attr-defined]
            if stamp is not None:
                self._stamps[self._shape, self.width] = stamp

    def stamp(self, canvas: Canvas, width: float) -> _Stamp | None:
        """The stamp this paragraph can be written with at ``width`` on ``canvas``: one of its shape
        was drawn there on one line, and its own words hold on one line too."""
        stamp = self._stamps.get((self._shape, width)) if self._shape is not None else None
        if stamp is None or (stamp in self._written and stamp.canvas is canvas):  # a sibling was written with it
            return stamp
        return stamp if stamp.fits(self, canvas) else None

    def stamped(self, stamp: _Stamp) -> str:
        """The operators ``stamp`` writes for this paragraph: spelt when it is first drawn (a font's
        subsets take their characters in the order they are drawn), then shared by its identical
        siblings (« Fait à …, le … », a commune many letters print)."""
        operators = self._written.get(stamp)
        if operators is None:
            operators = self._written[stamp] = stamp.operators(self)
        return operators

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803 - reportlab API
        own = Paragraph(self._markup, self.style)
        own.wrap(availWidth, availHeight)
        return own.split(availWidth, availHeight)

    def known(self, canvas: Canvas, width: float) -> bool:
        """Whether an identical paragraph was already drawn on ``canvas`` at ``width``: a sentence the
        letters share, not a recipient's own line."""
        drawn = self._drawn.get(width)
        return drawn is not None and drawn[0] is canvas


class MergeParagraphs:
    """Makes Paragraphs, parsing each distinct (markup, style) once for the whole document, and a
    recipient's own line not at all when a line of the same tags was parsed: its words fill a copy of
    that line's fragments.

    One instance per document. It keeps the ``kept`` paragraphs used last: the sentences every letter
    repeats stay, a recipient's own lines (address, name) go, so memory does not grow with the batch."""

    def __init__(self, kept: int = 256) -> None:
        self._known: OrderedDict[tuple[str, ParagraphStyle], tuple[dict, dict, dict, dict]] = OrderedDict()
        # the fragments of a paragraph of each shape (style, tags, which words are empty) and, for each
        # fragment, the index of its words in the markup cut at its tags
        self._shapes: dict[tuple, list[tuple[ParaFrag, int | None]]] = {}
        self._stamps: dict[tuple, _Stamp] = {}
        self._kept = kept

    def __call__(self, markup: str, style: ParagraphStyle) -> Paragraph:
        key = (markup, style)
        known = self._known.get(key)
        if known is None:
            parsed = self._parse(markup, style)
            state = dict(parsed.__dict__)
            # links and inline images leave marks on the page besides its operators: drawn each time
            state["_replayable"] = not any(
                getattr(frag, "link", None) or getattr(frag, "cbDefn", None) for frag in parsed.frags
            )
            known = self._known[key] = (state, {}, {}, {})
            if len(self._known) > self._kept:
                self._known.popitem(last=False)
        else:
            self._known.move_to_end(key)
        state, lines, drawn, written = known
        paragraph = _SharedParagraph.__new__(_SharedParagraph)
        paragraph.__dict__.update(state)
        paragraph._markup, paragraph._lines, paragraph._drawn, paragraph._written = markup, lines, drawn, written
        paragraph._stamps = self._stamps
        return paragraph

    def _parse(self, markup: str, style: ParagraphStyle) -> Paragraph:
        """A new paragraph: its markup parsed, or for a recipient's own line (« Je soussigné <b>…</b>, »)
        the fragments of a line of the same tags with this one's words."""
        text = _paragraph.cleanBlockQuotedText(markup)  # typography applied
        pieces = _TAG.split(text)  # words at even indexes, tags at odd ones
        if "&" in text or getattr(style, "textTransform", None):  # entities are the parser's own
            return Paragraph(markup, style)
        shape = (style, tuple(p if i % 2 else bool(p) for i, p in enumerate(pieces)))
        template = self._shapes.get(shape)
        if template is not None:
            frags = [_copy(frag, pieces[i]) if i is not None else _copy(frag) for frag, i in template]
            made = Paragraph(text, style, frags=frags)
            made._shape, made._words = shape, frags  # type: ignore[attr-defined]  # read by _SharedParagraph
            return made
        parsed = Paragraph(markup, style)
        words = [i for i in range(0, len(pieces), 2) if pieces[i]]
        said = [frag for frag in parsed.frags if not getattr(frag, "lineBreak", False)]
        plain = not any(getattr(f, "link", None) or getattr(f, "cbDefn", None) for f in parsed.frags)
        if plain and parsed.bulletText is None and [f.text for f in said] == [pieces[i] for i in words]:
            where = dict(zip(map(id, said), words, strict=True))
            self._shapes[shape] = [(frag, where.get(id(frag))) for frag in parsed.frags]
            parsed._shape, parsed._words = shape, list(parsed.frags)  # type: ignore[attr-defined]  # as above
            if len(self._shapes) > self._kept:
                self._shapes.pop(next(iter(self._shapes)))
        return parsed


def _copy(frag: ParaFrag, text: str | None = None) -> ParaFrag:
    """``frag.clone(text=text)``, without passing its dozen attributes as keywords: two letters' worth
    of fragments for each recipient of a merge."""
    copy = ParaFrag.__new__(type(frag))
    copy.__dict__.update(frag.__dict__)
    if text is not None:
        copy.text = text
    return copy


class _Stamp:
    """A recipient's own one-line paragraph (a line of the address, « Je soussigné <b>…</b>, ») as
    reportlab drew it, its operators cut around the text of each fragment. Another paragraph of the
    same shape that holds on one line is written by putting its words in the cuts: what reportlab
    would write for it, without laying it out nor drawing it again.

    Made only when each fragment's text is found in the operators as reportlab spells it."""

    def __init__(self, canvas: Canvas, cuts: list[str], height: float, room: float, spacing: list[tuple]) -> None:
        self.canvas, self.cuts, self.height, self.room, self.spacing = canvas, cuts, height, room, spacing
        self._pieces: dict[tuple[str, float, str], str] = {}  # the operators of a fragment's text

    @classmethod
    def of(cls, paragraph: _SharedParagraph, canvas: Canvas, operators: str) -> _Stamp | None:
        style, frags = paragraph.style, paragraph._words
        lines = getattr(paragraph.blPara, "lines", ())
        simple = style.alignment == TA_LEFT and getattr(style, "autoLeading", "") in ("", "off", None)
        if len(lines) != 1 or not simple or not all(_plain_frag(frag) for frag in frags):
            return None
        cuts, at = [], 0
        for frag in frags:
            piece = _text_operators(canvas, frag, style.leading)
            found = operators.find(piece, at) if piece else -1
            if found < 0:
                return None
            cuts.append(operators[at:found])
            at = found + len(piece)
        cuts.append(operators[at:])
        room = paragraph._wrapWidths[0] - 1  # a point to spare: no doubt that reportlab keeps one line
        return cls(canvas, cuts, paragraph.height, room, [_spacing(frag.text) for frag in frags])

    def fits(self, paragraph: _SharedParagraph, canvas: Canvas) -> bool:
        """Whether ``paragraph`` (of this stamp's shape) is drawn by reportlab on one line, with its
        words spaced as the stamp's."""
        frags = paragraph._words
        if canvas is not self.canvas or [_spacing(frag.text) for frag in frags] != self.spacing:
            return False
        width = sum(pdfmetrics.stringWidth(frag.text, frag.fontName, frag.fontSize) for frag in frags)
        return width <= self.room

    def operators(self, paragraph: _SharedParagraph) -> str:
        pieces = [self._piece(frag, paragraph.style.leading) for frag in paragraph._words]
        return "".join(cut + piece for cut, piece in zip(self.cuts, [*pieces, ""], strict=True))

    def _piece(self, frag: ParaFrag, leading: float) -> str:
        """A fragment's operators, spelt once for the fragments letters repeat (« Je soussigné »,
        a first name, a commune); the last 4,096 kept."""
        key = (frag.fontName, frag.fontSize, frag.text)
        piece = self._pieces.get(key)
        if piece is None:
            if len(self._pieces) >= 4096:
                self._pieces.clear()
            piece = self._pieces[key] = _text_operators(self.canvas, frag, leading)
        return piece


def _plain_frag(frag: ParaFrag) -> bool:
    """A fragment of text only: no link, image, underline, rise or background of its own."""
    extras = ("link", "cbDefn", "lineBreak", "underline", "strike", "backColor", "us_lines", "rise")
    plain = type(frag) is ParaFrag and bool(getattr(frag, "text", None))
    return plain and not any(getattr(frag, name, None) for name in extras)


def _spacing(text: str) -> tuple[bool, bool, bool]:
    """Where ``text`` has spaces reportlab could draw otherwise than as given: at its ends, and
    between words anything but one plain space (reportlab joins a line's words with one)."""
    return text.startswith(" "), text.endswith(" "), " ".join(typography.split(text)) != text.strip(" ")


def _text_operators(canvas: Canvas, frag: ParaFrag, leading: float) -> str:
    """The operators reportlab's text object writes for ``frag``'s text in its font, from a change of
    font: each run of characters in one subset of the embedded font, in that subset."""
    font: Any = pdfmetrics.getFont(frag.fontName)  # an embedded TrueType font: its subsets, not in the stubs
    if not getattr(font, "_dynamicFont", False):
        return ""
    document = canvas._doc  # type: ignore[attr-defined]  # reportlab's own
    size = f"{fp_str(frag.fontSize)} Tf {fp_str(leading)} TL"
    parts, current = [], None
    for subset, chunk in font.splitString(frag.text, document):
        if subset != current:
            parts.append(f"{font.getSubsetInternalName(subset, document)} {size}")
            current = subset
        parts.append(f"({canvas._escape(chunk)}) Tj")  # type: ignore[attr-defined]  # reportlab's own
    return " ".join(parts)


class Mark(Flowable):
    """An invisible flowable that acts where it is drawn (a letter's start, the progress of a merge)."""

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return 0, 0


class LetterStart(Mark):
    """An invisible mark, first in each recipient's letter: its pages are numbered from this one."""

    def draw(self) -> None:
        self.canv.start_letter()  # type: ignore[attr-defined]  # the house canvas, style.NumberedCanvas


class SharedRuns:
    """The runs of sentences that letters of one merge print alike, each drawn once as a form.

    A run of several paragraphs becomes a form the second time it is met; met once (its sentences
    joined around a commune or a civilité few letters share), its paragraphs are drawn as forms one by
    one. The ``kept`` runs met once last are remembered, so memory does not grow with the batch."""

    def __init__(self, kept: int = 512) -> None:
        self._forms: dict[tuple, str] = {}
        self._met: OrderedDict[tuple, None] = OrderedDict()
        self._kept = kept
        # the places of the flowables of a page, by what they depend on (``LetterPage._layout_key``)
        self.layouts: dict[tuple, tuple[list[tuple[float, float]], float, float]] = {}
        # how a page of such a layout was drawn through forms and stamps alone (``LetterPage._draw``)
        self.plans: dict[tuple, _Plan] = {}

    def remember(self, key: tuple, places: tuple[list[tuple[float, float]], float, float]) -> None:
        """Keep the places of a page's flowables; the ``kept`` last layouts at most, and their plans."""
        if len(self.layouts) >= self._kept:
            self.layouts.clear()
            self.plans.clear()
        self.layouts[key] = places

    def form(self, canvas: Canvas, key: tuple, draw: Callable[[], None], at_once: bool = False) -> str | None:
        """The name of the form drawing ``key``'s run, made with ``draw`` when it is met again (or
        ``at_once``); None when the run is met for the first time."""
        name = self._forms.get(key)
        if name is not None:
            return name
        if not at_once and key not in self._met:
            self._met[key] = None
            if len(self._met) > self._kept:
                self._met.popitem(last=False)
            return None
        self._met.pop(key, None)
        name = self._forms[key] = f"suite{len(self._forms)}"
        width, height = canvas._pagesize  # type: ignore[attr-defined]  # reportlab's own
        # a run is drawn from its own origin: room around it for a word running past the margin
        canvas.beginForm(name, lowerx=-width, lowery=-height, upperx=2 * width, uppery=2 * height)
        draw()
        canvas.endForm()
        return name


#: what a page laid out as one block may hold, besides marks
_BLOCK_KINDS = frozenset({Paragraph, _SharedParagraph, Spacer})


def letter_pages(letter: Iterable[Flowable], runs: SharedRuns) -> list[Flowable]:
    """``letter``'s flowables, each page of it (up to a ``PageBreak``) made one ``LetterPage`` when it
    holds only paragraphs, spaces and marks; a page holding anything else is left as it is."""
    pages: list[Flowable] = []
    page: list[Flowable] = []
    for flowable in letter:
        if type(flowable) is PageBreak:
            pages += [*_as_block(page, runs), flowable]
            page = []
        else:
            page.append(flowable)
    return pages + _as_block(page, runs)


def _as_block(page: list[Flowable], runs: SharedRuns) -> list[Flowable]:
    simple = all(type(f) in _BLOCK_KINDS or isinstance(f, Mark) for f in page)
    return [LetterPage(page, runs)] if page and simple else page


class _Unpacked(ActionFlowable):
    """What a page too long for one block leaves first: nothing, its flowables then laid out alone."""

    def apply(self, _document: object) -> None:
        pass


class LetterPage(Flowable):
    """A page of a merged letter laid out as one flowable, its flowables stacked as a frame would.

    Drawn, the sentences it shares with other letters (paragraphs already drawn, between a recipient's
    own lines) are one form, drawn once in the file; the rest is drawn in place. A page that does not
    fit, or that would not open its frame, is given back as its flowables, laid out as ever."""

    def __init__(self, flowables: list[Flowable], runs: SharedRuns) -> None:
        super().__init__()
        self.flowables, self.runs = flowables, runs
        self._width: float | None = None
        self._bottoms: list[tuple[float, float]] = []  # each flowable's (bottom below the top, width)
        self._stamped: dict[int, _Stamp] = {}  # the recipient's own lines written with a stamp
        self._key: tuple | None = None  # its ``_layout_key``
        self._plan: list[_Step] | None = None  # the steps of a page of its layout drawn before, to follow

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        frame = getattr(self, "_frame", None)
        if frame is not None and not frame._atTop:  # the space above it would be the frame's to decide
            return availWidth, availHeight + 1
        if self._width != availWidth:
            self._stack(availWidth)
        return availWidth, self.height

    def _stack(self, width: float) -> None:
        """reportlab's Frame._add, flowable after flowable, from the top of an empty frame; or the
        places of a page laid out alike before (the same sentences, a recipient's lines as high)."""
        self._stamped = self._stamps(width)
        key = self._key = self._layout_key(width)
        known = self.runs.layouts.get(key) if key is not None else None
        self._plan = self._known_plan(key, width)
        if known is None:
            known = self._places(width)
            if key is not None:
                self.runs.remember(key, known)
        elif self._plan is None:  # its paragraphs still learn their line breaks, which drawing reads
            for index, flowable in enumerate(self.flowables):
                if type(flowable) is _SharedParagraph and index not in self._stamped:
                    flowable.wrap(width, 1e9)
        self._bottoms, self.height, self.spaceAfter = known
        self._width = width

    def _known_plan(self, key: tuple | None, width: float) -> list[_Step] | None:
        """The steps a page of this layout was drawn with, when they hold for this one: its paragraphs
        that forms drew are all known on the canvas (else one is drawn in place, as the first time)."""
        plan = self.runs.plans.get(key) if key is not None else None
        canvas = getattr(self, "canv", None)
        if plan is None or canvas is None:
            return None
        shared, steps = plan
        return steps if all(self.flowables[i].known(canvas, width) for i in shared) else None  # type: ignore[attr-defined]

    def _stamps(self, width: float) -> dict[int, _Stamp]:
        """The recipient's own lines that a stamp writes, by index."""
        canvas = getattr(self, "canv", None)
        if canvas is None:
            return {}
        stamps = {}
        for index, flowable in enumerate(self.flowables):
            if type(flowable) is _SharedParagraph and width not in flowable._lines:
                stamp = flowable.stamp(canvas, width)
                if stamp is not None:
                    stamps[index] = stamp
        return stamps

    def _layout_key(self, width: float) -> tuple | None:
        """What the places of this page's flowables depend on; None when it holds another kind."""
        key: list[object] = [width]
        for index, flowable in enumerate(self.flowables):
            kind = type(flowable)
            if kind is _SharedParagraph:
                stamp = self._stamped.get(index)
                key.append((flowable._shape, stamp.height) if stamp else (flowable._markup, flowable.style))  # type: ignore[attr-defined]
            elif kind is Spacer:
                key.append((flowable.width, flowable.height))
            elif isinstance(flowable, Mark):
                key.append(kind)
            else:
                return None
        return tuple(key)

    def _places(self, width: float) -> tuple[list[tuple[float, float]], float, float]:
        """Each flowable's (bottom below the top, width), the page's height and its space after."""
        top, after, y = True, 0.0, 0.0
        bottoms = []
        for index, flowable in enumerate(self.flowables):
            space = 0.0
            if not top:
                space = flowable.getSpaceBefore()
                if getattr(flowable, "_SPACETRANSFER", False) or getattr(flowable, "_ZEROSIZE", False):
                    space = after
                space = max(space - after, 0)
            stamp = self._stamped.get(index)
            used, height = (width, stamp.height) if stamp is not None else flowable.wrap(width, 1e9)
            bottom = y - height - space
            bottoms.append((bottom, used))
            end = bottom - flowable.getSpaceAfter()
            after = after if getattr(flowable, "_SPACETRANSFER", False) else flowable.getSpaceAfter()
            top = top and end == y
            y = end
        return bottoms, -min((b for b, _ in bottoms), default=0.0), after

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        return [_Unpacked(), *self.flowables]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        top = y + self.height
        if self._plan is not None:
            self._follow(canvas, x, top, self._plan)
            return
        plan = self._draw(canvas, x, top)
        if plan is not None and self._key is not None:
            self.runs.plans[self._key] = plan

    def _draw(self, canvas: Canvas, x: float, top: float) -> _Plan | None:
        """Draw the page, each run of shared paragraphs through a form, the rest in place; the plan
        of it when nothing was drawn in place nor met for the first time, for the next pages alike."""
        width = self._width or 0.0
        run: list[int] = []
        shared: list[int] = []
        steps: list[_Step] | None = []
        for index, flowable in enumerate(self.flowables):
            if type(flowable) is Spacer:
                continue  # draws nothing
            stamp = self._stamped.get(index)
            if isinstance(flowable, _SharedParagraph) and stamp is None and flowable.known(canvas, width):
                run.append(index)
                continue
            steps = _then(steps, self._draw_run(canvas, x, top, run))
            shared += run
            run = []
            if stamp is not None:
                _place(canvas, x, top + self._bottoms[index][0], flowable.stamped(stamp))  # type: ignore[attr-defined]
            elif isinstance(flowable, Mark):
                self._mark(canvas, flowable)
            else:
                bottom, used = self._bottoms[index]
                flowable.drawOn(canvas, x, top + bottom, _sW=width - used)  # type: ignore[call-arg]  # reportlab takes _sW, its stubs do not
                steps = None
            steps = _then(steps, [(index, None)])
        steps = _then(steps, self._draw_run(canvas, x, top, run))
        return (shared + run, steps) if steps is not None else None

    def _follow(self, canvas: Canvas, x: float, top: float, steps: list[_Step]) -> None:
        """Draw the page as ``steps`` say: the forms of its runs, its stamps and marks in their order."""
        for index, form in steps:
            if form is not None:
                _place_form(canvas, x, top + self._bottoms[index][0], form)
            elif index in self._stamped:
                operators = self.flowables[index].stamped(self._stamped[index])  # type: ignore[attr-defined]
                _place(canvas, x, top + self._bottoms[index][0], operators)
            else:
                self._mark(canvas, self.flowables[index])

    @staticmethod
    def _mark(canvas: Canvas, mark: Flowable) -> None:
        """A mark draws nothing on the page: no need to place it."""
        mark.canv = canvas
        mark.draw()  # type: ignore[attr-defined]  # each mark's own
        del mark.canv

    def _draw_run(self, canvas: Canvas, x: float, top: float, run: list[int]) -> list[_Step] | None:
        """Draw the shared paragraphs ``run`` (indexes) as one form when letters often print them
        together; else each paragraph as its own form. The steps taken, by the last index of each
        form's run; None for a run met for the first time (the next time, it is one form)."""
        if not run:
            return []
        if len(run) > 1:
            form = self._draw_form(canvas, x, top, run, at_once=False)
            if form is not None:
                return [(run[-1], form)]
        steps: list[_Step] = [(index, self._draw_form(canvas, x, top, [index], at_once=True)) for index in run]
        return steps if len(run) == 1 else None

    def _draw_form(self, canvas: Canvas, x: float, top: float, run: list[int], at_once: bool) -> str | None:
        """Draw ``run`` through its form, and name it; None when it has none yet (met once)."""
        width = self._width or 0.0
        base = self._bottoms[run[-1]][0]
        placed = [(self.flowables[i], *self._bottoms[i]) for i in run]
        key = (width, *((p._markup, p.style, round(b - base, 3)) for p, b, _ in placed))  # type: ignore[attr-defined]

        def draw() -> None:
            for paragraph, bottom, used in placed:
                paragraph.drawOn(canvas, 0, bottom - base, _sW=width - used)  # type: ignore[call-arg]

        name = self.runs.form(canvas, key, draw, at_once)
        if name is not None:
            _place_form(canvas, x, top + base, name)
        return name


def _then(steps: list[_Step] | None, more: list[_Step] | None) -> list[_Step] | None:
    """The steps of a plan followed by ``more``; None once either is (no plan)."""
    return steps + more if steps is not None and more is not None else None


def _place_form(canvas: Canvas, x: float, y: float, name: str) -> None:
    """Draw the form ``name`` at (x, y), as ``doForm`` would."""
    _place(canvas, x, y, f"/{canvas._doc.getXObjectName(name)} Do")  # type: ignore[attr-defined]
    canvas._formsinuse.append(name)  # type: ignore[attr-defined]  # as doForm: the page's resources


def _place(canvas: Canvas, x: float, y: float, operators: str) -> None:
    """Write ``operators`` at (x, y), as ``saveState``, ``translate`` and ``restoreState`` around them
    would (Flowable.drawOn), in one string: a page of a merge places a dozen of them."""
    canvas._code.append(f"q\n{fp_str(1, 0, 0, 1, x, y)} cm\n{operators}\nQ")  # type: ignore[attr-defined]
