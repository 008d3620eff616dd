"""Statements compiled for one base serve the next base of the same kind (a backup checked, a base
reopened), never a base whose SQL could differ."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Executable, select
from sqlalchemy.engine.interfaces import CacheStats

from cpts_desktop.services.database import open_database
from cpts_desktop.store.models import Member
from tests.pg_server import Server


def _cache_use(database_url: str, statement: Executable) -> CacheStats:
    database = open_database(database_url)
    try:
        with database.engine.connect() as connection:
            return connection.execute(statement).context.cache_hit
    finally:
        database.close()


def test_a_second_sqlite_base_reuses_what_the_first_compiled(tmp_path: Path):
    statement = select(Member.id, Member.nom).where(Member.nom.like("Lefèvre%"), Member.prenom == "Zoë")
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    open_database(str(first), create=True).close()
    open_database(str(second), create=True).close()

    _cache_use(str(first), statement)
    assert _cache_use(str(second), statement) is CacheStats.CACHE_HIT


def test_server_bases_share_among_themselves_not_with_sqlite_files(tmp_path: Path, pg_server: Server):
    sqlite = open_database(str(tmp_path / "a.sqlite"), create=True)
    pg_server.execute("CREATE DATABASE partage_a TEMPLATE tpl_empty")
    pg_server.execute("CREATE DATABASE partage_b TEMPLATE tpl_empty")
    first, second = open_database(pg_server.url("partage_a")), open_database(pg_server.url("partage_b"))
    try:
        assert first.engine.dialect is second.engine.dialect
        assert first.engine.dialect is not sqlite.engine.dialect
        assert first.engine._compiled_cache is not sqlite.engine._compiled_cache
    finally:
        for database in (sqlite, first, second):
            database.close()
