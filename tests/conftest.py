"""Shared fixtures: every test gets its own folders, settings and database file."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything reads them: Qt offscreen, and data/log folders away from the user's own.
_SANDBOX = Path(tempfile.mkdtemp(prefix="cpts-tests-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CPTS_DATA_DIR"] = str(_SANDBOX / "data")
os.environ["CPTS_LOG_DIR"] = str(_SANDBOX / "logs")
os.environ.pop("CPTS_DB", None)

from cpts_desktop.services.database import open_database  # noqa: E402
from cpts_desktop.services.demo import load_demo  # noqa: E402
from cpts_desktop.store.engine import Database  # noqa: E402


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database made once; tests work on copies."""
    path = tmp_path_factory.mktemp("templates") / "empty.sqlite"
    open_database(str(path), create=True).close()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("templates") / "demo.sqlite"
    database = open_database(str(path), create=True)
    load_demo(database)
    database.close()
    return path


def _copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def db_path(empty_template: Path, tmp_path: Path) -> Path:
    return _copy(empty_template, tmp_path / "cpts.sqlite")


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    return _copy(demo_template, tmp_path / "demo.sqlite")


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = open_database(str(db_path))
    yield db
    db.close()


@pytest.fixture
def demo_database(demo_path: Path) -> Iterator[Database]:
    db = open_database(str(demo_path))
    yield db
    db.close()
