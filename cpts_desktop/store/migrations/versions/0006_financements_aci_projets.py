"""Financements : ACI, projet de santé, indemnisation

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 05:50:54.182665
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "aci_accords",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("en_vigueur_le", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aci_accords")),
        sa.UniqueConstraint("nom", name=op.f("uq_aci_accords_nom")),
    )
    op.create_table(
        "indemnity_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activite", sa.String(length=100), nullable=False),
        sa.Column("taux_horaire", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indemnity_rates")),
        sa.UniqueConstraint("activite", name=op.f("uq_indemnity_rates_activite")),
    )
    op.create_table(
        "aci_amounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accord_id", sa.Integer(), nullable=False),
        sa.Column("taille", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=30), nullable=False),
        sa.Column("part_fixe", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("part_variable", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["accord_id"], ["aci_accords.id"], name=op.f("fk_aci_amounts_accord_id_aci_accords"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aci_amounts")),
        sa.UniqueConstraint("accord_id", "taille", "mission", name=op.f("uq_aci_amounts_accord_id_taille_mission")),
    )
    op.create_table(
        "aci_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("annee", sa.Integer(), nullable=False),
        sa.Column("taille", sa.Integer(), nullable=False),
        sa.Column("accord_id", sa.Integer(), nullable=True),
        sa.Column("verse", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["accord_id"], ["aci_accords.id"], name=op.f("fk_aci_years_accord_id_aci_accords"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_aci_years_grant_id_grants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aci_years")),
        sa.UniqueConstraint("grant_id", "annee", name=op.f("uq_aci_years_grant_id_annee")),
    )
    with op.batch_alter_table("aci_years", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aci_years_grant_id"), ["grant_id"], unique=False)

    op.create_table(
        "aci_year_missions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aci_year_id", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=30), nullable=False),
        sa.Column("part_fixe", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("part_variable", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["aci_year_id"],
            ["aci_years.id"],
            name=op.f("fk_aci_year_missions_aci_year_id_aci_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aci_year_missions")),
        sa.UniqueConstraint("aci_year_id", "mission", name=op.f("uq_aci_year_missions_aci_year_id_mission")),
    )
    op.create_table(
        "aci_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_mission_id", sa.Integer(), nullable=False),
        sa.Column("libelle", sa.String(length=300), nullable=False),
        sa.Column("cible", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("realise", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("poids", sa.Numeric(precision=6, scale=2), server_default="1", nullable=False),
        sa.Column("mode", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["year_mission_id"],
            ["aci_year_missions.id"],
            name=op.f("fk_aci_indicators_year_mission_id_aci_year_missions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aci_indicators")),
    )
    with op.batch_alter_table("aci_indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aci_indicators_year_mission_id"), ["year_mission_id"], unique=False)

    op.create_table(
        "health_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("titre", sa.String(length=300), nullable=False),
        sa.Column("mission", sa.String(length=30), nullable=False),
        sa.Column("pilote_id", sa.Integer(), nullable=True),
        sa.Column("statut", sa.String(length=30), nullable=False),
        sa.Column("debut", sa.Date(), nullable=True),
        sa.Column("fin", sa.Date(), nullable=True),
        sa.Column("indicateurs", sa.Text(), nullable=True),
        sa.Column("aci_indicator_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["aci_indicator_id"],
            ["aci_indicators.id"],
            name=op.f("fk_health_actions_aci_indicator_id_aci_indicators"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pilote_id"], ["members.id"], name=op.f("fk_health_actions_pilote_id_members"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_actions")),
    )
    op.create_table(
        "action_grants",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["health_actions.id"],
            name=op.f("fk_action_grants_action_id_health_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_action_grants_grant_id_grants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("action_id", "grant_id", name=op.f("pk_action_grants")),
    )
    op.create_table(
        "time_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("jour", sa.Date(), nullable=False),
        sa.Column("rate_id", sa.Integer(), nullable=False),
        sa.Column("heures", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("montant", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=True),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("expense_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["health_actions.id"],
            name=op.f("fk_time_entries_action_id_health_actions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["expense_id"], ["expenses.id"], name=op.f("fk_time_entries_expense_id_expenses"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_time_entries_grant_id_grants"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_time_entries_member_id_members"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["rate_id"],
            ["indemnity_rates.id"],
            name=op.f("fk_time_entries_rate_id_indemnity_rates"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_entries")),
    )
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_time_entries_expense_id"), ["expense_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_time_entries_jour"), ["jour"], unique=False)
        batch_op.create_index(batch_op.f("ix_time_entries_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_time_entries_member_id"))
        batch_op.drop_index(batch_op.f("ix_time_entries_jour"))
        batch_op.drop_index(batch_op.f("ix_time_entries_expense_id"))

    op.drop_table("time_entries")
    op.drop_table("action_grants")
    op.drop_table("health_actions")
    with op.batch_alter_table("aci_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aci_indicators_year_mission_id"))

    op.drop_table("aci_indicators")
    op.drop_table("aci_year_missions")
    with op.batch_alter_table("aci_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aci_years_grant_id"))

    op.drop_table("aci_years")
    op.drop_table("aci_amounts")
    op.drop_table("indemnity_rates")
    op.drop_table("aci_accords")
