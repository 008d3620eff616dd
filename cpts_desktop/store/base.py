"""Declarative base shared by every model, with stable constraint names for migrations."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import DateTime, FromClause, Integer, MetaData, Numeric, func
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money: two decimals, up to 9 999 999 999,99 €; always Decimal in Python.
Money = Numeric(12, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Enums are stored by their value (« actif », « cheque »…) in a plain VARCHAR: readable in the file,
    # portable to PostgreSQL, and a new value needs no ALTER TYPE.
    type_annotation_map = {
        Decimal: Money,
        enum.Enum: SAEnum(
            enum.Enum,
            native_enum=False,
            create_constraint=False,
            length=30,
            values_callable=lambda members: [m.value for m in members],
        ),
    }


class Timestamped:
    """Creation and last-change times, filled by the database."""

    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())


class Versioned(Timestamped):
    """A version counter for optimistic locking: a stale save raises instead of overwriting."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    if TYPE_CHECKING:
        __table__: ClassVar[FromClause]  # given by the mapped class this mixin is part of

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.version}
