"""The association itself: its identity, the communes of its territory, its collèges."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.store.base import Base, Versioned


class Association(Versioned, Base):
    """The association's identity (one row): it feeds every letterhead and footer."""

    __tablename__ = "association"

    id: Mapped[int] = mapped_column(primary_key=True)
    nom: Mapped[str] = mapped_column(String(200))
    sigle: Mapped[str | None] = mapped_column(String(50))
    objet: Mapped[str | None] = mapped_column(Text)
    adresse: Mapped[str | None] = mapped_column(String(200))
    code_postal: Mapped[str | None] = mapped_column(String(10))
    commune: Mapped[str | None] = mapped_column(String(100))
    rna: Mapped[str | None] = mapped_column(String(10))
    siret: Mapped[str | None] = mapped_column(String(14))
    date_declaration: Mapped[date | None]
    prefecture: Mapped[str | None] = mapped_column(String(100))
    date_publication_joafe: Mapped[date | None]
    email: Mapped[str | None] = mapped_column(String(200))
    telephone: Mapped[str | None] = mapped_column(String(20))
    site_web: Mapped[str | None] = mapped_column(String(200))
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    logo_path: Mapped[str | None] = mapped_column(String(500))
    exercice_start_month: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Commune(Base):
    """A commune of the territory; the sum of populations gives the ACI taille."""

    __tablename__ = "communes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_insee: Mapped[str] = mapped_column(String(5), unique=True)
    nom: Mapped[str] = mapped_column(String(100))
    codes_postaux: Mapped[str | None] = mapped_column(Text)  # « 38000, 38100 »: La Poste gives several
    population: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Which figure ``population`` is (« municipale », INSEE's advice for a territory, or « totale »;
    # unknown when typed by hand) and the year of the populations légales it comes from.
    population_type: Mapped[str | None] = mapped_column(String(10))
    population_annee: Mapped[int | None] = mapped_column(Integer)


class College(Base):
    """A collège of members, holding seats on the conseil d’administration."""

    __tablename__ = "colleges"

    id: Mapped[int] = mapped_column(primary_key=True)
    nom: Mapped[str] = mapped_column(String(150), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    sieges_ca: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ordre: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
