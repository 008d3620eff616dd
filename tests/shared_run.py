"""What the test processes of one run (pytest-xdist's workers) make once and share: the PostgreSQL cluster
and the template bases. Each worker used to start its own cluster and build its own templates (about 6 s
of work each); now the first process that needs one makes it while the others wait for it, and the
process that started the run removes everything when it ends."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from tests.pg_server import Server

_VARIABLE = "CPTS_TESTS_RUN"
_WAIT_S = 600  # a template waited for longer than this was never going to come
SERVER_FILE = "server.json"


@cache
def run_folder() -> Path:
    """The run's shared folder: made by the process that starts the run, inherited by its workers."""
    inherited = os.environ.get(_VARIABLE)
    if inherited and "PYTEST_XDIST_WORKER" in os.environ:
        return Path(inherited)
    folder = Path(tempfile.mkdtemp(prefix="cpts-run-"))
    os.environ[_VARIABLE] = str(folder)
    atexit.register(_end, folder)
    return folder


def made_once(name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name`` of the run, filled by ``make`` in the first process that asks for it; the others
    wait until it is ready (or fail with the maker's error). Claiming is a ``mkdir``, atomic everywhere."""
    root = run_folder()
    folder, ready, failed = root / name, root / f"{name}.ready", root / f"{name}.failed"
    try:
        folder.mkdir()
    except FileExistsError:
        deadline = time.monotonic() + _WAIT_S
        while not ready.exists():
            if failed.exists():
                raise RuntimeError(f"{name} : {failed.read_text(encoding='utf-8')}") from None
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} : jamais prêt") from None
            time.sleep(0.02)
        return folder
    try:
        make(folder)
    except BaseException as error:
        failed.write_text(repr(error), encoding="utf-8")
        raise
    ready.touch()
    return folder


def _end(folder: Path) -> None:
    """Stop the run's PostgreSQL server if a worker started one, and remove the shared folder."""
    for saved in folder.glob(f"*/{SERVER_FILE}"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            Server.reached(saved).stop()
    shutil.rmtree(folder, ignore_errors=True)
