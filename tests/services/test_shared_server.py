"""The shared mode: the same commands on a PostgreSQL server, and French messages when it refuses."""

from __future__ import annotations

import json

import pytest

from cpts_desktop.domain.errors import DatabaseError
from cpts_desktop.services.database import open_database
from tests.cli.test_cli import cpts
from tests.pg_server import Server


def test_the_command_line_works_on_a_shared_server(pg_server: Server):
    pg_server.execute("CREATE DATABASE partagee")
    url = pg_server.url("partagee")
    first = cpts("--db", url, "init", "--demo")
    assert first.returncode == 0, first.stderr
    info = json.loads(cpts("--db", url, "info", "--json").stdout)
    assert info["revision"] == info["head"] and info["counts"]["members"] == 150
    members = json.loads(cpts("--db", url, "members", "list", "--json").stdout)
    assert len(members) == 150
    refused = cpts("--db", url, "backup", "create")
    assert refused.returncode != 0 and "serveur" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("name", "user", "reason"),
    [
        ("absente", "cpts", "cette base n’existe pas sur le serveur"),
        ("postgres", "inconnu", "le serveur refuse cet utilisateur ou ce mot de passe"),
    ],
)
def test_a_refusal_is_explained_in_french(pg_server: Server, name: str, user: str, reason: str):
    with pytest.raises(DatabaseError, match=reason):
        open_database(pg_server.url(name).replace("cpts@", f"{user}@"))


def test_an_unknown_address_is_explained():
    with pytest.raises(DatabaseError, match="Adresse de base non reconnue"):
        open_database("postgres-ou-presque://serveur/base")
    with pytest.raises(DatabaseError, match="le serveur ne répond pas"):
        open_database("postgresql+psycopg://cpts@127.0.0.1:1/cpts?connect_timeout=2")
