import getpass
import json
import os
from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cpts_desktop.domain.enums import AuditAction, MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services import indemnities
from cpts_desktop.services.audit import current_user, entries, save_user_name, saved_user_name
from cpts_desktop.services.database import open_database
from cpts_desktop.services.documents import IdentityMissing
from cpts_desktop.services.gdpr import (
    NOTICE_FILE,
    anonymise,
    member_file,
    notice_path,
    retention_candidates,
    retention_years,
    write_member_json,
)
from cpts_desktop.services.members import get_member, list_rows, update_member
from cpts_desktop.services.stats import statistics
from cpts_desktop.store.models import Association, Member, Payment
from tests.cli.test_cli import cpts


def test_member_file_holds_everything(demo_database):
    member = next(
        r for r in list_rows(demo_database, date.today().year) if r.statut is MemberStatus.ACTIVE and r.paid > 0
    )
    data = member_file(demo_database, member.id)
    assert data.fields["nom"] == member.nom and data.fields["email"] == member.email
    assert data.payments and all("recu" in p for p in data.payments)
    assert data.history and data.history[0]["action"] == "Création"


def test_anonymise_keeps_payments_and_statistics(demo_database):
    gone = next(r for r in list_rows(demo_database, date.today().year) if r.statut is not MemberStatus.ACTIVE)
    active = next(r for r in list_rows(demo_database, date.today().year) if r.statut is MemberStatus.ACTIVE)
    with pytest.raises(CptsError, match="actif"):
        anonymise(demo_database, active.id)
    with demo_database.sessions() as session:
        payments_before = list(session.scalars(select(Payment.numero_recu).where(Payment.member_id == gone.id)))
    before = statistics(demo_database, date.today().year)
    anonymise(demo_database, gone.id)
    with demo_database.sessions() as session:
        member = session.get(Member, gone.id)
        assert (
            member.nom == f"Anonyme n° {gone.id}"
            and member.prenom is None
            and member.email is None
            and member.rpps is None
        )
        assert list(session.scalars(select(Payment.numero_recu).where(Payment.member_id == gone.id))) == payments_before
    after = statistics(demo_database, date.today().year)
    assert after.by_profession == before.by_profession and after.members_total == before.members_total


def test_retention_candidates(demo_database):
    gone = [r for r in list_rows(demo_database, date.today().year) if r.statut is not MemberStatus.ACTIVE]
    assert retention_candidates(demo_database, date.today()) == []  # nobody left three years ago
    later = retention_candidates(demo_database, date(date.today().year + 4, 1, 1))
    assert {c[0] for c in later} == {r.id for r in gone}
    anonymise(demo_database, gone[0].id)
    assert gone[0].id not in {c[0] for c in retention_candidates(demo_database, date(date.today().year + 4, 1, 1))}


def test_cli_export_and_anonymise(demo_path: Path, tmp_path: Path):
    db = str(demo_path)
    listed = json.loads(cpts("--db", db, "members", "list", "--json").stdout)
    gone = next(r for r in listed if r["statut"] != "actif")
    result = cpts("--db", db, "members", "gdpr-export", "--member", str(gone["id"]), "-o", str(tmp_path / "rgpd"))
    assert result.returncode == 0, result.stderr
    exported = json.loads((tmp_path / "rgpd" / f"donnees-adherent-{gone['id']}.json").read_text(encoding="utf-8"))
    assert exported["responsable_du_traitement"]["rna"] and exported["information"]
    if os.name == "posix":  # the RGPD files are the user's only
        assert (tmp_path / "rgpd").stat().st_mode & 0o777 == 0o700
        assert {p.stat().st_mode & 0o777 for p in (tmp_path / "rgpd").iterdir()} == {0o600}
    assert exported["donnees_brutes"]["nom"] == gone["nom"]
    assert gone["nom"] in PdfReader(tmp_path / "rgpd" / f"donnees-adherent-{gone['id']}.pdf").pages[0].extract_text()
    assert cpts("--db", db, "members", "anonymise", "--member", str(gone["id"])).returncode == 0
    after = json.loads(cpts("--db", db, "members", "list", "--json").stdout)
    assert next(r for r in after if r["id"] == gone["id"])["nom"] == f"Anonyme n° {gone['id']}"
    database = open_database(db)  # what « cpts audit » prints
    own = _journal_of(database, gone["id"])
    database.close()
    assert own[-1].action is AuditAction.CREATE and own[0].action is AuditAction.UPDATE
    assert "Nom : (anonymisé)" in own[0].summary
    assert not [e for e in own if gone["nom"] in e.summary or (gone["email"] or "@") in e.summary]


def _journal_of(database, member_id: int) -> list:
    return [e for e in entries(database, table="members", limit=100_000) if e.record_id == member_id]


def test_anonymise_scrubs_the_members_past_journal(demo_database):
    rows = list_rows(demo_database, date.today().year)
    gone = next(r for r in rows if r.statut is not MemberStatus.ACTIVE)
    other = next(r for r in rows if r.statut is MemberStatus.ACTIVE)
    record = get_member(demo_database, gone.id)
    identity = replace(record.data, telephone="06 11 22 33 44", notes="Rappeler ; Nom : Zébulon-Secret")
    update_member(demo_database, gone.id, record.version, identity)
    before, other_before = _journal_of(demo_database, gone.id), _journal_of(demo_database, other.id)

    anonymise(demo_database, gone.id)

    after = _journal_of(demo_database, gone.id)
    assert len(after) == len(before) + 1  # the anonymisation itself is journalled
    assert [(e.moment, e.user, e.action) for e in after[1:]] == [(e.moment, e.user, e.action) for e in before]
    secrets = [identity.nom, identity.prenom, identity.rpps, identity.adresse, identity.email, "06 11 22 33 44"]
    secrets = [s for s in secrets if s] + ["Zébulon-Secret", "Rappeler"]
    held = [e.summary for e in after] + [str(h) for h in member_file(demo_database, gone.id).history]
    assert [(s, text) for s in secrets for text in held if s in text] == []
    assert before[0].summary.startswith("Téléphone : ")  # which fields changed stays readable
    assert after[1].summary == "Téléphone : (anonymisé) ; Notes : (anonymisé)"
    assert "Nom : (anonymisé)" in after[0].summary and "Email : (anonymisé)" in after[0].summary
    assert after[-1].summary.startswith(f"N° : {gone.id} ; ")
    assert _journal_of(demo_database, other.id) == other_before


@pytest.fixture
def workstation(monkeypatch, tmp_path: Path) -> Path:
    """A data folder of its own (the name set in Paramètres lives there), no ``CPTS_USER``."""
    monkeypatch.delenv("CPTS_USER", raising=False)
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "poste"))
    return tmp_path / "poste"


def _note(database, member_id: int, notes: str) -> None:
    record = get_member(database, member_id)
    update_member(database, member_id, record.version, replace(record.data, notes=notes))


def test_the_journal_is_signed_by_the_name_set_for_the_workstation(demo_database, workstation, monkeypatch):
    save_user_name("  Claire   Martin ")
    assert saved_user_name() == "Claire Martin" and current_user() == "Claire Martin"
    _note(demo_database, 4, "vu")
    monkeypatch.setenv("CPTS_USER", "Script de reprise")  # the environment still decides first
    _note(demo_database, 4, "revu")
    monkeypatch.delenv("CPTS_USER")
    save_user_name("")
    assert saved_user_name() == "" and current_user() == getpass.getuser()
    history = member_file(demo_database, 4).history
    notes = [h["qui"] for h in history if "Notes" in str(h["modifications"]) and "vu" in str(h["modifications"])]
    assert notes == ["Claire Martin", "Script de reprise"], history


def test_the_member_file_says_what_article_15_requires(demo_database, workstation, tmp_path: Path):
    indemnities.add_remuneration(demo_database, 4, date(2026, 6, 30), Decimal("1250.40"), "Vacation de coordination")
    data = member_file(demo_database, 4, today=date(2026, 11, 30))
    titles = [s.titre for s in data.information]
    assert titles[0] == "Responsable du traitement" and "Réclamation auprès de la CNIL" in titles
    for title in ("Finalités et bases légales", "Catégories de données", "Destinataires", "Durées de conservation"):
        assert title in titles
    text = json.dumps([asdict(s) for s in data.information], ensure_ascii=False)
    assert "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07" in text and "www.cnil.fr" in text
    assert data.controller.rna in text and data.controller.contact in text and "{contact}" not in text
    card = {f["libelle"]: f["valeur"] for f in data.card}
    assert card["Profession"] == "Infirmier" and card["Civilité"] == "Madame" and card["Statut"] == "Actif"
    assert not card["Collège"].isdigit() and isinstance(card["Date d’adhésion"], date)
    assert data.mandates[0]["fonction"] == "Trésorière"
    assert data.actions and data.time and isinstance(data.time[0]["montant"], Decimal)
    created = data.history[0]["modifications"]
    assert "Profession : Infirmier" in created and f"Collège : {card['Collège']}" in created
    assert "(n°)" not in created and "Profession : 60" not in created

    write_member_json(data, tmp_path / "donnees.json")
    exported = json.loads((tmp_path / "donnees.json").read_text(encoding="utf-8"))
    assert exported["etabli_le"] == "2026-11-30" and exported["adherent_n"] == 4
    assert [s["titre"] for s in exported["information"]] == titles
    fiche = {f["libelle"]: f["valeur"] for f in exported["fiche"]}
    assert fiche["Profession"] == "Infirmier" and fiche["Date d’adhésion"] == card["Date d’adhésion"].isoformat()
    assert exported["temps_declare"][0]["montant"] == str(data.time[0]["montant"])
    assert exported["remunerations"] == [
        {"jour": "2026-06-30", "montant": "1250.40", "libelle": "Vacation de coordination"}
    ]
    assert exported["historique"][0]["modifications"] == created


def test_the_association_adapts_the_rgpd_text(demo_database, workstation):
    own = workstation / NOTICE_FILE
    workstation.mkdir(parents=True, exist_ok=True)
    shipped = notice_path().read_text(encoding="utf-8")
    own.write_text(
        shipped.replace("référent =", "référent = Dr Zoé Ferrand, rgpd@cpts.example")
        .replace("conservation = 3", "conservation = 5")
        .replace("[Source des données]", "[Sous-traitants]\nHébergement chez Exemple SAS.\n\n[Source des données]"),
        encoding="utf-8",
    )
    assert notice_path() == own and retention_years() == 5
    data = member_file(demo_database, 1)
    assert data.controller.contact == "Dr Zoé Ferrand, rgpd@cpts.example"
    sections = {s.titre: s for s in data.information}
    assert sections["Sous-traitants"].blocs[0].contenu == ["Hébergement chez Exemple SAS."]
    assert "5 ans après la sortie" in json.dumps(asdict(sections["Durées de conservation"]), ensure_ascii=False)
    assert retention_candidates(demo_database, date(date.today().year + 4, 1, 1)) == []  # 5 years now
    own.write_text("conservation = bientôt\n", encoding="utf-8")
    with pytest.raises(CptsError, match="nombre d’années"):
        member_file(demo_database, 1)
    assert retention_years() == 3  # the dashboard still counts who may be anonymised


def test_no_member_file_without_the_associations_identity(demo_database, workstation):
    with demo_database.sessions.begin() as session:
        session.scalars(select(Association)).one().rna = None
    with pytest.raises(IdentityMissing, match="RNA"):
        member_file(demo_database, 1)
