"""Titre d’exercice des adhérents (Dr, Pr, Me), distinct de la civilité

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 23:40:00

The civilité (Madame, Monsieur) carries the gender letters agree with; the title is printed before
the name (« Dr Paul Morel »).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(sa.Column("titre", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("titre")
