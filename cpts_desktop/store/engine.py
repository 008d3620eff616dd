"""Engine and session factory, with the SQLite settings that keep data safe.

A location is either a file path (SQLite) or a full SQLAlchemy URL, e.g. a shared PostgreSQL server:
``postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from cpts_desktop.store import guards

if TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import DBAPIConnection
    from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 5000


def to_url(location: str) -> str:
    """A path becomes a SQLite URL; a string that already is a URL is kept."""
    if "://" in location:
        return location
    return "sqlite:///" + str(Path(location).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another database or an in-memory one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine on ``url``; SQLite connections get foreign keys, WAL and a busy timeout.

    SQL parameters (members' names, e-mails) never appear in the text of an error, hence in no log."""
    engine = create_engine(url, future=True, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@dataclass
class Database:
    """An open database: its URL, engine and session factory. One per open file."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        guards.install(self.sessions)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        """What the status bar shows: the file path, or the URL without its password."""
        path = self.path
        return str(path) if path else make_url(self.url).render_as_string(hide_password=True)

    @property
    def location(self) -> str:
        """What to remember to reopen it: the file path, or the URL without its password (which
        stays in the user's pgpass file or is asked again)."""
        path = self.path
        if path:
            return str(path)
        url = make_url(self.url)
        bare = URL.create(url.drivername, url.username, None, url.host, url.port, url.database, url.query)
        return bare.render_as_string(hide_password=False)

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read-only session that sees the base as it was at its first read, whatever another
        window or program commits meanwhile: every figure of a document comes from the same moment.

        SQLite's driver starts no transaction for a SELECT (each statement would see the latest
        commit), hence the explicit BEGIN; PostgreSQL needs REPEATABLE READ for the same. Nothing is
        ever written through it: it is closed, never committed, so its connection goes back to the
        pool rolled back — and the objects read keep their loaded values for the caller."""
        with self.sessions() as session:
            if self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN")
            else:
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session

    def close(self) -> None:
        self.engine.dispose()
