"""The one style of every document: A4, letterhead, embedded DejaVu fonts, footer with RNA / SIRET and
« page x / n ». Documents are written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFBase85Encode,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFResourceDictionary,
    PDFStream,
    PDFStreamFilterBase85Encode,
    PDFStreamFilterZCompress,
    PDFZCompress,
    xObjectName,
)
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle

from cpts_desktop.collector import collector_paused
from cpts_desktop.config import private_file, resource
from cpts_desktop.i18n import format_date
from cpts_desktop.pdf import typography
from cpts_desktop.pdf.mailmerge import LetterPage, LetterStart, MergeParagraphs, SharedRuns, letter_pages
from cpts_desktop.services.association import Letterhead

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
HEADER_HEIGHT = 30 * mm
FOOTER_HEIGHT = 14 * mm
ACCENT = colors.HexColor("#1f6f8b")
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#e8f1f4")
ADDRESS_WIDTH = 85 * mm
STATIONERY = "papier_a_entete"
PAGE_ROWS = 60  # a table of more rows than a page holds is laid out a page at a time (long_table)
PAGE_SLACK = 4  # the rows beyond the last page's that the next page is first offered
KEPT_PAGES = 10  # pages a document holds as drawn while their count is unknown; the next ones compressed
CELL_PADDING = 12  # a Table cell's left and right padding (reportlab's 6 pt each)
TIGHT_PADDING = 1.5  # each side's padding left to a cell whose text is too wide
SMALLEST = 5.5  # the smallest size a cell's text shrinks to so that an amount or a date stays whole


def register_fonts() -> None:
    """Embed DejaVu Sans (regular, bold, italic): it prints Œ, ’, ł, ő and the narrow no-break space;
    and install the French typography every Paragraph goes through."""
    typography.install()
    # streams stored as compressed bytes, not also spelled in ASCII85: a quarter smaller, and no time
    # spent encoding 20,000 pages of convocations
    rl_config.useA85 = 0
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    # a Table's cells are set in Helvetica unless told otherwise: never embedded, it would be referenced
    CellStyle.fontname = FONT
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    # a list's bullet (« • ») is set in Helvetica unless told otherwise, referenced and never embedded
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, bulletFontName=FONT)
    # in a narrow column a long word is cut where French hyphenation allows, not at any letter
    cell = ParagraphStyle(
        "cell",
        parent=body,
        fontSize=8.5,
        leading=10.5,
        hyphenationLang=typography.hyphenate,  # type: ignore[arg-type]  # a hyphenator too, stubs say str
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=GREY),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6, textColor=ACCENT
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=11, leading=14, textColor=GREY, spaceAfter=10),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            textColor=ACCENT,
        ),
        "cell": cell,
        "cell_bold": ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        "cell_right": ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        "cell_bold_right": ParagraphStyle("cell_bold_right", parent=cell, fontName=FONT_BOLD, alignment=TA_RIGHT),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        # the recipient's block of a letter, where a window envelope shows it: the right half of the page
        # (a long commune's name is cut at one of its hyphens, never at any letter)
        "address": ParagraphStyle(
            "address",
            parent=body,
            leftIndent=PAGE_WIDTH - 2 * MARGIN - ADDRESS_WIDTH - 6,
            hyphenationLang=typography.hyphenate,  # type: ignore[arg-type]  # a hyphenator too, stubs say str
            embeddedHyphenation=1,
        ),
    }


def escape(text: object) -> str:
    """Text for a Paragraph: « & », « < » and « > » must not be read as markup."""
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _numbered_canvas(head: Letterhead, title: str) -> type[Canvas]:
    """A canvas that draws letterhead and footer once the page count is known (« page x / n »), counted
    letter by letter in a mail-merge.

    A page waits until the count of its letter (or of the whole document) is known: at the next
    ``LetterStart`` or at the end. A mail-merge thus holds one letter's pages at a time, whatever the
    number of letters; a long list holds its pages compressed."""
    pending: list[tuple[dict, list[str] | bytes]] = []  # (a page's state, its operators), for this document
    stationery: list[str] = []  # the form drawn on every page, once defined
    letters: list[bool] = []  # whether the document is a mail-merge
    numbers: set[str] = set()  # the forms of « page x / n » defined, in a mail-merge
    shared: list[PDFResourceDictionary] = []  # the resources every page of a mail-merge refers to

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:  # reportlab's signature
            super().__init__(*args, **kwargs)
            self.setTitle(title)
            self.setAuthor(head.nom)

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            code: list[str] | bytes = self._code
            if len(pending) >= KEPT_PAGES:
                code = zlib.compress("\n".join(self._code).encode("utf-8"), 1)
            pending.append((dict(self.__dict__), code))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own, absent from its stubs

        def start_letter(self) -> None:
            """The page being drawn opens a letter: the pages before it are complete, and numbered."""
            letters[:] = [True]
            if pending:
                current = dict(self.__dict__)
                self._finish_pages()
                self.__dict__.update(current)

        def save(self) -> None:
            self._finish_pages()
            super().save()

        def _finish_pages(self) -> None:
            if not stationery:  # the letterhead and the footer's fixed part, drawn once in a form
                # in a list of its own: beginForm sets the operators of the page aside only when it has some
                self._code = []
                self.beginForm(STATIONERY)
                draw_letterhead(self, head)
                draw_footer(self, head)
                self.endForm()
                stationery.append(STATIONERY)
            pages = pending[:]
            pending.clear()
            for page, (state, code) in enumerate(pages, start=1):
                self.__dict__.update(state)
                self._code = code if isinstance(code, list) else [zlib.decompress(code).decode("utf-8")]
                self.doForm(STATIONERY)
                mark_page_number(self, page, len(pages), numbers if letters else None)
                if letters and _plain(self):
                    _add_plain_page(self, _letters_resources(self._doc, shared))  # type: ignore[attr-defined]
                    continue
                super().showPage()
                if letters:
                    _share_resources(self._doc, shared)  # type: ignore[attr-defined]  # reportlab's own
                _encode_now(self._doc)  # type: ignore[attr-defined]  # reportlab's own, absent from its stubs

    return NumberedCanvas


def _share_resources(document: PDFDocument, shared: list[PDFResourceDictionary]) -> None:
    """Let the page just added refer to one resource dictionary (fonts, forms) with the other pages of
    a mail-merge instead of writing its own: 20,000 pages of convocations name the same few forms."""
    page = document.Pages.pages[-1]  # type: ignore[attr-defined]  # reportlab's own, absent from its stubs
    if page.Resources or page.ExtGState or page._colorsUsed or page._shadingUsed:
        return  # a page with resources of its own keeps its dictionary
    resources = _letters_resources(document, shared)
    if page.XObjects:
        resources.XObject.update(page.XObjects.dict)  # type: ignore[attr-defined]  # set in its __init__
    page.Resources = document.Reference(resources)


def _letters_resources(document: PDFDocument, shared: list[PDFResourceDictionary]) -> PDFResourceDictionary:
    """The resource dictionary the pages of a mail-merge share, made at its first page."""
    if not shared:
        resources = PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        shared.append(resources)
        document.Reference(resources, "RessourcesDesLettres")
    return shared[0]


def _plain(canvas: Canvas) -> bool:
    """Whether the page being finished holds only drawing operators and forms: no link, no
    transparency, no colour space or shading of its own, nothing of reportlab's page options."""
    c: Any = canvas  # reportlab's own attributes, absent from its stubs
    return not (
        c._annotationrefs
        or c._colorsUsed
        or c._shadingUsed
        or c._extgstate._c
        or c._psCommandsBeforePage
        or c._psCommandsAfterPage
        or c._pageRotation
        or c._pageTransition
        or c._pageDuration is not None
        or c._cropMarks
        or any(getattr(c, f"_{box}Box", None) for box in ("crop", "art", "bleed", "trim"))
    )


def _add_plain_page(canvas: Canvas, resources: PDFResourceDictionary) -> None:
    """Add the page being finished as reportlab's ``showPage`` would, written by ``_PlainPage``: the
    pages of 10,000 letters cost more in reportlab's general page dictionary than in their drawing."""
    c: Any = canvas  # reportlab's own attributes, absent from its stubs
    document = c._doc
    if c._formsinuse:
        known = resources.XObject  # type: ignore[attr-defined]  # set in its __init__
        for name in map(xObjectName, c._formsinuse):
            if name not in known:
                known[name] = PDFObjectReference(name)
    code = "\n".join([c._preamble, *c._code, " "]) + "\n"
    contents = _PlainStream(zlib.compress(code.encode("utf-8")))
    document.Reference(contents)
    document.addPage(_PlainPage(contents, resources, _media_box(*c._pagesize)))
    if c._onPage:
        c._onPage(c._pageNumber)
    c._startPage()


@lru_cache(maxsize=4)
def _media_box(width: float, height: float) -> str:
    """A page's /MediaBox, spelt once for the 20,000 pages of a merge."""
    return f"[ 0 0 {fp_str(width)} {fp_str(height)} ]"


class _PlainStream(PDFObject):
    """A page's operators, compressed once when the page is added, written as they are."""

    __RefOnly__ = 1

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: PDFDocument) -> bytes:
        data = document.encrypt.encode(self.data)
        return b"<< /Filter [ /FlateDecode ] /Length %d >>\nstream\n%b\nendstream\n" % (len(data), data)


class _PlainPage(PDFObject):
    """A page of a mail-merge: its operators, and the resources every page of the merge shares."""

    __RefOnly__ = 1

    def __init__(self, contents: _PlainStream, resources: PDFResourceDictionary, box: str) -> None:
        self.contents, self.resources, self.box = contents, resources, box

    def format(self, document: PDFDocument) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        references = (self.contents.__InternalName__, self.resources.__InternalName__)  # type: ignore[attr-defined]
        contents, resources = (numbers[name][0] for name in references)
        parent = numbers[document.Reference(document.Pages).name][0]  # type: ignore[attr-defined]
        return (
            f"<< /Contents {contents} 0 R /MediaBox {self.box} /Parent {parent} 0 R "
            f"/Resources {resources} 0 R /Rotate 0 /Type /Page >>"
        ).encode("ascii")


def _encode_now(document: PDFDocument) -> None:
    """Compress the page just added, as saving would: the file's pages then wait in memory compressed,
    not as drawing operators (a list of 100,000 members is 2,500 pages). Same bytes in the file."""
    page = document.Pages.pages[-1]  # type: ignore[attr-defined]  # reportlab's own, absent from its stubs
    if not page.compression or not page.stream:
        return
    content: str | bytes = page.stream
    names: list[str] = []  # PDFName gives the name as PDF text
    encoders: list[PDFStreamFilterBase85Encode | PDFStreamFilterZCompress] = [PDFZCompress]
    if rl_config.useA85:
        encoders.insert(0, PDFBase85Encode)
    for encoder in reversed(encoders):
        content = encoder.encode(content)
        names.insert(0, PDFName(encoder.pdfname))
    page.Contents = PDFStream(PDFDictionary({"Filter": PDFArray(names)}), content)
    page.stream = None


def draw_letterhead(canvas: Canvas, head: Letterhead) -> None:
    top = PAGE_HEIGHT - 12 * mm
    x: float = MARGIN
    if head.logo is not None:
        try:
            image = ImageReader(str(head.logo))
            logo_width, logo_height = image.getSize()
            scale = min(16 * mm / logo_height, 40 * mm / logo_width)  # above the header rule
            canvas.drawImage(image, x, top - logo_height * scale, logo_width * scale, logo_height * scale, mask="auto")
            x += logo_width * scale + 5 * mm
        except (OSError, ValueError):
            pass  # an unreadable logo must not prevent the document
    width = PAGE_WIDTH - MARGIN - x
    canvas.setFillColor(ACCENT)
    name = _name_lines(head.nom, width)
    size = _fitting_size(max(name, key=len), FONT_BOLD, 13 if len(name) == 1 else 10, width)
    canvas.setFont(FONT_BOLD, size)
    for index, line in enumerate(name):  # a long name takes two lines, in the room of the first one
        canvas.drawString(x, top - 5 * mm + (len(name) - 1) * 0.85 * size - index * 1.1 * size, line)
    canvas.setFillColor(GREY)
    address = " – ".join(p for p in (head.adresse, head.town) if p)
    lines = [address] if _fitting_size(address, FONT, 8.5, width) >= 6.5 else [head.adresse or "", head.town]
    lines = [line for line in (*lines, " – ".join(p for p in (head.telephone, head.email, head.site_web) if p)) if line]
    step = 4 if len(lines) < 3 else 3.4  # three lines still end above the header's rule
    for index, line in enumerate(lines):
        canvas.setFont(FONT, _fitting_size(line, FONT, 8.5, width))
        canvas.drawString(x, top - (10 + step * index) * mm, line)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, PAGE_HEIGHT - HEADER_HEIGHT, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - HEADER_HEIGHT)


def _fitting_size(text: str, font: str, size: float, width: float) -> float:
    """``size``, or the smaller one at which ``text`` holds on one line of ``width``: the letterhead is
    drawn straight on the page, where nothing would stop it at the margin."""
    return min(size, size * width / max(pdfmetrics.stringWidth(text, font, size), 1))


def _name_lines(name: str, width: float) -> list[str]:
    """The association's name on one line, or cut between two words near its middle when it would
    shrink below a readable size on one."""
    if pdfmetrics.stringWidth(name, FONT_BOLD, 13) * 9 / 13 <= width or " " not in name:
        return [name]
    words = name.split(" ")
    cut = min(range(1, len(words)), key=lambda n: abs(len(" ".join(words[:n])) - len(name) / 2))
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def draw_footer(canvas: Canvas, head: Letterhead) -> None:
    canvas.setStrokeColor(colors.lightgrey)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, FOOTER_HEIGHT, PAGE_WIDTH - MARGIN, FOOTER_HEIGHT)
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 7.5)
    ids = ["Association régie par la loi du 1er juillet 1901"]
    if head.rna:
        ids.append(f"RNA {head.rna}")
    if head.siret:
        ids.append(f"SIRET {head.siret}")
    draw_typeset(canvas, MARGIN, FOOTER_HEIGHT - 5 * mm, " – ".join(ids), 7.5)


def draw_typeset(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    """Draw one line of text straight on the canvas with the typography of paragraphs (« 1er » raised)."""
    line = canvas.beginText(x, y)
    for index, part in enumerate(typography.ORDINAL.split(typography.typeset(text))):
        raised = index % 3 == 2  # split gives text, the ordinal's number, its suffix, text…
        line.setFont(FONT, size * 0.7 if raised else size)
        line.setRise(size * 0.35 if raised else 0)
        line.textOut(part)
    canvas.drawText(line)


def mark_page_number(canvas: Canvas, page: int, total: int, shared: set[str] | None) -> None:
    """« page x / n » on the page being finished. In a mail-merge (``shared``: the forms defined) each
    number is a form the letters share; a long list draws each of its numbers once, in place."""
    if shared is None:
        draw_page_number(canvas, page, total)
        return
    name = f"page_{page}_{total}"
    if name not in shared:
        canvas.beginForm(name)
        draw_page_number(canvas, page, total)
        canvas.endForm()
        shared.add(name)
    canvas.doForm(name)


def draw_page_number(canvas: Canvas, page: int, total: int) -> None:
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 7.5)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_HEIGHT - 5 * mm, f"page {page} / {total}")


def build(path: Path, story: list[Flowable], head: Letterhead, title: str, on_page: Callable | None = None) -> Path:
    """Write ``story`` to ``path`` with the house style; the file appears only once complete."""
    return _write(path, story, head, title, on_page)


def build_letters(
    path: Path, letters: Iterable[list[Flowable]], head: Letterhead, title: str, on_page: Callable | None = None
) -> Path:
    """A mail-merge: each of ``letters`` (one recipient's flowables) starts a page and is numbered
    « page 1 / n » from there, as its recipient reads it.

    The letters are laid out one after another as they come, never as one story: time and memory grow
    with one letter, not with the batch (10,000 convocations are 350,000 flowables)."""
    parts = iter(letters)
    first = next(parts, None)
    if first is None:
        raise ValueError("a mail-merge needs at least one letter")
    runs = SharedRuns()
    rest = (letter_pages([LetterStart(), *letter], runs) for letter in parts)
    story = [*letter_pages([LetterStart(), *first], runs), _NextLetter(rest, direct=on_page is None)]
    return _write(path, story, head, title, on_page)


class _NextLetter(Flowable):
    """The last flowable of a letter in a mail-merge: where the next letter's flowables take its place.
    ``direct``: a letter whose pages each fit a page as one block may be drawn without the frame."""

    def __init__(self, letters: Iterator[list[Flowable]], direct: bool) -> None:
        super().__init__()
        self.letters, self.direct = letters, direct


class _DrawnLetter(Flowable):
    """A letter whose every page is one ``LetterPage`` that fits the frame: drawn page after page
    straight on the canvas, each at the top of the frame where reportlab's frame would put it.

    reportlab's frame, page templates and page breaks cost more than the letter's own drawing; the
    page is what they would make of it. Its last page stays open, as the frame leaves it."""

    _ZEROSIZE = True  # drawn even when the frame has no room left: it opens its own pages

    def __init__(self, pages: list[LetterPage]) -> None:
        super().__init__()
        self.pages = pages

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803 - reportlab API
        frame: Frame = self._frame  # type: ignore[attr-defined]  # set by the frame while it draws
        left = frame._x1 + frame._leftPadding  # type: ignore[attr-defined]  # reportlab's own
        top = frame._y2 - frame._topPadding  # type: ignore[attr-defined]
        for page in self.pages:
            canvas.showPage()  # the page before: the previous letter's last one, or this letter's
            page.drawOn(canvas, left, top - page.height)


def _drawn_letter(pages: list[Flowable], frame: Frame, canvas: Canvas) -> _DrawnLetter | None:
    """``pages`` (a letter's, from ``letter_pages``) as a ``_DrawnLetter`` when each page is one block
    that fits the frame; else None, and the frame lays it out."""
    blocks = [page for page in pages if type(page) is not PageBreak]
    if not all(type(block) is LetterPage for block in blocks):
        return None
    width, height = frame._getAvailableWidth(), frame._aH  # type: ignore[attr-defined]  # reportlab's own
    for block in blocks:
        block.canv = canvas  # as a frame sets it before the layout
        if block.wrap(width, height)[1] > height:
            return None
    return _DrawnLetter(blocks)  # type: ignore[arg-type]  # checked just above


class _Document(BaseDocTemplate):
    """The house document, which reads a mail-merge's letters one at a time."""

    def filterFlowables(self, flowables: list[Flowable]) -> None:  # noqa: N802 - reportlab API
        mark = flowables[0]
        if isinstance(mark, _NextLetter):
            letter = next(mark.letters, None)
            drawn = _drawn_letter(letter, self.frame, self.canv) if letter is not None and mark.direct else None
            # reportlab takes flowables from the front of its list: kept short, that stays cheap
            # None drops the mark, as reportlab's filterFlowables allows (its stubs say Flowable only)
            if letter is None:
                flowables[0:1] = [None]  # type: ignore[list-item]
            else:
                flowables[0:1] = [drawn, mark] if drawn is not None else [PageBreak(), *letter, mark]


def _write(path: Path, story: list[Flowable], head: Letterhead, title: str, on_page: Callable | None = None) -> Path:
    register_fonts()
    path = Path(path)
    partial = path.with_name(path.name + ".partiel")
    document = _Document(
        str(partial),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=HEADER_HEIGHT + 8 * mm,
        bottomMargin=FOOTER_HEIGHT + 8 * mm,
        title=title,
        author=head.nom,
        # else each page starts in Helvetica, referenced and never embedded
        initialFontName=FONT,
        initialFontSize=10,
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page or (lambda c, d: None))])
    try:
        private_file(partial)  # before reportlab writes it: a document about members is the user's only
        with collector_paused():
            document.build(story, canvasmaker=_numbered_canvas(head, title))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def data_table(
    rows: list[list[str]],
    widths: list[float],
    s: dict[str, ParagraphStyle],
    numeric: Collection[int] = (),
    total: bool = False,
    heading: Paragraph | None = None,
    paragraph: Callable[[str, ParagraphStyle], Paragraph] = Paragraph,
) -> Table:
    """A list in the house style: a tinted header row repeated on each page, light rules between rows,
    amounts (``numeric`` columns) aligned right, and with ``total`` a bold last row under a rule.
    A ``heading`` (a group's title) spans the first row and is repeated with the header on each page.
    A long list passes its ``paragraph`` maker (``MergeParagraphs``): a commune, a profession, « à jour »
    are then set once for all their cells."""

    tight: list[tuple] = []  # padding commands of the cells whose text had to shrink
    top = 0 if heading is None else 1  # the header's row

    def cell(text: str, row: int, column: int) -> Paragraph:
        bold = row == 0 or (total and row == len(rows) - 1)
        style = s[("cell_bold" if bold else "cell") + ("_right" if column in numeric else "")]
        text = str(text or "")
        fitted = fitting(style, text, widths[column] - CELL_PADDING)
        if fitted is not style:  # a word too wide for the cell: first take the padding, then shrink
            fitted = fitting(style, text, widths[column] - 2 * TIGHT_PADDING)
            at = (column, row + top)
            tight.extend((side, at, at, TIGHT_PADDING) for side in ("LEFTPADDING", "RIGHTPADDING"))
        return paragraph(escape(text), fitted)

    cells: list[list] = [[cell(c, i, j) for j, c in enumerate(row)] for i, row in enumerate(rows)]
    if heading is not None:
        cells.insert(0, [_Across(heading, sum(widths))] + [""] * (len(widths) - 1))
    table = Table(cells, colWidths=widths, repeatRows=top + 1)
    commands = [
        *tight,
        ("BACKGROUND", (0, top), (-1, top), LIGHT),
        ("LINEBELOW", (0, top), (-1, top), 0.6, ACCENT),
        ("LINEBELOW", (0, top + 1), (-1, -1), 0.25, colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if heading is not None:
        commands += [(side, (0, 0), (0, 0), 0) for side in ("LEFTPADDING", "BOTTOMPADDING")]
    if total and len(rows) > 1:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, ACCENT))
    table.setStyle(TableStyle(commands))
    return table


def long_table(
    rows: list[list[str]],
    widths: list[float],
    s: dict[str, ParagraphStyle],
    numeric: Collection[int] = (),
    total: bool = False,
    heading: Paragraph | None = None,
    commands: Iterable[tuple] = (),
) -> Flowable:
    """``data_table`` for a list of any length (a members list, a feuille d’émargement): printed the
    same, page after page, in a time that grows with its rows; ``commands`` restyle it as
    ``table.setStyle`` would."""
    header, body = rows[0], rows[1:]
    paragraph = MergeParagraphs(kept=1024)
    extra = TableStyle(list(commands))

    def make(part: list[list[str]], last: bool) -> Table:
        table = data_table([header, *part], widths, s, numeric, total and last, heading, paragraph)
        table.setStyle(extra)
        return table

    return make(body, True) if len(body) <= PAGE_ROWS else _LongTable(body, make, PAGE_ROWS)


class _LongTable(Flowable):
    """The rows of a table not printed yet, laid out a page at a time.

    reportlab's ``Table`` measures all its remaining rows again at each page it breaks: a list of
    100,000 members took hours. This one builds the ``Table`` of the rows a page can hold, lets it
    break where a whole table would, and keeps the rest as text: each page costs its own rows."""

    def __init__(self, body: list[list[str]], make: Callable[[list[list[str]], bool], Table], guess: int) -> None:
        super().__init__()
        self.body, self.make, self.guess = body, make, guess
        self._whole: Table | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if len(self.body) > self.guess:  # more than a page: split, a page at a time
            return available_width, available_height + 1
        self._whole = self._whole or self.make(self.body, True)
        return self._whole.wrap(available_width, available_height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # reportlab first offers the end of the page the last piece filled: a row's test, not a page's
        if self.make(self.body[:1], len(self.body) == 1).wrap(available_width, available_height)[1] > available_height:
            return []
        rows = self.guess
        while True:
            last = rows >= len(self.body)
            table = self._whole if last and self._whole else self.make(self.body[:rows], last)
            parts = table.split(available_width, available_height)
            if len(parts) != 1:
                break
            if last:
                return parts
            rows *= 2  # the page holds more rows than guessed (small print)
        if not parts:
            return []  # not even one row here: the next frame
        first = parts[0]
        used = first._nrows - table.repeatRows  # type: ignore[attr-defined]  # a Table's, not in its stubs
        return [first, _LongTable(self.body[used:], self.make, used + PAGE_SLACK)]

    def draw(self) -> None:
        if self._whole is not None:
            self._whole.drawOn(self.canv, 0, 0)


class _Across(Flowable):
    """A heading set in a table's first cell across the whole row: it runs over the empty cells beside it.
    Cheaper than a SPAN, which reportlab recomputes at each split of a long table."""

    def __init__(self, paragraph: Paragraph, width: float) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.across = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, height = self.paragraph.wrap(self.across, available_height)
        return available_width, height

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, 0)


@lru_cache(maxsize=4096)
def fitting(style: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """``style``, or a smaller one when a word of ``text`` that must not be cut (an amount, a date, a
    number, a word without a hyphenation point) is wider than ``width``: it shrinks rather than breaks.
    The same text gets the same style object back: its cells share one paragraph (``MergeParagraphs``)."""
    too_wide = (word for word in typography.words(text) if _width(word, style) > width)
    widest = max((_width(word, style) for word in too_wide if typography.unbreakable(word)), default=0)
    if not widest:
        return style
    size = max(SMALLEST, style.fontSize * width / widest)
    # at the smallest size, a word still too wide runs into the cell's padding rather than be cut
    fits = size > SMALLEST or widest * SMALLEST / style.fontSize <= width
    return ParagraphStyle(
        f"{style.name}-{size:.1f}",
        parent=style,
        fontSize=size,
        leading=size * 1.22,
        splitLongWords=int(fits),
        spaceShrinkage=0,  # else reportlab squeezes the no-break spaces of an amount until its signs overlap
    )


def _width(word: str, style: ParagraphStyle) -> float:
    return pdfmetrics.stringWidth(word, style.fontName, style.fontSize)


_letter_date = lru_cache(maxsize=16)(format_date)  # a mail-merge dates every letter alike: formatted once


def letter_opening(
    head: Letterhead,
    lines: list[str],
    salutation: str,
    subject: str,
    day: date,
    s: dict,
    paragraph: Callable[[str, ParagraphStyle], Paragraph] = Paragraph,
) -> list:
    """The top of a personal letter: address block on the right (window envelope), place and date,
    subject, salutation. A mail-merge passes its ``paragraph`` maker (``MergeParagraphs``)."""
    town = f"{head.commune}, le " if head.commune else "Le "
    return [
        Spacer(0, 3),
        *(paragraph(escape(line), s["address"]) for line in lines),
        Spacer(0, 8 * mm + 3),
        paragraph(f"{escape(town)}{_letter_date(day)}", s["right"]),
        Spacer(0, 5 * mm),
        paragraph(f"<b>Objet : {escape(subject)}</b>", s["body"]),
        Spacer(0, 4 * mm),
        paragraph(escape(salutation), s["body"]),
        Spacer(0, 2 * mm),
    ]
