"""Opening survives kills, locks, rights and a full disk: the verdict is the true one, in French.

Kill trials fork a warmed-up helper process (imports done once), so each trial costs only the opening
it interrupts; the delays are drawn from a seeded random generator.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import MemberKind, PaymentMethod
from cpts_desktop.domain.errors import DamagedDatabase, DatabaseError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services import database as opening
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.services.database import open_database
from cpts_desktop.services.failures import DatabaseUnavailable, explain, file_reason
from cpts_desktop.services.members import create_member
from cpts_desktop.services.premigration import copy_name
from cpts_desktop.store import migrate
from tests.store.test_migrations import old_base, read

pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 20
# The revision before the head: its upgrade is short, so twenty trials take seconds, and every kill
# falls in the machinery that makes an upgrade all or nothing (the copy, its checks, the swap).
OLD = migrate.scripts().get_revision(migrate.head_revision()).down_revision

# Reads « path<TAB>delay » lines; opens each base in a forked child, killed after ``delay`` seconds
# (a negative delay: not killed). Answers « killed » or « finished <seconds> » per line.
OPENER = """
import os, signal, sys, time
from cpts_desktop.services.database import open_database
from cpts_desktop.store import migrate
migrate.head_revision()
print("ready", flush=True)
for line in sys.stdin:
    path, delay = line.rstrip("\\n").split("\\t")
    start = time.monotonic()
    child = os.fork()
    if child == 0:
        code = 0
        try:
            open_database(path).close()
        except BaseException:
            code = 1
        os._exit(code)
    if float(delay) >= 0:
        time.sleep(float(delay))
        os.kill(child, signal.SIGKILL)
    _pid, status = os.waitpid(child, 0)
    elapsed = time.monotonic() - start
    print("killed" if os.WIFSIGNALED(status) else f"finished {os.WEXITSTATUS(status)} {elapsed:.3f}", flush=True)
"""

# Fills a table in a transaction, spilling changed pages into the base, and dies before committing.
DYING_WRITER = """
import os, signal, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA cache_size=2")
connection.execute("BEGIN")
connection.execute("UPDATE brouillon SET texte = 'b' || texte")
os.kill(os.getpid(), signal.SIGKILL)
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture(scope="module")
def opener() -> Iterator[subprocess.Popen[str]]:
    """One warmed-up helper for the module's kill trials (its start costs more than twenty trials)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-c", OPENER], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdin is not None
    assert process.stdout.readline().strip() == "ready"
    try:
        yield process
    finally:
        process.stdin.close()
        process.wait(timeout=60)


def ask(process: subprocess.Popen[str], path: Path, delay: float) -> str:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{path}\t{delay}\n")
    process.stdin.flush()
    return process.stdout.readline().strip()


def kill_trials(process: subprocess.Popen[str], template: Path, folder: Path, seed: int) -> list[tuple[Path, str]]:
    """Copies of ``template``, each opened by a process killed at a random moment of the opening."""
    folder.mkdir()
    calibration = folder / "mesure.sqlite"
    shutil.copyfile(template, calibration)
    answer = ask(process, calibration, -1)
    assert answer.startswith("finished 0 "), answer
    duration = float(answer.split()[2])
    draw = random.Random(seed)
    outcomes = []
    for number in range(TRIALS):
        path = folder / f"essai-{number}.sqlite"
        shutil.copyfile(template, path)
        outcomes.append((path, ask(process, path, draw.uniform(0, duration))))
    return outcomes


def assert_sound(path: Path) -> None:
    """Opens without a verdict, whole, migrated, with the old base's rows and nothing left beside it."""
    open_database(str(path)).close()
    assert read(path, "PRAGMA integrity_check") == [("ok",)]
    assert read(path, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]
    assert read(path, "SELECT nom, prenom FROM members WHERE id = 7") == [("Lefèvre", "Anaïs")]
    assert read(path, "SELECT count(*) FROM payments") == [(1,)]
    assert not migrate.leftovers(path)


def test_an_upgrade_killed_at_any_moment_leaves_a_base_that_opens(opener: subprocess.Popen[str], tmp_path: Path):
    template = old_base(tmp_path / "ancienne.sqlite", OLD)
    outcomes = kill_trials(opener, template, tmp_path / "essais", seed=16)
    backups = Path(os.environ["CPTS_DATA_DIR"]) / "sauvegardes"
    for path, _outcome in outcomes:
        assert_sound(path)
        stem = copy_name(path, OLD).rsplit("-", 1)[0]
        assert [p.name for p in backups.glob(f"{stem}-*")] == [copy_name(path, OLD)]
    killed = [path for path, outcome in outcomes if outcome == "killed"]
    assert len(killed) >= TRIALS // 4, outcomes


def test_a_first_opening_killed_at_any_moment_is_never_called_damaged(
    opener: subprocess.Popen[str], db_path: Path, tmp_path: Path
):
    """A restored backup is in rollback-journal mode; its first opening switches it to WAL."""
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    outcomes = kill_trials(opener, db_path, tmp_path / "essais", seed=1916)
    for path, _outcome in outcomes:
        open_database(str(path)).close()
        assert read(path, "PRAGMA integrity_check") == [("ok",)]
        assert read(path, "PRAGMA journal_mode") == [("wal",)]
    assert sum(outcome == "killed" for _path, outcome in outcomes) >= TRIALS // 4


def test_a_transaction_killed_halfway_is_rolled_back_at_opening(db_path: Path):
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        with connection:
            connection.execute("CREATE TABLE brouillon (texte TEXT)")
            connection.executemany("INSERT INTO brouillon VALUES (?)", [("a" * 500,)] * 300)
    subprocess.run([sys.executable, "-c", DYING_WRITER, str(db_path)], check=False, timeout=60)
    journal = db_path.with_name(db_path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0  # a hot journal: the read-only check cannot undo it
    open_database(str(db_path)).close()
    assert read(db_path, "SELECT count(*), min(texte) = max(texte), substr(min(texte), 1, 1) FROM brouillon") == [
        (300, 1, "a")
    ]
    assert read(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert not journal.exists()


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """``path`` (a file or a folder) made unwritable: by its mode, or, for root whom modes do not stop,
    by the immutable attribute (chattr +i), which stops root as well."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], check=False).returncode:
        pytest.skip("running as root on a file system without the immutable attribute: nothing stops root writing")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_base_is_said_read_only_not_damaged(db_path: Path):
    before = digest(db_path)
    with unwritable(db_path), pytest.raises(DatabaseUnavailable) as refused:
        open_database(str(db_path))
    assert "« " + str(db_path) + " » est en lecture seule : vérifiez ses droits" in refused.value.message
    assert not isinstance(refused.value, DamagedDatabase)
    assert digest(db_path) == before and beside(db_path) == [db_path.name]


def test_a_base_in_a_read_only_folder_is_said_so(db_path: Path):
    with unwritable(db_path.parent), pytest.raises(DatabaseUnavailable) as refused:
        open_database(str(db_path))
    assert f"Le dossier « {db_path.parent} » de la base « {db_path.name} » est en lecture seule" in str(refused.value)
    assert not isinstance(refused.value, DamagedDatabase)


def test_a_base_locked_by_another_program_is_said_locked(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(opening, "LOCK_WAIT_SECONDS", 0.2)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as holder:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseUnavailable, match="verrouillée par un autre programme") as refused:
            open_database(str(db_path))
        assert not isinstance(refused.value, DamagedDatabase)
        holder.execute("COMMIT")
    open_database(str(db_path)).close()


def test_an_older_base_open_elsewhere_is_not_upgraded_under_its_feet(tmp_path: Path):
    path = old_base(tmp_path / "ancienne.sqlite", "0006")
    with closing(sqlite3.connect(path)) as other:
        other.execute("SELECT count(*) FROM members").fetchone()  # another poste has it open (WAL)
        with pytest.raises(DatabaseUnavailable, match="ouverte sur un autre poste ou par un autre programme"):
            open_database(str(path))
        assert read(path, "SELECT version_num FROM alembic_version") == [("0006",)]
        assert not migrate.leftovers(path)
    open_database(str(path)).close()
    assert read(path, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]


def test_leftovers_of_an_interrupted_upgrade_are_removed(db_path: Path):
    work = migrate.work_path(db_path)
    work.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    work.with_name(work.name + "-journal").write_bytes(b"\xd9\xd5\x05\xf9" * 10)
    open_database(str(db_path)).close()
    assert beside(db_path) == [db_path.name]


def test_a_wrong_header_is_not_a_base_and_no_restore_is_offered(db_path: Path):
    data = bytearray(db_path.read_bytes())
    data[16:18] = b"\x00\x07"  # a page size SQLite refuses: the header is not a database's
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="n’est pas une base de données CPTS Desktop") as refused:
        open_database(str(db_path))
    assert not isinstance(refused.value, DamagedDatabase)


@pytest.mark.parametrize("location", ["mysql://cpts:secret@serveur/cpts", "ftp://serveur/base", "foo://", "pg://x"])
def test_unknown_addresses_are_refused_in_french(location: str):
    with pytest.raises(DatabaseError, match="Adresse de base non reconnue") as refused:
        open_database(location)
    assert "secret" not in refused.value.message


@contextmanager
def small_disk(folder: Path, size_kb: int) -> Iterator[bool]:
    """A tmpfs of ``size_kb`` at ``folder`` when this machine lets the tests mount one (yields True);
    otherwise the folder alone (False): the full disk is then simulated by SQLite's own error."""
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and shutil.which("mount") is not None
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(folder)],
            check=False,
            capture_output=True,
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Take the free space of the disk holding ``folder``, but ``leave`` bytes."""
    filler = folder / "remplissage"
    try:
        with filler.open("wb") as handle:
            while shutil.disk_usage(folder).free > leave:
                handle.write(b"\x00" * 4096)
                handle.flush()
    except OSError:
        pass
    return filler


def test_a_payment_on_a_full_disk_is_refused_in_french_and_the_base_kept(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    with small_disk(tmp_path / "cle", 4096) as mounted:
        path = Path(shutil.copy(db_path, tmp_path / "cle" / "cpts.sqlite"))
        database = open_database(str(path))
        member = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Disque", prenom="Plein"))
        if mounted:
            filler = fill(path.parent)
        else:
            monkeypatch.setattr("cpts_desktop.services.cotisations.next_receipt_number", _raiser(_full_disk_error()))
        with pytest.raises(Exception) as failure:  # noqa: PT011 - the CLI and the GUI explain what arrives
            add_payment(database, member, "30", date(2026, 3, 1), PaymentMethod.CHEQUE)
        database.close()
        assert explain(failure.value, str(path)) == (
            f"Le disque qui contient la base « {path} » est plein : libérez de la place, puis recommencez. "
            "L’opération en cours n’a pas été enregistrée."
        )
        if mounted:
            filler.unlink()
        reopened = open_database(str(path))
        reopened.close()
        assert read(path, "PRAGMA integrity_check") == [("ok",)]
        assert read(path, "SELECT count(*) FROM payments") == [(0,)]
        assert read(path, "SELECT nom FROM members") == [("Disque",)]


def _raiser(error: Exception):  # noqa: ANN202 - a stand-in for any function
    def raise_it(*_args: object, **_kwargs: object) -> None:
        raise error

    return raise_it


@pytest.mark.parametrize("room", [0, 160 * 1024], ids=["plein", "presque-plein"])
def test_an_upgrade_on_a_full_disk_leaves_the_old_base(tmp_path: Path, room: int):
    """No room at all: the check cannot even read; some room, not enough for the upgraded copy."""
    template = old_base(tmp_path / "ancienne.sqlite", OLD)
    with small_disk(tmp_path / "cle", 1024) as mounted:
        if not mounted:
            pytest.skip("no small file system can be mounted here (mounting needs root)")
        path = Path(shutil.copy(template, tmp_path / "cle" / "ancienne.sqlite"))
        filler = fill(path.parent, leave=room)
        with pytest.raises(DatabaseUnavailable) as refused:
            open_database(str(path))
        assert refused.value.message.startswith(f"Le disque qui contient la base « {path} » est plein : libérez")
        assert not migrate.leftovers(path)
        filler.unlink()
        assert read(path, "SELECT version_num FROM alembic_version") == [(OLD,)]
        assert_sound(path)


@pytest.fixture
def command_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    """``cpts`` run in this process (its start as a program costs seconds): (exit code, stderr)."""
    import logging

    from cpts_desktop import config
    from cpts_desktop.cli.main import main

    monkeypatch.setattr(config, "private_by_default", lambda: None)  # keep this process's umask
    monkeypatch.setattr(logging, "raiseExceptions", logging.raiseExceptions)

    def run(*argv: str) -> tuple[int, str]:
        code = main(list(argv))
        return code, capsys.readouterr().err

    return run


def test_the_command_line_says_what_stops_it_with_code_4(db_path: Path, monkeypatch: pytest.MonkeyPatch, command_line):
    monkeypatch.setattr(opening, "LOCK_WAIT_SECONDS", 0.2)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as holder:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        code, error = command_line("--db", str(db_path), "info")
    assert code == 4
    assert error == (
        f"Erreur : La base « {db_path} » est verrouillée par un autre programme ou un autre poste qui y écrit : "
        "réessayez dans un instant ; si cela dure, fermez ce programme.\n"
    )
    database = open_database(str(db_path))
    member = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Disque", prenom="Plein"))
    database.close()
    full = _full_disk_error()
    monkeypatch.setattr("cpts_desktop.services.cotisations.next_receipt_number", _raiser(full))
    payment = ("payments", "add", "--member", str(member), "--amount", "30", "--date", "2026-03-01", "--mode", "cheque")
    code, error = command_line("--db", str(db_path), *payment)
    assert code == 4 and "Le disque qui contient la base" in error and "est plein : libérez de la place" in error
    assert "inattendue" not in error and "Traceback" not in error


@pytest.mark.parametrize("location", ["mysql://cpts:secret@serveur/cpts", "ftp://serveur/base"])
def test_the_command_line_refuses_an_unknown_address_with_code_1(location: str, command_line):
    code, error = command_line("--db", location, "info")
    assert code == 1 and error.startswith("Erreur : Adresse de base non reconnue") and "secret" not in error


def _full_disk_error() -> Exception:
    import sqlalchemy.exc

    return sqlalchemy.exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))


def test_a_background_job_reports_a_full_disk_in_french(qtbot):  # noqa: ANN001 - pytest-qt's fixture
    from cpts_desktop.ui.workers import Job

    def work(_progress: object) -> None:
        raise _full_disk_error()

    job = Job(work)
    failures: list[str] = []
    job.signals.failed.connect(failures.append)
    job.run()
    assert failures == [
        "Le disque qui contient la base est plein : libérez de la place, puis recommencez. "
        "L’opération en cours n’a pas été enregistrée."
    ]


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.ENOENT, errno.EBUSY, errno.ELOOP])
def test_a_file_error_is_explained_in_french_never_in_the_systems_english(number: int):
    reason = file_reason(OSError(number, os.strerror(number), "/tmp/x"))
    assert reason and os.strerror(number) not in reason
    assert file_reason(OSError(number, "")) == reason  # the system's words are never what the user reads
