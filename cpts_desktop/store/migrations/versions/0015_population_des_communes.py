"""Population des communes : le chiffre retenu (municipale ou totale) et son année ; plusieurs codes postaux

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 23:50:00

A population typed before this revision keeps no kind nor year (it was typed by hand or taken from a
simple file); codes_postaux becomes a text, La Poste giving up to twenty codes for a commune.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("communes") as batch_op:
        batch_op.alter_column("codes_postaux", existing_type=sa.String(length=60), type_=sa.Text())
        batch_op.add_column(sa.Column("population_type", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("population_annee", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("communes") as batch_op:
        batch_op.drop_column("population_annee")
        batch_op.drop_column("population_type")
        batch_op.alter_column("codes_postaux", existing_type=sa.Text(), type_=sa.String(length=60))
