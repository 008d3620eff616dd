"""Versements des financeurs : la table grant_receipts devient grant_disbursements, sa colonne
date_reception devient date_versement (« reçu » reste aux seuls reçus de cotisation)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 20:50:00

The rows are copied with their ids, the journal's entries follow the new table name.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "id, grant_id, installment_id, {day}, montant, reference_bancaire"


def _create(table: str, day: str) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("installment_id", sa.Integer(), nullable=True),
        sa.Column(day, sa.Date(), nullable=False),
        sa.Column("montant", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("reference_bancaire", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grants.id"],
            name=op.f(f"fk_{table}_grant_id_grants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["installment_id"],
            ["installments.id"],
            name=op.f(f"fk_{table}_installment_id_installments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_grant_id"), ["grant_id"], unique=False)


def _move(source: str, source_day: str, target: str, target_day: str) -> None:
    """Create ``target``, copy the rows of ``source`` into it with their ids, drop ``source``."""
    _create(target, target_day)
    op.execute(
        f"INSERT INTO {target} ({COLUMNS.format(day=target_day)}) SELECT {COLUMNS.format(day=source_day)} FROM {source}"
    )
    if op.get_bind().dialect.name == "postgresql":  # the id sequence continues after the copied ids
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{target}', 'id'), "
            f"coalesce((SELECT max(id) FROM {target}), 0) + 1, false)"
        )
    op.execute(f"UPDATE audit_log SET table_name = '{target}' WHERE table_name = '{source}'")
    with op.batch_alter_table(source, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f(f"ix_{source}_grant_id"))
    op.drop_table(source)


def upgrade() -> None:
    _move("grant_receipts", "date_reception", "grant_disbursements", "date_versement")


def downgrade() -> None:
    _move("grant_disbursements", "date_versement", "grant_receipts", "date_reception")
