"""Adhérents : catégorie de cotisation, annulation des paiements

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 02:41:31.382449
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("categorie_cotisation", sa.String(length=100), nullable=True))

    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("annule_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_payments_annule_id"), ["annule_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_payments_annule_id_payments"), "payments", ["annule_id"], ["id"], ondelete="RESTRICT"
        )


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_payments_annule_id_payments"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_payments_annule_id"), type_="unique")
        batch_op.drop_column("annule_id")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("categorie_cotisation")
