"""The figures of an exercice: the share of each award that belongs to a year, the money received and
spent dated in it, and the summary per funder a treasurer reports."""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import FunderType, GrantStatus
from cpts_desktop.domain.grants import add_months, cents
from cpts_desktop.services.grants.common import COUNTED, ZERO, cent_sums
from cpts_desktop.services.grants.conventions import GrantRow, grant_rows_in
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import AciYear, AciYearMission, Expense, Grant, GrantDisbursement


def _months(start: date, end: date) -> Fraction:
    """Calendar months from ``start`` to ``end`` included, a partial month counted by its days."""
    if end < start:
        return Fraction(0)
    total, day = Fraction(0), start
    while day <= end:
        last = date(day.year, day.month, monthrange(day.year, day.month)[1])
        total += Fraction((min(last, end) - day).days + 1, last.day)
        day = last + timedelta(days=1)
    return total


def single_exercice(start: date, end: date) -> bool:
    """A period of twelve months at most is one exercice's grant, awarded whole in its first year."""
    return end < add_months(start, 12)


def awarded_share(row: GrantRow, year: int, contract_years: dict[int, Decimal] | None = None) -> tuple[Decimal, str]:
    """The part of ``row``'s award that belongs to ``year``, and how it was found (empty: the whole award).

    An ACI contract with recorded years counts each year's fixed and variable parts; another grant over
    more than twelve months is shared pro rata of its months (the shares add up to the award exactly);
    any other counts whole in the year its period starts (its signature year when it has no period)."""
    if row.statut not in COUNTED:
        return ZERO, ""
    if contract_years:
        return contract_years.get(year, ZERO), f"année {year} du contrat"
    start, end = row.periode_debut or row.periode_fin, row.periode_fin or row.periode_debut
    if start is None or end is None:
        anchor = row.date_signature.year if row.date_signature else None
        return (row.awarded if anchor == year else ZERO), ""
    if single_exercice(start, end):
        return (row.awarded if start.year == year else ZERO), ""
    total = _months(start, end)
    before = _months(start, min(end, date(year - 1, 12, 31)))
    through = _months(start, min(end, date(year, 12, 31)))
    share = _part(row.awarded, through / total) - _part(row.awarded, before / total)
    return share, f"prorata : {_count(through - before)} mois sur {_count(total)}"


def _part(amount: Decimal, ratio: Fraction) -> Decimal:
    """``amount`` × ``ratio`` to the cent; the shares of consecutive years telescope to the whole."""
    return cents(amount * Decimal(ratio.numerator) / Decimal(ratio.denominator))


def _count(months: Fraction) -> str:
    """« 12 » or « 9,5 »: a number of months as a French reader writes it."""
    rounded = round(months, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{float(rounded):.1f}".replace(".", ",")


@dataclass(frozen=True)
class GrantYear:
    """One grant in one exercice: its awarded share of the year, the money received and spent dated in
    it, and what is left to receive and to spend at the end of the year."""

    grant: GrantRow
    year: int
    awarded: Decimal
    received: Decimal
    spent: Decimal
    remaining: Decimal
    to_receive: Decimal
    share: str = ""  # how a multi-year award was shared; empty when the whole award is the year's


def _contract_years(session: Session) -> dict[int, dict[int, Decimal]]:
    """Per ACI grant, per contract year, its fixed and variable parts: the yearly amounts of the contract."""
    by_grant: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    query = select(AciYear.grant_id, AciYear.annee, AciYearMission.part_fixe, AciYearMission.part_variable).join(
        AciYearMission, AciYearMission.aci_year_id == AciYear.id, isouter=True
    )
    for grant_id, annee, fixed, variable in session.execute(query):
        by_grant[grant_id][annee] += (fixed or ZERO) + (variable or ZERO)
    return by_grant


def grant_years_in(session: Session, year: int, today: date | None = None) -> list[GrantYear]:
    """``grant_years`` inside the caller's ``session``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    received_on, spent_on = GrantDisbursement.date_versement, Expense.date_depense
    received_in = cent_sums(
        session, GrantDisbursement.montant, GrantDisbursement.grant_id, received_on.between(start, end)
    )
    spent_in = cent_sums(session, Expense.montant, Expense.grant_id, spent_on.between(start, end))
    received_to = cent_sums(session, GrantDisbursement.montant, GrantDisbursement.grant_id, received_on <= end)
    spent_to = cent_sums(session, Expense.montant, Expense.grant_id, spent_on <= end)
    contracts = _contract_years(session)
    found = []
    for row in grant_rows_in(session, year, today):
        if row.statut is GrantStatus.REFUSED:
            continue
        yearly = contracts.get(row.id)
        awarded, share = awarded_share(row, year, yearly)
        whole = row.awarded if row.montant_accorde is not None or not yearly else sum(yearly.values(), ZERO)
        whole = whole if row.statut in COUNTED else ZERO
        found.append(
            GrantYear(
                row, year, awarded, received_in.get(row.id, ZERO), spent_in.get(row.id, ZERO),
                whole - spent_to.get(row.id, ZERO),
                whole - received_to.get(row.id, ZERO) if row.statut in COUNTED else ZERO, share,
            )
        )  # fmt: skip
    return found


def grant_years(database: Database, year: int, today: date | None = None) -> list[GrantYear]:
    """The grants (not refused) of exercice ``year``: those whose period meets it or with money dated in
    it. Disbursements and expenses count by their own date, never by the grant's period."""
    with database.snapshot() as session:
        return grant_years_in(session, year, today)


def exercices(database: Database, today: date | None = None) -> list[int]:
    """The years a treasurer may look at, latest first: this year and every year with a grant's period,
    a disbursement or an expense in it."""
    years = {(today or date.today()).year}
    with database.snapshot() as session:
        for start, end in session.execute(select(Grant.periode_debut, Grant.periode_fin)):
            first, last = start or end, end or start
            if first is not None and last is not None:
                years.update(range(first.year, last.year + 1))
        for column in (GrantDisbursement.date_versement, Expense.date_depense):
            years.update(d.year for d in session.scalars(select(column).distinct()) if d is not None)
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class FunderTotals:
    """Per funder: ``awarded``, ``received`` and ``spent`` (in the exercice when the summary has a year),
    and what remains to receive and to spend on its grants (at the end of that exercice)."""

    funder: str
    funder_type: FunderType
    awarded: Decimal
    received: Decimal
    spent: Decimal
    remaining: Decimal
    to_receive: Decimal

    def as_json(self) -> dict[str, str]:
        return {
            "funder": self.funder,
            "awarded": str(self.awarded),
            "received": str(self.received),
            "spent": str(self.spent),
            "remaining": str(self.remaining),
            "to_receive": str(self.to_receive),
        }


@dataclass(frozen=True)
class Summary:
    year: int | None
    funders: list[FunderTotals]
    total: FunderTotals
    # funders with a multi-year grant whose « Accordé » is the share of the exercice, not the whole award
    shared: tuple[str, ...] = ()


_Figures = tuple[str, FunderType, Decimal, Decimal, Decimal, Decimal, Decimal, bool]


def summary(database: Database, year: int | None = None, today: date | None = None) -> Summary:
    """Per funder, the grants that were not refused. Without ``year``: awarded, received and spent to
    date. With it: the awarded share of that exercice, the money received and spent dated in it, and what
    is left to receive and to spend at its end."""
    with database.snapshot() as session:
        return summary_in(session, year, today)


def summary_in(session: Session, year: int | None = None, today: date | None = None) -> Summary:
    """``summary`` inside the caller's ``session``."""
    figures = _figures(session, year, today)
    totals: dict[str, list[Decimal]] = {}
    types: dict[str, FunderType] = {}
    shared: set[str] = set()
    for funder, kind, *amounts, is_share in figures:
        types[funder] = kind
        line = totals.setdefault(funder, [ZERO] * 5)
        for index, amount in enumerate(amounts):
            line[index] += amount
        if is_share:
            shared.add(funder)
    lines = [FunderTotals(name, types[name], *amounts) for name, amounts in sorted(totals.items())]
    total = FunderTotals(
        "Total",
        FunderType.OTHER,
        *(
            sum((getattr(x, n) for x in lines), ZERO)
            for n in ("awarded", "received", "spent", "remaining", "to_receive")
        ),
    )
    return Summary(year, lines, total, tuple(sorted(shared)))


def _figures(session: Session, year: int | None, today: date | None) -> list[_Figures]:
    """Per grant not refused: funder, type, the five amounts of the summary, and whether the award was shared."""
    if year is None:
        return [
            (r.funder, r.funder_type, r.awarded if r.statut in COUNTED else ZERO, r.received, r.spent, r.remaining,
             r.to_receive, False)
            for r in grant_rows_in(session, today=today)
            if r.statut is not GrantStatus.REFUSED
        ]  # fmt: skip
    return [
        (g.grant.funder, g.grant.funder_type, g.awarded, g.received, g.spent, g.remaining, g.to_receive,
         bool(g.share))
        for g in grant_years_in(session, year, today)
    ]  # fmt: skip
