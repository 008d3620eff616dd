"""Running the migrations from code: no ``alembic.ini`` beside the user's data.

A SQLite base is upgraded all or nothing: on a copy beside it, checked, then renamed over it, so a
process killed at any moment leaves either the old base or the upgraded one, each whole.

Alembic is imported only to migrate: the shipped revisions are read from the version files' own
``revision`` and ``down_revision`` lines, and a base's revision by a plain query, so that opening an
up-to-date base (every start of the application) does not pay for it. SQLAlchemy too is imported by
the functions that use it: a command reading a SQLite base with sqlite3 alone checks its revision here.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cpts_desktop.store.sqlite_files import COMPANIONS, companion, fsync

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
WORK_SUFFIX = ".migration"


class MigrationFailed(Exception):
    """The upgraded copy failed its checks; the base itself was left as it was."""


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@functools.cache
def scripts() -> ScriptDirectory:
    """The shipped migrations as Alembic reads them, once per process."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


@functools.cache
def _shipped() -> dict[str, tuple[str, ...]]:
    """Each shipped revision and the revisions it follows, from the assignments of its version file."""
    shipped: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values = _revision_lines(path.read_text(encoding="utf-8"))
        down = values.get("down_revision")
        follows = down if isinstance(down, tuple | list) else (down,) if down else ()
        shipped[str(values["revision"])] = tuple(str(revision) for revision in follows)
    return shipped


# « revision: str = "0011" » on one line, as every version file writes it.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def _revision_lines(source: str) -> dict[str, object]:
    """The values of ``revision`` and ``down_revision`` in a version file: read from their lines (parsing
    every file took longer than the rest of an opening), or from the whole file when a value spans lines."""
    try:
        return {name: ast.literal_eval(value) for name, value in _REVISION_LINE.findall(source)}
    except (SyntaxError, ValueError):
        return dict(_assignments(ast.parse(source), ("revision", "down_revision")))


def _assignments(module: ast.Module, names: tuple[str, ...]) -> list[tuple[str, object]]:
    """The literal values given to ``names`` at the top of ``module`` (« revision: str = "0011" »)."""
    found = []
    target: ast.expr
    for node in module.body:
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            found.append((target.id, ast.literal_eval(value)))
    return found


def head_revision() -> str:
    """The revision no other shipped revision follows."""
    followed = {down for downs in _shipped().values() for down in downs}
    heads = [revision for revision in _shipped() if revision not in followed]
    assert len(heads) == 1, f"one head expected among the shipped migrations, found {heads}"
    return heads[0]


def known_revisions() -> set[str]:
    return set(_shipped())


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in the database, None for a database never migrated."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return current_revision(connection)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction.

    SQLite rebuilds tables for some ALTERs; foreign keys are switched off meanwhile (they cannot be
    switched inside a transaction) and checked before the transaction commits.
    """
    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                from alembic import command
                from sqlalchemy import text

                command.upgrade(_config(connection), revision)
                if sqlite:
                    broken = connection.execute(text("PRAGMA foreign_key_check")).first()
                    if broken is not None:
                        raise RuntimeError(f"foreign key check failed after migration: {tuple(broken)}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def work_path(path: Path) -> Path:
    """The copy on which the base at ``path`` is upgraded before it replaces the base."""
    return path.with_name(path.name + WORK_SUFFIX)


def leftovers(path: Path) -> list[Path]:
    """What an interrupted upgrade of ``path`` may have left beside it (the copy and its companions)."""
    work = work_path(path)
    return [found for found in (work, *(companion(work, suffix) for suffix in COMPANIONS)) if found.exists()]


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the copy of an interrupted upgrade of ``path`` (never the base or its own companions)."""
    removed = leftovers(path)
    for found in removed:
        found.unlink(missing_ok=True)
    return removed


def upgrade_file(path: Path, keep_copy: Callable[[sqlite3.Connection, str], object], wait: float) -> None:
    """Bring the SQLite base at ``path`` (created if missing) to the head revision, all or nothing.

    The base is first held alone: leaving WAL mode fails at once while another connection has it open
    (raised as SQLite's « database is locked »), and an exclusive lock then keeps every other program
    out until the end. ``keep_copy(connection, revision)`` saves the old base; it is copied with
    SQLite's backup API into ``<base>.migration``, the copy upgraded and checked (integrity, foreign
    keys, revision), then renamed over the base. Raises ``MigrationFailed`` if the copy fails a check.
    """
    source = sqlite3.connect(path, timeout=wait, isolation_level=None)
    try:
        _hold_alone(source)
        revision = sqlite_revision(source)
        if revision == head_revision():
            return  # another process upgraded it meanwhile
        if revision is not None:
            keep_copy(source, revision)
        work = work_path(path)
        remove_leftovers(path)
        try:
            _copy_into(source, work, stat.S_IMODE(path.stat().st_mode))
            _upgrade_copy(work)
            fsync(work)
            if os.name == "nt":
                source.close()  # Windows cannot rename over a file still open
            os.replace(work, path)
        except BaseException:
            remove_leftovers(path)
            raise
        fsync(path.parent)
    finally:
        source.close()


def _hold_alone(connection: sqlite3.Connection) -> None:
    """Take the base for this connection only, or raise « database is locked » if another has it open."""
    mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise sqlite3.OperationalError("database is locked")
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")  # in exclusive locking mode, the lock outlives the transaction
    connection.execute("COMMIT")


def sqlite_revision(connection: sqlite3.Connection) -> str | None:
    """The revision recorded in the base behind a plain sqlite3 connection, None for one never migrated."""
    found = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    if found.fetchone() is None:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _copy_into(source: sqlite3.Connection, target: Path, mode: int) -> None:
    """A self-contained copy of ``source`` at ``target``, with the file mode of the base it replaces."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
    destination = sqlite3.connect(target)
    try:
        _unsynchronised(destination)
        source.backup(destination)
    finally:
        destination.close()


def _upgrade_copy(work: Path) -> None:
    """Migrate the copy, switch it to WAL (what every opening asks for: no switch left to interrupt
    at its first opening) and check it; its WAL is folded into the file when the connection closes."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    engine = create_engine(f"sqlite:///{work}", poolclass=NullPool)
    event.listen(engine, "connect", lambda connection, _record: _unsynchronised(connection))
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    connection = sqlite3.connect(work, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise MigrationFailed(f"integrity_check: {problems[:5]}")
        broken = connection.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise MigrationFailed(f"foreign_key_check: {tuple(broken)}")
        revision = sqlite_revision(connection)
        if revision != head_revision():
            raise MigrationFailed(f"revision {revision} after upgrade, {head_revision()} expected")
    finally:
        connection.close()


def _unsynchronised(connection: sqlite3.Connection) -> None:
    """No journal file and no sync while the copy is written: a copy interrupted is thrown away, and
    the complete one is synced once before it replaces the base."""
    connection.execute("PRAGMA journal_mode=MEMORY")
    connection.execute("PRAGMA synchronous=OFF")
