"""What the association owes its funders (comptes rendus, rapports d’activité…) and the deadlines a
treasurer watches: justifications not yet sent and échéances not yet received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import ObligationKind
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.grant_deadlines import Deadline, deadlines_from
from cpts_desktop.services.grants.common import get_grant, stored_text
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Obligation
from cpts_desktop.store.rows import of_session


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
    """``deadlines`` inside the caller's ``session``: the same SQL as the dashboard reads without SQLAlchemy."""
    return deadlines_from(of_session(session), within, today or date.today())
