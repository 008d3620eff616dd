from pathlib import Path

import pytest

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.backups import save_copy
from cpts_desktop.services.database import describe, open_database


def test_copy_holds_the_same_data(demo_database, tmp_path: Path):
    target = save_copy(demo_database, tmp_path / "copie.sqlite")
    copy = open_database(str(target))
    assert describe(copy).counts == describe(demo_database).counts
    copy.close()
    assert not list(tmp_path.glob("*.partiel"))


def test_copy_onto_itself_is_refused(demo_database):
    with pytest.raises(CptsError, match="autre nom"):
        save_copy(demo_database, demo_database.path)


def test_copy_into_a_missing_folder_is_refused(demo_database, tmp_path: Path):
    with pytest.raises(CptsError, match="n’existe pas"):
        save_copy(demo_database, tmp_path / "absent" / "copie.sqlite")
