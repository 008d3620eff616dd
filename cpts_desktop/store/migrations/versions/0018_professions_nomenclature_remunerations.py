"""Professions de la nomenclature nationale (catégorie, codes retirés) et rémunérations des professionnels

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 02:45:00

A profession the reference file no longer lists (97 « Conseiller en génétique ») keeps its row for the
members who have it; the opening sync marks it out of the nomenclature and fills the categories.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("professions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("categorie", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("en_nomenclature", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        "remunerations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("jour", sa.Date(), nullable=False),
        sa.Column("montant", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("libelle", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_remunerations_member_id_members"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remunerations")),
    )
    with op.batch_alter_table("remunerations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_remunerations_jour"), ["jour"], unique=False)
        batch_op.create_index(batch_op.f("ix_remunerations_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("remunerations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remunerations_member_id"))
        batch_op.drop_index(batch_op.f("ix_remunerations_jour"))
    op.drop_table("remunerations")
    with op.batch_alter_table("professions", schema=None) as batch_op:
        batch_op.drop_column("en_nomenclature")
        batch_op.drop_column("categorie")
