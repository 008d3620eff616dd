"""Running the migrations from code: no ``alembic.ini`` beside the user's data."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = scripts().get_current_head()
    assert head is not None, "no migration shipped"
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in scripts().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in the database, None for a database never migrated."""
    return MigrationContext.configure(connection).get_current_revision()


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
                command.upgrade(_config(connection), revision)
                if sqlite:
                    broken = connection.execute(text("PRAGMA foreign_key_check")).first()
                    if broken is not None:
                        raise RuntimeError(f"foreign key check failed after migration: {tuple(broken)}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
