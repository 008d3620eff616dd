"""The RGPD export as the member reads it: their data in words, and what article 15 requires beside it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cpts_desktop.domain.enums import BoardRole, MemberKind
from cpts_desktop.domain.members import MemberData
from cpts_desktop.pdf.gdpr import member_file_pdf
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.audit import save_user_name
from cpts_desktop.services.cotisations import cancel_payment
from cpts_desktop.services.gdpr import NOTICE_FILE, member_file, notice_path
from cpts_desktop.services.members import create_member, get_member, update_member
from cpts_desktop.store.models import Mandate, Payment
from tests.pdf.test_membership_pdfs import text_of

TODAY = date(2026, 11, 30)


@pytest.fixture
def workstation(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CPTS_USER", raising=False)
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "poste"))
    return tmp_path / "poste"


def _treasurer(database) -> int:
    """The demo's trésorière (Mme): she pilots an action and declared time spent on the missions."""
    with database.sessions() as session:
        return session.scalars(select(Mandate.member_id).where(Mandate.role == BoardRole.TREASURER)).first()


def _export(database, member_id: int, path: Path) -> str:
    """The export's text, words hyphenated at a line end joined again."""
    text = text_of(member_file_pdf(letterhead(database), member_file(database, member_id, TODAY), path))
    return re.sub(r"(\w)- (\w)", r"\1\2", text)


def test_the_export_reads_as_article_15_asks(demo_database, workstation, tmp_path: Path):
    save_user_name("Claire Martin")
    treasurer = _treasurer(demo_database)
    record = get_member(demo_database, treasurer)
    update_member(demo_database, treasurer, record.version, replace(record.data, telephone="06 11 22 33 44"))

    text = _export(demo_database, treasurer, tmp_path / "rgpd.pdf")

    for title in (
        "Vos données personnelles",
        "Fiche",
        "Cotisations",
        "Mandats",
        "Réunions",
        "Actions du projet de santé pilotées",
        "Temps consacré aux missions",
        "Historique des modifications de votre fiche",
        "Responsable du traitement",
        "Finalités et bases légales",
        "Catégories de données",
        "Destinataires",
        "Durées de conservation",
        "Source des données",
        "Vos droits",
        "Réclamation auprès de la CNIL",
    ):
        assert title in text, title
    assert "www.cnil.fr" in text and "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07" in text
    assert "CPTS du Pays des Trois Vallons" in text and "W392004187" in text
    assert "contact@cpts-trois-vallons.example" in text and "portabilité" in text
    assert "Profession Infirmier" in text and "Civilité Madame" in text and "Trésorière" in text
    assert "Profession : Infirmier" in text and "Collège : Professionnels de santé libéraux" in text
    assert "Commune du territoire : Montvallon" in text
    assert "(n°)" not in text and "Profession : 60" not in text and "{" not in text
    assert "Claire Martin" in text and "Téléphone : 06 39" in text  # who changed what, by the name set
    assert "30 novembre 2026" in text and "/2024 " not in text  # dates in words, the journal's too
    assert "Montant" in text and " € " in text


def test_a_cancelled_payment_is_said_so(demo_database, workstation, tmp_path: Path):
    with demo_database.sessions() as session:
        payment = session.scalars(select(Payment).where(Payment.numero_recu.is_not(None))).first()
    cancel_payment(demo_database, payment.id, TODAY, "Chèque sans provision")
    text = _export(demo_database, payment.member_id, tmp_path / "rgpd.pdf")
    assert f"{payment.numero_recu} annulé" in text and f"annulation du reçu {payment.numero_recu}" in text


def test_the_printed_text_is_the_associations_own(demo_database, workstation, tmp_path: Path):
    workstation.mkdir(parents=True, exist_ok=True)
    shipped = notice_path().read_text(encoding="utf-8")
    (workstation / NOTICE_FILE).write_text(
        shipped.replace("référent =", "référent = Dr Zoé Ferrand, rgpd@cpts.example").replace(
            "[Destinataires]\n", "[Destinataires]\n- la fédération régionale des CPTS ;\n"
        ),
        encoding="utf-8",
    )
    text = _export(demo_database, 1, tmp_path / "rgpd.pdf")
    assert "la fédération régionale des CPTS" in text
    assert "écrivez à Dr Zoé Ferrand, rgpd@cpts.example" in text
    assert len(PdfReader(tmp_path / "rgpd.pdf").pages) >= 3


def test_a_structure_names_its_representative_and_the_person_what_they_represent(
    demo_database, workstation, tmp_path: Path
):
    person = _treasurer(demo_database)
    name = get_member(demo_database, person).data.display_name
    structure = create_member(
        demo_database, MemberData(kind=MemberKind.STRUCTURE, nom="EHPAD Les Œillets", representant_id=person)
    )
    assert f"Représentant {name}" in _export(demo_database, structure, tmp_path / "structure.pdf")
    assert "Représente EHPAD Les Œillets" in _export(demo_database, person, tmp_path / "personne.pdf")
