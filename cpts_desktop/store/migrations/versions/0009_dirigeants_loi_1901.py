"""Dirigeants (loi 1901 art. 5) : nationalité des adhérents, représentant d’une structure au conseil,
version des mandats

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 17:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPRESENTATIVE = (
    ("representant_civilite", sa.String(length=30)),
    ("representant_prenom", sa.String(length=100)),
    ("representant_nom", sa.String(length=200)),
    ("representant_fonction", sa.String(length=100)),
)


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nationalite", sa.String(length=60), nullable=True))
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        for name, kind in REPRESENTATIVE:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        for name, _kind in reversed(REPRESENTATIVE):
            batch_op.drop_column(name)
        batch_op.drop_column("version")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("nationalite")
