"""What the association owes its funders (comptes rendus, rapports d’activité…) and the deadlines a
treasurer watches: justifications not yet sent and échéances not yet received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import GrantStatus, ObligationKind
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.grants.common import get_grant, stored_text
from cpts_desktop.services.grants.conventions import GrantRow, grant_rows_in
from cpts_desktop.services.grants.schedule import installments_by_grant, settle
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Obligation


@dataclass(frozen=True)
class ObligationRow:
    id: int
    grant_id: int
    kind: ObligationKind
    libelle: str | None
    date_echeance: date
    date_remise: date | None
    notes: str | None

    @property
    def title(self) -> str:
        return self.libelle or self.kind.label


@dataclass(frozen=True)
class Deadline:
    grant_id: int
    grant: str
    funder: str
    kind: str
    libelle: str
    due: date
    days: int
    amount: Decimal | None = None

    @property
    def overdue(self) -> bool:
        return self.days < 0


def add_obligation(
    database: Database, grant_id: int, kind: ObligationKind, due: date, libelle: str = "", notes: str = ""
) -> int:
    with database.sessions.begin() as session:
        get_grant(session, grant_id)
        item = Obligation(
            grant_id=grant_id,
            kind=kind,
            date_echeance=due,
            libelle=stored_text(libelle, "Libellé"),
            notes=stored_text(notes, "Notes", multiline=True),
        )
        session.add(item)
        session.flush()
        return item.id


def submit_obligation(database: Database, obligation_id: int, day: date | None) -> None:
    """Record the day the justification was sent (None: not sent after all)."""
    with database.sessions.begin() as session:
        item = session.get(Obligation, obligation_id)
        if item is None:
            raise NotFound("Cette échéance de justification n’existe plus.")
        item.date_remise = day


def obligations_in(session: Session, grant_id: int) -> list[ObligationRow]:
    """What one grant owes its funder, soonest first."""
    query = select(Obligation).where(Obligation.grant_id == grant_id).order_by(Obligation.date_echeance)
    return [
        ObligationRow(o.id, o.grant_id, o.kind, o.libelle, o.date_echeance, o.date_remise, o.notes)
        for o in session.scalars(query)
    ]


def deadlines(database: Database, within: int | None = 60, today: date | None = None) -> list[Deadline]:
    """Justifications not yet sent and échéances not yet received, overdue or due within ``within``
    days (all future ones when ``within`` is None), soonest first."""
    with database.snapshot() as session:
        return deadlines_in(session, within, today)


def deadlines_in(session: Session, within: int | None = 60, today: date | None = None) -> list[Deadline]:
    """``deadlines`` inside the caller's ``session``."""
    today = today or date.today()
    limit = None if within is None else today + timedelta(days=within)
    rows = {r.id: r for r in grant_rows_in(session, today=today)}
    found = _justifications(session, rows, limit, today) + _expected(session, rows, limit, today)
    return sorted(found, key=lambda d: (d.due, d.grant))


def _justifications(session: Session, rows: dict[int, GrantRow], limit: date | None, today: date) -> list[Deadline]:
    query = select(Obligation).where(Obligation.date_remise.is_(None))
    if limit is not None:
        query = query.where(Obligation.date_echeance <= limit)
    found = []
    for o in session.scalars(query):
        grant = rows[o.grant_id]
        if grant.statut is not GrantStatus.REFUSED:
            found.append(
                Deadline(o.grant_id, grant.label, grant.funder, "justification", o.libelle or o.kind.label,
                         o.date_echeance, (o.date_echeance - today).days)
            )  # fmt: skip
    return found


def _expected(session: Session, rows: dict[int, GrantRow], limit: date | None, today: date) -> list[Deadline]:
    found = []
    for grant_id, items in installments_by_grant(session).items():
        grant = rows[grant_id]
        if grant.statut is GrantStatus.REFUSED:
            continue
        for item in settle(items, grant.received, today):
            if item.settled or (limit is not None and item.date_prevue > limit):
                continue
            found.append(
                Deadline(grant_id, grant.label, grant.funder, "versement", item.libelle or "Versement attendu",
                         item.date_prevue, (item.date_prevue - today).days, item.montant_prevu - item.covered)
            )  # fmt: skip
    return found
