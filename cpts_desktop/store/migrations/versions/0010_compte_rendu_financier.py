"""Compte rendu financier (CERFA n° 15059*02) : bilan qualitatif, annexe et autres ressources saisis

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 17:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "financial_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("annee", sa.Integer(), nullable=False),
        sa.Column("bilan_actions", sa.Text(), nullable=True),
        sa.Column("bilan_public", sa.Text(), nullable=True),
        sa.Column("bilan_indicateurs", sa.Text(), nullable=True),
        sa.Column("annexe_ecarts", sa.Text(), nullable=True),
        sa.Column("annexe_charges_indirectes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_financial_reports_grant_id_grants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financial_reports")),
        sa.UniqueConstraint("grant_id", "annee", name=op.f("uq_financial_reports_grant_id_annee")),
    )
    op.create_table(
        "financial_report_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("nature", sa.String(length=30), nullable=False),
        sa.Column("libelle", sa.String(length=200), nullable=True),
        sa.Column("prevu", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("realise", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["financial_reports.id"],
            name=op.f("fk_financial_report_lines_report_id_financial_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financial_report_lines")),
    )
    with op.batch_alter_table("financial_report_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_financial_report_lines_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    op.drop_table("financial_report_lines")
    op.drop_table("financial_reports")
