"""Receipt numbers issued in a base that a restore replaced, so that they are never issued again."""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.store.base import Base


class ReceiptFloor(Base):
    """The highest receipt number of a year issued before the last restore (« 2029-0040 » → 40).

    A restored backup lacks the payments recorded after it was made; their receipts were handed out
    all the same, so the next number of that year starts above this one."""

    __tablename__ = "receipt_floors"

    annee: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    dernier_numero: Mapped[int] = mapped_column(Integer)
