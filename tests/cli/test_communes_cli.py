"""``cpts communes import|postcodes|list`` on the official files, as a secretary runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import cpts
from tests.services.test_communes_files import COG, LA_POSTE, POPULATIONS_CSV


def test_communes_from_official_files(db_path: Path, tmp_path: Path):
    db = str(db_path)
    (tmp_path / "v_commune_2024.csv").write_text(COG, encoding="utf-8")
    (tmp_path / "donnees_communes.csv").write_text(POPULATIONS_CSV, encoding="utf-8")
    (tmp_path / "019HexaSmal.csv").write_bytes(LA_POSTE.encode("iso-8859-1"))
    cog = cpts("--db", db, "communes", "import", str(tmp_path / "v_commune_2024.csv"), "--codes", "38185,38421")
    assert cog.returncode == 0, cog.stderr
    assert "2 lignes laissées" in cog.stdout and "2 communes ajoutées" in cog.stdout
    populations_file = str(tmp_path / "donnees_communes.csv")
    populations = cpts("--db", db, "communes", "import", populations_file, "--annee", "2021", "--codes", "38185 38421")
    assert "Population retenue : population municipale 2021." in populations.stdout
    assert "2 communes, 194\u202f910 habitants (population municipale 2021) : CPTS de taille 4" in populations.stdout
    assert cpts("--db", db, "communes", "postcodes", str(tmp_path / "019HexaSmal.csv")).returncode == 0
    listed = json.loads(cpts("--db", db, "communes", "list", "--json").stdout)
    assert [(c["code_insee"], c["codes_postaux"], c["population_type"]) for c in listed["communes"]] == [
        ("38185", ["38000", "38100"], "municipale"),
        ("38421", ["38400"], "municipale"),
    ]
    info = cpts("--db", db, "info").stdout
    assert "Territoire : 194\u202f910 habitants (population municipale 2021), taille ACI 4" in info
