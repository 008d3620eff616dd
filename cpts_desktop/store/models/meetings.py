"""Meetings (AG, CA, bureau…), their ordre du jour, résolutions and attendance."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.domain.enums import (
    AttendanceStatus,
    Majority,
    MeetingStatus,
    MeetingType,
    MinutesStatus,
    ResolutionLink,
)
from cpts_desktop.store.base import Base, Versioned


class Meeting(Versioned, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[MeetingType]
    titre: Mapped[str] = mapped_column(String(200))
    date_heure: Mapped[datetime] = mapped_column(DateTime, index=True)
    lieu: Mapped[str | None] = mapped_column(String(300))
    visio_url: Mapped[str | None] = mapped_column(String(500))
    statut: Mapped[MeetingStatus] = mapped_column(default=MeetingStatus.PLANNED)
    convocation_date: Mapped[date | None]
    convocation_canal: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)
    president_seance_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    secretaire_seance_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    heure_cloture: Mapped[str | None] = mapped_column(String(5))
    pv_texte: Mapped[str | None] = mapped_column(Text)
    pv_statut: Mapped[MinutesStatus] = mapped_column(default=MinutesStatus.DRAFT, server_default="brouillon")
    pv_approuve_le: Mapped[date | None]


class AgendaItem(Base):
    """One point of the ordre du jour."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    ordre: Mapped[int] = mapped_column(Integer)
    titre: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)


class Resolution(Base):
    """A résolution put to the vote under an agenda item, with its count and outcome."""

    __tablename__ = "resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    ordre: Mapped[int] = mapped_column(Integer)
    texte: Mapped[str] = mapped_column(Text)
    majorite: Mapped[Majority] = mapped_column(default=Majority.SIMPLE)
    voix_pour: Mapped[int | None] = mapped_column(Integer)
    voix_contre: Mapped[int | None] = mapped_column(Integer)
    abstentions: Mapped[int | None] = mapped_column(Integer)
    adoptee: Mapped[bool | None]
    effet: Mapped[ResolutionLink] = mapped_column(default=ResolutionLink.NONE, server_default="aucun")
    statutes_version_id: Mapped[int | None] = mapped_column(ForeignKey("statutes_versions.id", ondelete="SET NULL"))


class Attendance(Base):
    """A convened member's presence; ``represente_par_id`` names the present member holding the pouvoir."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    convoque: Mapped[bool] = mapped_column(default=True)
    manuel: Mapped[bool] = mapped_column(default=False, server_default="0")
    statut: Mapped[AttendanceStatus | None]
    represente_par_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
