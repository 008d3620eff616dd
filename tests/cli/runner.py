"""``cpts`` run as its own process — own environment, working folder, exit code, stdout and stderr — but
forked from a process that has already imported the application, so that each of the suite's hundreds
of commands does not pay the imports again (about 2 s each on a slow machine).

The fork server imports the modules (every command's, and the libraries they load on use) and nothing
else: no database, settings or log is touched before a command runs in its child, which calls the same
``main`` as the installed ``cpts`` script and runs the exit handlers as a normal exit does. Where
``fork`` does not exist, each command is a plain subprocess.

This stands for the « in-process » CLI tests: a fork costs milliseconds, and each command still gets its
own process state (environment, working folder, descriptors, exit handlers) as the installed script does;
a few tests run the installed ``cpts`` itself end to end.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT = 120

SERVER = r"""
import atexit, importlib, json, os, sys, traceback
import cpts_desktop.cli.main as cli

cli.build_parser()  # every command module: the installed cpts imports only the one it runs
for name in sys.argv[1:]:  # what the commands import on use (Alembic, reportlab, openpyxl)
    importlib.import_module(name)

def run(request):
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for descriptor, path in ((1, request["out"]), (2, request["err"])):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(handle, descriptor)
        os.close(handle)
    sys.argv = ["cpts", *request["args"]]
    try:
        code = cli.main(request["args"])
    except SystemExit as leaving:  # argparse's usage errors, --help, --version
        code = leaving.code
        if isinstance(code, str):
            print(code, file=sys.stderr)
            code = 1
        code = code or 0
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        atexit._run_exitfuncs()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return code

print("prêt", flush=True)
for line in sys.stdin:
    child = os.fork()
    if child == 0:
        code = 1
        try:
            code = run(json.loads(line))
        finally:
            os._exit(code)
    _pid, status = os.waitpid(child, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""

# Libraries the application imports only when a command needs them: the server imports them once.
PRELOADED = (
    "alembic.command",
    "alembic.config",
    "openpyxl",
    "reportlab.platypus",
    "reportlab.pdfgen.canvas",
    "cpts_desktop.store.migrate",
)

_server: subprocess.Popen[str] | None = None


def _started() -> subprocess.Popen[str]:
    global _server  # one server per test process, started at the first command
    if _server is None or _server.poll() is not None:
        _server = subprocess.Popen(
            [sys.executable, "-c", SERVER, *PRELOADED],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        )
        assert _server.stdout.readline().strip() == "prêt"
    return _server


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``cpts ARGS…`` with ``env`` as its whole environment, as ``subprocess.run`` would report it."""
    if not hasattr(os, "fork"):
        command = [sys.executable, "-m", "cpts_desktop.cli.main", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=TIMEOUT)
    server = _started()
    with tempfile.TemporaryDirectory() as work:
        out, err = Path(work) / "stdout", Path(work) / "stderr"
        request = {"args": args, "env": dict(env, PYTHONIOENCODING="utf-8"), "cwd": os.getcwd()}
        server.stdin.write(json.dumps(request | {"out": str(out), "err": str(err)}) + "\n")
        server.stdin.flush()
        ready, _w, _x = select.select([server.stdout], [], [], TIMEOUT)
        if not ready:
            server.kill()
            raise subprocess.TimeoutExpired(["cpts", *args], TIMEOUT)
        code = int(server.stdout.readline())
        return subprocess.CompletedProcess(
            ["cpts", *args], code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")
        )
