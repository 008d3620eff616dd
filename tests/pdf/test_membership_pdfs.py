"""Generate each membership document and read its text back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cpts_desktop.domain.enums import Civility, MemberKind, PaymentMethod
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.pdf.membership import attestation_pdf, membership_form_pdf, receipt_pdf
from cpts_desktop.pdf.registers import members_list_pdf, reminders_pdf
from cpts_desktop.services import documents
from cpts_desktop.services.cotisations import add_payment, cancel_payment, set_fee
from cpts_desktop.services.members import create_member

TODAY = date(2026, 11, 24)


def text_of(path: Path) -> str:
    """The PDF's text on one line: Babel's no-break spaces and line wraps become plain spaces."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture
def lucja(demo_database) -> int:
    return create_member(
        demo_database,
        MemberData(
            kind=MemberKind.PERSON,
            civilite=Civility.MADAME,
            nom="Œttinger-D’Arcy",
            prenom="Łucja",
            profession_code="60",
            rpps="10000000009",
            adresse="3 rue de l’Œuvre",
            code_postal="39570",
            commune="Montvallon",
        ),
    )


def test_receipt_has_number_amount_in_figures_and_words(demo_database, lucja, tmp_path):
    payment = add_payment(demo_database, lucja, "1234.50", date(2026, 3, 20), PaymentMethod.CHEQUE, "Chèque n° 0012345")
    path = receipt_pdf(documents.receipt(demo_database, payment.id), tmp_path / "recu.pdf", today=TODAY)
    text = text_of(path)
    assert f"Reçu de cotisation n° {payment.numero_recu}" in text
    assert "Œttinger-D’Arcy" in text and "Łucja" in text
    assert "1 234,50 €" in text
    assert "mille deux cent trente-quatre euros et cinquante centimes" in text
    assert "20 mars 2026" in text and "Chèque" in text
    assert "RNA W392004187" in text and "page 1 / 1" in text
    assert not list(tmp_path.glob("*.partiel"))


def test_cancelled_receipt_says_so_and_cancelling_entry_has_none(demo_database, lucja, tmp_path):
    payment = add_payment(demo_database, lucja, "30", date(2026, 3, 20), PaymentMethod.TRANSFER)
    entry = cancel_payment(demo_database, payment.id, date(2026, 3, 21))
    text = text_of(receipt_pdf(documents.receipt(demo_database, payment.id), tmp_path / "r.pdf"))
    assert "Reçu annulé le 21 mars 2026" in text
    with pytest.raises(CptsError, match="pas de reçu"):
        documents.receipt(demo_database, entry.id)


def test_membership_form_blank_and_prefilled(demo_database, lucja, tmp_path):
    set_fee(demo_database, 2027, "35")
    blank = text_of(membership_form_pdf(documents.membership_form(demo_database, 2027), tmp_path / "vierge.pdf"))
    assert "Bulletin d’adhésion 2027" in blank
    assert "Professionnels de santé libéraux" in blank and "35,00 €" in blank
    assert "Signature" in blank and "données" in blank
    filled = text_of(
        membership_form_pdf(documents.membership_form(demo_database, 2027, lucja), tmp_path / "rempli.pdf")
    )
    assert "Œttinger-D’Arcy" in filled and "Infirmier" in filled and "RPPS 10000000009" in filled


def test_attestation(demo_database, lucja, tmp_path):
    add_payment(demo_database, lucja, "30", date(2026, 1, 10), PaymentMethod.CHEQUE)
    text = text_of(attestation_pdf(documents.attestation(demo_database, lucja, 2026), tmp_path / "a.pdf", TODAY))
    assert "Attestation d’adhésion" in text
    assert "Mme Łucja Œttinger-D’Arcy" in text
    assert "à jour de sa cotisation pour l’exercice 2026" in text
    assert "24 novembre 2026" in text


def test_members_list_grouped_with_totals(demo_database, tmp_path):
    data = documents.members_list(demo_database, TODAY.year, "profession")
    text = text_of(members_list_pdf(data, tmp_path / "liste.pdf", TODAY))
    assert "Liste des adhérents" in text and "Par profession" in text
    assert f"Total : {data.total} adhérents" in text
    assert "Infirmier – " in text and "Masseur-kinésithérapeute – " in text


def test_reminders_one_letter_per_member_not_up_to_date(demo_database, tmp_path):
    data = documents.reminders(demo_database, TODAY.year)
    assert len(data.letters) > 10
    path = reminders_pdf(data, tmp_path / "relances.pdf", TODAY)
    assert len(PdfReader(path).pages) == len(data.letters)
    text = text_of(path)
    assert text.count(f"Objet : cotisation {TODAY.year}") == len(data.letters)
    assert data.letters[0].member.nom in text
