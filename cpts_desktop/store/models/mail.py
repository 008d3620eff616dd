"""E-mail: the association's mail server settings, editable message templates, and the outbox, which is
also the proof of what was sent to whom and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.domain.enums import MailKind, MailSecurity, MailStatus
from cpts_desktop.store.base import Base, Versioned


class MailSettings(Versioned, Base):
    """The one row of the outgoing mail server's settings. The password is never here: it is kept in
    the operating system's keyring (or asked once per session where there is none)."""

    __tablename__ = "mail_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    serveur: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    securite: Mapped[MailSecurity] = mapped_column(default=MailSecurity.STARTTLS)
    identifiant: Mapped[str | None] = mapped_column(String(255))
    expediteur_nom: Mapped[str | None] = mapped_column(String(200))
    expediteur_adresse: Mapped[str] = mapped_column(String(254))
    repondre_a: Mapped[str | None] = mapped_column(String(254))
    messages_par_minute: Mapped[int] = mapped_column(Integer, default=30, server_default="30")


class MailTemplate(Versioned, Base):
    """The association's own wording of a kind of message; without a row, the shipped text is used."""

    __tablename__ = "mail_templates"

    nature: Mapped[MailKind] = mapped_column(primary_key=True)
    objet: Mapped[str] = mapped_column(String(300))
    corps: Mapped[str] = mapped_column(Text)


class OutgoingMessage(Base):
    """One message to one address, queued whole (its bytes are prepared once, so a resumed sending
    sends exactly what was previewed) and kept after sending as the proof of it."""

    __tablename__ = "outgoing_messages"
    __table_args__ = (Index("ix_outgoing_messages_statut_prochain_essai", "statut", "prochain_essai"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lot: Mapped[str] = mapped_column(String(36), index=True)  # one sending (« Convocations AG du … »)
    lot_libelle: Mapped[str] = mapped_column(String(300))
    nature: Mapped[MailKind]
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="SET NULL"))
    destinataire: Mapped[str] = mapped_column(String(254))
    destinataire_nom: Mapped[str | None] = mapped_column(String(300))
    objet: Mapped[str] = mapped_column(String(300))
    message: Mapped[bytes] = mapped_column(LargeBinary)  # the RFC 5322 message as sent
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    # JSON list of {"nom": file name, "sha256": hex digest} of the attachments
    pieces_jointes: Mapped[str | None] = mapped_column(Text)
    statut: Mapped[MailStatus] = mapped_column(default=MailStatus.QUEUED)
    tentatives: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    prochain_essai: Mapped[datetime | None] = mapped_column(DateTime)
    cree_le: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    envoye_le: Mapped[datetime | None] = mapped_column(DateTime)
    reponse_serveur: Mapped[str | None] = mapped_column(Text)  # the server's answer, or the failure's reason
