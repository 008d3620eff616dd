import json
from pathlib import Path

from pypdf import PdfReader

from cpts_desktop.config import resource
from cpts_desktop.domain.statutes import parse_template
from tests.cli.test_cli import cpts


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def test_statutes_pdf_has_every_article_and_certification(demo_path: Path, tmp_path: Path):
    out = tmp_path / "statuts.pdf"
    result = cpts("--db", str(demo_path), "pdf", "statutes", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    for article in parse_template(resource("modeles", "statuts.txt")):
        assert f"Article {article.numero} – {article.titre}" in text
    assert "Certifié conforme à l’original" in text
    assert "Statuts adoptés par l’assemblée générale extraordinaire du 15 juin" in text
    assert "page 1 / " in text and "{" not in text
    first = tmp_path / "v1.pdf"
    assert cpts("--db", str(demo_path), "pdf", "statutes", "--version", "1", "-o", str(first)).returncode == 0
    assert "1er mars 2021" in pdf_text(first)


def test_board_documents(demo_path: Path, tmp_path: Path):
    for document, expected in (
        ("board", "Composition du conseil d’administration"),
        ("officers", "Liste des dirigeants"),
    ):
        out = tmp_path / f"{document}.pdf"
        assert cpts("--db", str(demo_path), "pdf", document, "-o", str(out)).returncode == 0
        text = pdf_text(out)
        assert expected in text and "Président" in text and "Trésorière" in text


def test_aci_tier_and_statutes_list(demo_path: Path):
    taille = json.loads(cpts("aci", "taille", "--population", "80000", "--json").stdout)
    assert (taille["taille"], taille["population_min"], taille["population_max"]) == (3, 80000, 175000)
    assert "Taille 4" in cpts("aci", "tier", "--population", "175001").stdout
    versions = json.loads(cpts("--db", str(demo_path), "statutes", "list", "--json").stdout)
    assert [(v["kind"], v["numero"], v["statut"]) for v in versions] == [
        ("reglement_interieur", 1, "adoptee"),
        ("statuts", 1, "declaree"),
        ("statuts", 2, "declaree"),
    ]


def test_association_show_set_and_communes_import(db_path: Path, tmp_path: Path):
    db = str(db_path)
    assert cpts("--db", db, "association", "set", "nom", "CPTS de l’Essai").returncode == 0
    bad = cpts("--db", db, "association", "set", "rna", "W12")
    assert bad.returncode == 1 and "W suivi de 9" in bad.stderr
    assert cpts("--db", db, "association", "set", "iban", "FR76 3000 6000 0112 3456 7890 189").returncode == 0
    shown = json.loads(cpts("--db", db, "association", "show", "--json").stdout)
    assert shown["nom"] == "CPTS de l’Essai" and shown["iban"] == "FR76 3000 6000 0112 3456 7890 189"
    communes = tmp_path / "communes.csv"
    communes.write_text("code_insee,nom,population\n39300,Champvent,45000\n", encoding="utf-8")
    result = cpts("--db", db, "communes", "import", str(communes))
    assert result.returncode == 0 and "1 commune ajoutée" in result.stdout
    assert json.loads(cpts("--db", db, "info", "--json").stdout)["counts"]["communes"] == 1


def test_audit_command(db_path: Path):
    db = str(db_path)
    assert cpts("--db", db, "association", "set", "nom", "CPTS d’Essai").returncode == 0
    lines = json.loads(cpts("--db", db, "audit", "--json").stdout)
    assert lines[0]["action"] == "creation" and lines[0]["table"] == "association"
    assert "Nom : CPTS d’Essai" in lines[0]["changes"]
    text = cpts("--db", db, "audit").stdout
    assert "Association n° 1" in text and "Mois de début d’exercice : 1" in text
