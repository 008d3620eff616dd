"""Convocations, émargement and procès-verbal, read back from the PDF."""

from __future__ import annotations

import time
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from cpts_desktop.domain.enums import MeetingType, PaymentMethod
from cpts_desktop.pdf.meetings import attendance_sheet_pdf, convocations_pdf, convocations_zip, minutes_pdf
from cpts_desktop.services import meetings
from cpts_desktop.services.association import update_association
from cpts_desktop.services.documents import meeting_papers
from cpts_desktop.services.imports import import_members
from cpts_desktop.store.models import Member, Payment
from tests.pdf.test_membership_pdfs import text_of
from tests.services.spreadsheet_files import infirmiers, write_csv


def test_convocations_one_letter_and_one_pouvoir_per_recipient(demo_database, tmp_path: Path):
    ag = next(m for m in meetings.list_meetings(demo_database) if m.statut.value == "prevue")
    papers = meeting_papers(demo_database, ag.id)
    path = convocations_pdf(papers, tmp_path / "convocations.pdf", today=date(2026, 11, 24))
    reader = PdfReader(path)
    assert len(reader.pages) == 2 * len(papers.convened)
    for index, member in enumerate(papers.convened):
        letter = " ".join(reader.pages[2 * index].extract_text().split())
        proxy = " ".join(reader.pages[2 * index + 1].extract_text().split())
        assert member.nom in letter and "Ordre du jour" in letter
        assert "Pouvoir" in proxy and member.nom in proxy
        # the letter agrees with the person it is addressed to; a structure reads « présent(e) »
        present, signed = {"Mme": ("présente,", "soussignée"), "M.": ("présent,", "soussigné ")}.get(
            member.civilite or "", ("présent(e),", "soussigné(e)")
        )
        assert present in letter and f"Je {signed}" in proxy
    assert {m.civilite for m in papers.convened} >= {"Mme", "M."}
    archive = convocations_zip(papers, tmp_path / "convocations.zip", today=date(2026, 11, 24))
    assert len(zipfile.ZipFile(archive).namelist()) == len(papers.convened)


def test_attendance_sheet_and_minutes(demo_database, tmp_path: Path):
    past = next(m for m in meetings.list_meetings(demo_database) if m.statut.value == "pv_approuve")
    papers = meeting_papers(demo_database, past.id)
    sheet = text_of(attendance_sheet_pdf(papers, tmp_path / "emargement.pdf"))
    assert "Feuille d’émargement" in sheet and "Signature" in sheet and "Représenté(e) par" in sheet
    assert papers.convened[0].nom in sheet
    minutes = text_of(minutes_pdf(papers, tmp_path / "pv.pdf"))
    assert "Procès-verbal" in minutes and "Vote : à l’unanimité" in minutes
    assert "pour, 1 contre, 2 abstentions" in minutes and "Le président de séance" in minutes


IDENTITY = {
    "nom": "CPTS du Val Fictif",
    "adresse": "1 rue des Essais",
    "code_postal": "39000",
    "commune": "Lons-le-Saunier",
    "rna": "W392004187",
}
"""What a convocation needs before it may be printed (a fictional association)."""


def test_a_thousand_convocations_merge(database, tmp_path: Path):
    import_members(database, write_csv(tmp_path / "mille.csv", infirmiers(1000)))
    update_association(database, IDENTITY)
    with database.sessions.begin() as session:
        for member_id in session.scalars(select(Member.id)):
            session.add(
                Payment(
                    member_id=member_id,
                    annee=2026,
                    montant=Decimal("30"),
                    date_paiement=date(2026, 1, 10),
                    mode=PaymentMethod.TRANSFER,
                )
            )
    meeting = meetings.create_meeting(
        database, MeetingType.ORDINARY_GENERAL, datetime(2026, 12, 15, 18, 30), "Mairie", agenda=["Rapport moral"]
    )
    papers = meeting_papers(database, meeting)
    assert len(papers.convened) == 1000
    start = time.perf_counter()
    path = convocations_pdf(papers, tmp_path / "mille.pdf")
    elapsed = time.perf_counter() - start
    assert len(PdfReader(path).pages) == 2000
    assert elapsed < 120
