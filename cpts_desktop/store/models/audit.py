"""The audit log: who changed what, when (RGPD and evidence for the board)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.domain.enums import AuditAction
from cpts_desktop.store.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    moment: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
    utilisateur: Mapped[str] = mapped_column(String(100))
    action: Mapped[AuditAction]
    table_name: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[int | None] = mapped_column(Integer)
    resume: Mapped[str] = mapped_column(Text)
