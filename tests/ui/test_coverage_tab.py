"""Statuts & conseil › Couverture, as the secretary uses it: load the Annuaire Santé extract, read the
rate per profession, pick the doctors to invite, record an opposition, print the letters and the report."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from cpts_desktop.services import coverage
from cpts_desktop.services.database import open_database
from cpts_desktop.ui.governance.coverage_tab import EMPTY
from cpts_desktop.ui.pdf_preview import PdfPreview
from tests.services import coverage_data as data
from tests.ui.conftest import open_section
from tests.ui.person import choose, click, click_row, open_tab, opened, pdf_text, type_text


def test_load_the_extract_invite_and_oppose(qtbot, settings, db_path, tmp_path, monkeypatch, synchronous_jobs):
    database = open_database(str(db_path))
    data.territory(database)
    data.members(database)
    database.close()
    extract = data.write_extract(
        tmp_path / "PS_LibreAcces_Personne_activite.txt",
        [(pro, [data.COMMUNES[i % 2][0]]) for i, pro in enumerate(data.LISTED)],
    )
    window = open_section(qtbot, settings, db_path, 3)
    tab = open_tab(qtbot, window.governance_page.tabs, "Couverture")
    assert tab.source_label.text() == EMPTY and tab.professions.rowCount() == 0

    type_text(qtbot, tab.extract_date, "02/11/2026")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(extract), ""))
    click(qtbot, tab, "Charger l’extrait de l’Annuaire Santé…")
    assert tab.status.text() == (
        "Extrait du 2 novembre 2026 chargé : 13 professionnels du territoire (13 nouveaux, 0 mis à jour, 0 retiré)."
    )
    assert tab.source_label.text().startswith(
        "Annuaire Santé, extrait du 2 novembre 2026 : 13 professionnels dans les 2 communes du territoire."
    )
    shown = [[tab.professions.index(r, c).data() for c in range(5)] for r in range(tab.professions.rowCount())]
    assert shown == [
        ["Médecin", "7", "2", "28,6\u202f%", "0"],
        ["Infirmier", "3", "1", "33,3\u202f%", "0"],
        ["Masseur-kinésithérapeute", "2", "0", "0,0\u202f%", "1"],
        ["Psychologue", "1", "1", "100,0\u202f%", "0"],
        ["Total", "13", "4", "30,8\u202f%", "1"],
    ]
    assert tab.invitees_label.text() == "9 professionnels non adhérents"

    choose(tab.profession_filter, "10")
    assert [p.nom for p in tab.invitees.rows] == ["Médecin3", "Médecin4", "Médecin5", "Médecin6", "Médecin7"]
    click_row(qtbot, tab.invitees_view, 0)
    click(qtbot, tab, "Opposition")
    assert (
        tab.status.text()
        == "Opposition enregistrée pour Camille Médecin3 : plus aucune invitation ne lui sera adressée."
    )
    assert tab.invitees_label.text() == "5 professionnels non adhérents (dont 1 opposé à tout contact)"
    assert tab.invitees.index(0, 5).data() != ""
    opposed = [p for p in coverage.non_members(window.database, "10") if p.opposition]
    assert [p.nom for p in opposed] == ["Médecin3"]

    click(qtbot, tab, "Lettres d’invitation (PDF)")
    merged = opened(tab, PdfPreview).path
    assert len(PdfReader(merged).pages) == 4  # a page per doctor still to invite, Médecin3 left out
    assert "Dr Camille Médecin4" in pdf_text(merged, pages=1)
    opened(tab, PdfPreview).reject()

    click(qtbot, tab, "Couverture (PDF)")
    preview = opened(tab, PdfPreview)
    report = pdf_text(preview.path, pages=1)
    preview.reject()  # a preview left open would stay the application's modal window for the next tests
    assert "Total 13 4 30,8 % 1" in report
