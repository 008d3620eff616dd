import json
from pathlib import Path

from pypdf import PdfReader

from tests.cli.test_cli import cpts


def test_meeting_commands(demo_path: Path, tmp_path: Path):
    db = str(demo_path)
    agenda = tmp_path / "odj.txt"
    agenda.write_text("Rapport moral\nRapport financier\n\nQuestions diverses\n", encoding="utf-8")
    added = cpts(
        "--db",
        db,
        "meetings",
        "add",
        "--type",
        "ca",
        "--date",
        "2026-12-10T20:00",
        "--place",
        "Maison de santé",
        "--agenda-file",
        str(agenda),
    )
    assert added.returncode == 0, added.stderr
    meeting = int(added.stdout.strip())
    listed = json.loads(cpts("--db", db, "meetings", "list", "--json").stdout)
    assert {"id": meeting, "type": "ca", "date": "2026-12-10T20:00", "lieu": "Maison de santé"}.items() <= next(
        m for m in listed if m["id"] == meeting
    ).items()
    recipients = json.loads(cpts("--db", db, "meetings", "recipients", "--meeting", str(meeting), "--json").stdout)
    convened = [r for r in recipients if r["convoque"]]
    assert len(convened) == 10 and all("en fonction" in r["raison"] for r in convened)

    out = tmp_path / "convocations.pdf"
    result = cpts(
        "--db", db, "pdf", "convocations", "--meeting", str(meeting), "-o", str(out), "--zip", str(tmp_path / "c.zip")
    )
    assert result.returncode == 0, result.stderr
    pages = PdfReader(out).pages
    assert len(pages) == len(convened)  # a conseil: no pouvoir page
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    for r in convened:
        assert r["nom"] in text
    sheet = cpts("--db", db, "pdf", "attendance-sheet", "--meeting", str(meeting), "-o", str(tmp_path / "e.pdf"))
    assert sheet.returncode == 0, sheet.stderr
    # nobody recorded present (and a date to come): no procès-verbal, a French refusal and no file
    minutes = cpts("--db", db, "pdf", "minutes", "--meeting", str(meeting), "-o", str(tmp_path / "pv.pdf"))
    assert minutes.returncode == 1 and not (tmp_path / "pv.pdf").exists()
    assert "n’a pas encore eu lieu" in minutes.stderr or "Aucune présence n’est enregistrée" in minutes.stderr
    ics = tmp_path / "ca.ics"
    assert cpts("--db", db, "meetings", "ics", "--meeting", str(meeting), "-o", str(ics)).returncode == 0
    assert "DTSTART;TZID=Europe/Paris:20261210T200000" in ics.read_text(encoding="utf-8")


def test_bad_meeting_input(demo_path: Path):
    bad = cpts("--db", str(demo_path), "meetings", "add", "--type", "ago", "--date", "demain")
    assert bad.returncode == 1 and "« demain » n’est pas une date et une heure" in bad.stderr
    missing = cpts("--db", str(demo_path), "pdf", "minutes", "--meeting", "999", "-o", "/tmp/x.pdf")
    assert missing.returncode == 1 and "n’existe pas" in missing.stderr


def test_convocations_of_the_demo_ag(demo_path: Path, tmp_path: Path):
    db = str(demo_path)
    ag = next(m for m in json.loads(cpts("--db", db, "meetings", "list", "--json").stdout) if m["statut"] == "prevue")
    convened = [
        r
        for r in json.loads(cpts("--db", db, "meetings", "recipients", "--meeting", str(ag["id"]), "--json").stdout)
        if r["convoque"]
    ]
    out = tmp_path / "ag.pdf"
    result = cpts("--db", db, "pdf", "convocations", "--meeting", str(ag["id"]), "-o", str(out))
    assert result.returncode == 0 and f"{len(convened)} convocations." in result.stdout
    pages = PdfReader(out).pages
    assert len(pages) == 2 * len(convened)
    letters = [" ".join(pages[i].extract_text().split()) for i in range(0, len(pages), 2)]
    proxies = [" ".join(pages[i].extract_text().split()) for i in range(1, len(pages), 2)]
    for recipient in convened:
        name = f"{recipient['prenom']} {recipient['nom']}".strip()
        assert any(name in letter for letter in letters), recipient
    assert all("Bon pour pouvoir" in proxy for proxy in proxies)
    assert len(convened) > 50
