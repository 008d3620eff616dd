"""Data safety that already holds: concurrent receipts, a killed import, formula-free exports."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services.database import open_database
from cpts_desktop.services.exports import export_members
from cpts_desktop.services.members import create_member
from cpts_desktop.store.models import Member, Payment
from tests.cli.test_cli import cpts
from tests.services.spreadsheet_files import infirmiers, write_csv

PAYER = """
import sys
from datetime import date
from cpts_desktop.domain.enums import PaymentMethod
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.services.database import open_database
database = open_database(sys.argv[1])
for _ in range(int(sys.argv[3])):
    add_payment(database, int(sys.argv[2]), "1", date(2026, 3, 1), PaymentMethod.CASH)
"""


def test_two_processes_get_distinct_gap_free_receipt_numbers(database):
    member = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Caisse", prenom="Test"))
    database.close()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    workers = [
        subprocess.Popen([sys.executable, "-c", PAYER, database.url, str(member), "200"], env=env) for _ in range(2)
    ]
    assert [w.wait(timeout=300) for w in workers] == [0, 0]
    reopened = open_database(database.url)
    with reopened.sessions() as session:
        numbers = sorted(session.scalars(select(Payment.numero_recu)))
    reopened.close()
    assert len(numbers) == len(set(numbers)) == 400
    assert numbers == [f"2026-{n:04d}" for n in range(1, 401)]


def test_an_import_killed_halfway_leaves_no_rows(database, tmp_path: Path):
    database.close()
    path = write_csv(tmp_path / "gros.csv", infirmiers(12000))
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    command = [sys.executable, "-m", "cpts_desktop.cli.main", "--db", database.url, "members", "import"]
    process = subprocess.Popen(
        [*command, "--progress", str(path)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    for line in process.stderr:  # « 6 000 / 12 000 lignes »: half the rows are in the open transaction
        if line.replace("\u202f", "").startswith("6000 /"):
            break
    assert process.poll() is None, "the import finished before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    reopened = open_database(database.url)
    with reopened.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0
    reopened.close()


def test_exports_neutralise_formulas(database, tmp_path: Path):
    create_member(
        database,
        MemberData(
            kind=MemberKind.PERSON,
            nom='=HYPERLINK("http://exemple.invalid","clic")',
            prenom="+33 malin",
            notes="@SUM(A1)",
        ),
    )
    csv_text = (
        (tmp_path / "a.csv").read_text(encoding="utf-8-sig") if export_members(database, tmp_path / "a.csv") else ""
    )
    assert "'=HYPERLINK" in csv_text and "'+33 malin" in csv_text and "'@SUM" in csv_text
    export_members(database, tmp_path / "a.xlsx")
    sheet = load_workbook(tmp_path / "a.xlsx").active
    values = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert all(not (isinstance(v, str) and v[:1] in "=+-@") for v in values)
    assert date.today()  # the export does not depend on the day


def test_a_truncated_copy_is_refused_and_left_unchanged(demo_path: Path, tmp_path: Path):
    data = demo_path.read_bytes()
    (tmp_path / "cle").mkdir()
    truncated = tmp_path / "cle" / "copie-tronquee.sqlite"
    truncated.write_bytes(data[: len(data) // 3])
    before = hashlib.sha256(truncated.read_bytes()).hexdigest()
    result = cpts("--db", str(truncated), "info")
    assert result.returncode != 0
    assert result.stderr.startswith("Erreur : ") and "endommagée" in result.stderr and "Traceback" not in result.stderr
    assert hashlib.sha256(truncated.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in (tmp_path / "cle").iterdir()) == ["copie-tronquee.sqlite"]
