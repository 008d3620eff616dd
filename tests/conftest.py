"""Shared fixtures: every test gets its own folders, settings and database.

The data-layer and service tests that take ``database`` or ``demo_database`` run twice: on a SQLite
file and on a PostgreSQL server started for the session (see ``tests/pg_server.py``). Tests about the
SQLite file itself (they take ``db_path`` or ``demo_path``, or are marked ``sqlite_only``) run once.
"""

from __future__ import annotations

import atexit
import gc
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Temporary files in memory where the system has a RAM file system (Linux's /dev/shm) with room for a
# run (the bundle test alone writes about 500 MB; a container's is often 64 MB), unless TMPDIR says
# otherwise: on a virtual machine's disk every file created or synced costs dearly (PostgreSQL's CREATE
# DATABASE 0.4 s there, 0.02 s in memory; a SQLite commit waits for its fsync). Set before pytest picks
# its own folder; the programs the tests start inherit it.
_RAM = Path("/dev/shm")
_RAM_NEEDED = 2 * 1024**3


def _room(folder: Path) -> int:
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):  # missing, or not POSIX
        return 0
    return stats.f_bavail * stats.f_frsize


if "TMPDIR" not in os.environ and os.access(_RAM, os.W_OK) and _room(_RAM) >= _RAM_NEEDED:
    os.environ["TMPDIR"] = str(_RAM)
    tempfile.tempdir = None  # read TMPDIR again

# Before anything reads them: Qt offscreen, and data/log folders away from the user's own.
_SANDBOX = Path(tempfile.mkdtemp(prefix="cpts-tests-"))
atexit.register(shutil.rmtree, _SANDBOX, ignore_errors=True)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # The users' screen: a 1366×768 laptop less a 40-pixel taskbar (offscreen windows have no frame).
    SCREEN = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 728, "logicalDpi": 96, "dpr": 1}
    (_SANDBOX / "screen.json").write_text(json.dumps({"screens": [SCREEN]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SANDBOX / 'screen.json'}"
os.environ["CPTS_DATA_DIR"] = str(_SANDBOX / "data")
os.environ["CPTS_LOG_DIR"] = str(_SANDBOX / "logs")
os.environ.pop("CPTS_DB", None)

from cpts_desktop.services.database import open_database  # noqa: E402
from cpts_desktop.services.demo import load_demo  # noqa: E402
from cpts_desktop.store.engine import Database  # noqa: E402
from tests import pdf_fonts  # noqa: E402
from tests.pg_server import Server  # noqa: E402
from tests.shared_run import SERVER_FILE, made_once, run_folder  # noqa: E402

pdf_fonts.install()
run_folder()  # in the process that starts the run, before its workers: they inherit it

BOTH_BACKENDS = ("tests/services/", "tests/store/", "tests/safety/")
FILE_FIXTURES = {"db_path", "demo_path"}
_numbers = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test about the SQLite file itself, not run on PostgreSQL")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow (the bundle: minutes of PyInstaller) first, so that with ``-n`` one worker
    builds while the others run everything else (``--dist worksteal`` lets them take its share)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_collection_finish(session: pytest.Session) -> None:
    """As the application does once started (``app.main``): what the imports made (the modules and classes
    of the application, Qt and the libraries, some 400,000 objects) is frozen out of the garbage
    collector's later passes, each of which walked it all again (a quarter of their time in a test process)."""
    gc.collect()
    gc.freeze()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run data-layer and service tests on both back ends."""
    names = set(metafunc.fixturenames)
    path = metafunc.definition.path.as_posix()
    if (
        names & {"database", "demo_database"}
        and not names & FILE_FIXTURES
        and any(part in path for part in BOTH_BACKENDS)
        and metafunc.definition.get_closest_marker("sqlite_only") is None
    ):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server() -> Server:
    """One PostgreSQL cluster for the whole run (all workers), with an empty and a demo template database."""
    return Server.reached(made_once("postgresql", _start_postgresql) / SERVER_FILE)


def _start_postgresql(folder: Path) -> None:
    server = Server()
    server.start()
    try:
        server.execute("CREATE DATABASE tpl_empty")
        open_database(server.url("tpl_empty"), create=True).close()
        # the demo on a copy of the migrated base: the migrations run once
        server.execute("CREATE DATABASE tpl_demo TEMPLATE tpl_empty STRATEGY FILE_COPY")
        database = open_database(server.url("tpl_demo"))
        load_demo(database)
        database.close()
    except BaseException:
        server.stop()
        raise
    server.save(folder / SERVER_FILE)  # stopped by the process that started the run, at its end


def _pg_database(server: Server, template: str) -> Iterator[Database]:
    name = f"test_{os.environ.get('PYTEST_XDIST_WORKER', 'seul')}_{next(_numbers)}"
    # FILE_COPY: the template's files copied whole, a quarter faster than block by block through the WAL
    server.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
    database = open_database(server.url(name))
    yield database
    database.close()
    server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def empty_template() -> Path:
    """A migrated, empty database made once for the run; tests work on copies."""

    def make(folder: Path) -> None:
        open_database(str(folder / "empty.sqlite"), create=True).close()

    return made_once("empty", make) / "empty.sqlite"


@pytest.fixture(scope="session")
def demo_template(empty_template: Path) -> Path:
    """The demo, loaded once for the run on a copy of the empty base."""

    def make(folder: Path) -> None:
        database = open_database(str(_copy(empty_template, folder / "demo.sqlite")))
        load_demo(database)
        database.close()

    return made_once("demo", make) / "demo.sqlite"


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
def database(backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    if backend == "postgresql":
        yield from _pg_database(request.getfixturevalue("pg_server"), "tpl_empty")
        return
    db = open_database(str(request.getfixturevalue("db_path")))
    yield db
    db.close()


@pytest.fixture
def demo_database(backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    if backend == "postgresql":
        yield from _pg_database(request.getfixturevalue("pg_server"), "tpl_demo")
        return
    db = open_database(str(request.getfixturevalue("demo_path")))
    yield db
    db.close()
