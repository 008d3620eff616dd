"""Numéros de reçus : un compteur par année (le dernier numéro émis) au lieu de relire tous les reçus

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 19:50:00

The counter of a year starts at the highest number its payments carry, or at the floor a restore
wrote (``receipt_floors``, merged into the counter and dropped).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _highest(connection: sa.Connection, query: str) -> dict[int, int]:
    """Per year, the highest rank among numbers « 2026-0042 » (anything else is ignored)."""
    highest: dict[int, int] = {}
    for (number,) in connection.execute(sa.text(query)):
        year, _dash, rank = str(number).partition("-")
        if year.isdigit() and rank.isdigit():
            highest[int(year)] = max(highest.get(int(year), 0), int(rank))
    return highest


def _copy(connection: sa.Connection, table: str, counters: dict[int, int]) -> None:
    if counters:
        connection.execute(
            sa.text(f"INSERT INTO {table} (annee, dernier_numero) VALUES (:annee, :numero)"),
            [{"annee": year, "numero": number} for year, number in sorted(counters.items())],
        )


def upgrade() -> None:
    op.create_table(
        "receipt_sequences",
        sa.Column("annee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dernier_numero", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("annee", name=op.f("pk_receipt_sequences")),
    )
    connection = op.get_bind()
    counters = _highest(connection, "SELECT numero_recu FROM payments WHERE numero_recu IS NOT NULL")
    for year, floor in connection.execute(sa.text("SELECT annee, dernier_numero FROM receipt_floors")):
        counters[year] = max(counters.get(year, 0), floor)
    _copy(connection, "receipt_sequences", counters)
    op.drop_table("receipt_floors")


def downgrade() -> None:
    op.create_table(
        "receipt_floors",
        sa.Column("annee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dernier_numero", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("annee", name=op.f("pk_receipt_floors")),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT annee, dernier_numero FROM receipt_sequences"))
    counters: dict[int, int] = {year: number for year, number in rows}
    _copy(connection, "receipt_floors", counters)
    op.drop_table("receipt_sequences")
