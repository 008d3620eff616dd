"""What each committed transaction wrote, told to whoever listens: the window marks the sections that
show those tables as stale, whatever service, import or dialog did the writing (as Anki's operations
report their changes).

The statements are watched where they reach the database (``before_cursor_execute``), so ORM flushes,
bulk statements and plain SQL are all seen; the tables a transaction wrote are told when it commits,
forgotten when it rolls back. Listeners are called in the thread that commits, just before the commit
reaches the database: they must only take note (the window queues its re-reading), never read the base.
Nothing is watched until someone listens: the command line pays nothing.

Another process writing to the same SQLite file (a colleague's window) is not heard; ``OutsideWrites``
tells, when asked (the window asks when it is activated), whether one did since the last question.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, event

Listener = Callable[[frozenset[str]], None]

# INSERT [OR …] INTO t, REPLACE INTO t, UPDATE [OR …] t, DELETE FROM t — quoted or not
WRITE = re.compile(
    r"""^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`]?(\w+)""",
    re.IGNORECASE,
)
WRITTEN = "cpts_written_tables"  # key of the connection's info: the tables its transaction wrote
NOT_DATA = frozenset({"alembic_version"})


def written_table(statement: str) -> str | None:
    """The table a SQL statement writes to, None for a read (or a schema change)."""
    match = WRITE.match(statement)
    return match.group(1).lower() if match and match.group(1).lower() not in NOT_DATA else None


class Feed:
    """The listeners of one engine."""

    def __init__(self, engine: Engine) -> None:
        self.listeners: list[Listener] = []
        self.commits = 0  # transactions that wrote, in this process
        self.lock = threading.Lock()
        event.listen(engine, "before_cursor_execute", self._executed)
        event.listen(engine, "commit", self._committed)
        event.listen(engine, "rollback", self._rolled_back)

    @staticmethod
    def _executed(connection: Connection, _cursor: object, statement: str, *_rest: object) -> None:
        table = written_table(statement)
        if table is not None:
            connection.info.setdefault(WRITTEN, set()).add(table)

    def _committed(self, connection: Connection) -> None:
        tables = connection.info.pop(WRITTEN, None)
        if tables:
            with self.lock:
                self.commits += 1
                listeners = list(self.listeners)
            for listener in listeners:
                listener(frozenset(tables))

    @staticmethod
    def _rolled_back(connection: Connection) -> None:
        connection.info.pop(WRITTEN, None)


_feeds: WeakKeyDictionary[Engine, Feed] = WeakKeyDictionary()
_feeds_lock = threading.Lock()


def _feed(engine: Engine) -> Feed:
    with _feeds_lock:
        feed = _feeds.get(engine)
        if feed is None:
            feed = _feeds[engine] = Feed(engine)
        return feed


def subscribe(engine: Engine, listener: Listener) -> Callable[[], None]:
    """Call ``listener(tables)`` after each transaction on ``engine`` that wrote; returns what stops it."""
    feed = _feed(engine)
    with feed.lock:
        feed.listeners.append(listener)

    def unsubscribe() -> None:
        with feed.lock:
            if listener in feed.listeners:
                feed.listeners.remove(listener)

    return unsubscribe


class OutsideWrites:
    """Whether another process committed to this SQLite file: its ``data_version`` moves with every
    commit made through another connection, ours included, so this process's own commits (counted by
    the feed) are set apart. A commit of ours and one from outside between two questions read as ours:
    the next outside one is told."""

    def __init__(self, engine: Engine) -> None:
        self.feed = _feed(engine)
        self.connection = engine.raw_connection()  # its own, kept: data_version is per connection
        self.version, self.commits = self._version(), self.feed.commits

    def _version(self) -> int:
        cursor = self.connection.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            row = cursor.fetchone()
        finally:
            cursor.close()
        return int(row[0]) if row else 0

    def check(self) -> bool:
        version, commits = self._version(), self.feed.commits
        outside = version != self.version and commits == self.commits
        self.version, self.commits = version, commits
        return outside

    def close(self) -> None:
        self.connection.close()
