"""The deadlines a treasurer watches on the grants: justifications not yet sent and échéances not yet
received, overdue or coming.

Written once as SQL text over ``store.rows``, so the dashboard computes them from a bare ``sqlite3``
connection before SQLAlchemy is loaded, and the services from a session (SQLite or PostgreSQL), with the
same result. This module sits outside ``services.grants``, whose package imports SQLAlchemy, and imports
nothing that does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cpts_desktop.domain.enums import GrantStatus, ObligationKind
from cpts_desktop.domain.grants import PlannedInstallment, grant_label, settle
from cpts_desktop.store.rows import Row, Rows, cents_sum
from cpts_desktop.store.rows import required_day as _date


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


# Refused grants owe nothing and expect nothing: they are left out in SQL (``:refused``).
_JUSTIFICATIONS = """
SELECT o.grant_id, f.nom, g.objet, o.kind, o.libelle, o.date_echeance
FROM obligations o JOIN grants g ON g.id = o.grant_id JOIN funders f ON f.id = g.funder_id
WHERE o.date_remise IS NULL AND g.statut <> :refused"""
_UNTIL = " AND o.date_echeance <= :until"

# Amounts in whole cents (as ``cent_sums`` reads them): no float ever becomes money.
_INSTALLMENTS = """
SELECT i.id, i.grant_id, f.nom, g.objet, i.libelle, i.date_prevue, ROUND(i.montant_prevu * 100)
FROM installments i JOIN grants g ON g.id = i.grant_id JOIN funders f ON f.id = g.funder_id
WHERE g.statut <> :refused
ORDER BY i.id"""

_ZERO = Decimal("0.00")
_RECEIVED = """
SELECT grant_id, SUM(ROUND(montant * 100)) FROM grant_disbursements GROUP BY grant_id"""


def deadlines_from(rows: Rows, within: int | None, today: date) -> list[Deadline]:
    """Justifications not yet sent and échéances not yet received, overdue or due within ``within``
    days (all future ones when ``within`` is None), soonest first (by grant on the same day)."""
    until = None if within is None else today + timedelta(days=within)
    found = _justifications(rows, until, today) + _expected(rows, until, today)
    return sorted(found, key=lambda d: (d.due, d.grant))


def _justifications(rows: Rows, until: date | None, today: date) -> list[Deadline]:
    sql = _JUSTIFICATIONS + ("" if until is None else _UNTIL) + " ORDER BY o.id"
    parameters: dict[str, object] = {"refused": GrantStatus.REFUSED.value}
    if until is not None:
        parameters["until"] = until
    found = []
    for grant_id, funder, objet, kind, libelle, value in rows(sql, **parameters):
        due = _date(value)
        found.append(
            Deadline(grant_id, grant_label(funder, objet), funder, "justification",
                     libelle or ObligationKind(kind).label, due, (due - today).days)
        )  # fmt: skip
    return found


def _expected(rows: Rows, until: date | None, today: date) -> list[Deadline]:
    received = {grant_id: cents_sum(total) for grant_id, total in rows(_RECEIVED)}
    by_grant: dict[int, list[Row]] = defaultdict(list)  # grants in the order of their first échéance
    for row in rows(_INSTALLMENTS, refused=GrantStatus.REFUSED.value):
        by_grant[row[1]].append(row)
    found = []
    for grant_id, items in by_grant.items():
        funder, objet = items[0][2], items[0][3]
        planned = [PlannedInstallment(i, grant_id, libelle, _date(due), cents_sum(amount))
                   for i, _, _, _, libelle, due, amount in items]  # fmt: skip
        for item in settle(planned, received.get(grant_id, _ZERO), today):
            if item.settled or (until is not None and item.date_prevue > until):
                continue
            found.append(
                Deadline(grant_id, grant_label(funder, objet), funder, "versement", item.libelle or "Versement attendu",
                         item.date_prevue, (item.date_prevue - today).days, item.montant_prevu - item.covered)
            )  # fmt: skip
    return found
