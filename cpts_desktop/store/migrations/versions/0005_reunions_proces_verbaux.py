"""Réunions : séance, procès-verbal, effets des résolutions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 03:33:39.310542
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manuel", sa.Boolean(), server_default="0", nullable=False))

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("president_seance_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("secretaire_seance_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("heure_cloture", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("pv_texte", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("pv_statut", sa.String(length=30), server_default="brouillon", nullable=False))
        batch_op.add_column(sa.Column("pv_approuve_le", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_president_seance_id_members"),
            "members",
            ["president_seance_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_secretaire_seance_id_members"),
            "members",
            ["secretaire_seance_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effet", sa.String(length=30), server_default="aucun", nullable=False))
        batch_op.add_column(sa.Column("statutes_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_resolutions_statutes_version_id_statutes_versions"),
            "statutes_versions",
            ["statutes_version_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_resolutions_statutes_version_id_statutes_versions"), type_="foreignkey")
        batch_op.drop_column("statutes_version_id")
        batch_op.drop_column("effet")

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meetings_secretaire_seance_id_members"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_meetings_president_seance_id_members"), type_="foreignkey")
        batch_op.drop_column("pv_approuve_le")
        batch_op.drop_column("pv_statut")
        batch_op.drop_column("pv_texte")
        batch_op.drop_column("heure_cloture")
        batch_op.drop_column("secretaire_seance_id")
        batch_op.drop_column("president_seance_id")

    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.drop_column("manuel")
