"""Indemnisation des professionnels: hours members spend on CPTS work, the hourly rate of each activity,
what is due per member and period, and its payment as an expense of the grant that funds it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from cpts_desktop.config import reference_rows
from cpts_desktop.domain.enums import ExpenseCategory
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import cents
from cpts_desktop.i18n import format_date_short
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.grants import add_expense_in
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import IndemnityRate, Member, TimeEntry

ZERO = Decimal("0.00")


def annual_ceiling(year: int) -> tuple[Decimal, int]:
    """The PASS of ``year`` (or of the latest year known) and the year it belongs to."""
    rows = reference_rows("pass.csv")
    known = {int(r["annee"]): Decimal(r["montant"]) for r in rows}
    usable = [y for y in known if y <= year] or sorted(known)[:1]
    chosen = max(usable)
    return known[chosen], chosen


@dataclass(frozen=True)
class RateRow:
    id: int
    activite: str
    taux_horaire: Decimal


def rates(database: Database) -> list[RateRow]:
    with database.snapshot() as session:
        return [
            RateRow(r.id, r.activite, r.taux_horaire)
            for r in session.scalars(select(IndemnityRate).order_by(IndemnityRate.activite))
        ]


def save_rate(database: Database, activite: str, hourly: Decimal, rate_id: int | None = None) -> int:
    """A new rate applies to hours entered from now on; amounts already entered keep theirs."""
    activite = " ".join(activite.split())
    if not activite:
        raise ValidationError("activite", "Type d’activité : obligatoire (ex. « Réunion de groupe de travail »).")
    if hourly <= 0:
        raise ValidationError("taux_horaire", "Taux horaire : il doit être positif.")
    with database.sessions.begin() as session:
        same = session.scalars(select(IndemnityRate).where(IndemnityRate.activite == activite)).first()
        if same is not None and same.id != rate_id:
            raise ValidationError("activite", f"Le type d’activité « {activite} » existe déjà.")
        rate = session.get(IndemnityRate, rate_id) if rate_id else IndemnityRate()
        if rate is None:
            raise NotFound("Ce taux n’existe plus.")
        rate.activite, rate.taux_horaire = activite, hourly
        session.add(rate)
        session.flush()
        return rate.id


@dataclass(frozen=True)
class TimeRow:
    id: int
    member_id: int
    member: str
    jour: date
    activite: str
    heures: Decimal
    montant: Decimal
    description: str
    grant_id: int | None
    paid: bool


def add_time(
    database: Database,
    member_id: int,
    day: date,
    rate_id: int,
    hours: Decimal,
    description: str = "",
    grant_id: int | None = None,
    action_id: int | None = None,
) -> int:
    """Record hours at the activity's current rate (the amount is fixed now, to the cent)."""
    if not Decimal(0) < hours <= 24:
        raise ValidationError("heures", f"Heures : « {hours} » doit être compris entre 0 et 24 pour une journée.")
    with database.sessions.begin() as session:
        if session.get(Member, member_id) is None:
            raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
        rate = session.get(IndemnityRate, rate_id)
        if rate is None:
            raise NotFound("Ce type d’activité n’existe plus.")
        entry = TimeEntry(
            member_id=member_id, jour=day, rate_id=rate_id, heures=hours, montant=cents(hours * rate.taux_horaire),
            description=description.strip() or None, grant_id=grant_id, action_id=action_id,
        )  # fmt: skip
        session.add(entry)
        session.flush()
        return entry.id


def delete_time(database: Database, entry_id: int) -> None:
    with database.sessions.begin() as session:
        entry = session.get(TimeEntry, entry_id)
        if entry is None:
            raise NotFound("Cette saisie a déjà été supprimée.")
        if entry.expense_id is not None:
            raise ValidationError("time", "Ces heures ont déjà été payées : elles ne peuvent plus être supprimées.")
        session.delete(entry)


def time_rows(
    database: Database, start: date, end: date, member_id: int | None = None, unpaid_only: bool = False
) -> list[TimeRow]:
    with database.snapshot() as session:
        query = (
            select(TimeEntry, Member.prenom, Member.nom, IndemnityRate.activite)
            .join(Member, Member.id == TimeEntry.member_id)
            .join(IndemnityRate, IndemnityRate.id == TimeEntry.rate_id)
            .where(TimeEntry.jour.between(start, end))
            .order_by(Member.nom, Member.prenom, TimeEntry.jour, TimeEntry.id)
        )
        if member_id is not None:
            query = query.where(TimeEntry.member_id == member_id)
        if unpaid_only:
            query = query.where(TimeEntry.expense_id.is_(None))
        return [
            TimeRow(
                t.id,
                t.member_id,
                " ".join(p for p in (prenom, nom) if p),
                t.jour,
                activite,
                t.heures,
                t.montant,
                t.description or "",
                t.grant_id,
                t.expense_id is not None,
            )  # fmt: skip
            for t, prenom, nom, activite in session.execute(query).all()
        ]


@dataclass(frozen=True)
class MemberTotal:
    member_id: int
    member: str
    hours: Decimal
    amount: Decimal
    paid: Decimal
    year_total: Decimal
    ceiling: Decimal

    @property
    def due(self) -> Decimal:
        return self.amount - self.paid

    @property
    def over_ceiling(self) -> bool:
        return self.year_total > self.ceiling


def totals(database: Database, start: date, end: date) -> list[MemberTotal]:
    """Per member over the period: hours, amount, paid, and the calendar year's total against the PASS."""
    ceiling, _year = annual_ceiling(end.year)
    period = time_rows(database, start, end)
    year = time_rows(database, date(end.year, 1, 1), date(end.year, 12, 31))
    year_totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in year:
        year_totals[row.member_id] += row.montant
    grouped: dict[int, list[TimeRow]] = defaultdict(list)
    for row in period:
        grouped[row.member_id].append(row)
    return [
        MemberTotal(
            member_id,
            rows[0].member,
            sum((r.heures for r in rows), Decimal(0)),
            sum((r.montant for r in rows), ZERO),
            sum((r.montant for r in rows if r.paid), ZERO),
            year_totals[member_id],
            ceiling,
        )  # fmt: skip
        for member_id, rows in grouped.items()
    ]


def pay(database: Database, member_id: int, start: date, end: date, day: date) -> list[int]:
    """Pay a member's unpaid hours of the period: one expense (« indemnisation des professionnels ») per
    grant funding them, each entry marked with it, all in one transaction. Returns the expense ids."""
    unpaid = time_rows(database, start, end, member_id, unpaid_only=True)
    if not unpaid:
        raise ValidationError("time", "Aucune heure à payer pour cet adhérent sur cette période.")
    by_grant: dict[int | None, list[TimeRow]] = defaultdict(list)
    for row in unpaid:
        by_grant[row.grant_id].append(row)
    created = []
    with database.sessions.begin() as session:
        for grant_id, rows in by_grant.items():
            label = f"Indemnisation {rows[0].member} ({format_date_short(start)} – {format_date_short(end)})"
            # the hours are what the grant funds; paying them after its period has ended is ordinary
            expense_id = add_expense_in(
                session, grant_id, sum((r.montant for r in rows), ZERO), day, ExpenseCategory.COMPENSATION, label,
                outside_period_ok=True,
            )  # fmt: skip
            for row in rows:
                entry = session.get(TimeEntry, row.id)
                if entry is None or entry.expense_id is not None:
                    raise ValidationError("time", "Ces heures ont été modifiées entre-temps : rechargez la liste.")
                entry.expense_id = expense_id
            created.append(expense_id)
    return created
