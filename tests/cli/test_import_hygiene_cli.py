"""``cpts members import`` says which sheet it read, which it left, and the rows it left out."""

from __future__ import annotations

import json
from pathlib import Path

from cpts_desktop.cli.main import main as cpts_main
from tests.services.test_import_hygiene import register


def test_import_says_what_it_left_then_takes_the_hidden_ones_with_masquees(db_path: Path, tmp_path: Path, capsys):
    path = register(tmp_path / "registre.xlsx")
    assert cpts_main(["--db", str(db_path), "members", "import", str(path), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines()[-4:] == [
        "Feuille lue : Adhérents 2026 ; laissée : Paiements (120 lignes).",
        "Lignes 6, 9, 10 et 11 : totaux, non importées.",
        "Ligne 5 : masquée dans le classeur, non importée.",
        "Colonne masquée dans le classeur, non importée : « Notes internes ».",
    ]
    assert cpts_main(["--db", str(db_path), "members", "import", str(path), "--masquees", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["sheet"], report["hidden_rows"]) == (5, "Adhérents 2026", [])
    assert report["sheets_left"] == [{"name": "Paiements", "rows": 120}]
