"""ACI : statut et source de chaque version du barème, condition de signature, condition de la part variable

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 02:40:00

The example the application shipped (« Exemple indicatif (plafonds de l’accord 2019) ») becomes the
2019 accord version: its date in force is 25 August 2019 (not the 21st), its operating part is checked
and its split by mission an example. Its amounts, and the treasurer's own versions, are kept as they
are; the later shipped versions (avenant 2, the observed contract) are added at opening, by name.
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_EXAMPLE = "Exemple indicatif (plafonds de l’accord 2019)"
ACCORD_2019 = "Accord 2019 – répartition par mission : exemple"
SOURCE_2019 = (
    "Accord conventionnel interprofessionnel du 20 juin 2019 (arrêté du 21 août 2019, en vigueur le 25 août "
    "2019) : fonctionnement 50 000 / 60 000 / 75 000 / 90 000 € par taille, vérifié ; répartition par mission : "
    "exemple de l’application."
)


def upgrade() -> None:
    with op.batch_alter_table("aci_accords", schema=None) as batch_op:
        batch_op.add_column(sa.Column("statut", sa.String(length=30), server_default="saisi", nullable=False))
        batch_op.add_column(sa.Column("source", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("signe_avant", sa.Date(), nullable=True))
    with op.batch_alter_table("aci_year_missions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("condition_remplie_le", sa.Date(), nullable=True))
    op.get_bind().execute(
        sa.text(
            "UPDATE aci_accords SET nom = :new, en_vigueur_le = :day, statut = 'fonctionnement_verifie', "
            "source = :source WHERE nom = :old AND NOT EXISTS (SELECT 1 FROM aci_accords WHERE nom = :new)"
        ).bindparams(sa.bindparam("day", type_=sa.Date())),
        {"new": ACCORD_2019, "day": date(2019, 8, 25), "source": SOURCE_2019, "old": OLD_EXAMPLE},
    )


def downgrade() -> None:
    op.get_bind().execute(
        sa.text("UPDATE aci_accords SET nom = :old, en_vigueur_le = :day WHERE nom = :new").bindparams(
            sa.bindparam("day", type_=sa.Date())
        ),
        {"new": ACCORD_2019, "day": date(2019, 8, 21), "old": OLD_EXAMPLE},
    )
    with op.batch_alter_table("aci_year_missions", schema=None) as batch_op:
        batch_op.drop_column("condition_remplie_le")
    with op.batch_alter_table("aci_accords", schema=None) as batch_op:
        batch_op.drop_column("signe_avant")
        batch_op.drop_column("source")
        batch_op.drop_column("statut")
