"""Déclarations en préfecture: each change decided by the association, its deadline, its filing and the
préfecture's récépissé (number, date, scanned copy kept in the base so that a backup carries it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.domain.declarations import ChangeSubject, DeclarationForm
from cpts_desktop.store.base import Base, Versioned


class PrefectureDeclaration(Versioned, Base):
    """One filing: the changes of one CERFA decided the same day, due three months later."""

    __tablename__ = "prefecture_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    formulaire: Mapped[DeclarationForm]
    date_decision: Mapped[date]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    instance: Mapped[str | None] = mapped_column(String(200))  # « Assemblée générale ordinaire du … »
    date_limite: Mapped[date]
    date_depot: Mapped[date | None]
    recepisse_numero: Mapped[str | None] = mapped_column(String(50))
    recepisse_date: Mapped[date | None]
    recepisse_nom_fichier: Mapped[str | None] = mapped_column(String(255))
    recepisse_fichier: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    notes: Mapped[str | None] = mapped_column(Text)


class DeclarationChange(Base):
    """One thing a declaration changes, with the former and the new text where there is one."""

    __tablename__ = "prefecture_declaration_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("prefecture_declarations.id", ondelete="CASCADE"), index=True
    )
    ordre: Mapped[int] = mapped_column(Integer, default=1)
    objet: Mapped[ChangeSubject]
    libelle: Mapped[str] = mapped_column(String(300))
    ancien: Mapped[str | None] = mapped_column(Text)
    nouveau: Mapped[str | None] = mapped_column(Text)
    statutes_version_id: Mapped[int | None] = mapped_column(ForeignKey("statutes_versions.id", ondelete="SET NULL"))
