import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cpts_desktop.domain.enums import MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.gdpr import anonymise, member_file, retention_candidates
from cpts_desktop.services.members import list_rows
from cpts_desktop.services.stats import statistics
from cpts_desktop.store.models import Member, Payment
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
    assert exported["fields"]["nom"] == gone["nom"]
    assert gone["nom"] in PdfReader(tmp_path / "rgpd" / f"donnees-adherent-{gone['id']}.pdf").pages[0].extract_text()
    assert cpts("--db", db, "members", "anonymise", "--member", str(gone["id"])).returncode == 0
    after = json.loads(cpts("--db", db, "members", "list", "--json").stdout)
    assert next(r for r in after if r["id"] == gone["id"])["nom"] == f"Anonyme n° {gone['id']}"
