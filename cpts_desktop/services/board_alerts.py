"""What needs the board's attention: vacant bureau roles, mandates ending soon or ended without successor,
collèges with more administrators than seats.

Read by plain SQL over ``store.rows`` and free of SQLAlchemy, so that the dashboard shows it from a bare
``sqlite3`` connection before SQLAlchemy is loaded; ``board.board_warnings`` runs the same through a
session, so both paths print the same warnings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from cpts_desktop.domain.enums import BoardRole
from cpts_desktop.i18n import format_date
from cpts_desktop.store.rows import Rows, required_day
from cpts_desktop.store.rows import day as date_of

BUREAU_REQUIRED = (BoardRole.PRESIDENT, BoardRole.SECRETARY, BoardRole.TREASURER)
EXPIRY_NOTICE_DAYS = 60

# every mandate, its holder and its collège: the mandate's own, else the member's (as ``board._rows``)
MANDATES = """
SELECT mandates.member_id, mandates.role, mandates.date_debut, mandates.date_fin,
       members.prenom, members.nom, colleges.nom
FROM mandates
JOIN members ON members.id = mandates.member_id
LEFT JOIN colleges ON colleges.id = COALESCE(mandates.college_id, members.college_id)
ORDER BY mandates.date_debut, mandates.id
"""
COLLEGES = "SELECT nom, sieges_ca FROM colleges ORDER BY ordre, nom, id"


@dataclass(frozen=True)
class _Mandate:
    member_id: int
    role: BoardRole
    start: date
    end: date | None
    prenom: str
    nom: str
    college: str

    @property
    def name(self) -> str:
        """« Anne Martin », as ``board.MandateRow.name`` prints it."""
        return " ".join(p for p in (self.prenom, self.nom) if p)

    def sits_on(self, day: date) -> bool:
        """In office on ``day``, as ``board.board_in`` selects the board."""
        return self.start <= day and (self.end is None or self.end >= day)


def _mandates(rows: Rows) -> list[_Mandate]:
    """Every mandate, président first then by name, as ``board`` lists them."""
    mandates = []
    for member_id, role, start, end, prenom, nom, college in rows(MANDATES):
        holder = (prenom or "", nom or "", college or "")
        mandates.append(_Mandate(member_id, BoardRole(role), required_day(start), date_of(end), *holder))
    order = list(BoardRole)
    return sorted(mandates, key=lambda m: (order.index(m.role), m.nom))


def board_warnings_from(rows: Rows, day: date) -> list[str]:
    """Vacant bureau roles, mandates ending within 60 days or ended without successor, collèges over their
    seats, on ``day``."""
    history = _mandates(rows)
    board = [m for m in history if m.sits_on(day)]
    notice = timedelta(days=EXPIRY_NOTICE_DAYS)
    held = {m.role for m in board}
    warnings = [
        f"Bureau : le poste de {role.label.lower()} est vacant." for role in BUREAU_REQUIRED if role not in held
    ]
    for mandate in board:
        if mandate.end is not None and mandate.end - day <= notice:
            left = (mandate.end - day).days
            warnings.append(
                f"Fin de mandat le {format_date(mandate.end)} "
                f"(dans {left} jour{'s' if left > 1 else ''}) : {mandate.name}, {mandate.role.label.lower()}."
            )
    current_members = {(m.member_id, m.role) for m in board}
    for mandate in history:
        end = mandate.end
        if end is not None and day - notice <= end < day and (mandate.member_id, mandate.role) not in current_members:
            warnings.append(f"Mandat expiré le {format_date(end)} : {mandate.name}, {mandate.role.label.lower()}.")
    per_college = Counter(m.college for m in board)
    for nom, seats in rows(COLLEGES):
        administrators = per_college.get(nom, 0)
        if administrators > seats:
            warnings.append(f"Le collège « {nom} » compte {administrators} administrateurs pour {seats} sièges.")
    return warnings
