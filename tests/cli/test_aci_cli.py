"""``cpts aci``: maxima and simulations at any date and taille, each naming its version, status and
source; the crisis the ARS recognised, recorded from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import cpts


def _ok(*args: str) -> str:
    """Standard output, with the narrow and plain no-break spaces of French numbers as spaces."""
    result = cpts(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout.replace("\u202f", " ").replace("\xa0", " ")


def test_simulations_before_and_after_avenant_2_name_their_version(tmp_path: Path) -> None:
    db = ("--db", str(tmp_path / "aucune.sqlite"))
    old = json.loads(_ok(*db, "aci", "simulate", "--population", "120000", "--date", "2020-01-01", "--json"))
    assert (old["taille"], old["max_total"], old["version"]["in_force"]) == (3, "370000.00", "2019-08-25")
    assert old["version"]["status_label"].startswith("fonctionnement : montants nationaux vérifiés")
    new = json.loads(_ok(*db, "aci", "simulate", "--taille", "3", "--date", "2025-06-01", "--json"))
    assert (new["max_total"], new["variable_conditional"], new["letter_of_intent_aid"]) == (
        "521250.00", "67500.00", "25000.00"
    )  # fmt: skip
    assert new["version"]["status"] == "contrat_observe" and new["version"]["source"]
    text = _ok(*db, "aci", "simulate", "--population", "18750", "--date", "01/06/2023", "--signed-on", "2020-02-01")
    assert "Barème : « Avenant 2" in text and "Source : Avenant 2" in text
    assert "257 500,00 €" in text and "lettre d’intention : aide de 15" in text
    assert not (tmp_path / "aucune.sqlite").exists()


def test_maxima_and_taille_never_call_a_2019_figure_a_plafond(tmp_path: Path) -> None:
    db = ("--db", str(tmp_path / "aucune.sqlite"))
    maxima = json.loads(_ok(*db, "aci", "maxima", "--date", "2024-01-01", "--json"))
    assert [m["max_total"] for m in maxima] == ["257500.00", "332000.00", "426250.00", "517500.00"]
    late = json.loads(_ok(*db, "aci", "maxima", "--date", "2024-01-01", "--signed-on", "2022-09-01", "--json"))
    assert late[0]["max_total"] == "220000.00" and "sans doute dépassés" in late[0]["warning"]
    text = _ok(*db, "aci", "taille", "--population", "175001", "--date", "2026-01-01")
    assert text.startswith("Taille 4") and "plafond" not in text and "517 500,00" in text
    versions = json.loads(_ok(*db, "aci", "versions", "--json"))
    assert [v["status"] for v in versions] == ["fonctionnement_verifie", "fonctionnement_verifie", "contrat_observe"]
    assert versions[2]["totals"] == {"3": "521250.00"}


def test_the_crisis_recognised_by_the_ars_makes_the_variable_part_due(demo_path: Path) -> None:
    db = ("--db", str(demo_path))
    year = json.loads(_ok(*db, "aci", "years", "--json"))[-1]
    crises = next(m for m in year["missions"] if m["mission"] == "crises")
    assert crises["variable_earned"] == "0.00" and crises["condition_met_on"] is None
    assert "pas encore (0 € dû)" in _ok(*db, "aci", "years", "--year", str(year["year"]))
    said = _ok(*db, "aci", "crisis", "--year-id", str(year["id"]), "--recognised-on", "2026-02-10")
    assert "crise reconnue par l’ARS le 10 février 2026" in said
    after = next(m for m in json.loads(_ok(*db, "aci", "years", "--json"))[-1]["missions"] if m["mission"] == "crises")
    assert after["condition_met_on"] == "2026-02-10" and after["variable_earned"] != "0.00"
    assert "aucune crise" in _ok(*db, "aci", "crisis", "--year-id", str(year["id"]), "--none")
    refused = cpts(*db, "aci", "crisis", "--year-id", "999", "--none")
    assert refused.returncode == 1 and "n’existe plus" in refused.stderr
