"""Courrier électronique : réglages du serveur d’envoi, modèles de messages, boîte d’envoi (preuve des envois)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 02:05:29

The password of the mail server is never stored here: it lives in the operating system's keyring.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serveur", sa.String(length=255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column(
            "securite",
            sa.String(length=30),
            nullable=False,
        ),
        sa.Column("identifiant", sa.String(length=255), nullable=True),
        sa.Column("expediteur_nom", sa.String(length=200), nullable=True),
        sa.Column("expediteur_adresse", sa.String(length=254), nullable=False),
        sa.Column("repondre_a", sa.String(length=254), nullable=True),
        sa.Column("messages_par_minute", sa.Integer(), server_default="30", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_settings")),
    )
    op.create_table(
        "mail_templates",
        sa.Column(
            "nature",
            sa.String(length=30),
            nullable=False,
        ),
        sa.Column("objet", sa.String(length=300), nullable=False),
        sa.Column("corps", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("nature", name=op.f("pk_mail_templates")),
    )
    op.create_table(
        "outgoing_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot", sa.String(length=36), nullable=False),
        sa.Column("lot_libelle", sa.String(length=300), nullable=False),
        sa.Column(
            "nature",
            sa.String(length=30),
            nullable=False,
        ),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("destinataire", sa.String(length=254), nullable=False),
        sa.Column("destinataire_nom", sa.String(length=300), nullable=True),
        sa.Column("objet", sa.String(length=300), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("pieces_jointes", sa.Text(), nullable=True),
        sa.Column(
            "statut",
            sa.String(length=30),
            nullable=False,
        ),
        sa.Column("tentatives", sa.Integer(), server_default="0", nullable=False),
        sa.Column("prochain_essai", sa.DateTime(), nullable=True),
        sa.Column("cree_le", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("envoye_le", sa.DateTime(), nullable=True),
        sa.Column("reponse_serveur", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_outgoing_messages_meeting_id_meetings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_outgoing_messages_member_id_members"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_outgoing_messages_payment_id_payments"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_messages")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outgoing_messages_message_id")),
    )
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outgoing_messages_lot"), ["lot"], unique=False)
        batch_op.create_index(batch_op.f("ix_outgoing_messages_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outgoing_messages_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_outgoing_messages_statut_prochain_essai", ["statut", "prochain_essai"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_messages_statut_prochain_essai")
        batch_op.drop_index(batch_op.f("ix_outgoing_messages_member_id"))
        batch_op.drop_index(batch_op.f("ix_outgoing_messages_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_outgoing_messages_lot"))

    op.drop_table("outgoing_messages")
    op.drop_table("mail_templates")
    op.drop_table("mail_settings")
