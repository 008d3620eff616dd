"""What the dashboard shows: who the association is, the state of its register and what the board must
act on, read in one snapshot.

Everything here is plain SQL over ``store.rows``, so the same functions fill the dashboard from a bare
``sqlite3`` connection when the application starts (``first_view``: on screen before SQLAlchemy is even
imported) and from the open base afterwards (``dashboard``). This module imports no SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cpts_desktop.domain.enums import MemberKind, MemberStatus
from cpts_desktop.i18n import format_date
from cpts_desktop.services.board_alerts import board_warnings_from
from cpts_desktop.services.declaration_alerts import reminder_texts_from
from cpts_desktop.services.grant_deadlines import deadlines_from
from cpts_desktop.services.retention import retention_candidates_from, retention_years
from cpts_desktop.store import reader
from cpts_desktop.store.rows import Rows, of_connection, of_session

if TYPE_CHECKING:
    from cpts_desktop.store.engine import Database

ALERT_DAYS = 30  # grant justifications and payments are announced this many days ahead


@dataclass(frozen=True)
class Overview:
    association: str | None
    sigle: str | None
    year: int
    active_members: int
    active_persons: int
    active_structures: int
    paid_this_year: int
    communes: int
    population: int
    colleges: int
    members_total: int = 0  # every status: a register of past members is still a register
    has_fees: bool = False  # a barème for ``year``

    @property
    def steps(self) -> dict[str, bool]:
        """The first-start steps in the order a new association takes them, and whether each is done."""
        return {
            "identity": self.association is not None,
            "territory": self.communes > 0,
            "register": self.members_total > 0,
            "fees": self.has_fees,
        }

    @property
    def set_up(self) -> bool:
        return all(self.steps.values())


@dataclass(frozen=True)
class Dashboard:
    """The figures and the alerts, from one snapshot of the base."""

    overview: Overview
    alerts: list[str]


def dashboard(database: Database, today: date | None = None) -> Dashboard:
    with database.snapshot() as session:
        return dashboard_from(of_session(session), today or date.today())


def first_view(path: Path, today: date | None = None) -> Dashboard | None:
    """The dashboard of the SQLite base at ``path`` read with ``sqlite3`` alone, or None when the base
    needs the full opening (to be upgraded, repaired or refused in French: ``store.reader``)."""
    connection = reader.open_for_reading(path)
    if connection is None:
        return None
    try:
        return dashboard_from(of_connection(connection), today or date.today())
    except sqlite3.Error:
        return None  # the full opening that follows says what is wrong
    finally:
        connection.close()


def dashboard_from(rows: Rows, today: date) -> Dashboard:
    figures = overview_from(rows, today)
    return Dashboard(figures, alerts_from(rows, today, has_members=figures.members_total > 0))


def overview_from(rows: Rows, today: date) -> Overview:
    year = today.year
    association = rows("SELECT nom, sigle FROM association ORDER BY id LIMIT 1")
    active = MemberStatus.ACTIVE.value
    counted = rows("SELECT kind, COUNT(*) FROM members WHERE statut = :active GROUP BY kind", active=active)
    by_kind: dict[str, int] = {kind: count for kind, count in counted}
    ((paid, communes, population, colleges, members_total, has_fees),) = rows(
        "SELECT"
        " (SELECT COUNT(DISTINCT p.member_id) FROM payments p JOIN members m ON m.id = p.member_id"
        "  WHERE p.annee = :year AND m.statut = :active),"
        " (SELECT COUNT(*) FROM communes),"
        " (SELECT COALESCE(SUM(population), 0) FROM communes),"
        " (SELECT COUNT(*) FROM colleges),"
        " (SELECT COUNT(*) FROM members),"
        " (SELECT COUNT(*) FROM cotisation_rates WHERE annee = :year)",
        year=year,
        active=active,
    )
    persons = by_kind.get(MemberKind.PERSON.value, 0)
    structures = by_kind.get(MemberKind.STRUCTURE.value, 0)
    return Overview(
        association=association[0][0] if association else None,
        sigle=association[0][1] if association else None,
        year=year,
        active_members=persons + structures,
        active_persons=persons,
        active_structures=structures,
        paid_this_year=paid,
        communes=communes,
        population=int(population),
        colleges=colleges,
        members_total=members_total,
        has_fees=bool(has_fees),
    )


def alerts_from(rows: Rows, today: date, *, has_members: bool) -> list[str]:
    """What the board must act on: vacant roles, mandates ending, statutes to declare at the préfecture,
    grant justifications and payments overdue or due within 30 days, data to anonymise.

    A board is elected among members: before the register holds anyone, vacant roles are no news."""
    messages = board_warnings_from(rows, today) if has_members else []
    messages += reminder_texts_from(rows, today)
    for due in deadlines_from(rows, ALERT_DAYS, today):
        kind = "Justification" if due.kind == "justification" else "Versement attendu"
        state = f"en retard de {_days(-due.days)}" if due.overdue else f"dans {_days(due.days)}"
        messages.append(f"{kind} « {due.libelle} » ({due.funder}) pour le {format_date(due.due)} : {state}.")
    years = retention_years()
    gone = retention_candidates_from(rows, today, years)
    if gone:
        one = len(gone) == 1
        who = "ancien adhérent parti" if one else "anciens adhérents partis"
        their = "ses" if one else "leurs"
        messages.append(
            f"{len(gone)} {who} depuis plus de {years} ans : {their} données personnelles peuvent "
            "être anonymisées (RGPD)."
        )
    return messages


def _days(count: int) -> str:
    """« 1 jour », « 12 jours » (French: singular below two)."""
    return f"{count} jour" if count < 2 else f"{count} jours"
