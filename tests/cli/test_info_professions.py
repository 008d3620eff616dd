"""``cpts info`` on a base whose members still hold a code removed from the nomenclature."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.cli import runner
from tests.services.test_professions_reference import old_base


def test_info_reports_members_under_a_removed_code(db_path: Path) -> None:
    old_base(db_path)
    env = {k: v for k, v in os.environ.items() if k != "CPTS_DB"}
    text = runner.run(["--db", str(db_path), "info"], env)
    assert text.returncode == 0, text.stderr
    expected = (
        "1 adhérent sous un code de profession retiré de la nomenclature (97 Conseiller en génétique) : à corriger"
    )
    assert expected in text.stdout
    payload = json.loads(runner.run(["--db", str(db_path), "info", "--json"], env).stdout)
    assert payload["professions_retirees"] == [{"code": "97", "libelle": "Conseiller en génétique", "adherents": 1}]
