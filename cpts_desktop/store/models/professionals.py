"""The territory's health professionals as the Annuaire Santé lists them: a reference list kept apart
from the members, against which the CPTS measures how much of its territory it represents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.store.base import Base


class Professional(Base):
    """One professional of the territory, at the main site of the extract (public data of the
    Annuaire Santé). Replaced whole when a newer extract is loaded."""

    __tablename__ = "professionals"

    id: Mapped[int] = mapped_column(primary_key=True)
    type_identifiant: Mapped[str] = mapped_column(String(5))  # « RPPS » or « ADELI »
    identifiant: Mapped[str] = mapped_column(String(11), unique=True)
    civilite: Mapped[str | None] = mapped_column(String(30))  # « Mme », « M. »
    titre: Mapped[str | None] = mapped_column(String(10))  # « Dr », « Pr »
    nom: Mapped[str] = mapped_column(String(200))
    prenom: Mapped[str | None] = mapped_column(String(100))
    profession_code: Mapped[str] = mapped_column(String(3), index=True)
    profession_libelle: Mapped[str | None] = mapped_column(String(100))
    specialite: Mapped[str | None] = mapped_column(String(150))
    raison_sociale: Mapped[str | None] = mapped_column(String(200))
    adresse: Mapped[str | None] = mapped_column(String(200))
    code_postal: Mapped[str | None] = mapped_column(String(10))
    commune: Mapped[str | None] = mapped_column(String(100))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(100))
    date_extrait: Mapped[date]
    imported_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ProfessionalOpposition(Base):
    """A professional who asked not to be contacted (RGPD right to object). Kept by identifier, apart
    from the list, so that it outlives every new extract, even one where the person is absent."""

    __tablename__ = "professional_oppositions"

    identifiant: Mapped[str] = mapped_column(String(11), primary_key=True)
    date_opposition: Mapped[date]
