"""Numéros de reçus émis avant une restauration : jamais réattribués

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "receipt_floors",
        sa.Column("annee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dernier_numero", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("annee", name=op.f("pk_receipt_floors")),
    )


def downgrade() -> None:
    op.drop_table("receipt_floors")
