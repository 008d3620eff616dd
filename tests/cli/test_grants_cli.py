import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_cli import cpts
from tests.cli.test_governance_cli import pdf_text


def _ok(*args: str) -> str:
    result = cpts(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_summary_json_gives_exact_per_funder_figures(db_path: Path) -> None:
    db = ("--db", str(db_path))
    ars = _ok(*db, "grants", "add", "--funder", "ARS Auvergne-Rhône-Alpes", "--funder-type", "ars", "--nature",
              "amorcage", "--amount", "15000", "--start", "2026-01-01", "--end", "2026-12-31")  # fmt: skip
    region = _ok(*db, "grants", "add", "--funder", "Conseil Régional Auvergne-Rhône-Alpes", "--amount", "20 000",
                 "--start", "01/01/2026", "--end", "31/12/2026", "--object", "Équipement")  # fmt: skip
    again = _ok(*db, "grants", "add", "--funder", "ars auvergne-rhone-alpes", "--amount", "2500,50",
                "--start", "2026-06-01", "--end", "2027-05-31", "--nature", "projet")  # fmt: skip
    assert ars.isdigit() and region.isdigit() and again.isdigit()
    for grant, amount, day in (
        (ars, "10000", "2026-02-01"),
        (ars, "5000,01", "2026-09-01"),
        (region, "10 000", "2026-03-01"),
    ):
        _ok(*db, "grants", "disbursement", "--grant", grant, "--amount", amount, "--date", day)
    for grant, amount, category, label in (
        (ars, "4999.99", "prestations", "Cabinet de conseil"),
        (ars, "0,02", "frais-reunion", "Café"),
        (again, "100", "Frais de réunion", "Salle"),
        (region, "12 345,67", "materiel", "Ordinateurs"),
    ):
        _ok(*db, "grants", "expense", "--grant", grant, "--amount", amount, "--date", "2026-10-01",
            "--category", category, "--label", label)  # fmt: skip
    payload = json.loads(_ok(*db, "grants", "summary", "--year", "2026", "--json"))
    assert payload["year"] == 2026
    figures = {
        f["funder"]: {k: f[k] for k in ("awarded", "received", "spent", "remaining")} for f in payload["funders"]
    }
    assert figures == {
        "ARS Auvergne-Rhône-Alpes": {"awarded": "17500.50", "received": "15000.01", "spent": "5100.01",
                                     "remaining": "12400.49"},
        "Conseil Régional Auvergne-Rhône-Alpes": {"awarded": "20000.00", "received": "10000.00",
                                                  "spent": "12345.67", "remaining": "7654.33"},
    }  # fmt: skip
    assert payload["total"]["awarded"] == "37500.50" and payload["total"]["spent"] == "17445.68"
    listing = json.loads(_ok(*db, "grants", "list", "--json"))
    assert {row["funder_type"] for row in listing} == {"ars", "region"}  # the type guessed from the name


def test_bad_amount_and_category_are_refused_in_french(db_path: Path) -> None:
    db = ("--db", str(db_path))
    result = cpts(*db, "grants", "add", "--funder", "ARS", "--amount", "quinze mille")
    assert result.returncode == 1 and "n’est pas un montant" in result.stderr
    grant = _ok(*db, "grants", "add", "--funder", "ARS", "--amount", "100")
    result = cpts(*db, "grants", "expense", "--grant", grant, "--amount", "1", "--date", "2026-01-01",
                  "--category", "voyage", "--label", "x")  # fmt: skip
    assert result.returncode == 2 and "valeurs possibles" in result.stderr
    result = cpts(*db, "grants", "receipt", "--grant", "999", "--amount", "1", "--date", "2026-01-01")
    assert result.returncode == 1 and "n’existe pas" in result.stderr and "Traceback" not in result.stderr


def test_expense_outside_the_period_needs_the_flag(db_path: Path) -> None:
    db = ("--db", str(db_path))
    grant = _ok(*db, "grants", "add", "--funder", "ARS", "--amount", "15000", "--start", "2027-01-01",
                "--end", "2027-12-31")  # fmt: skip
    expense = (*db, "grants", "expense", "--grant", grant, "--amount", "1200,50", "--date", "30/11/2026",
               "--category", "prestations", "--label", "Avance au cabinet")  # fmt: skip
    refused = cpts(*expense)
    assert refused.returncode == 1 and "hors de la période de la subvention (01/01/2027 – 31/12/2027)" in refused.stderr
    assert "--outside-period" in refused.stderr and refused.stdout == ""
    assert _ok(*expense, "--outside-period").isdigit()
    in_2026 = json.loads(_ok(*db, "grants", "summary", "--year", "2026", "--json"))["total"]
    assert (in_2026["awarded"], in_2026["spent"]) == ("0.00", "1200.50")


def test_deadlines_json(db_path: Path) -> None:
    db = ("--db", str(db_path))
    grant = _ok(*db, "grants", "add", "--funder", "Fondation Santé Rurale", "--amount", "3000",
                "--start", "2020-01-01", "--end", "2020-12-31")  # fmt: skip
    due = json.loads(_ok(*db, "grants", "deadlines", "--json"))
    assert [(d["label"], d["due"], d["overdue"]) for d in due] == [("Compte rendu financier", "2021-06-30", True)]
    _ok(*db, "grants", "submitted", "--obligation", "1", "--date", "2021-06-01")
    assert json.loads(_ok(*db, "grants", "deadlines", "--json")) == []
    assert grant == "1"


def test_aci_simulate_json(tmp_path: Path) -> None:
    payload = json.loads(
        _ok("--db", str(tmp_path / "none.sqlite"), "aci", "simulate", "--population", "18750", "--date", "2020-01-01",
            "--json")
    )  # fmt: skip
    assert payload["taille"] == 1 and payload["max_total"] == "220000.00"
    assert len(payload["missions"]) == 7
    chosen = json.loads(
        _ok("--db", str(tmp_path / "none.sqlite"), "aci", "simulate", "--population", "18750", "--missions", "1,2",
            "--json")
    )  # fmt: skip
    assert [m["mission"] for m in chosen["missions"]] == ["fonctionnement", "acces_soins", "parcours"]
    assert Decimal(chosen["max_total"]) == sum(Decimal(m["fixed"]) + Decimal(m["variable"]) for m in chosen["missions"])
    assert not (tmp_path / "none.sqlite").exists()


def test_finance_pdfs_and_exports(demo_path: Path, tmp_path: Path) -> None:
    db = ("--db", str(demo_path))
    grants_list = json.loads(_ok(*db, "grants", "list", "--json"))
    ids = {g["funder_type"]: str(g["id"]) for g in grants_list}
    sheet = tmp_path / "fiche.pdf"
    _ok(*db, "pdf", "grant", "--id", ids["region"], "-o", str(sheet))
    text = pdf_text(sheet)
    assert "Fiche de suivi de subvention" in text and "Conseil régional Bourgogne-Franche-Comté" in text
    assert "20 000,00 €" in text and "10 000,00 €" in text and "Rapport d’activité intermédiaire" in text
    report = tmp_path / "rapport.pdf"
    year = str(date.today().year)
    _ok(*db, "pdf", "grants-report", "--year", year, "-o", str(report))
    text = pdf_text(report)
    assert "CPAM du Jura" in text and "Conseil régional Bourgogne-Franche-Comté" in text
    assert f"Contrat ACI – année {year}" in text and "Trésorière" in text
    cerfa = tmp_path / "crf.pdf"
    _ok(*db, "pdf", "financial-report", "--grant", ids["ars"], "-o", str(cerfa))
    text = pdf_text(cerfa)
    assert "Compte rendu financier de subvention" in text and "CERFA n° 15059" in text
    assert "15 000,00 €" in text and "Prestations" in text and "Écart" in text and "certifie exactes" in text
    aci = tmp_path / "aci.pdf"
    _ok(*db, "pdf", "aci-summary", "--year", year, "-o", str(aci))
    text = pdf_text(aci)
    assert f"Synthèse ACI {year}" in text and "Mission 1 : accès aux soins" in text and "Solde à recevoir" in text
    out = tmp_path / "compta.xlsx"
    _ok(*db, "grants", "export", "-o", str(out))
    book = load_workbook(out)
    assert book.sheetnames == ["Subventions", "Versements", "Dépenses"]
    assert book["Dépenses"].max_row > 10


def test_aci_contract_years_from_the_command_line(demo_path: Path) -> None:
    db = ("--db", str(demo_path))
    years = json.loads(_ok(*db, "aci", "years", "--json"))
    current = next(y for y in years if y["year"] == 2026)
    line = next(m for m in current["missions"] if m["mission"] == "acces_soins")
    unmeasured = next(i for i in line["indicators"] if i["achieved"] is None)
    before = Decimal(current["variable_earned"])

    assert "Valeur enregistrée" in _ok(*db, "aci", "achieved", "--indicator", str(unmeasured["id"]), "--value", "40")
    after = json.loads(_ok(*db, "aci", "years", "--year", "2026", "--json"))[0]
    assert Decimal(after["variable_earned"]) > before
    assert _ok(*db, "aci", "paid", "--year-id", str(current["id"]), "--amount", "150 000,50").startswith(
        "Versé : 150\u202f000,50\u00a0€"
    )
    assert json.loads(_ok(*db, "aci", "years", "--year", "2026", "--json"))[0]["paid"] == "150000.50"

    opened = _ok(*db, "aci", "open-year", "--grant", str(current["grant_id"]), "--year", "2027", "--missions", "1,2")
    assert opened.startswith("Année 2027 ouverte")
    text = _ok(*db, "aci", "years", "--year", "2027")
    assert "Mission 1 : accès aux soins" in text and "Mission 3" not in text
    refused = cpts(*db, "aci", "open-year", "--grant", str(current["grant_id"]), "--year", "2027", "--missions", "9")
    assert refused.returncode == 1 and "Mission « 9 » inconnue" in refused.stderr
    wrong = cpts(*db, "aci", "achieved", "--indicator", str(unmeasured["id"]), "--value", "beaucoup")
    assert wrong.returncode == 1 and "n’est pas un nombre" in wrong.stderr
