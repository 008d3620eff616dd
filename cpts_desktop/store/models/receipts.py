"""The receipt numbers of each year: one counter row, so a payment takes its number in constant time."""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.store.base import Base


class ReceiptSequence(Base):
    """The last receipt number issued in a year (« 2029-0040 » → 40); the next payment takes 41.

    It moves in the transaction that records the payment, so a rolled-back payment leaves no gap. A
    restore of an older backup keeps the higher of the two bases' counters: numbers handed out after
    the backup was made are never issued again."""

    __tablename__ = "receipt_sequences"

    annee: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    dernier_numero: Mapped[int] = mapped_column(Integer)
