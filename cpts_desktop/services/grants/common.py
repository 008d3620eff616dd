"""What every part of the grants service shares: the statuses whose award counts, a stored text, a grant
found by its number, and sums of money taken in whole cents."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cpts_desktop.domain.enums import GrantStatus
from cpts_desktop.domain.grants import cents
from cpts_desktop.domain.validators import clean_text
from cpts_desktop.services.errors import NotFound
from cpts_desktop.store.models import Grant

ZERO = Decimal("0.00")
COUNTED = (GrantStatus.AWARDED, GrantStatus.SETTLED)


def stored_text(value: str | None, label: str, multiline: bool = False) -> str | None:
    """A text field as stored: trimmed, None when blank, refused with a control character."""
    return clean_text(value or "", label, multiline) or None


def get_grant(session: Session, grant_id: int) -> Grant:
    """The grant ``grant_id``, or a French refusal when it was deleted meanwhile."""
    grant = session.get(Grant, grant_id)
    if grant is None:
        raise NotFound(f"La subvention n° {grant_id} n’existe pas.")
    return grant


def cent_sums(
    session: Session,
    amount: InstrumentedAttribute[Decimal],
    key: InstrumentedAttribute[int | None],
    *conditions: ColumnElement[bool],
) -> dict[int, Decimal]:
    """``amount`` summed per ``key`` over the lines meeting ``conditions``, in whole cents, so SQLite's
    floating-point arithmetic cannot lose one."""
    query = select(key, func.sum(func.round(amount * 100))).where(*conditions).group_by(key)
    return {k: cents(Decimal(int(v)) / 100) for k, v in session.execute(query).all() if k is not None}
