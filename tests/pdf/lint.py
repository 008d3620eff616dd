"""The document lint: generate every document of a base, then read each PDF as its recipient would.

What is checked is what a bank, a préfecture or a member would refuse: an amount, a date or a « n° 12 »
cut at a line end (in the page's text, and between two lines one under the other in the same paragraph
or table cell), a word cut without a hyphen, a letter of a mail-merge numbered from the start of the
batch, a font not embedded, text outside the page. Text running past its cell's rule is not checked:
pypdf gives the positions of text, not of the cells' rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, partial
from pathlib import Path
from unittest.mock import patch

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject
from reportlab.pdfbase.pdfmetrics import stringWidth

from cpts_desktop.domain.enums import BoardRole, StatutesKind, StatutesStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.pdf import style
from cpts_desktop.pdf.aci import aci_summary_pdf
from cpts_desktop.pdf.gdpr import member_file_pdf
from cpts_desktop.pdf.governance import board_pdf, officers_pdf, statutes_pdf
from cpts_desktop.pdf.grants import financial_report_pdf, grant_sheet_pdf, grants_report_pdf
from cpts_desktop.pdf.indemnities import indemnities_summary_pdf, statement_pdf
from cpts_desktop.pdf.meetings import (
    attendance_sheet_pdf,
    convocations_pdf,
    convocations_zip,
    minutes_pdf,
    minutes_register_pdf,
)
from cpts_desktop.pdf.membership import attestation_pdf, membership_form_pdf, receipt_pdf
from cpts_desktop.pdf.registers import members_list_pdf, reminders_pdf
from cpts_desktop.pdf.style import FONT
from cpts_desktop.services import documents, finance_documents, financial_reports, gdpr, indemnities, meetings
from cpts_desktop.services.association import letterhead, signatories
from cpts_desktop.services.board import colleges, current_board
from cpts_desktop.services.grants import grant_rows
from cpts_desktop.services.statutes import list_versions, rendered_articles
from cpts_desktop.store.engine import Database

SPACE = "[ \u00a0\u202f\n]"  # a space of any kind, or the line break the check looks for
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
UNBREAKABLE = {
    "montant": re.compile(rf"-?\d{{1,3}}(?:{SPACE}\d{{3}})*(?:,\d{{2}})?{SPACE}?€"),
    "date": re.compile(rf"\d{{1,2}}(?:er)?{SPACE}+(?:{MONTHS}){SPACE}+\d{{4}}"),
    "date courte": re.compile(r"\d{1,2}\n?/\n?\d{1,2}\n?/\n?\d(?:\n?\d){3}"),
    "numéro": re.compile(rf"\bn°{SPACE}+\d+"),
    "heure": re.compile(rf"\d{{1,2}}{SPACE}?h{SPACE}?\d{{2}}\b"),
}
# the French words of one or two letters that may begin a line after a word ending in a letter
SHORT_WORDS = {"à", "a", "y", "en", "le", "la", "de", "du", "et", "ou", "un", "il", "on", "ne", "se", "sa", "si"}
SHORT_WORDS |= {"au", "ni", "je", "tu", "me", "te", "ce", "ma", "ta"}
EDGE = 4.0  # points: text closer than this to the page's edge is outside what a printer prints


@dataclass(frozen=True)
class Document:
    """One generated PDF, the « page x / n » drawn on each of its pages, and for a mail-merge how many
    letters it holds."""

    name: str
    path: Path
    numbers: list[tuple[int, int]]
    letters: int | None = None


def _write(folder: Path, name: str, make: Callable[[Path], Path], letters: int | None = None) -> Document:
    """Build one document, noting the page numbers its footer draws (read back on a sample of pages:
    reading all 500 letters of a merge would take a minute)."""
    drawn: list[tuple[int, int]] = []
    original = style.mark_page_number

    def record(canvas, page: int, total: int, shared: set[str] | None) -> None:  # noqa: ANN001 - a reportlab Canvas
        drawn.append((page, total))
        original(canvas, page, total, shared)

    with patch.object(style, "mark_page_number", record):
        path = make(folder / f"{name}.pdf")
    return Document(name, path, drawn, letters)


def generate(
    database: Database, folder: Path, member_id: int, grant_id: int, today: date, by: tuple[str, ...] = ("college",)
) -> list[Document]:
    """Every document ``cpts pdf`` prints and the GUI's own ones (RGPD export, register of the PVs); the
    members list grouped ``by`` collège and/or profession (each a few seconds on hundreds of members)."""
    folder.mkdir(parents=True, exist_ok=True)
    year = today.year
    head = letterhead(database)
    docs = [
        _write(folder, "bulletin-vierge", lambda p: membership_form_pdf(documents.membership_form(database, year), p)),
        _write(
            folder,
            "bulletin-prerempli",
            lambda p: membership_form_pdf(documents.membership_form(database, year, member_id), p),
        ),
        _write(folder, "attestation", lambda p: attestation_pdf(documents.attestation(database, member_id, year), p)),
        *(_write(folder, f"liste-{group}", partial(_members_list, database, year, group)) for group in by),
        _write(folder, "conseil", lambda p: board_pdf(head, current_board(database), colleges(database), p)),
        *_refused_or(
            folder, "dirigeants", lambda p: officers_pdf(head, current_board(database), _president(database), p)
        ),
        _write(folder, "rgpd", lambda p: member_file_pdf(head, gdpr.member_file(database, member_id), p, today)),
        *_statutes(database, folder, today),
        *_meetings(database, folder, today),
        *_finance(database, folder, member_id, grant_id, today),
    ]
    reminders = documents.reminders(database, year)
    docs.append(_write(folder, "relances", lambda p: reminders_pdf(reminders, p, today), len(reminders.letters)))
    return docs


def _members_list(database: Database, year: int, by: str, path: Path) -> Path:
    return members_list_pdf(documents.members_list(database, year, by), path)


def _refused_or(folder: Path, name: str, make: Callable[[Path], Path]) -> list[Document]:
    """A document a base may rightly refuse, in French: the compte rendu of a grant not awarded, the
    liste des dirigeants while a director lacks a field loi 1901 art. 5 requires (nationalité…). The
    test then finds the document missing for its command: both bases have a complete board."""
    try:
        return [_write(folder, name, make)]
    except CptsError as refusal:
        assert refusal.args and " : " in str(refusal), refusal
        return []


def _president(database: Database):  # noqa: ANN202 - a Signatory
    (president,) = signatories(database, BoardRole.PRESIDENT)
    return president


def _statutes(database: Database, folder: Path, today: date) -> Iterator[Document]:
    head = letterhead(database)
    president, secretary = signatories(database, BoardRole.PRESIDENT, BoardRole.SECRETARY)
    for kind in StatutesKind:
        adopted = [v for v in list_versions(database, kind) if v.statut is not StatutesStatus.DRAFT]
        if adopted:
            articles = rendered_articles(database, adopted[-1].id)
            name = f"statuts-{kind.value}"
            make = partial(statutes_pdf, head, adopted[-1], articles, president, secretary, today=today)
            yield _write(folder, name, make)


def _meetings(database: Database, folder: Path, today: date) -> Iterator[Document]:
    """Per meeting its convocations (a mail-merge), its sheet and, once held, its PV; then the register."""
    held = []
    for meeting in meetings.list_meetings(database):
        papers = documents.meeting_papers(database, meeting.id)
        stem = f"reunion-{meeting.id}"
        letters = len(papers.convened)
        if meeting.date_heure.date() > today:  # convocations go out before a meeting, not after
            yield _write(folder, f"{stem}-convocations", partial(convocations_pdf, papers, today=today), letters)
        yield _write(folder, f"{stem}-emargement", partial(attendance_sheet_pdf, papers))
        if meeting.date_heure.date() <= today and papers.quorum.present + papers.quorum.represented:
            held.append(papers)
            yield _write(folder, f"{stem}-pv", partial(minutes_pdf, papers, today=today))
    if held:
        yield _write(folder, "registre-pv", lambda p: minutes_register_pdf(held, p))


def _financial_report(database: Database, grant_id: int, today: date, path: Path) -> Path:
    papers = financial_reports.financial_report(database, grant_id, today=today)
    return financial_report_pdf(papers, path, today)


def _finance(database: Database, folder: Path, member_id: int, grant_id: int, today: date) -> Iterator[Document]:
    year = today.year
    start, end = date(year, 1, 1), date(year, 12, 31)
    for row in grant_rows(database, today=today):
        papers = finance_documents.grant_papers(database, row.id, today)
        yield _write(folder, f"subvention-{row.id}", partial(grant_sheet_pdf, papers, today=today))
        # refused, in French, for a grant not awarded
        yield from _refused_or(folder, f"compte-rendu-{row.id}", partial(_financial_report, database, row.id, today))
    yield _write(
        folder, "rapport-subventions", lambda p: grants_report_pdf(finance_documents.grants_report(database, year), p)
    )
    try:
        aci = finance_documents.aci_papers(database, year)
    except CptsError:
        aci = None  # a base without an ACI contract has no synthèse
    if aci is not None:
        yield _write(folder, "synthese-aci", lambda p: aci_summary_pdf(aci, p, today))
    yield _write(
        folder,
        "indemnites-releve",
        lambda p: statement_pdf(finance_documents.statement(database, member_id, start, end), p, today),
    )
    totals = indemnities.totals(database, start, end)
    yield _write(
        folder, "indemnites-recap", lambda p: indemnities_summary_pdf(totals, start, end, letterhead(database), p)
    )


def receipts(database: Database, folder: Path, payment_ids: dict[str, int]) -> list[Document]:
    return [
        _write(folder, name, lambda p, i=payment_id: receipt_pdf(documents.receipt(database, i), p))
        for name, payment_id in payment_ids.items()
    ]


def zip_letters(papers: documents.MeetingPapers, path: Path, today: date, count: int = 3) -> Path:
    """The per-recipient ZIP of a few convocations (each is a whole PDF build: a few are enough)."""
    return convocations_zip(replace(papers, convened=papers.convened[:count]), path, today)


# ---- reading --------------------------------------------------------------------------------------------


def sample(pages: int) -> list[int]:
    """The pages read of a document: all of a short one; of a long one (a mail-merge, a list of hundreds)
    its first eight, its last four and one in 37 between (each letter is drawn by the same code)."""
    if pages <= 20:
        return list(range(pages))
    return sorted({*range(8), *range(8, pages - 4, 37), *range(pages - 4, pages)})


@dataclass(frozen=True)
class Reading:
    """What one pass of pypdf over the sampled pages of a document gives: their text, the text drawn
    beyond the page (its width estimated in the body font), and the pairs of lines one under the other
    at the same left or right edge (a paragraph or a table cell that wraps), where nothing may be cut."""

    pages: int
    texts: dict[int, str]
    outside: list[str]
    wrapped: dict[int, list[str]]


@dataclass(frozen=True)
class _Run:
    text: str
    x: float
    right: float
    y: float
    size: float


@cache
def read(path: Path) -> Reading:
    style.register_fonts()  # the width of text is measured in the body font
    pages = PdfReader(path).pages
    texts: dict[int, str] = {}
    outside: list[str] = []
    wrapped: dict[int, list[str]] = {}
    for index in sample(len(pages)):
        page = pages[index]
        box = float(page.mediabox.width), float(page.mediabox.height)
        runs: list[_Run] = []
        # pypdf gives the text of a form (a mail-merge's shared sentences) in the form's own space: the
        # page's matrix where the form is drawn places it
        outer: list[list[float]] = []

        def enter(operator: bytes, _operands: list, cm: list, _tm: list, outer: list = outer) -> None:
            if operator == b"Do":
                outer.append(cm)

        def leave(operator: bytes, _operands: list, _cm: list, _tm: list, outer: list = outer) -> None:
            if operator == b"Do":
                outer.pop()

        def visit(
            text: str, cm: list, tm: list, font: dict, size: float, runs: list = runs, outer: list = outer
        ) -> None:
            if text.strip():
                x, y = tm[4] * (cm[0] or 1) + cm[4], tm[5] * (cm[3] or 1) + cm[5]
                if outer:
                    a, b, c, d, e, f = outer[-1]
                    x, y = a * x + c * y + e, b * x + d * y + f
                scale = size * (tm[0] or 1) * (cm[0] or 1)
                bold = "Bold" in str((font or {}).get("/BaseFont", ""))
                width = stringWidth(text.strip(), style.FONT_BOLD if bold else FONT, 1) * scale
                runs.append(_Run(text.strip(), x, x + width, y, scale))

        texts[index] = page.extract_text(visitor_text=visit, visitor_operand_before=enter, visitor_operand_after=leave)
        for run in runs:
            if (
                run.x < EDGE
                or run.y < EDGE
                or run.y > box[1] - EDGE
                or run.x + (run.right - run.x) * 0.95 > box[0] - EDGE
            ):
                outside.append(f"page {index + 1} : « {run.text[:40]} » hors de la page ({run.x:.0f}, {run.y:.0f})")
        wrapped[index] = [f"{upper.text}\n{lower.text}" for upper, lower in _wrapped_pairs(runs)]
    return Reading(len(pages), texts, outside, wrapped)


def _wrapped_pairs(runs: list[_Run]) -> Iterator[tuple[_Run, _Run]]:
    """Each line and the one just under it, when both start (or end, right-aligned) at the same place."""
    for edge in ("x", "right"):
        column: dict[int, list[_Run]] = {}
        for run in runs:
            column.setdefault(round(getattr(run, edge)), []).append(run)
        for lines in column.values():
            lines.sort(key=lambda run: -run.y)
            for upper, lower in zip(lines, lines[1:], strict=False):
                if 0 < upper.y - lower.y <= 1.5 * upper.size:
                    yield upper, lower


def broken(text: str) -> list[str]:
    """The amounts, dates, numbers and hours of ``text`` that a line break cuts, and the words cut at a
    line end without a hyphen (« Heure / s », « Bourgogn / e-Franche-Comté »)."""
    found = [
        f"{kind} coupé : « {match.group()!r} »"
        for kind, pattern in UNBREAKABLE.items()
        for match in pattern.finditer(text)
        if "\n" in match.group().strip()
    ]
    lines = text.split("\n")
    for before, after in zip(lines, lines[1:], strict=False):
        head = re.match(r"[a-zà-ÿœß]+(?![’'])", after.strip())
        fragment = head and len(head.group()) <= 2 and head.group() not in SHORT_WORDS
        if fragment and before.rstrip()[-1:].isalpha() and re.match(r"[a-zà-ÿœß]{1,2}(?:\b|-)", after.strip()):
            found.append(f"mot coupé sans trait d’union : « {before[-20:]} / {after[:20]} »")
    return found


def printed_number(text: str) -> tuple[int, int]:
    """« page x / n » as the footer of a page prints it."""
    found = re.findall(r"page (\d+) / (\d+)", text)
    assert found, "une page sans « page x / n »"
    page, total = found[-1]
    return int(page), int(total)


def letters_numbered(numbers: list[tuple[int, int]]) -> int:
    """How many letters the numbering shows, each counted « page 1 / n » … « page n / n »; fails if a
    letter does not start at 1 or does not run to its total."""
    letters, expected = 0, 1
    for page, total in numbers:
        if page == 1:
            assert expected == 1, f"lettre interrompue avant sa dernière page : {numbers[:20]}"
            letters += 1
        assert page == expected and page <= total, f"numérotation « page {page} / {total} » inattendue"
        expected = 1 if page == total else page + 1
    assert expected == 1, "la dernière lettre n’atteint pas sa dernière page"
    return letters


def unembedded_fonts(path: Path) -> set[str]:
    """Fonts a page or one of its forms refers to without embedding them (base-14 Helvetica…)."""
    missing: set[str] = set()
    seen: set[int] = set()

    def resources(node: DictionaryObject) -> None:
        for reference in (node.get("/Font") or {}).values():
            if isinstance(reference, IndirectObject):
                if reference.idnum in seen:
                    continue
                seen.add(reference.idnum)
            font = reference.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
        for xobject in (node.get("/XObject") or {}).values():
            key = xobject.idnum if isinstance(xobject, IndirectObject) else id(xobject)
            xobject = xobject.get_object()
            if key not in seen and "/Resources" in xobject:
                seen.add(key)
                resources(xobject["/Resources"].get_object())

    for page in PdfReader(path).pages:
        resources(page["/Resources"].get_object())
    return missing
