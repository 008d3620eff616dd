"""Statuts : début de l’exercice social, quorum du conseil d’administration, seconde convocation des assemblées

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 02:40:00

Existing versions get the usual values: an exercice social on the calendar year, a CA quorum of half of
the administrators (the rule the meetings applied until now), a second AGE convened without quorum
(what the former template said) and none for the AGO (the former template said nothing of it). Their
articles are left as they are: an adopted version is the text that was declared.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("statutes_versions") as batch_op:
        batch_op.add_column(sa.Column("quorum_ca_num", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("quorum_ca_den", sa.Integer(), server_default="2", nullable=False))
        batch_op.add_column(sa.Column("seconde_convocation_ago", sa.Boolean(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("seconde_convocation_age", sa.Boolean(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("exercice_debut_jour", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("exercice_debut_mois", sa.Integer(), server_default="1", nullable=False))
    versions = sa.table("statutes_versions", sa.column("seconde_convocation_ago", sa.Boolean()))
    op.execute(versions.update().values(seconde_convocation_ago=False))


def downgrade() -> None:
    with op.batch_alter_table("statutes_versions") as batch_op:
        for column in (
            "exercice_debut_mois",
            "exercice_debut_jour",
            "seconde_convocation_age",
            "seconde_convocation_ago",
            "quorum_ca_den",
            "quorum_ca_num",
        ):
            batch_op.drop_column(column)
