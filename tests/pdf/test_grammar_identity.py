"""French grammar on paper (« reçu d’Anne Michel », « Trésorière ») and official papers refused without
the association's identity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import MemberKind, PaymentMethod
from cpts_desktop.domain.members import MemberData
from cpts_desktop.pdf.membership import receipt_pdf
from cpts_desktop.services import documents
from cpts_desktop.services.association import update_association
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.services.database import open_database
from cpts_desktop.services.documents import IdentityMissing
from cpts_desktop.services.members import create_member
from tests.cli.test_cli import cpts
from tests.pdf.test_membership_pdfs import text_of

TODAY = date(2026, 11, 24)
MESSAGE = "Complétez l’identité de l’association (Statuts & conseil › Association) :"


def _anne(database) -> int:
    """A member without civilité, so that the receipt names her « Anne Michel » and elides « de »."""
    member = create_member(
        database,
        MemberData(kind=MemberKind.PERSON, nom="Michel", prenom="Anne", code_postal="76600", commune="Le Havre"),
    )
    return add_payment(database, member, "30", date(2026, 3, 20), PaymentMethod.TRANSFER).id


def test_receipt_elides_de_and_signs_with_a_feminine_function(demo_database, tmp_path: Path) -> None:
    path = receipt_pdf(documents.receipt(demo_database, _anne(demo_database)), tmp_path / "recu.pdf", today=TODAY)
    text = text_of(path)
    assert "reconnaît avoir reçu d’Anne Michel la somme" in text
    assert "reçu de Anne" not in text
    assert "Trésorière" in text


def test_receipt_refused_without_rna_or_siege(demo_database) -> None:
    payment = _anne(demo_database)
    update_association(demo_database, {"rna": "", "commune": ""})
    with pytest.raises(IdentityMissing) as refusal:
        documents.receipt(demo_database, payment)
    assert str(refusal.value) == f"{MESSAGE} numéro RNA, adresse du siège (adresse, code postal, commune)."


def test_cli_refuses_a_receipt_on_a_base_without_identity(db_path: Path, tmp_path: Path) -> None:
    database = open_database(str(db_path))
    payment = _anne(database)
    database.close()
    output = tmp_path / "recu.pdf"
    result = cpts("--db", str(db_path), "pdf", "receipt", "--payment", str(payment), "-o", str(output))
    assert result.returncode == 1
    assert f"{MESSAGE} nom, numéro RNA, adresse du siège" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not output.exists()


def test_officers_list_gives_feminine_functions_and_is_refused_without_identity(
    demo_path: Path, db_path: Path, tmp_path: Path
) -> None:
    output = tmp_path / "dirigeants.pdf"
    assert cpts("--db", str(demo_path), "pdf", "officers", "-o", str(output)).returncode == 0
    text = text_of(output)
    assert "Trésorière" in text and "Administratrice" in text and "Président" in text
    refused = cpts("--db", str(db_path), "pdf", "officers", "-o", str(tmp_path / "vide.pdf"))
    assert refused.returncode == 1 and MESSAGE in refused.stderr + refused.stdout


def test_minutes_name_a_woman_secretary_la_secretaire(demo_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "pv.pdf"
    assert cpts("--db", str(demo_path), "pdf", "minutes", "--meeting", "1", "-o", str(output)).returncode == 0
    text = text_of(output)
    assert "Le président de séance Mamadou Dumont" in text
    assert "La secrétaire de séance Bérénice D’Almeida" in text
    assert "Bérénice D’Almeida est désignée secrétaire de séance" in text
