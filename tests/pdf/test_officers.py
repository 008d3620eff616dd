"""The liste des dirigeants as loi 1901 art. 5 and CERFA 13971*03 ask: who runs the association, with
profession, domicile and nationalité, a structure's representative named, refused when incomplete."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import BoardRole, Civility
from cpts_desktop.pdf.governance import officers_pdf
from cpts_desktop.services.association import letterhead, signatories
from cpts_desktop.services.board import (
    Declaration,
    OfficersIncomplete,
    Representative,
    current_board,
    save_declaration,
)
from tests.pdf.test_membership_pdfs import text_of


def _officers(database, path: Path) -> Path:
    (president,) = signatories(database, BoardRole.PRESIDENT)
    return officers_pdf(letterhead(database), current_board(database), president, path)


def test_the_list_names_representatives_feminine_functions_and_nationalities(demo_database, tmp_path: Path):
    structure = next(m for m in current_board(demo_database) if m.is_structure)
    declaration = Declaration(
        "3 rue des Lilas",
        "39570",
        "Montvallon",
        "française",
        Representative(Civility.MADAME, "Anne", "Martin", "directrice"),
    )
    save_declaration(demo_database, structure.id, structure.version, structure.member_version, declaration)
    # a word cut at the end of a cell line reads « repré- sentée »: joined again before comparing
    text = text_of(_officers(demo_database, tmp_path / "dirigeants.pdf")).replace("- ", "")
    assert f"{structure.nom}, représentée par Mme Anne Martin, directrice" in text
    assert "Nom et prénom Fonction Profession Domicile Nationalité" in text
    assert "Trésorière" in text and "Administratrice" in text and "Président" in text
    assert "belge" in text and "française" in text and "3 rue des Lilas, 39570 Montvallon" in text
    assert "Certifié exact." in text and "loi du 1er juillet 1901, article 5" in text


def test_refused_on_an_empty_board_or_when_a_director_lacks_a_field(demo_database, tmp_path: Path):
    output = tmp_path / "dirigeants.pdf"
    treasurer = next(m for m in current_board(demo_database) if m.role is BoardRole.TREASURER)
    blank = Declaration(treasurer.declaration.adresse, "", treasurer.declaration.commune)
    save_declaration(demo_database, treasurer.id, treasurer.version, treasurer.member_version, blank)
    with pytest.raises(OfficersIncomplete) as refusal:
        _officers(demo_database, output)
    assert f"{treasurer.name} (trésorière) – domicile, nationalité" in str(refusal.value)
    (president,) = signatories(demo_database, BoardRole.PRESIDENT)
    with pytest.raises(OfficersIncomplete, match="Aucun dirigeant en fonction au 1er janvier 2000"):
        officers_pdf(letterhead(demo_database), [], president, output, today=date(2000, 1, 1))
    assert not output.exists()
