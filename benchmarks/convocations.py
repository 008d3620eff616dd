"""Convocations: 1,000 personal letters of an AG, each with its pouvoir page, in one PDF, against a
bare reportlab canvas writing the same texts (same embedded font, lines wrapped, two pages each)."""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from benchmarks.common import Result, best_of
from benchmarks.data import people
from cpts_desktop.domain.enums import MeetingType
from cpts_desktop.i18n import format_date
from cpts_desktop.pdf.meetings import convocations_pdf
from cpts_desktop.pdf.style import FONT, FONT_BOLD, register_fonts
from cpts_desktop.services.database import open_database
from cpts_desktop.services.demo import load_demo
from cpts_desktop.services.documents import MeetingPapers, MemberCard, meeting_papers
from cpts_desktop.store.models import Meeting

LETTERS = 1000


def _papers(folder: Path) -> tuple[MeetingPapers, list[MemberCard]]:
    database = open_database(str(folder / "demo.sqlite"), create=True)
    load_demo(database)
    with database.sessions() as session:
        meeting_id = session.scalars(select(Meeting.id).where(Meeting.type == MeetingType.ORDINARY_GENERAL)).first()
    papers = meeting_papers(database, meeting_id)
    database.close()
    model = papers.convened[0]
    cards = [
        replace(
            model,
            id=i,
            nom=row[0],
            prenom=row[1],
            adresse=f"{i % 90 + 1} rue des Tilleuls",
            code_postal=row[6],
            commune=row[7],
        )
        for i, row in enumerate(people(LETTERS), start=1)
    ]
    return papers, cards


def _texts(papers: MeetingPapers, card: MemberCard) -> tuple[list[str], list[str]]:
    """The words of one letter and of its pouvoir, as plain paragraphs."""
    meeting = papers.meeting
    when = f"le {format_date(meeting.date_heure.date())} à {meeting.date_heure.strftime('%H h %M')}"
    letter = [
        papers.head.nom,
        *card.address_lines,
        f"Le {format_date(date.today())}",
        f"Objet : convocation – {meeting.type.label}",
        card.salutation,
        f"J’ai le plaisir de vous convoquer à l’{meeting.type.label.lower()} de l’association {papers.head.nom}, "
        f"qui se tiendra {when}, {meeting.lieu or ''}.",
        "Ordre du jour :",
        *(f"{item.ordre}. {item.titre}" for item in papers.agenda),
        "Si vous ne pouvez pas être présent(e), vous pouvez vous faire représenter par un autre membre en lui "
        f"remettant le pouvoir ci-joint ; chaque membre présent peut détenir au plus "
        f"{papers.parameters.pouvoirs_max} pouvoir(s).",
        "Je vous prie d’agréer l’expression de mes salutations distinguées.",
        papers.president.role,
        papers.president.name or "",
    ]
    proxy = [
        "Pouvoir",
        f"{meeting.type.label} du {format_date(meeting.date_heure.date())}",
        f"Je soussigné(e) {card.formal_name}, membre de l’association {papers.head.nom}, donne pouvoir à "
        "………………………………………………………, membre de l’association, pour me représenter, prendre part aux "
        "délibérations et voter en mon nom sur les questions inscrites à l’ordre du jour.",
        "Fait à ……………………………, le ……/……/………",
        "Signature, précédée de la mention manuscrite « Bon pour pouvoir » :",
        "Le pouvoir est remis au mandataire, qui le présente à l’émargement.",
    ]
    return letter, proxy


def _bare(papers: MeetingPapers, cards: list[MemberCard], path: Path) -> float:
    start = time.perf_counter()
    register_fonts()
    canvas = Canvas(str(path), pagesize=A4)
    width = A4[0] - 40 * mm
    for card in cards:
        for page, paragraphs in enumerate(_texts(papers, card)):
            y = A4[1] - 30 * mm
            for number, paragraph in enumerate(paragraphs):
                font = FONT_BOLD if number == 0 and page else FONT
                for line in simpleSplit(paragraph, font, 10, width):
                    canvas.setFont(font, 10)
                    canvas.drawString(20 * mm, y, line)
                    y -= 14
                y -= 6
            canvas.drawString(20 * mm, 15 * mm, f"page {canvas.getPageNumber()}")
            canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def _ours(papers: MeetingPapers, cards: list[MemberCard], path: Path) -> float:
    start = time.perf_counter()
    convocations_pdf(papers, path, only=cards)
    return time.perf_counter() - start


def measure(runs: int = 3) -> Result:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        papers, cards = _papers(folder)
        baseline = best_of(runs, lambda: _bare(papers, cards, folder / "bare.pdf"))
        ours = best_of(runs, lambda: _ours(papers, cards, folder / "convocations.pdf"))
    return Result("convocations", ours, "s", baseline, 2.0, "ratio")


if __name__ == "__main__":
    print(measure(1).line())
