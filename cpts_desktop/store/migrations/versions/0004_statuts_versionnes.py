"""Statuts versionnés : numéro, statut, règles de majorité

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 03:16:43.309451
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("statutes_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("numero", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("statut", sa.String(length=30), server_default="projet", nullable=False))
        batch_op.add_column(sa.Column("majorite_ago", sa.String(length=30), server_default="simple", nullable=False))
        batch_op.add_column(
            sa.Column("majorite_age", sa.String(length=30), server_default="deux_tiers", nullable=False)
        )
        batch_op.add_column(sa.Column("vote_a_jour_requis", sa.Boolean(), server_default="1", nullable=False))
        batch_op.drop_column("majorite_age_num")
        batch_op.drop_column("majorite_ago_num")
        batch_op.drop_column("majorite_age_den")
        batch_op.drop_column("majorite_ago_den")


def downgrade() -> None:
    with op.batch_alter_table("statutes_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("majorite_ago_den", sa.INTEGER(), server_default="2", nullable=False))
        batch_op.add_column(sa.Column("majorite_age_den", sa.INTEGER(), server_default="3", nullable=False))
        batch_op.add_column(sa.Column("majorite_ago_num", sa.INTEGER(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("majorite_age_num", sa.INTEGER(), server_default="2", nullable=False))
        batch_op.drop_column("vote_a_jour_requis")
        batch_op.drop_column("majorite_age")
        batch_op.drop_column("majorite_ago")
        batch_op.drop_column("statut")
        batch_op.drop_column("numero")
