"""Engine and session factory, with the SQLite settings that keep data safe.

A location is either a file path (SQLite) or a full SQLAlchemy URL, e.g. a shared PostgreSQL server:
``postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

import threading
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
    from sqlalchemy.engine.interfaces import CompiledCacheType, DBAPIConnection, Dialect
    from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 5000

# The statements compiled for one base serve every base of the same kind opened later by this program: see
# ``_share_compiled_statements``. Keyed by what the SQL text depends on; guarded, as workers open bases too.
_COMPILED: dict[tuple[object, ...], tuple[Dialect, CompiledCacheType | None]] = {}
_COMPILED_LOCK = threading.Lock()


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
    _share_compiled_statements(engine)
    return engine


def _share_compiled_statements(engine: Engine) -> None:
    """Let ``engine`` use the dialect, hence the compiled statements, of an earlier engine on the same kind
    of base. SQLAlchemy keeps compiled SQL per engine, keyed by its dialect object, so every base opened
    (a backup checked, a restored copy, the base reopened, each test's) compiled every statement again:
    compiling, not running, was the larger part of a short action's time.

    The dialect is adopted once the engine's first connection has set it up (the listener runs after
    SQLAlchemy's own), and only from an engine it is interchangeable with: SQLite files all use the same
    library; a server's bases share the dialect only with the same server, login, version and settings."""

    def adopt(_dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        dialect = engine.dialect
        key = _dialect_key(engine.url, dialect)
        with _COMPILED_LOCK:
            engine.dialect, engine._compiled_cache = _COMPILED.setdefault(key, (dialect, engine._compiled_cache))

    event.listen(engine, "connect", adopt, once=True)


def _dialect_key(url: URL, dialect: Dialect) -> tuple[object, ...]:
    """What the text of a compiled statement depends on besides the statement itself: the dialect's class
    and the plain values it set from the server it met (its version, default schema, flags, lengths)."""
    server = () if dialect.name == "sqlite" else (url.username, url.host, url.port, tuple(sorted(url.query.items())))
    settings = tuple(sorted((name, value) for name, value in vars(dialect).items() if _is_setting(value)))
    return (type(dialect), server, settings)


def _is_setting(value: object) -> bool:
    """A plain value (a number, a flag, a name, a version): part of a dialect's identity."""
    if isinstance(value, tuple):
        return all(_is_setting(item) for item in value)
    return value is None or isinstance(value, bool | int | float | str)


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
