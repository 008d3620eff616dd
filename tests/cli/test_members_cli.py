"""The membership commands of ``cpts``, run as subprocesses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pypdf import PdfReader

from tests.cli.test_cli import cpts
from tests.services.spreadsheet_files import good_rows, infirmiers, write_csv, write_xlsx


def test_import_json_then_again_creates_nothing(db_path: Path, tmp_path: Path):
    path = write_xlsx(
        tmp_path / "adherents.xlsx", good_rows() + [["Roux", "Paul", "Plombier", "", "", "", "", "", "", ""]]
    )
    first = cpts("--db", str(db_path), "members", "import", str(path), "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report["created"], report["updated"], report["skipped"]) == (4, 0, 0)
    assert report["rejected"] == [
        {"row": 8, "column": "Métier", "value": "Plombier", "reason": "Profession : « Plombier » inconnue."}
    ]
    second = json.loads(cpts("--db", str(db_path), "members", "import", str(path), "--json").stdout)
    assert second["created"] == 0


def test_import_exit_codes_and_report(db_path: Path, tmp_path: Path):
    unreadable = tmp_path / "vide.csv"
    unreadable.write_text("rien;de;lisible\n", encoding="utf-8")
    result = cpts("--db", str(db_path), "members", "import", str(unreadable))
    assert result.returncode == 2 and "en-tête" in result.stderr

    bad = write_csv(tmp_path / "bad.csv", good_rows() + [["", "Jean", "IDE", "", "", "", "", "", "", ""]])
    rejects = tmp_path / "rejets.csv"
    strict = cpts("--db", str(db_path), "members", "import", str(bad), "--strict", "--report", str(rejects))
    assert strict.returncode == 3
    listed = json.loads(cpts("--db", str(db_path), "members", "list", "--json").stdout)
    assert listed == []
    with rejects.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["Ligne", "Colonne", "Valeur", "Motif"] and rows[1][0] == "6"

    dry = cpts("--db", str(db_path), "members", "import", str(bad), "--dry-run")
    assert dry.returncode == 0 and "Vérification" in dry.stdout
    assert json.loads(cpts("--db", str(db_path), "members", "list", "--json").stdout) == []


def test_stats_json_counts_52_infirmiers(db_path: Path, tmp_path: Path):
    path = write_csv(tmp_path / "infirmiers.csv", infirmiers(52))
    assert cpts("--db", str(db_path), "members", "import", str(path)).returncode == 0
    stats = json.loads(cpts("--db", str(db_path), "stats", "--json").stdout)
    assert stats["members_total"] == 52
    assert {"code": "60", "label": "Infirmier", "count": 52} in stats["by_profession"]
    assert {"by_structure_type", "by_college", "by_commune", "cotisations"} <= set(stats)


def test_list_export_fees_payments_and_pdfs(demo_path: Path, tmp_path: Path):
    db = str(demo_path)
    rows = json.loads(cpts("--db", db, "members", "list", "--json", "--profession", "infirmière").stdout)
    assert rows and all(r["profession"] == "Infirmier" for r in rows)
    assert {"id", "nom", "prenom", "profession", "commune", "college", "statut"} <= set(rows[0])
    member = rows[0]["id"]

    assert cpts("--db", db, "fees", "set", "--year", "2030", "--amount", "40").returncode == 0
    added = cpts(
        "--db",
        db,
        "payments",
        "add",
        "--member",
        str(member),
        "--amount",
        "40",
        "--date",
        "2030-01-15",
        "--mode",
        "cheque",
        "--reference",
        "123",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "2030-0001"
    unpaid = json.loads(cpts("--db", db, "members", "list", "--json", "--unpaid", "2030").stdout)
    assert member not in [r["id"] for r in unpaid] and len(unpaid) > 100

    export = tmp_path / "export.xlsx"
    assert cpts("--db", db, "members", "export", str(export)).returncode == 0
    again = json.loads(cpts("--db", db, "members", "import", str(export), "--json").stdout)
    assert (again["created"], again["updated"], again["rejected"]) == (0, 0, [])

    receipt = tmp_path / "recu.pdf"
    assert cpts("--db", db, "pdf", "receipt", "--payment", "1", "-o", str(receipt)).returncode == 0
    assert "Reçu de cotisation n°" in PdfReader(receipt).pages[0].extract_text()
    for args in (
        ["membership-form", "--member", str(member)],
        ["membership-form"],
        ["attestation", "--member", str(member), "--year", "2030"],
        ["members-list", "--by", "profession"],
        ["reminders", "--year", "2030"],
    ):
        out = tmp_path / f"{args[0]}.pdf"
        result = cpts("--db", db, "pdf", *args, "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert len(PdfReader(out).pages) >= 1


def test_bad_values_give_french_errors(demo_path: Path):
    result = cpts(
        "--db",
        str(demo_path),
        "payments",
        "add",
        "--member",
        "1",
        "--amount",
        "trente",
        "--date",
        "2026-01-01",
        "--mode",
        "cheque",
    )
    assert result.returncode == 1 and "n’est pas un montant" in result.stderr
    missing = cpts("--db", str(demo_path), "pdf", "receipt", "--payment", "99999", "-o", "/tmp/x.pdf")
    assert missing.returncode == 1 and missing.stderr.startswith("Erreur : ")
