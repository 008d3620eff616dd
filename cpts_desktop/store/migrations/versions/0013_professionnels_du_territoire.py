"""Professionnels du territoire (liste de référence tirée de l’Annuaire Santé) et leurs oppositions

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "professionals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_identifiant", sa.String(length=5), nullable=False),
        sa.Column("identifiant", sa.String(length=11), nullable=False),
        sa.Column("civilite", sa.String(length=30), nullable=True),
        sa.Column("titre", sa.String(length=10), nullable=True),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("prenom", sa.String(length=100), nullable=True),
        sa.Column("profession_code", sa.String(length=3), nullable=False),
        sa.Column("profession_libelle", sa.String(length=100), nullable=True),
        sa.Column("specialite", sa.String(length=150), nullable=True),
        sa.Column("raison_sociale", sa.String(length=200), nullable=True),
        sa.Column("adresse", sa.String(length=200), nullable=True),
        sa.Column("code_postal", sa.String(length=10), nullable=True),
        sa.Column("commune", sa.String(length=100), nullable=True),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("date_extrait", sa.Date(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["communes.id"], name=op.f("fk_professionals_commune_id_communes"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_professionals")),
        sa.UniqueConstraint("identifiant", name=op.f("uq_professionals_identifiant")),
    )
    with op.batch_alter_table("professionals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_professionals_profession_code"), ["profession_code"], unique=False)
    op.create_table(
        "professional_oppositions",
        sa.Column("identifiant", sa.String(length=11), nullable=False),
        sa.Column("date_opposition", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("identifiant", name=op.f("pk_professional_oppositions")),
    )


def downgrade() -> None:
    op.drop_table("professional_oppositions")
    with op.batch_alter_table("professionals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_professionals_profession_code"))
    op.drop_table("professionals")
