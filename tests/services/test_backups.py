from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.backups import create_backup, describe_backup, list_backups, restore, rotate, save_copy
from cpts_desktop.services.database import describe, open_database

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
    rotate(tmp_path, daily=7, monthly=12)
    automatic = [b for b in list_backups(tmp_path) if "-auto" in b.path.name]
    days = {b.created.date() for b in automatic}
    months = {(b.created.year, b.created.month) for b in automatic}
    assert len(automatic) <= 7 + 12 and len(months) == 12
    assert (start.date() in days) and manual.exists() and plain.path.exists()
