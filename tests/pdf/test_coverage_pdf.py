"""« Couverture du territoire » and the invitation letters, read back as their readers would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cpts_desktop.pdf.coverage import coverage_pdf, invitations_pdf
from cpts_desktop.services import coverage
from cpts_desktop.services.association import update_association
from tests.pdf import lint
from tests.pdf.test_membership_pdfs import text_of
from tests.services import coverage_data as data

TODAY = date(2026, 11, 30)


@pytest.fixture
def territory(database):
    update_association(
        database,
        {"nom": "CPTS des Lacs du Jura", "sigle": "CPTS des Lacs", "adresse": "2 place de la Mairie",
         "code_postal": "39300", "commune": "Champagnole", "email": "contact@cpts-lacs.example"},
    )  # fmt: skip
    data.territory(database)
    data.members(database)
    coverage.load_professionals(database, data.LISTED, data.EXTRACT_DAY)
    coverage.record_opposition(database, data.rpps(4), TODAY)
    return database


def test_coverage_report(territory, tmp_path: Path):
    path = coverage_pdf(coverage.coverage(territory), tmp_path / "couverture.pdf", TODAY)
    text = text_of(path)
    assert "Couverture du territoire" in text
    assert "État au 30 novembre 2026 – source : Annuaire Santé, extrait du 2 novembre 2026 – 2 communes" in text
    assert "Médecin 7 2 28,6 % 0" in text
    assert "Masseur-kinésithérapeute 2 0 0,0 % 1" in text
    assert "Psychologue 1 1 100,0 % 0" in text
    assert "Total 13 4 30,8 % 1" in text
    assert "ne figurent pas dans cet extrait" in text and "reconnus par leur numéro RPPS ou ADELI" in text
    reading = lint.read(path)
    assert not reading.outside and not lint.broken("\n".join(reading.texts.values()))


def test_invitation_letters_leave_out_members_and_oppositions(territory, tmp_path: Path):
    letters = coverage.invitations(territory, profession="10")
    path = invitations_pdf(letters, tmp_path / "invitations.pdf", TODAY)
    reading = lint.read(path)
    assert lint.letters_numbered([lint.printed_number(t) for t in reading.texts.values()]) == 4
    text = text_of(path)
    assert "Dr Camille Médecin3 Cabinet du Lac 4 rue des Tilleuls 39250 Nozeroy" in text
    assert "Médecin4" not in text  # objected on 30 November
    assert "Médecin1" not in text and "Médecin2" not in text  # members
    assert "Docteur," in text and "En tant que médecin" in text
    assert "Annuaire Santé (extrait du 2 novembre 2026)" in text
    assert "vous opposer à tout moment" in text and "contact@cpts-lacs.example" in text
    assert not lint.broken("\n".join(reading.texts.values()))


def test_nothing_to_show(database, tmp_path: Path):
    text = text_of(coverage_pdf(coverage.coverage(database), tmp_path / "c.pdf", TODAY))
    assert "aucun extrait de l’Annuaire Santé chargé" in text and "chargez l’extrait" in text
    text = text_of(invitations_pdf(coverage.invitations(database), tmp_path / "i.pdf", TODAY))
    assert "Aucun professionnel à inviter" in text
