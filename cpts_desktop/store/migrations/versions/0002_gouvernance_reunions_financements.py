"""Gouvernance, réunions et financements

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 02:30:06.745637
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "funders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("contact_nom", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("telephone", sa.String(length=20), nullable=True),
        sa.Column("adresse", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funders")),
        sa.UniqueConstraint("nom", name=op.f("uq_funders_nom")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("titre", sa.String(length=200), nullable=False),
        sa.Column("date_heure", sa.DateTime(), nullable=False),
        sa.Column("lieu", sa.String(length=300), nullable=True),
        sa.Column("visio_url", sa.String(length=500), nullable=True),
        sa.Column("statut", sa.String(length=30), nullable=False),
        sa.Column("convocation_date", sa.Date(), nullable=True),
        sa.Column("convocation_canal", sa.String(length=50), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_date_heure"), ["date_heure"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("ordre", sa.Integer(), nullable=False),
        sa.Column("titre", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_agenda_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("funder_id", sa.Integer(), nullable=False),
        sa.Column("objet", sa.String(length=300), nullable=False),
        sa.Column("nature", sa.String(length=30), nullable=False),
        sa.Column("convention_reference", sa.String(length=100), nullable=True),
        sa.Column("date_signature", sa.Date(), nullable=True),
        sa.Column("periode_debut", sa.Date(), nullable=True),
        sa.Column("periode_fin", sa.Date(), nullable=True),
        sa.Column("montant_demande", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("montant_accorde", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("statut", sa.String(length=30), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["funder_id"], ["funders.id"], name=op.f("fk_grants_funder_id_funders"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grants")),
    )
    with op.batch_alter_table("grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grants_funder_id"), ["funder_id"], unique=False)

    op.create_table(
        "statutes_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("titre", sa.String(length=200), nullable=False),
        sa.Column("date_adoption", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("date_declaration_prefecture", sa.Date(), nullable=True),
        sa.Column("delai_convocation_ag_jours", sa.Integer(), nullable=False),
        sa.Column("delai_convocation_ca_jours", sa.Integer(), nullable=False),
        sa.Column("quorum_ago_num", sa.Integer(), nullable=False),
        sa.Column("quorum_ago_den", sa.Integer(), nullable=False),
        sa.Column("quorum_age_num", sa.Integer(), nullable=False),
        sa.Column("quorum_age_den", sa.Integer(), nullable=False),
        sa.Column("majorite_ago_num", sa.Integer(), nullable=False),
        sa.Column("majorite_ago_den", sa.Integer(), nullable=False),
        sa.Column("majorite_age_num", sa.Integer(), nullable=False),
        sa.Column("majorite_age_den", sa.Integer(), nullable=False),
        sa.Column("pouvoirs_max", sa.Integer(), nullable=False),
        sa.Column("duree_mandat_ans", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_statutes_versions_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statutes_versions")),
    )
    op.create_table(
        "attendances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("convoque", sa.Boolean(), nullable=False),
        sa.Column("statut", sa.String(length=30), nullable=True),
        sa.Column("represente_par_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_attendances_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_attendances_member_id_members"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["represente_par_id"],
            ["members.id"],
            name=op.f("fk_attendances_represente_par_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendances")),
        sa.UniqueConstraint("meeting_id", "member_id", name=op.f("uq_attendances_meeting_id_member_id")),
    )
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendances_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("categorie", sa.String(length=30), nullable=False),
        sa.Column("montant_prevu", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_budget_lines_grant_id_grants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint("grant_id", "categorie", name=op.f("uq_budget_lines_grant_id_categorie")),
    )
    op.create_table(
        "expenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("date_depense", sa.Date(), nullable=False),
        sa.Column("libelle", sa.String(length=300), nullable=False),
        sa.Column("montant", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("categorie", sa.String(length=30), nullable=False),
        sa.Column("fournisseur", sa.String(length=200), nullable=True),
        sa.Column("piece", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_expenses_grant_id_grants"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expenses")),
    )
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expenses_grant_id"), ["grant_id"], unique=False)

    op.create_table(
        "grant_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("libelle", sa.String(length=200), nullable=False),
        sa.Column("chemin", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_grant_documents_grant_id_grants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grant_documents")),
    )
    with op.batch_alter_table("grant_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grant_documents_grant_id"), ["grant_id"], unique=False)

    op.create_table(
        "installments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("libelle", sa.String(length=200), nullable=True),
        sa.Column("date_prevue", sa.Date(), nullable=False),
        sa.Column("montant_prevu", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_installments_grant_id_grants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_installments")),
    )
    with op.batch_alter_table("installments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_installments_grant_id"), ["grant_id"], unique=False)

    op.create_table(
        "mandates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("college_id", sa.Integer(), nullable=True),
        sa.Column("date_debut", sa.Date(), nullable=False),
        sa.Column("date_fin", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["college_id"], ["colleges.id"], name=op.f("fk_mandates_college_id_colleges"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_mandates_meeting_id_meetings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_mandates_member_id_members"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandates")),
    )
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mandates_member_id"), ["member_id"], unique=False)

    op.create_table(
        "obligations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("libelle", sa.String(length=200), nullable=True),
        sa.Column("date_echeance", sa.Date(), nullable=False),
        sa.Column("date_remise", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_obligations_grant_id_grants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_obligations")),
    )
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_obligations_date_echeance"), ["date_echeance"], unique=False)
        batch_op.create_index(batch_op.f("ix_obligations_grant_id"), ["grant_id"], unique=False)

    op.create_table(
        "resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("ordre", sa.Integer(), nullable=False),
        sa.Column("texte", sa.Text(), nullable=False),
        sa.Column("majorite", sa.String(length=30), nullable=False),
        sa.Column("voix_pour", sa.Integer(), nullable=True),
        sa.Column("voix_contre", sa.Integer(), nullable=True),
        sa.Column("abstentions", sa.Integer(), nullable=True),
        sa.Column("adoptee", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_resolutions_agenda_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolutions")),
    )
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resolutions_agenda_item_id"), ["agenda_item_id"], unique=False)

    op.create_table(
        "statutes_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statutes_version_id", sa.Integer(), nullable=False),
        sa.Column("ordre", sa.Integer(), nullable=False),
        sa.Column("numero", sa.String(length=20), nullable=False),
        sa.Column("titre", sa.String(length=200), nullable=True),
        sa.Column("texte", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statutes_version_id"],
            ["statutes_versions.id"],
            name=op.f("fk_statutes_articles_statutes_version_id_statutes_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statutes_articles")),
    )
    with op.batch_alter_table("statutes_articles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statutes_articles_statutes_version_id"), ["statutes_version_id"], unique=False
        )

    op.create_table(
        "grant_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("installment_id", sa.Integer(), nullable=True),
        sa.Column("date_reception", sa.Date(), nullable=False),
        sa.Column("montant", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("reference_bancaire", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grants.id"], name=op.f("fk_grant_receipts_grant_id_grants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["installment_id"],
            ["installments.id"],
            name=op.f("fk_grant_receipts_installment_id_installments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grant_receipts")),
    )
    with op.batch_alter_table("grant_receipts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grant_receipts_grant_id"), ["grant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("grant_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_receipts_grant_id"))

    op.drop_table("grant_receipts")
    with op.batch_alter_table("statutes_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statutes_articles_statutes_version_id"))

    op.drop_table("statutes_articles")
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolutions_agenda_item_id"))

    op.drop_table("resolutions")
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_obligations_grant_id"))
        batch_op.drop_index(batch_op.f("ix_obligations_date_echeance"))

    op.drop_table("obligations")
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mandates_member_id"))

    op.drop_table("mandates")
    with op.batch_alter_table("installments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_installments_grant_id"))

    op.drop_table("installments")
    with op.batch_alter_table("grant_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_documents_grant_id"))

    op.drop_table("grant_documents")
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expenses_grant_id"))

    op.drop_table("expenses")
    op.drop_table("budget_lines")
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendances_meeting_id"))

    op.drop_table("attendances")
    op.drop_table("statutes_versions")
    with op.batch_alter_table("grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grants_funder_id"))

    op.drop_table("grants")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_meeting_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_date_heure"))

    op.drop_table("meetings")
    op.drop_table("funders")
