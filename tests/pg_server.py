"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, on a Unix socket.

The server binaries come from the system (Debian's ``postgresql`` package, which ``make test`` installs
when missing). PostgreSQL refuses to run as root, so under root the cluster belongs to the
``postgres`` system user (or ``nobody``) and its commands run as that user.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_binaries() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``: Debian keeps them out of PATH."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise PostgresUnavailable("initdb/pg_ctl introuvables : installez le paquet « postgresql ».")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One cluster: started by ``start``, removed with its folder by ``stop``."""

    def __init__(self) -> None:
        self.bin = server_binaries()
        self.root = Path(tempfile.mkdtemp(prefix="cpts-pg-"))
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = "postgres" if _exists("postgres") else "nobody"
            os.chown(self.root, pwd.getpwnam(self.user).pw_uid, -1)

    def save(self, path: Path) -> None:
        """Write where the running server is, for the other test processes of the run (``reached``)."""
        where = {"bin": str(self.bin), "root": str(self.root), "port": self.port, "user": self.user}
        path.write_text(json.dumps(where), encoding="utf-8")

    @classmethod
    def reached(cls, path: Path) -> Server:
        """The server another process of the run started and saved."""
        server = cls.__new__(cls)
        saved = json.loads(path.read_text(encoding="utf-8"))
        server.bin, server.root = Path(saved["bin"]), Path(saved["root"])
        server.port, server.user = saved["port"], saved["user"]
        return server

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            user=self.user,
            cwd=self.root,
        )

    def start(self) -> None:
        data = self.root / "data"
        base = ("initdb", "-D", str(data), "-A", "trust", "-U", "cpts", "-E", "UTF8", "--locale=C.UTF-8")
        try:  # a French server, as an association's would be: accents and punctuation reorder text
            self._run(*base, "--locale-provider=icu", "--icu-locale=fr-FR")
        except subprocess.CalledProcessError:  # a server built without ICU
            shutil.rmtree(data, ignore_errors=True)
            self._run(*base)
        options = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "server.log"), "-w", "start")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://cpts@/{database}?host={self.root}&port={self.port}"

    def execute(self, statement: str) -> None:
        """Run one statement on the maintenance database, outside a transaction (CREATE DATABASE…)."""
        import psycopg

        with psycopg.connect(host=str(self.root), port=self.port, user="cpts", dbname="postgres") as connection:
            connection.autocommit = True
            connection.execute(statement)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True
