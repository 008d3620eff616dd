"""Registre des adhérents : association, territoire, collèges, membres, cotisations, journal

Revision ID: 0001
Revises:
Create Date: 2026-11-24 02:30:06.745637
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "association",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("sigle", sa.String(length=50), nullable=True),
        sa.Column("objet", sa.Text(), nullable=True),
        sa.Column("adresse", sa.String(length=200), nullable=True),
        sa.Column("code_postal", sa.String(length=10), nullable=True),
        sa.Column("commune", sa.String(length=100), nullable=True),
        sa.Column("rna", sa.String(length=10), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("date_declaration", sa.Date(), nullable=True),
        sa.Column("prefecture", sa.String(length=100), nullable=True),
        sa.Column("date_publication_joafe", sa.Date(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("telephone", sa.String(length=20), nullable=True),
        sa.Column("site_web", sa.String(length=200), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("logo_path", sa.String(length=500), nullable=True),
        sa.Column("exercice_start_month", sa.Integer(), server_default="1", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("moment", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("utilisateur", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("table_name", sa.String(length=50), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("resume", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_moment"), ["moment"], unique=False)

    op.create_table(
        "colleges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nom", sa.String(length=150), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("sieges_ca", sa.Integer(), server_default="0", nullable=False),
        sa.Column("ordre", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_colleges")),
        sa.UniqueConstraint("nom", name=op.f("uq_colleges_nom")),
    )
    op.create_table(
        "communes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("nom", sa.String(length=100), nullable=False),
        sa.Column("codes_postaux", sa.String(length=60), nullable=True),
        sa.Column("population", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communes")),
        sa.UniqueConstraint("code_insee", name=op.f("uq_communes_code_insee")),
    )
    op.create_table(
        "cotisation_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("annee", sa.Integer(), nullable=False),
        sa.Column("libelle", sa.String(length=100), nullable=False),
        sa.Column("member_kind", sa.String(length=30), nullable=True),
        sa.Column("montant", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cotisation_rates")),
        sa.UniqueConstraint("annee", "libelle", name=op.f("uq_cotisation_rates_annee_libelle")),
    )
    op.create_table(
        "professions",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("libelle", sa.String(length=100), nullable=False),
        sa.Column("auxiliaire_medical", sa.Boolean(), nullable=False),
        sa.Column("synonymes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_professions")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("civilite", sa.String(length=30), nullable=True),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("prenom", sa.String(length=100), nullable=True),
        sa.Column("profession_code", sa.String(length=3), nullable=True),
        sa.Column("specialite", sa.String(length=100), nullable=True),
        sa.Column("rpps", sa.String(length=11), nullable=True),
        sa.Column("adeli", sa.String(length=9), nullable=True),
        sa.Column("mode_exercice", sa.String(length=30), nullable=True),
        sa.Column("structure_exercice", sa.String(length=200), nullable=True),
        sa.Column("structure_type", sa.String(length=30), nullable=True),
        sa.Column("finess", sa.String(length=9), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("representant_id", sa.Integer(), nullable=True),
        sa.Column("adresse", sa.String(length=200), nullable=True),
        sa.Column("code_postal", sa.String(length=10), nullable=True),
        sa.Column("commune", sa.String(length=100), nullable=True),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("telephone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("college_id", sa.Integer(), nullable=True),
        sa.Column("date_adhesion", sa.Date(), nullable=True),
        sa.Column("date_sortie", sa.Date(), nullable=True),
        sa.Column("statut", sa.String(length=30), nullable=False),
        sa.Column("rgpd_consentement", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_key", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["college_id"], ["colleges.id"], name=op.f("fk_members_college_id_colleges"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["communes.id"], name=op.f("fk_members_commune_id_communes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["profession_code"], ["professions.code"], name=op.f("fk_members_profession_code_professions")
        ),
        sa.ForeignKeyConstraint(
            ["representant_id"],
            ["members.id"],
            name=op.f("fk_members_representant_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_finess"), ["finess"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_rpps"), ["rpps"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_search_key"), ["search_key"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("annee", sa.Integer(), nullable=False),
        sa.Column("montant", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("date_paiement", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("numero_recu", sa.String(length=30), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_payments_member_id_members"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("numero_recu", name=op.f("uq_payments_numero_recu")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_annee"), ["annee"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_member_id"))
        batch_op.drop_index(batch_op.f("ix_payments_annee"))

    op.drop_table("payments")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_search_key"))
        batch_op.drop_index(batch_op.f("ix_members_rpps"))
        batch_op.drop_index(batch_op.f("ix_members_finess"))
        batch_op.drop_index(batch_op.f("ix_members_email"))

    op.drop_table("members")
    op.drop_table("professions")
    op.drop_table("cotisation_rates")
    op.drop_table("communes")
    op.drop_table("colleges")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_moment"))

    op.drop_table("audit_log")
    op.drop_table("association")
