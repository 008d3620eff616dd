"""Members (persons and structures), the professions reference, cotisations and their payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.domain.enums import (
    Civility,
    MemberKind,
    MemberStatus,
    PaymentMethod,
    PracticeMode,
    StructureType,
)
from cpts_desktop.store.base import Base, Versioned

# Long enough for every field it is made of (name, first name, e-mail, identifiers, commune).
SEARCH_KEY = String(1000).with_variant(String(1000, collation="C"), "postgresql")


class Profession(Base):
    """Reference row, kept in step with ``resources/professions.csv`` at each opening. A code the file
    no longer lists keeps its row (its members keep their label) with ``en_nomenclature`` false."""

    __tablename__ = "professions"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    libelle: Mapped[str] = mapped_column(String(100))
    auxiliaire_medical: Mapped[bool] = mapped_column(Boolean, default=False)
    synonymes: Mapped[str] = mapped_column(Text, default="")
    # a ProfessionCategory value; plain text, as the file gives it, so raw sqlite3 reads compare alike
    categorie: Mapped[str | None] = mapped_column(String(30))
    en_nomenclature: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Member(Versioned, Base):
    """A member: a health professional (``kind`` personne) or a structure.

    ``nom`` holds a person's surname or a structure's raison sociale, so that lists sort and search
    both kinds alike; ``search_key`` is the accent-free lower-case text the list filters on.
    """

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MemberKind]
    civilite: Mapped[Civility | None]
    # « Dr », « Pr », « Me »: printed before the name; the civilité alone carries the gender
    titre: Mapped[str | None] = mapped_column(String(10))
    nom: Mapped[str] = mapped_column(String(200))
    prenom: Mapped[str | None] = mapped_column(String(100))
    profession_code: Mapped[str | None] = mapped_column(ForeignKey("professions.code"))
    specialite: Mapped[str | None] = mapped_column(String(100))
    rpps: Mapped[str | None] = mapped_column(String(11), index=True)
    adeli: Mapped[str | None] = mapped_column(String(9))
    mode_exercice: Mapped[PracticeMode | None]
    structure_exercice: Mapped[str | None] = mapped_column(String(200))
    structure_type: Mapped[StructureType | None]
    finess: Mapped[str | None] = mapped_column(String(9), index=True)
    siret: Mapped[str | None] = mapped_column(String(14))
    representant_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    adresse: Mapped[str | None] = mapped_column(String(200))
    code_postal: Mapped[str | None] = mapped_column(String(10))
    commune: Mapped[str | None] = mapped_column(String(100))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id", ondelete="SET NULL"))
    telephone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200), index=True)
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id", ondelete="SET NULL"))
    date_adhesion: Mapped[date | None]
    date_sortie: Mapped[date | None]
    statut: Mapped[MemberStatus] = mapped_column(default=MemberStatus.ACTIVE)
    rgpd_consentement: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)
    # Byte order on PostgreSQL too, whatever the server's locale: the duplicate check reads a key range.
    search_key: Mapped[str] = mapped_column(SEARCH_KEY, default="", index=True)
    categorie_cotisation: Mapped[str | None] = mapped_column(String(100))
    # asked by the préfecture of whoever runs the association (loi 1901 art. 5), entered with the mandate
    nationalite: Mapped[str | None] = mapped_column(String(60))


class CotisationRate(Base):
    """One line of the barème of an exercice, e.g. 2026 « Professionnel libéral » 30 €."""

    __tablename__ = "cotisation_rates"
    __table_args__ = (UniqueConstraint("annee", "libelle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    annee: Mapped[int] = mapped_column(Integer)
    libelle: Mapped[str] = mapped_column(String(100))
    member_kind: Mapped[MemberKind | None]
    montant: Mapped[Decimal]


class Payment(Versioned, Base):
    """A cotisation paid by a member for an exercice, with its receipt number (« 2026-0001 »).

    A payment recorded by mistake is never deleted: a cancelling entry of the opposite amount points
    to it through ``annule_id``, so the history and the receipt numbers stay intact.
    """

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    annee: Mapped[int] = mapped_column(Integer, index=True)
    montant: Mapped[Decimal]
    date_paiement: Mapped[date]
    mode: Mapped[PaymentMethod]
    reference: Mapped[str | None] = mapped_column(String(100))
    numero_recu: Mapped[str | None] = mapped_column(String(30), unique=True)
    notes: Mapped[str | None] = mapped_column(Text)
    annule_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="RESTRICT"), unique=True)
