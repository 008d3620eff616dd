"""Déclarations en préfecture : changements décidés, délai de trois mois, dépôt et récépissé

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 02:40:00

Statutes already adopted become declarations: open when not yet declared, filed on their date when the
base recorded one, so that the reminder the application showed carries on from the new records.
"""

import calendar
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "prefecture_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("formulaire", sa.String(length=30), nullable=False),
        sa.Column("date_decision", sa.Date(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("instance", sa.String(length=200), nullable=True),
        sa.Column("date_limite", sa.Date(), nullable=False),
        sa.Column("date_depot", sa.Date(), nullable=True),
        sa.Column("recepisse_numero", sa.String(length=50), nullable=True),
        sa.Column("recepisse_date", sa.Date(), nullable=True),
        sa.Column("recepisse_nom_fichier", sa.String(length=255), nullable=True),
        sa.Column("recepisse_fichier", sa.LargeBinary(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_prefecture_declarations_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prefecture_declarations")),
    )
    op.create_table(
        "prefecture_declaration_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("ordre", sa.Integer(), nullable=False),
        sa.Column("objet", sa.String(length=30), nullable=False),
        sa.Column("libelle", sa.String(length=300), nullable=False),
        sa.Column("ancien", sa.Text(), nullable=True),
        sa.Column("nouveau", sa.Text(), nullable=True),
        sa.Column("statutes_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["prefecture_declarations.id"],
            name=op.f("fk_prefecture_declaration_changes_declaration_id_prefecture_declarations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statutes_version_id"],
            ["statutes_versions.id"],
            name=op.f("fk_prefecture_declaration_changes_statutes_version_id_statutes_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prefecture_declaration_changes")),
    )
    with op.batch_alter_table("prefecture_declaration_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prefecture_declaration_changes_declaration_id"), ["declaration_id"], unique=False
        )
    _statutes_become_declarations()


def _three_months_later(day: date) -> date:
    month = day.month + 2
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _statutes_become_declarations() -> None:
    """Each adopted statutes version: a CERFA 13972 declaration, filed on the date the base recorded."""
    connection = op.get_bind()
    versions = connection.execute(
        sa.text(
            "SELECT id, numero, date_adoption, meeting_id, date_declaration_prefecture FROM statutes_versions "
            "WHERE kind = 'statuts' AND statut IN ('adoptee', 'declaree') AND date_adoption IS NOT NULL "
            "ORDER BY date_adoption, numero"
        )
    ).all()
    for version_id, numero, adopted, meeting_id, declared in versions:
        adopted = adopted if isinstance(adopted, date) else date.fromisoformat(str(adopted))
        connection.execute(
            sa.text(
                "INSERT INTO prefecture_declarations (formulaire, date_decision, meeting_id, date_limite, date_depot) "
                "VALUES ('13972', :decision, :meeting, :limit, :filed)"
            ),
            {"decision": adopted, "meeting": meeting_id, "limit": _three_months_later(adopted), "filed": declared},
        )
        # the row just written (lastrowid is SQLite's, RETURNING too recent for some SQLite versions)
        declaration_id = connection.execute(sa.text("SELECT max(id) FROM prefecture_declarations")).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO prefecture_declaration_changes "
                "(declaration_id, ordre, objet, libelle, statutes_version_id) "
                "VALUES (:declaration, 1, 'statuts', :label, :version)"
            ),
            {"declaration": declaration_id, "label": f"Nouveaux statuts (version {numero})", "version": version_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("prefecture_declaration_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prefecture_declaration_changes_declaration_id"))
    op.drop_table("prefecture_declaration_changes")
    op.drop_table("prefecture_declarations")
