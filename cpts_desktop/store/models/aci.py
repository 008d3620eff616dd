"""The ACI contract: the amounts table of each accord or avenant, and each contract year with its
signed missions and their indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpts_desktop.domain.enums import AciMission, IndicatorMode
from cpts_desktop.domain.grants import AciVersionStatus
from cpts_desktop.store.base import Base, Timestamped, Versioned


class AciAccord(Timestamped, Base):
    """A version of the amounts (the 2019 accord, an avenant, the contract signed by this CPTS), with how
    far it can be trusted and where it comes from; ``signe_avant`` limits it to the CPTS whose contract
    was signed before that date (avenant 2's raised operating part)."""

    __tablename__ = "aci_accords"

    id: Mapped[int] = mapped_column(primary_key=True)
    nom: Mapped[str] = mapped_column(String(200), unique=True)
    en_vigueur_le: Mapped[date]
    notes: Mapped[str | None] = mapped_column(Text)
    statut: Mapped[AciVersionStatus] = mapped_column(default=AciVersionStatus.OWN, server_default="saisi")
    source: Mapped[str | None] = mapped_column(Text)
    signe_avant: Mapped[date | None]


class AciAmount(Base):
    """The yearly fixed and variable amounts of one mission for one taille, under one accord."""

    __tablename__ = "aci_amounts"
    __table_args__ = (UniqueConstraint("accord_id", "taille", "mission"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    accord_id: Mapped[int] = mapped_column(ForeignKey("aci_accords.id", ondelete="CASCADE"))
    accord: Mapped[AciAccord] = relationship()
    taille: Mapped[int]
    mission: Mapped[AciMission]
    part_fixe: Mapped[Decimal]
    part_variable: Mapped[Decimal]


class AciYear(Versioned, Base):
    """One year of the ACI contract (a grant of nature ACI): its taille, the accord applied, what was paid."""

    __tablename__ = "aci_years"
    __table_args__ = (UniqueConstraint("grant_id", "annee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    annee: Mapped[int]
    taille: Mapped[int]
    accord_id: Mapped[int | None] = mapped_column(ForeignKey("aci_accords.id", ondelete="SET NULL"))
    verse: Mapped[Decimal] = mapped_column(default=Decimal(0), server_default="0")


class AciYearMission(Base):
    """A mission signed for a contract year, with the amounts applied (copied from the table, editable);
    ``condition_remplie_le`` dates the condition of a conditional variable part (the crisis the ARS
    recognised for the crises mission)."""

    __tablename__ = "aci_year_missions"
    __table_args__ = (UniqueConstraint("aci_year_id", "mission"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    aci_year_id: Mapped[int] = mapped_column(ForeignKey("aci_years.id", ondelete="CASCADE"))
    mission: Mapped[AciMission]
    part_fixe: Mapped[Decimal]
    part_variable: Mapped[Decimal]
    condition_remplie_le: Mapped[date | None]


class AciIndicator(Base):
    """An indicator of a signed mission: its target, what was achieved, its weight in the variable part."""

    __tablename__ = "aci_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    year_mission_id: Mapped[int] = mapped_column(ForeignKey("aci_year_missions.id", ondelete="CASCADE"), index=True)
    libelle: Mapped[str] = mapped_column(String(300))
    cible: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    realise: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    poids: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1), server_default="1")
    mode: Mapped[IndicatorMode] = mapped_column(default=IndicatorMode.PROPORTIONAL)
