"""The projet de santé: actions under the six missions, and the time members spend on CPTS work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.domain.enums import AciMission, ActionStatus
from cpts_desktop.store.base import Base, Timestamped, Versioned

action_grants = Table(
    "action_grants",
    Base.metadata,
    Column("action_id", ForeignKey("health_actions.id", ondelete="CASCADE"), primary_key=True),
    Column("grant_id", ForeignKey("grants.id", ondelete="CASCADE"), primary_key=True),
)


class HealthAction(Versioned, Base):
    __tablename__ = "health_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    titre: Mapped[str] = mapped_column(String(300))
    mission: Mapped[AciMission]
    pilote_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    statut: Mapped[ActionStatus] = mapped_column(default=ActionStatus.PLANNED)
    debut: Mapped[date | None]
    fin: Mapped[date | None]
    indicateurs: Mapped[str | None] = mapped_column(Text)
    aci_indicator_id: Mapped[int | None] = mapped_column(ForeignKey("aci_indicators.id", ondelete="SET NULL"))


class IndemnityRate(Timestamped, Base):
    """The hourly rate paid for one kind of activity (réunion, groupe de travail, action…)."""

    __tablename__ = "indemnity_rates"

    id: Mapped[int] = mapped_column(primary_key=True)
    activite: Mapped[str] = mapped_column(String(100), unique=True)
    taux_horaire: Mapped[Decimal]


class TimeEntry(Timestamped, Base):
    """Hours a member spent on CPTS work; the amount is fixed when entered, and the entry is paid once
    an expense (of the grant that funds it) carries it."""

    __tablename__ = "time_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    jour: Mapped[date] = mapped_column(index=True)
    rate_id: Mapped[int] = mapped_column(ForeignKey("indemnity_rates.id", ondelete="RESTRICT"))
    heures: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    montant: Mapped[Decimal]
    description: Mapped[str | None] = mapped_column(String(300))
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("grants.id", ondelete="SET NULL"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("health_actions.id", ondelete="SET NULL"))
    expense_id: Mapped[int | None] = mapped_column(ForeignKey("expenses.id", ondelete="SET NULL"), index=True)


class Remuneration(Timestamped, Base):
    """What the CPTS paid a professional as salary or rémunération (entered by the treasurer): it counts with
    the indemnités against the yearly cap of art. D.1434-44 CSP. A record of a payment already made, kept
    apart from the expenses because salaries often go through a payroll the accounts only see in total."""

    __tablename__ = "remunerations"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    jour: Mapped[date] = mapped_column(index=True)
    montant: Mapped[Decimal]
    libelle: Mapped[str] = mapped_column(String(300))
