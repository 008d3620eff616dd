import os
import sqlite3
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import PaymentMethod
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services import backups
from cpts_desktop.services.backups import create_backup, describe_backup, list_backups, restore, rotate, save_copy
from cpts_desktop.services.cotisations import add_payment
from cpts_desktop.services.database import describe, open_database
from cpts_desktop.store import sqlite_files

pytestmark = pytest.mark.sqlite_only  # backups copy the SQLite file; a shared server is saved by its administrator


def test_copy_holds_the_same_data(demo_database, tmp_path: Path):
    target = save_copy(demo_database, tmp_path / "copie.sqlite")
    copy = open_database(str(target))
    assert describe(copy).counts == describe(demo_database).counts
    copy.close()
    assert not list(tmp_path.glob("*.partiel"))


def test_copy_onto_itself_or_into_a_missing_folder_is_refused(demo_database, tmp_path: Path):
    with pytest.raises(CptsError, match="autre nom"):
        save_copy(demo_database, demo_database.path)
    with pytest.raises(CptsError, match="n’existe pas"):
        save_copy(demo_database, tmp_path / "absent" / "copie.sqlite")


def test_backup_restored_into_a_new_file_gives_the_same_counts(demo_database, tmp_path: Path):
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    info = create_backup(demo_database, folder)
    assert info.counts["members"] >= 100 and info.revision
    target = tmp_path / "nouvelle.sqlite"
    assert restore(info.path, target, folder=folder) is None  # nothing to keep: the file did not exist
    restored = open_database(str(target))
    assert describe(restored).counts == describe(demo_database).counts
    restored.close()


def test_encrypted_backup_refuses_a_wrong_passphrase_and_tampering(demo_database, tmp_path: Path):
    folder = tmp_path / "cle-usb"
    folder.mkdir()
    info = create_backup(demo_database, folder, passphrase="correct horse")
    assert info.encrypted and info.path.name.endswith(".chiffre")
    assert b"Trois Vallons" not in info.path.read_bytes()
    with pytest.raises(CptsError, match="Phrase de passe incorrecte"):
        restore(info.path, tmp_path / "x.sqlite", passphrase="mauvaise", folder=folder)
    data = bytearray(info.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = folder / "cpts-20260101-000000.sqlite.chiffre"
    tampered.write_bytes(bytes(data))
    with pytest.raises(CptsError, match="modifiée"):
        restore(tampered, tmp_path / "y.sqlite", passphrase="correct horse", folder=folder)
    assert not (tmp_path / "x.sqlite").exists() and not (tmp_path / "y.sqlite").exists()
    restore(info.path, tmp_path / "z.sqlite", passphrase="correct horse", folder=folder)
    assert describe(open_database(str(tmp_path / "z.sqlite"))).counts["members"] >= 100


def test_restoring_over_a_base_keeps_it_first(demo_database, db_path: Path, tmp_path: Path):
    folder = tmp_path / "s"
    folder.mkdir()
    backup = create_backup(demo_database, folder)
    safety = restore(backup.path, db_path, folder=folder)
    assert safety is not None and "avant-restauration" in safety.path.name
    assert describe_backup(safety.path).counts["members"] == 0  # the empty base that was replaced
    damaged = tmp_path / "abime.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    kept = restore(backup.path, damaged, folder=folder)
    assert kept is not None and kept.path.read_bytes().startswith(b"SQLite format 3")


def test_rotation_keeps_daily_and_monthly_automatic_backups(tmp_path: Path, demo_database):
    plain = create_backup(demo_database, tmp_path)
    start = datetime(2026, 11, 24, 12, 0)
    for days in range(0, 400, 2):
        moment = start - timedelta(days=days)
        (tmp_path / f"cpts-{moment:%Y%m%d-%H%M%S}-auto.sqlite").write_bytes(plain.path.read_bytes())
    manual = tmp_path / "cpts-20200101-000000.sqlite"
    manual.write_bytes(plain.path.read_bytes())
    # known by name, never opened: an old unreadable one goes like the others, a recent one stays
    old_unreadable = tmp_path / "cpts-20210101-120000-auto.sqlite"
    recent_unreadable = tmp_path / f"cpts-{start + timedelta(hours=1):%Y%m%d-%H%M%S}-auto.sqlite"
    for unreadable in (old_unreadable, recent_unreadable):
        unreadable.write_bytes(b"pas une base")
    removed = rotate(tmp_path, daily=7, monthly=12)
    automatic = [b for b in list_backups(tmp_path) if "-auto" in b.path.name]
    days = {b.created.date() for b in automatic}
    months = {(b.created.year, b.created.month) for b in automatic}
    assert len(automatic) <= 7 + 12 - 1 and len(months) == 12
    assert (start.date() - timedelta(days=2) in days) and manual.exists() and plain.path.exists()
    assert old_unreadable in removed and recent_unreadable.exists()
    assert not (tmp_path / f"cpts-{start:%Y%m%d-%H%M%S}-auto.sqlite").exists()  # the newer one of its day kept


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backups_and_their_checksums_are_private(demo_database, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    left = backups.default_folder() / "cpts-20290301-100000.sqlite.k3j2.partiel"  # by a backup killed halfway
    left.write_bytes(b"SQLite format 3\x00")
    os.utime(left, (0, 0))
    plain = create_backup(demo_database)
    sealed = create_backup(demo_database, passphrase="une phrase assez longue")
    checksum = plain.path.with_name(plain.path.name + ".sha256")
    assert checksum.read_text().split() == [
        backups.hashlib.sha256(plain.path.read_bytes()).hexdigest(),
        plain.path.name,
    ]
    assert {_mode(p) for p in (plain.path, checksum, sealed.path)} == {0o600}
    assert _mode(backups.default_folder()) == 0o700
    assert not sealed.path.with_name(sealed.path.name + ".sha256").exists()  # the cipher authenticates it
    assert not left.exists()


def test_two_backups_in_the_same_second_are_both_kept(demo_database, db_path: Path, tmp_path: Path, monkeypatch):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206 - datetime's signature
            return datetime(2029, 3, 1, 10, 0, 0)

    monkeypatch.setattr(backups, "datetime", Frozen)
    first, second = create_backup(demo_database, tmp_path), create_backup(demo_database, tmp_path)
    assert first.path.name == "cpts-20290301-100000.sqlite" and second.path.name == "cpts-20290301-100000-2.sqlite"
    safeties = [restore(first.path, db_path, folder=tmp_path) for _ in range(2)]
    names = {s.path.name for s in safeties}
    assert names == {
        "cpts-20290301-100000-avant-restauration.sqlite",
        "cpts-20290301-100000-avant-restauration-2.sqlite",
    }
    assert describe_backup(safeties[0].path).counts["members"] == 0  # the empty base, not overwritten by the second
    assert len(list_backups(tmp_path)) == 4 and second.created == first.created


def test_a_plain_backup_with_bytes_flipped_is_refused_before_anything_changes(demo_database, db_path, tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    info = create_backup(demo_database, folder)
    data = bytearray(info.path.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 100):
        data[offset] ^= 0xFF
    info.path.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(CptsError, match="a été modifiée ou abîmée depuis sa création : elle est refusée"):
        restore(info.path, db_path, folder=folder)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [info.path.name, info.path.name + ".sha256"]


def test_an_older_backup_without_checksum_is_accepted_after_its_integrity_check(demo_database, db_path, tmp_path):
    info = create_backup(demo_database, tmp_path)
    info.path.with_name(info.path.name + ".sha256").unlink()
    restore(info.path, db_path, folder=tmp_path)
    restored = open_database(str(db_path))
    assert describe(restored).counts["members"] >= 100
    restored.close()


def test_short_passphrases_are_refused_but_old_backups_made_with_one_still_open(demo_database, tmp_path: Path):
    folder = tmp_path / "s"
    folder.mkdir()
    with pytest.raises(CptsError, match="au moins 12 caractères \\(elle en a 5\\)"):
        create_backup(demo_database, folder, passphrase="court")
    assert list(folder.iterdir()) == []
    raw = demo_database.engine.raw_connection()
    old = tmp_path / "cpts-20240101-120000.sqlite.chiffre"
    old.write_bytes(backups._seal(sqlite_files.snapshot(raw.driver_connection), "court"))
    raw.close()
    restore(old, tmp_path / "relue.sqlite", passphrase="court", folder=tmp_path)
    assert describe(open_database(str(tmp_path / "relue.sqlite"))).counts["members"] >= 100


def test_a_restored_older_backup_never_issues_a_receipt_number_again(demo_database, tmp_path: Path):
    older = create_backup(demo_database, tmp_path)
    issued = [add_payment(demo_database, 1, "10", date(2029, 3, 1), PaymentMethod.CASH).numero_recu for _ in range(3)]
    assert issued == ["2029-0001", "2029-0002", "2029-0003"]
    safety = restore(older.path, demo_database.path, folder=tmp_path)  # demo_database stays open meanwhile
    assert safety.counts["payments"] == older.counts["payments"] + 3
    assert add_payment(demo_database, 1, "10", date(2029, 3, 2), PaymentMethod.CASH).numero_recu == "2029-0004"
    restore(older.path, demo_database.path, folder=tmp_path)  # the floor survives a second restore
    assert add_payment(demo_database, 1, "10", date(2029, 3, 3), PaymentMethod.CASH).numero_recu == "2029-0005"
    with sqlite3.connect(demo_database.path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_base_locked_by_another_program_is_not_restored(demo_database, db_path: Path, tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "BUSY_TIMEOUT_MS", 200)
    info = create_backup(demo_database, tmp_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO communes (code_insee, nom) VALUES ('99999', 'En cours')")
    try:
        with pytest.raises(CptsError, match="est ouverte sur un autre poste ou par un autre programme : fermez-la"):
            restore(info.path, db_path, folder=tmp_path)
        holder.execute("COMMIT")
    finally:
        holder.close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT nom FROM communes").fetchall() == [("En cours",)]
    assert not list(tmp_path.glob("*avant-restauration*"))


@pytest.mark.parametrize(("page_size", "journal"), [(1024, "wal"), (4096, "delete")])
def test_a_base_of_other_page_size_or_journal_receives_the_backup(demo_database, tmp_path, page_size, journal):
    info = create_backup(demo_database, tmp_path)
    target = tmp_path / "autre.sqlite"
    with sqlite3.connect(target) as connection:
        connection.execute(f"PRAGMA page_size={page_size}")
        connection.execute(f"PRAGMA journal_mode={journal}")
        connection.execute("CREATE TABLE brouillon (x)")
    restore(info.path, target, folder=tmp_path)
    with sqlite3.connect(target) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # as the application leaves it
        assert connection.execute("SELECT count(*) FROM members").fetchone()[0] == info.counts["members"]


def test_a_damaged_base_is_replaced_with_its_companions_cleared_and_kept_aside(demo_database, tmp_path: Path):
    info = create_backup(demo_database, tmp_path)
    for content in (b"SQLite format 3\x00" + b"\xa5" * 8000, b"Pas une base" * 100):
        damaged = tmp_path / "abime.sqlite"
        damaged.write_bytes(content)
        companions = [damaged.with_name("abime.sqlite" + suffix) for suffix in ("-wal", "-shm", "-journal")]
        for companion in companions:
            companion.write_bytes(b"\x00" * 600)
        kept = restore(info.path, damaged, folder=tmp_path)
        assert not any(c.exists() for c in companions)
        assert kept.path.read_bytes() == content and _mode(damaged) == 0o600
        with sqlite3.connect(damaged) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert kept.path.with_name(kept.path.name + "-journal").read_bytes() == b"\x00" * 600


def test_the_command_line_refuses_a_short_passphrase_in_french(db_path: Path, tmp_path: Path, monkeypatch, capsys):
    from cpts_desktop.cli.main import main as cpts_main

    monkeypatch.setenv("CPTS_PASSPHRASE", "motdepasse")
    monkeypatch.setenv("CPTS_DATA_DIR", str(tmp_path / "donnees"))
    previous = os.umask(0o022)  # the command sets its own
    try:
        code = cpts_main(["--db", str(db_path), "backup", "create", "--encrypt", "--to", str(tmp_path)])
    finally:
        os.umask(previous)
    assert code == 1
    assert "au moins 12 caractères (elle en a 10)" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.chiffre"))


def _base_with_hot_journal(path: Path) -> None:
    """``path`` as a program stopped mid-transaction leaves it: pages already written, the journal
    that undoes them beside (the files are copied while the transaction is open)."""
    source = path.with_name("en-cours.sqlite")
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("PRAGMA journal_mode=DELETE")
    writer.execute("PRAGMA synchronous=OFF")
    writer.execute("BEGIN")
    writer.execute("CREATE TABLE brouillon (texte TEXT)")
    writer.executemany("INSERT INTO brouillon VALUES (?)", [("a" * 500,)] * 300)
    writer.execute("COMMIT")
    writer.execute("PRAGMA cache_size=1")  # dirty pages spill into the base before the commit
    writer.execute("BEGIN")
    writer.execute("UPDATE brouillon SET texte = 'b' || substr(texte, 2)")
    try:
        for suffix in ("", "-journal"):
            Path(str(path) + suffix).write_bytes(Path(str(source) + suffix).read_bytes())
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_base_with_a_journal_to_replay_is_kept_as_it_was_before_anything_opens_it(database, tmp_path):
    info = create_backup(database, tmp_path)
    target = tmp_path / "interrompue.sqlite"
    _base_with_hot_journal(target)
    base, journal = target.read_bytes(), Path(f"{target}-journal").read_bytes()
    assert journal
    kept = restore(info.path, target, folder=tmp_path)
    assert "avant-restauration" in kept.path.name
    assert kept.path.read_bytes() == base  # the copy was taken before the journal was replayed
    assert Path(f"{kept.path}-journal").read_bytes() == journal
    assert sqlite_files.check(target, "integrity_check") == "ok"
    with sqlite3.connect(target) as connection:  # the backup's content, without the interrupted table
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "members" in tables and "brouillon" not in tables
    with sqlite3.connect(kept.path) as connection:  # opened with its journal: the transaction undone
        assert connection.execute("SELECT count(*), max(substr(texte, 1, 1)) FROM brouillon").fetchone() == (300, "a")
