"""Clé de recherche : 1 000 caractères, ordre binaire sur PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 09:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # « C »: the duplicate check reads a key range, which the server's locale must not reorder.
        op.alter_column("members", "search_key", type_=sa.String(length=1000, collation="C"), existing_nullable=False)
        return
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.alter_column("search_key", existing_type=sa.String(length=500), type_=sa.String(length=1000))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("members", "search_key", type_=sa.String(length=500), existing_nullable=False)
        return
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.alter_column("search_key", existing_type=sa.String(length=1000), type_=sa.String(length=500))
