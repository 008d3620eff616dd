"""Private by default: what the application writes is the user's only, temporary letters do not outlive
a killed run, and the technical log holds no password, SQL parameter or contact detail."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from cpts_desktop import config
from cpts_desktop.cli import info
from cpts_desktop.cli.main import main as cpts_main
from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.members import MemberData
from cpts_desktop.domain.text import safe_filename
from cpts_desktop.logs import PrivateFileHandler, RedactingFormatter, redact
from cpts_desktop.pdf.gdpr import member_file_pdf
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.database import open_database
from cpts_desktop.services.exports import export_members, write_email_list
from cpts_desktop.services.gdpr import export_folder, member_file, write_member_json
from cpts_desktop.services.imports import ImportReport, Rejection, write_rejections
from cpts_desktop.services.members import create_member
from cpts_desktop.store.models import Member

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="modes 0600/0700 : POSIX (sous Windows, le profil)")
SECRET = "MotDePasse-Tres-Secret"
URL = f"postgresql://cpts:{SECRET}@serveur.example/cpts"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Data and log folders not created yet, the ordinary umask (022), restored afterwards. The log
    file a test before opened in its own folder (a process logs to the first it opens) is set aside,
    so that this test's commands log in its folder."""
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path / "donnees"))
    monkeypatch.setenv(config.LOG_DIR_ENV, str(tmp_path / "journaux"))
    root = logging.getLogger()
    before = root.handlers[:]
    for handler in before:
        if isinstance(handler, PrivateFileHandler):
            root.removeHandler(handler)
    previous = os.umask(0o022)
    yield tmp_path
    os.umask(previous)
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.handlers[:] = before


@POSIX_ONLY
def test_what_the_cli_creates_is_the_users_only(own_folders: Path, demo_path: Path):
    base = own_folders / "cpts.sqlite"
    assert cpts_main(["--db", str(base), "init"]) == 0
    database = open_database(str(base))
    create_member(database, MemberData(kind=MemberKind.PERSON, nom="Lefèvre", prenom="Anaïs"))
    companions = [p for p in (Path(f"{base}-wal"), Path(f"{base}-shm")) if p.exists()]
    assert {mode(p) for p in [base, *companions]} == {0o600}
    database.close()
    assert cpts_main(["--db", str(base), "backup", "create"]) == 0
    export = own_folders / "exports" / "adherents.xlsx"
    export.parent.mkdir()
    assert cpts_main(["--db", str(demo_path), "members", "export", str(export)]) == 0
    rgpd = own_folders / "rgpd"
    assert cpts_main(["--db", str(demo_path), "members", "gdpr-export", "--member", "1", "-o", str(rgpd)]) == 0
    logging.getLogger("cpts_desktop.test").warning("une ligne au journal")

    folders = [config.data_dir(), config.log_dir(), config.temp_dir(), rgpd, *config.data_dir().iterdir()]
    assert {(f.name, mode(f)) for f in folders if f.is_dir()} == {(f.name, 0o700) for f in folders if f.is_dir()}
    files = [base, export, *rgpd.iterdir(), *config.log_dir().iterdir(), *config.data_dir().rglob("*.sqlite*")]
    assert len(files) >= 6
    assert {(f.name, mode(f)) for f in files} == {(f.name, 0o600) for f in files}


@POSIX_ONLY
def test_exports_documents_and_log_are_private_even_without_the_umask(own_folders: Path, demo_path: Path):
    """A script calling the services directly (umask 022) still writes files only the user can read."""
    database = open_database(str(demo_path))
    out = own_folders / "sorties"
    out.mkdir()
    export_members(database, out / "adherents.csv")
    export_members(database, out / "adherents.xlsx")
    write_email_list(["lea.martin@example.org"], out / "courriels.txt")
    data = member_file(database, 1)
    rgpd = export_folder(own_folders / "rgpd" / "adherent-1")
    write_member_json(data, rgpd / "donnees.json")
    member_file_pdf(letterhead(database), data, rgpd / "donnees.pdf")
    database.close()
    handler = PrivateFileHandler(own_folders / "technique.log")
    handler.emit(logging.makeLogRecord({"msg": "essai"}))
    handler.close()
    assert {mode(p) for p in [*out.iterdir(), *rgpd.iterdir(), own_folders / "technique.log"]} == {0o600}
    assert mode(rgpd) == mode(rgpd.parent) == 0o700
    assert mode(out) == 0o755  # a folder the user already had keeps its modes
    assert not list(own_folders.rglob("*.partiel"))


@POSIX_ONLY
def test_the_log_and_its_rotated_files_are_private(own_folders: Path):
    """The file exists (the user's only) before any line; full, it rotates: three older files, each private."""
    path = own_folders / "technique.log"
    handler = PrivateFileHandler(path, max_bytes=300, backup_count=3, encoding="utf-8")
    assert path.read_bytes() == b"" and mode(path) == 0o600
    for number in range(40):
        handler.emit(logging.makeLogRecord({"msg": f"ligne {number:02d} du journal technique"}))
    handler.close()
    files = sorted(own_folders.glob("technique.log*"))
    assert [f.name for f in files] == ["technique.log", *(f"technique.log.{n}" for n in (1, 2, 3))]
    assert {mode(f) for f in files} == {0o600}
    assert path.read_text(encoding="utf-8").endswith("ligne 39 du journal technique\n")
    assert all(0 < f.stat().st_size <= 300 for f in files)


def test_the_rejection_report_is_neutralised_private_and_never_half_written(tmp_path: Path):
    report = ImportReport()
    report.rejected += [
        Rejection(3, "Email", '=HYPERLINK("http://example.org/?"&A1;"Cliquez")', "Email : adresse invalide."),
        Rejection(4, "Nom", "@SUM(1+1)*cmd|' /C calc'!A0", "Nom : caractères refusés."),
    ]
    path = tmp_path / "refus.txt"
    write_rejections(report, path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Ligne;Colonne;Valeur;Motif"
    assert lines[1].startswith("3;Email;\"'=HYPERLINK(") and lines[2].startswith("4;Nom;'@SUM(1+1)")
    assert [p.name for p in tmp_path.iterdir()] == ["refus.txt"]
    if os.name == "posix":
        assert mode(path) == 0o600


def test_the_log_holds_no_password_sql_parameter_or_contact(tmp_path: Path, db_path: Path):
    path = tmp_path / "technique.log"
    handler = PrivateFileHandler(path, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(levelname)s %(message)s"))
    log = logging.getLogger("cpts_desktop.test.privacy")
    log.addHandler(handler)
    database = open_database(str(db_path))
    member = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Zébulon", email="zebulon@example.org"))
    try:
        with database.sessions.begin() as session:
            row = {"id": member, "kind": "personne", "nom": "Zébulon", "email": "zebulon@example.org"}
            session.execute(insert(Member.__table__).values(**row, search_key="zebulon", telephone="06 12 34 56 78"))
    except IntegrityError:
        log.exception("enregistrement refusé")
    database.close()
    try:
        raise ConnectionError(f"connexion à {URL} impossible (password={SECRET})")
    except ConnectionError:
        log.exception("ouverture de la base")
    log.removeHandler(handler)
    handler.close()

    text = path.read_text(encoding="utf-8")
    assert "IntegrityError" in text and "ConnectionError" in text  # the technical detail stays
    assert "cpts:***@serveur.example" in text
    for private in (SECRET, "Zébulon", "zebulon@example.org", "06 12 34 56 78"):
        assert private not in text
    detail = 'DETAIL:  Key (email)=(lea@example.org) already exists.\nFailing row contains (12, "Léa", 0612345678).'
    assert redact(detail) == "DETAIL:  Key (email)=(***) already exists.\nFailing row contains (***)."


def test_an_unexpected_error_logs_neither_the_command_line_nor_the_password(
    own_folders: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    def fails(_args: object) -> int:
        raise RuntimeError(f"serveur injoignable : {URL}")

    monkeypatch.setattr(info, "run", fails)
    assert cpts_main(["--db", URL, "info"]) == 2
    assert "Erreur inattendue" in capsys.readouterr().err
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, PrivateFileHandler)]
    text = Path(handlers[0].baseFilename).read_text(encoding="utf-8")
    assert "cpts info : erreur inattendue" in text and "RuntimeError" in text
    assert SECRET not in text


MERGER = """
import os, random, signal, sys, time
from pathlib import Path
from cpts_desktop import config
from cpts_desktop.pdf.meetings import convocations_zip
from cpts_desktop.services.database import open_database
from cpts_desktop.services.documents import meeting_papers
database = open_database(sys.argv[1])
papers = meeting_papers(database, int(sys.argv[2]))
database.close()
temp_root = config.data_dir() / config.TEMP_FOLDER
delays = random.Random(int(sys.argv[4]))
for trial in range(int(sys.argv[5])):
    letters = len(list(temp_root.rglob("*.pdf")))
    child = os.fork()
    if child == 0:  # one mail-merge, killed at a random moment once it has written letters
        convocations_zip(papers, Path(sys.argv[3]) / f"convocations-{trial}.zip")
        os._exit(0)
    deadline = time.monotonic() + 60  # a loaded machine may take long to write the first letter
    while len(list(temp_root.rglob("*.pdf"))) <= letters and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delays.uniform(0, 0.15))
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork n’existe pas sous Windows")
def test_letters_of_killed_mail_merges_are_swept_at_the_next_start(own_folders: Path, demo_path: Path):
    """Ten ZIP mail-merges killed (SIGKILL) at random moments: their letters were only in the private temp
    folder, which the next start empties; the system's temp folder never saw one."""
    system_temp, out = own_folders / "tmp-systeme", own_folders / "envois"
    system_temp.mkdir()
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), TMPDIR=str(system_temp))
    command = [sys.executable, "-c", MERGER, str(demo_path), "3", str(out), "16", "10"]
    subprocess.run(command, env=env, check=True, timeout=120)

    temp_root = config.data_dir() / config.TEMP_FOLDER
    assert list(temp_root.rglob("*.pdf")), "no merge was killed halfway: the trial proves nothing"
    assert {mode(p) for p in out.iterdir()} == {0o600}  # partial ZIPs beside the target: the user's only
    assert cpts_main(["--db", str(demo_path), "info"]) == 0  # the next start
    assert list(temp_root.iterdir()) == [] and list(system_temp.iterdir()) == []


def test_the_sweep_keeps_the_folder_of_a_run_still_going(own_folders: Path):
    running = subprocess.Popen(
        [sys.executable, "-c", "import sys; from cpts_desktop import config; print(config.temp_dir(), flush=True); "
         "sys.stdin.read()"],
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    folder = Path(running.stdout.readline().strip())
    (folder / "lettre.pdf").write_bytes(b"%PDF")
    assert config.sweep_temp() == [] and (folder / "lettre.pdf").exists()
    running.communicate("", timeout=30)
    assert not folder.exists()  # its own exit removed it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../etc/Dupont", "etc-Dupont"),
        ("dupont\\lea", "dupont-lea"),
        ("CON", "_CON"),
        ("lpt1.pdf", "_lpt1.pdf"),
        ("Léa\x00\x07 Dupont\n", "Léa Dupont"),
        ("\u202etxt.exe", "txt.exe"),
        ("..", "document"),
        ('a:b*c?d|e<f>g"h', "a-b-c-d-e-f-g-h"),
        ("O’Brien-Łukasz", "O’Brien-Łukasz"),
    ],
)
def test_file_names_from_user_data_stay_in_their_folder(text: str, expected: str):
    assert safe_filename(text) == expected
    assert len(safe_filename("x" * 1000)) <= 120
