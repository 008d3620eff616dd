"""``cpts declarations``: after an election, list, papers (gaps to complete said), filing, récépissé, registre."""

import json
from datetime import date, timedelta
from pathlib import Path

from cpts_desktop.services import declarations
from cpts_desktop.services.database import open_database
from tests.cli.test_cli import cpts
from tests.cli.test_governance_cli import pdf_text
from tests.services.test_declarations import DECIDED, _ca_election


def test_papers_after_an_election_then_the_recepisse(demo_path: Path, tmp_path: Path):
    database = open_database(str(demo_path))
    try:
        _ca_election(database)
        (opened,) = [d for d in declarations.reminders(database) if d.formulaire.value == "13971"]
    finally:
        database.close()
    db = ("--db", str(demo_path))
    listed = json.loads(cpts(*db, "declarations", "list", "--json").stdout)
    (row,) = [r for r in listed if r["id"] == opened.id]
    assert (row["statut"], row["date_decision"], row["en_retard"]) == ("a_deposer", DECIDED.isoformat(), False)
    assert row["changements"][0]["libelle"].startswith("Entrée : ")

    # right after the election the new directors' nationalité is unknown: printed « à compléter » and said
    out = tmp_path / "dossier.pdf"
    printed = cpts(*db, "declarations", "pdf", str(opened.id), "-o", str(out))
    assert printed.returncode == 0, printed.stderr
    assert "À compléter avant le dépôt" in printed.stderr and "nationalité" in printed.stderr
    text = pdf_text(out)
    assert "13971" in text and "Liste des dirigeants" in text and "Certifié exact" in text
    assert "à compléter" in text

    filed_on = (DECIDED + timedelta(days=5)).strftime("%d/%m/%Y")
    assert cpts(*db, "declarations", "file", str(opened.id), "--date", filed_on).returncode == 0
    scan = tmp_path / "recepisse.png"
    scan.write_bytes(b"\x89PNG fictif")
    args = ("--numero", "W261000123", "--date", date.today().strftime("%d/%m/%Y"), "--scan", str(scan))
    received = cpts(*db, "declarations", "receipt", str(opened.id), *args)
    assert received.returncode == 0, received.stderr
    shown = json.loads(cpts(*db, "declarations", "show", str(opened.id), "--json").stdout)
    assert (shown["statut"], shown["recepisse_numero"], shown["recepisse_fichier"]) == (
        "recepisse",
        "W261000123",
        "recepisse.png",
    )
    copy = tmp_path / "copie.png"
    assert cpts(*db, "declarations", "scan", str(opened.id), "-o", str(copy)).returncode == 0
    assert copy.read_bytes() == b"\x89PNG fictif"

    book = tmp_path / "registre.pdf"
    assert cpts(*db, "declarations", "registre", "-o", str(book)).returncode == 0
    assert "W261000123" in pdf_text(book) and "Nouveaux statuts (version 2)" in pdf_text(book)
