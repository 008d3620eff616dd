"""Alembic environment: always online, on the connection handed over by ``store.migrate``."""

from alembic import context

import cpts_desktop.store.models  # noqa: F401 - registers every table on the metadata
from cpts_desktop.store.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
