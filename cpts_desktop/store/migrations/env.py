"""Alembic environment: always online, on the connection handed over by ``store.migrate``."""

from alembic import context

from cpts_desktop.store import models
from cpts_desktop.store.base import Base

models.load_all()  # every table on the metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
