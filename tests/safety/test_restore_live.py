"""Restoring while another program writes into the base; restores and encrypted backups killed halfway.

The restore writes into the live base in one transaction: the other program goes on in the restored
content, none of its later payments is lost and no receipt number is issued twice. Killed, a restore
leaves the old base or the new one, sound; an encrypted backup leaves no plain copy anywhere.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.backups import SQLITE_HEADER, create_backup, restore
from cpts_desktop.services.database import open_database

pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parents[2]

# Adds payments until the stop file appears; one line per committed payment: « time number ».
WRITER = """
import sys, time
from datetime import date
from pathlib import Path
from cpts_desktop.domain.enums import PaymentMethod
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.services.database import open_database
database = open_database(sys.argv[1])
while not Path(sys.argv[3]).exists():
    try:
        line = add_payment(database, int(sys.argv[2]), "10", date(2029, 3, 1), PaymentMethod.CASH)
    except CptsError as error:
        print("refus", error, flush=True)
        continue
    print(time.monotonic(), line.numero_recu, flush=True)
"""

# Forks, on each line read, a child that makes encrypted backups of the base until it is killed.
ZYGOTE = """
import os, sys
from pathlib import Path
from cpts_desktop.services.backups import create_backup
from cpts_desktop.store.engine import Database, make_engine, to_url
print("prêt", flush=True)
for _line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        url = to_url(sys.argv[1])
        database = Database(url, make_engine(url))
        while True:
            create_backup(database, Path(sys.argv[2]), passphrase="une phrase assez longue")
    print(pid, flush=True)
    os.waitpid(pid, 0)
"""


# Forks, on each line read, a child that restores the two backups in turn into the base until killed.
RESTORER = """
import os, sys
from pathlib import Path
from cpts_desktop.services.backups import restore
print("prêt", flush=True)
for _line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        while True:
            for backup in sys.argv[2:4]:
                restore(Path(backup), Path(sys.argv[1]), folder=Path(sys.argv[4]))
    print(pid, flush=True)
    os.waitpid(pid, 0)
"""


def _env(tmp_path: Path) -> dict[str, str]:
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    return dict(os.environ, PYTHONPATH=str(ROOT), CPTS_DATA_DIR=str(tmp_path / "donnees"), TMPDIR=str(temp))


def _payments(writer: subprocess.Popen, until: float | None = None, count: int = 10) -> list[tuple[float, str]]:
    """The payments the writer reports, read until ``count`` of them were committed after ``until``."""
    found: list[tuple[float, str]] = []
    while len([p for p in found if until is None or p[0] > until]) < count:
        line = writer.stdout.readline()
        assert line, "the writer stopped"
        if not line.startswith("refus"):
            moment, number = line.split()
            found.append((float(moment), number))
    return found


def test_restore_while_another_program_records_payments(demo_path: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    database = open_database(str(demo_path))
    backup = create_backup(database, folder)
    database.close()
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(demo_path), "1", str(stop)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        before = _payments(writer)
        started = time.monotonic()
        try:
            safety = restore(backup.path, demo_path, folder=folder)
        except CptsError as error:  # refused: nothing replaced
            assert "ouverte sur un autre poste" in error.message
            safety = None
        finished = time.monotonic()
        after = _payments(writer, until=finished)
    finally:
        stop.touch()
        rest = writer.communicate(timeout=30)[0]
    after += [(float(m), n) for m, n in (line.split() for line in rest.splitlines() if not line.startswith("refus"))]
    issued = before + after
    numbers = [number for _moment, number in issued]
    assert len(numbers) == len(set(numbers)), "a receipt number was issued twice"
    with sqlite3.connect(demo_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        present = {row[0] for row in connection.execute("SELECT numero_recu FROM payments WHERE annee = 2029")}
    committed_after = {number for moment, number in issued if moment > finished}
    assert len(committed_after) >= 10 and committed_after <= present
    if safety is None:
        assert set(numbers) <= present
        return
    committed_before = {number for moment, number in issued if moment < started}
    assert not committed_before & present  # the backup was made before them: the restore removed them…
    with sqlite3.connect(safety.path) as connection:  # …and the copy of the base replaced keeps them
        kept = {row[0] for row in connection.execute("SELECT numero_recu FROM payments WHERE annee = 2029")}
    assert committed_before <= kept
    first_after = min(committed_after)
    assert first_after > max(kept), "numbering restarts above every number issued before the restore"


def _plain_sqlite_files(root: Path, allowed: set[Path]) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and path not in allowed and SQLITE_HEADER in path.read_bytes():
            found.append(path)
    return found


def test_encrypted_backups_killed_at_random_leave_no_plain_copy(demo_path: Path, tmp_path: Path):
    folder = tmp_path / "cle-usb"
    folder.mkdir()
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, str(demo_path), str(folder)],
        env=_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        _kill_children(zygote, 10, random.Random(16))
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    base = {demo_path, demo_path.with_name(demo_path.name + "-wal"), demo_path.with_name(demo_path.name + "-shm")}
    assert _plain_sqlite_files(tmp_path, base) == []
    made = sorted(folder.glob("*.chiffre"))  # on a loaded machine, every trial may end before the first
    if made:
        restore(made[-1], tmp_path / "relue.sqlite", passphrase="une phrase assez longue", folder=folder)
        open_database(str(tmp_path / "relue.sqlite")).close()


def _kill_children(zygote: subprocess.Popen, trials: int, chance: random.Random, after_each=None) -> None:  # noqa: ANN001
    """Have ``zygote`` fork ``trials`` children in turn, each killed after a random short while."""
    assert zygote.stdout.readline().strip() == "prêt"
    for _trial in range(trials):
        zygote.stdin.write("\n")
        zygote.stdin.flush()
        child = int(zygote.stdout.readline())
        time.sleep(chance.uniform(0.05, 0.45))
        os.kill(child, signal.SIGKILL)
        if after_each is not None:
            after_each()


def test_restores_killed_at_random_leave_the_old_or_the_new_base(demo_path: Path, tmp_path: Path, monkeypatch):
    from cpts_desktop import config
    from cpts_desktop.domain.enums import PaymentMethod
    from cpts_desktop.services.cotisations import add_payment

    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    database = open_database(str(demo_path))
    first = create_backup(database, folder)
    for day in range(1, 6):
        add_payment(database, 1, "10", date(2029, 3, day), PaymentMethod.CASH)
    second = create_backup(database, folder)
    database.close()
    counts = {first.counts["payments"], second.counts["payments"]}
    seen = set()

    def check() -> None:
        with sqlite3.connect(demo_path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            seen.add(connection.execute("SELECT count(*) FROM payments").fetchone()[0])

    zygote = subprocess.Popen(
        [sys.executable, "-c", RESTORER, str(demo_path), str(first.path), str(second.path), str(folder)],
        env=_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        _kill_children(zygote, 5, random.Random(1604), check)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    assert seen <= counts
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    config.sweep_temp()  # the next start removes the plain copies the killed restores were preparing
    assert _plain_sqlite_files(tmp_path / "donnees", set()) == []
