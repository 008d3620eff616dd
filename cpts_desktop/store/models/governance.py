"""Board mandates and the versioned statutes (and règlement intérieur) with their parameters."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.domain.enums import BoardRole, Civility, Majority, StatutesKind, StatutesStatus
from cpts_desktop.store.base import Base, Versioned


class Mandate(Versioned, Base):
    """A member's seat on the board for a period; the current board is the mandates valid today.

    A structure sits through a natural person it designates for this mandate (loi 1901 art. 5 asks
    who runs the association): often its director, not a member in their own name, and replaced
    without the structure's membership changing — so the representative belongs to the mandate.
    """

    __tablename__ = "mandates"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    role: Mapped[BoardRole]
    college_id: Mapped[int | None] = mapped_column(ForeignKey("colleges.id", ondelete="SET NULL"))
    date_debut: Mapped[date]
    date_fin: Mapped[date | None]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
    representant_civilite: Mapped[Civility | None]
    representant_prenom: Mapped[str | None] = mapped_column(String(100))
    representant_nom: Mapped[str | None] = mapped_column(String(200))
    representant_fonction: Mapped[str | None] = mapped_column(String(100))


class StatutesVersion(Versioned, Base):
    """One version of the statutes or règlement intérieur: projet, then adoptée, then déclarée.

    The rules the meetings module obeys are its parameters; a quorum is kept as numerator and
    denominator so that « un tiers » stays exact, and a numerator of 0 means no quorum.
    """

    __tablename__ = "statutes_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[StatutesKind]
    numero: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    statut: Mapped[StatutesStatus] = mapped_column(default=StatutesStatus.DRAFT, server_default="projet")
    titre: Mapped[str] = mapped_column(String(200))
    date_adoption: Mapped[date | None]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    date_declaration_prefecture: Mapped[date | None]
    delai_convocation_ag_jours: Mapped[int] = mapped_column(Integer, default=15)
    delai_convocation_ca_jours: Mapped[int] = mapped_column(Integer, default=8)
    quorum_ago_num: Mapped[int] = mapped_column(Integer, default=0)
    quorum_ago_den: Mapped[int] = mapped_column(Integer, default=1)
    quorum_age_num: Mapped[int] = mapped_column(Integer, default=1)
    quorum_age_den: Mapped[int] = mapped_column(Integer, default=2)
    majorite_ago: Mapped[Majority] = mapped_column(default=Majority.SIMPLE, server_default="simple")
    majorite_age: Mapped[Majority] = mapped_column(default=Majority.TWO_THIRDS, server_default="deux_tiers")
    vote_a_jour_requis: Mapped[bool] = mapped_column(default=True, server_default="1")
    pouvoirs_max: Mapped[int] = mapped_column(Integer, default=2)
    duree_mandat_ans: Mapped[int] = mapped_column(Integer, default=3)
    quorum_ca_num: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    quorum_ca_den: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    seconde_convocation_ago: Mapped[bool] = mapped_column(default=True, server_default="1")
    seconde_convocation_age: Mapped[bool] = mapped_column(default=True, server_default="1")
    exercice_debut_jour: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    exercice_debut_mois: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    notes: Mapped[str | None] = mapped_column(Text)


class StatutesArticle(Base):
    __tablename__ = "statutes_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    statutes_version_id: Mapped[int] = mapped_column(ForeignKey("statutes_versions.id", ondelete="CASCADE"), index=True)
    ordre: Mapped[int] = mapped_column(Integer)
    numero: Mapped[str] = mapped_column(String(20))
    titre: Mapped[str | None] = mapped_column(String(200))
    texte: Mapped[str] = mapped_column(Text)
