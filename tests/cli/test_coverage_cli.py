"""``cpts coverage``: load an extract, show the rates, print the report and the invitations, oppose."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from cpts_desktop.services.database import open_database
from tests.cli.test_cli import cpts
from tests.services import coverage_data as data


def test_coverage_commands(db_path: Path, tmp_path: Path):
    database = open_database(str(db_path))
    data.territory(database)
    data.members(database)
    database.close()
    extract = data.write_extract(
        tmp_path / "PS_LibreAcces_Personne_activite.txt",
        [(pro, [data.COMMUNES[i % 2][0]]) for i, pro in enumerate(data.LISTED)] + [(data.LISTED[0], ["75056"])],
    )
    db = ("--db", str(db_path), "coverage")

    loaded = cpts(*db, "import", str(extract), "--date", "02/11/2026")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("Extrait du 2 novembre 2026 chargé : 13 professionnels du territoire (13 nouveaux")

    shown = json.loads(cpts(*db, "show", "--json").stdout)
    assert shown["date_extrait"] == "2026-11-02" and shown["source"] == "Annuaire Santé"
    assert [(p["code"], p["professionnels"], p["adherents"], p["taux_pourcent"]) for p in shown["professions"]] == [
        ("10", 7, 2, 28.6), ("60", 3, 1, 33.3), ("70", 2, 0, 0.0), ("93", 1, 1, 100.0)
    ]  # fmt: skip
    assert shown["total"]["adherents_hors_liste"] == 1
    text = cpts(*db, "show").stdout
    assert "Source : Annuaire Santé, extrait du 2 novembre 2026." in text and "30,8\u202f%" in text

    refused = cpts(*db, "opposition", "123")
    assert refused.returncode == 1 and "ni un RPPS" in refused.stderr
    opposed = cpts(*db, "opposition", "8" + data.rpps(3))
    assert opposed.returncode == 0 and "Camille Médecin3" in opposed.stdout

    letters = cpts(*db, "invitations", str(tmp_path / "inv.pdf"), "--profession", "10")
    assert letters.returncode == 0, letters.stderr
    assert letters.stdout.startswith("4 lettres d’invitation")
    assert "Médecin3" not in "".join(page.extract_text() for page in PdfReader(tmp_path / "inv.pdf").pages)

    report = cpts(*db, "pdf", str(tmp_path / "couverture.pdf"))
    assert (
        report.returncode == 0
        and "Couverture du territoire" in PdfReader(tmp_path / "couverture.pdf").pages[0].extract_text()
    )
