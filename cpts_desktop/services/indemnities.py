"""Indemnisation des professionnels: hours members spend on CPTS work, the hourly rate of each activity,
what is due per member and period, and its payment as an expense of the grant that funds it; the
rémunérations the CPTS paid them, which count with the indemnités against the yearly cap of
art. D.1434-44 CSP (the PASS of the calendar year, per professional)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpts_desktop.config import reference_rows
from cpts_desktop.domain.enums import ExpenseCategory
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import cents
from cpts_desktop.i18n import format_date_short, format_money
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.grants import add_expense_in
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import IndemnityRate, Member, Remuneration, TimeEntry

ZERO = Decimal("0.00")


def annual_ceiling(year: int) -> tuple[Decimal, int]:
    """The PASS of ``year`` (or of the latest year known) and the year it belongs to."""
    rows = reference_rows("pass.csv")
    known = {int(r["annee"]): Decimal(r["montant"]) for r in rows}
    usable = [y for y in known if y <= year] or sorted(known)[:1]
    chosen = max(usable)
    return known[chosen], chosen


@dataclass(frozen=True)
class YearTotal:
    """What the CPTS gave one professional in a calendar year, against the cap of that year."""

    indemnities: Decimal
    remunerations: Decimal
    ceiling: Decimal

    @property
    def total(self) -> Decimal:
        return self.indemnities + self.remunerations

    @property
    def remainder(self) -> Decimal:
        """What may still be paid this year; negative once the cap is passed."""
        return self.ceiling - self.total


def _year_total(session: Session, member_id: int, year: int) -> YearTotal:
    start, end = date(year, 1, 1), date(year, 12, 31)
    hours = select(func.coalesce(func.sum(TimeEntry.montant), 0)).where(
        TimeEntry.member_id == member_id, TimeEntry.jour.between(start, end)
    )
    salaries = select(func.coalesce(func.sum(Remuneration.montant), 0)).where(
        Remuneration.member_id == member_id, Remuneration.jour.between(start, end)
    )
    return YearTotal(
        cents(Decimal(session.scalar(hours) or 0)),
        cents(Decimal(session.scalar(salaries) or 0)),
        annual_ceiling(year)[0],
    )


def year_total(database: Database, member_id: int, year: int) -> YearTotal:
    with database.snapshot() as session:
        return _year_total(session, member_id, year)


def _cap_message(name: str, year: int, total: YearTotal, verb: str = "recevrait") -> str:
    return (
        f"{name} {verb} {format_money(total.total)} de la CPTS en {year} (indemnités "
        f"{format_money(total.indemnities)}, rémunérations {format_money(total.remunerations)}), au-delà du "
        f"plafond annuel de {format_money(total.ceiling)} (PASS {year}, art. D.1434-44 du code de la santé publique)."
    )


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
        member = _member(session, member_id)
        rate = session.get(IndemnityRate, rate_id)
        if rate is None:
            raise NotFound("Ce type d’activité n’existe plus.")
        amount = cents(hours * rate.taux_horaire)
        _refuse_over_ceiling(session, member, day.year, amount)
        entry = TimeEntry(
            member_id=member_id, jour=day, rate_id=rate_id, heures=hours, montant=amount,
            description=description.strip() or None, grant_id=grant_id, action_id=action_id,
        )  # fmt: skip
        session.add(entry)
        session.flush()
        return entry.id


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
    return member


def _name(member: Member) -> str:
    return " ".join(p for p in (member.prenom, member.nom) if p)


def _refuse_over_ceiling(session: Session, member: Member, year: int, amount: Decimal) -> None:
    """Hours are what the CPTS is about to owe: past the cap they are refused before they become a debt."""
    before = _year_total(session, member.id, year)
    after = YearTotal(before.indemnities + amount, before.remunerations, before.ceiling)
    if after.remainder < 0:
        left = format_money(max(before.remainder, ZERO))
        raise ValidationError(
            "heures", f"Plafond annuel dépassé : {_cap_message(_name(member), year, after)} Reste possible : {left}."
        )


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
    """One professional over the period (hours, indemnités, paid) and over the calendar year of its end
    (indemnités and rémunérations against the PASS)."""

    member_id: int
    member: str
    hours: Decimal
    amount: Decimal
    paid: Decimal
    year: YearTotal

    @property
    def due(self) -> Decimal:
        return self.amount - self.paid

    @property
    def year_total(self) -> Decimal:
        return self.year.total

    @property
    def remunerations(self) -> Decimal:
        return self.year.remunerations

    @property
    def remainder(self) -> Decimal:
        return self.year.remainder

    @property
    def ceiling(self) -> Decimal:
        return self.year.ceiling

    @property
    def over_ceiling(self) -> bool:
        return self.year.remainder < 0


def totals(database: Database, start: date, end: date) -> list[MemberTotal]:
    """Per professional with hours or a rémunération in the period: hours, amount, paid, and the calendar
    year's indemnités and rémunérations against the PASS."""
    period = time_rows(database, start, end)
    salaries = remuneration_rows(database, start, end)
    grouped: dict[int, list[TimeRow]] = defaultdict(list)
    names = {row.member_id: row.member for row in salaries}
    for row in period:
        grouped[row.member_id].append(row)
        names[row.member_id] = row.member
    with database.snapshot() as session:
        years = {member_id: _year_total(session, member_id, end.year) for member_id in names}
    return [
        MemberTotal(
            member_id,
            name,
            sum((r.heures for r in grouped[member_id]), Decimal(0)),
            sum((r.montant for r in grouped[member_id]), ZERO),
            sum((r.montant for r in grouped[member_id] if r.paid), ZERO),
            years[member_id],
        )  # fmt: skip
        for member_id, name in names.items()
    ]


@dataclass(frozen=True)
class RemunerationRow:
    id: int
    member_id: int
    member: str
    jour: date
    montant: Decimal
    libelle: str


@dataclass(frozen=True)
class RemunerationSaved:
    """The new row, and the warning to show when the year's total now passes the cap (``None`` otherwise)."""

    id: int
    warning: str | None


def add_remuneration(database: Database, member_id: int, day: date, amount: Decimal, label: str) -> RemunerationSaved:
    """Record a salary or rémunération the CPTS paid. It is a payment already made: refusing it would make the
    record lie, so passing the cap is recorded and warned, while new hours past it are refused."""
    label = " ".join(label.split())
    if amount <= 0:
        raise ValidationError("montant", "Montant : il doit être positif.")
    if not label:
        raise ValidationError("libelle", "Libellé : obligatoire (ex. « Salaire de coordination, mars »).")
    with database.sessions.begin() as session:
        member = _member(session, member_id)
        row = Remuneration(member_id=member_id, jour=day, montant=cents(amount), libelle=label)
        session.add(row)
        session.flush()
        total = _year_total(session, member_id, day.year)
        warning = None
        if total.remainder < 0:
            warning = f"Plafond annuel dépassé : {_cap_message(_name(member), day.year, total, 'a reçu')}"
        return RemunerationSaved(row.id, warning)


def delete_remuneration(database: Database, remuneration_id: int) -> None:
    with database.sessions.begin() as session:
        row = session.get(Remuneration, remuneration_id)
        if row is None:
            raise NotFound("Cette rémunération a déjà été supprimée.")
        session.delete(row)


def remuneration_rows(
    database: Database, start: date, end: date, member_id: int | None = None
) -> list[RemunerationRow]:
    with database.snapshot() as session:
        query = (
            select(Remuneration, Member.prenom, Member.nom)
            .join(Member, Member.id == Remuneration.member_id)
            .where(Remuneration.jour.between(start, end))
            .order_by(Member.nom, Member.prenom, Remuneration.jour, Remuneration.id)
        )
        if member_id is not None:
            query = query.where(Remuneration.member_id == member_id)
        return [
            RemunerationRow(r.id, r.member_id, " ".join(p for p in (prenom, nom) if p), r.jour, r.montant, r.libelle)
            for r, prenom, nom in session.execute(query).all()
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
