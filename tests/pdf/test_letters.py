"""Papers as their recipients read them: each letter of a merge numbered from its own first page, a
cancelled receipt and a draft procès-verbal marked on every page, no procès-verbal of a meeting not held."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import PageBreak, Paragraph

from cpts_desktop.domain.enums import MeetingType, MinutesStatus, PaymentMethod
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import format_date, format_date_short
from cpts_desktop.pdf.mailmerge import LetterStart
from cpts_desktop.pdf.meetings import convocations_pdf, convocations_zip, minutes_pdf, minutes_register_pdf
from cpts_desktop.pdf.membership import receipt_pdf
from cpts_desktop.pdf.registers import reminders_pdf
from cpts_desktop.pdf.style import build, styles
from cpts_desktop.services import documents, meetings
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.cotisations import add_payment, cancel_payment
from tests.pdf.test_membership_pdfs import lucja, text_of  # noqa: F401 - a fixture used below

TODAY = date.today()  # the demo's meetings are dated from today


def page_numbers(path: Path) -> list[str]:
    """The « page x / n » of each page, in order."""
    found = []
    for page in PdfReader(path).pages:
        found += re.findall(r"page \d+ / \d+", " ".join(page.extract_text().split()))
    return found


def _meeting(database, kind: MeetingType):  # noqa: ANN001, ANN202
    return next(m for m in meetings.list_meetings(database) if m.type is kind)


def test_each_convocation_and_its_pouvoir_read_page_1_of_2(demo_database, tmp_path: Path):
    papers = documents.meeting_papers(demo_database, _meeting(demo_database, MeetingType.ORDINARY_GENERAL).id)
    three = papers.convened[:3]
    path = convocations_pdf(papers, tmp_path / "convocations.pdf", TODAY, only=three)
    assert page_numbers(path) == ["page 1 / 2", "page 2 / 2"] * 3
    reader = PdfReader(path)
    for index, member in enumerate(three):
        assert member.nom in reader.pages[2 * index].extract_text()
        assert "Pouvoir" in reader.pages[2 * index + 1].extract_text()


def test_a_whole_merge_and_its_zip_number_every_letter_alike(demo_database, tmp_path: Path):
    papers = documents.meeting_papers(demo_database, _meeting(demo_database, MeetingType.ORDINARY_GENERAL).id)
    papers = replace(papers, convened=papers.convened[:3])  # three letters prove what all of them would
    merged = page_numbers(convocations_pdf(papers, tmp_path / "toutes.pdf", TODAY))
    assert merged == ["page 1 / 2", "page 2 / 2"] * 3
    archive = zipfile.ZipFile(convocations_zip(papers, tmp_path / "toutes.zip", TODAY))
    assert len(archive.namelist()) == 3
    for index, name in enumerate(archive.namelist()):
        (tmp_path / "une.pdf").write_bytes(archive.read(name))
        assert page_numbers(tmp_path / "une.pdf") == ["page 1 / 2", "page 2 / 2"]
        assert papers.convened[index].nom in PdfReader(tmp_path / "une.pdf").pages[0].extract_text()


def test_a_letter_longer_than_a_page_counts_its_own_pages(demo_database, tmp_path: Path):
    s = styles()
    long_text = " ".join(f"Phrase {n} d’une longue lettre." for n in range(700))
    story = [LetterStart(), Paragraph(long_text, s["body"]), PageBreak(), LetterStart(), Paragraph("Court.", s["body"])]
    path = build(tmp_path / "lettres.pdf", story, letterhead(demo_database), "Essai")
    numbers = page_numbers(path)
    first = len(numbers) - 1
    assert first > 1
    assert numbers == [f"page {n} / {first}" for n in range(1, first + 1)] + ["page 1 / 1"]


def test_each_reminder_is_page_1_of_1(demo_database, tmp_path: Path):
    data = documents.reminders(demo_database, TODAY.year)
    numbers = page_numbers(reminders_pdf(data, tmp_path / "relances.pdf", TODAY))
    assert len(data.letters) > 10 and numbers == ["page 1 / 1"] * len(data.letters)


def test_a_cancelled_receipt_is_stamped_and_no_longer_a_receipt(demo_database, lucja, tmp_path: Path):  # noqa: F811
    payment = add_payment(demo_database, lucja, "1234567.89", date(2026, 3, 20), PaymentMethod.CHEQUE)
    entry = cancel_payment(demo_database, payment.id, date(2026, 3, 21))
    path = receipt_pdf(documents.receipt(demo_database, payment.id), tmp_path / "annule.pdf", TODAY)
    text = text_of(path)
    assert f"Reçu de cotisation n° {payment.numero_recu} – ANNULÉ" in text
    assert f"Reçu annulé le 21 mars 2026, écriture n° {entry.id}." in text
    assert "ne vaut ni reçu ni justificatif de paiement" in text
    assert "reconnaît avoir reçu" not in text and "Fait à" not in text  # nothing left to sign
    for page in PdfReader(path).pages:
        words = " ".join(page.extract_text().split())
        assert "ANNULÉ" in words and f"le 21 mars 2026, écriture n° {entry.id}" in words
    assert PdfReader(path).metadata.title.endswith("ANNULÉ")


def test_a_valid_receipt_carries_no_stamp(demo_database, lucja, tmp_path: Path):  # noqa: F811
    payment = add_payment(demo_database, lucja, "30", date(2026, 3, 20), PaymentMethod.CHEQUE)
    text = text_of(receipt_pdf(documents.receipt(demo_database, payment.id), tmp_path / "recu.pdf", TODAY))
    assert "ANNULÉ" not in text and "reconnaît avoir reçu" in text


def test_no_minutes_for_a_meeting_not_yet_held(demo_database, tmp_path: Path):
    future = _meeting(demo_database, MeetingType.ORDINARY_GENERAL)
    assert future.date_heure.date() > TODAY
    papers = documents.meeting_papers(demo_database, future.id)
    with pytest.raises(CptsError, match="n’a pas encore eu lieu : son procès-verbal ne peut être établi qu’après"):
        minutes_pdf(papers, tmp_path / "pv.pdf", TODAY)
    assert not list(tmp_path.glob("pv.pdf*"))


def test_no_minutes_without_anyone_recorded_present(demo_database, tmp_path: Path):
    day = TODAY - timedelta(days=30)
    past = meetings.create_meeting(demo_database, MeetingType.BUREAU, datetime(day.year, day.month, day.day, 18), "")
    papers = documents.meeting_papers(demo_database, past)
    with pytest.raises(CptsError, match="Aucune présence n’est enregistrée .* « Présences et quorum »"):
        minutes_pdf(papers, tmp_path / "pv.pdf", TODAY)


def test_a_board_minutes_project_is_stamped_and_names_the_conseil(demo_database, tmp_path: Path):
    board = _meeting(demo_database, MeetingType.BOARD)
    papers = documents.meeting_papers(demo_database, board.id)
    assert not papers.approved
    path = minutes_pdf(papers, tmp_path / "pv-ca.pdf", TODAY)
    text = text_of(path)
    held = format_date(board.date_heure.date())
    assert "(projet)" in text and f"Le conseil d’administration, réuni le {held} à 20 h" in text
    assert "le conseil peut valablement délibérer" in text
    assert "l’assemblée peut" not in text and "tenue le" not in text
    for page in PdfReader(path).pages:
        assert "PROJET" in page.extract_text()


def test_every_page_of_a_long_project_is_stamped(demo_database, tmp_path: Path):
    board = _meeting(demo_database, MeetingType.BOARD)
    meetings.save_minutes(demo_database, board.id, "\n".join(f"Point {n} débattu en séance." for n in range(150)))
    pages = PdfReader(minutes_pdf(documents.meeting_papers(demo_database, board.id), tmp_path / "pv.pdf")).pages
    assert len(pages) > 2 and all("PROJET" in page.extract_text() for page in pages)


def test_an_approved_minutes_is_not_stamped(demo_database, tmp_path: Path):
    approved = next(m for m in meetings.list_meetings(demo_database) if m.statut.value == "pv_approuve")
    text = text_of(minutes_pdf(documents.meeting_papers(demo_database, approved.id), tmp_path / "pv.pdf", TODAY))
    assert "PROJET" not in text and "(projet)" not in text
    assert f"L’assemblée générale ordinaire, réunie le {format_date(approved.date_heure.date())} à 18 h 30" in text


def test_the_register_holds_approved_minutes_only(demo_database, tmp_path: Path):
    everything = [documents.meeting_papers(demo_database, m.id) for m in meetings.list_meetings(demo_database)]
    text = text_of(minutes_register_pdf(everything, tmp_path / "registre.pdf"))
    approved = [p for p in everything if p.approved]
    assert len(approved) == 1 < len(everything)
    assert approved[0].meeting.titre in text
    assert f"Approuvé le {format_date_short(approved[0].minutes_approved)}" in text
    for papers in everything:
        if not papers.approved:
            assert papers.meeting.titre not in text
    assert "PROJET" not in text


def test_a_register_without_approved_minutes_is_refused(demo_database, tmp_path: Path):
    board = documents.meeting_papers(demo_database, _meeting(demo_database, MeetingType.BOARD).id)
    assert board.minutes_status == MinutesStatus.DRAFT.label
    with pytest.raises(CptsError, match="Aucun procès-verbal n’est approuvé"):
        minutes_register_pdf([board], tmp_path / "registre.pdf")


def _fonts(path: Path) -> set[tuple[str, bool]]:
    """(name, embedded) of every font the PDF's pages use."""
    found = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found.add((str(font["/BaseFont"]), embedded))
    return found


def test_merges_embed_every_font_they_use(demo_database, tmp_path: Path):
    papers = documents.meeting_papers(demo_database, _meeting(demo_database, MeetingType.ORDINARY_GENERAL).id)
    convocations = convocations_pdf(papers, tmp_path / "c.pdf", TODAY, only=papers.convened[:2])
    reminders = reminders_pdf(documents.reminders(demo_database, TODAY.year), tmp_path / "r.pdf", TODAY)
    for path in (convocations, reminders):
        fonts = _fonts(path)
        assert fonts and all(embedded and "DejaVu" in name for name, embedded in fonts), fonts
