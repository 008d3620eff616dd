"""RGPD retention: the members gone long enough ago that their identity may be erased, and how long that is.

Read by plain SQL over ``store.rows`` and free of SQLAlchemy, so that the dashboard counts them from a
bare ``sqlite3`` connection before SQLAlchemy is loaded; ``gdpr.retention_candidates`` runs the same
through a session."""

from __future__ import annotations

from datetime import date

from cpts_desktop.domain.enums import MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.rgpd_notice import RETENTION_YEARS, read_notice
from cpts_desktop.store.rows import Rows
from cpts_desktop.store.rows import day as date_of

ANONYMOUS_PREFIX = "Anonyme"  # « Anonyme n° 12 »: the name ``gdpr.anonymise`` leaves

# LIKE as the ORM's ``startswith`` wrote it: the same rows as before on each back end
CANDIDATES = """
SELECT id, prenom, nom, date_sortie
FROM members
WHERE statut <> :active
  AND date_sortie IS NOT NULL
  AND date_sortie < :limit
  AND (nom IS NULL OR nom NOT LIKE :anonymous)
ORDER BY id
"""


def retention_years() -> int:
    """Years a member's card is kept after they left, as the association's RGPD text says (the usual
    three while that text is unreadable: the export itself then says what to correct)."""
    try:
        return read_notice().retention_years
    except CptsError:
        return RETENTION_YEARS


def retention_limit(day: date, years: int) -> date:
    """``years`` years before ``day`` (a 29 February goes back to the 28th): who left before is kept no longer."""
    if day.month == 2 and day.day == 29:
        return day.replace(year=day.year - years, day=28)
    return day.replace(year=day.year - years)


def retention_candidates_from(rows: Rows, day: date, years: int) -> list[tuple[int, str, date]]:
    """Members gone for more than ``years`` years on ``day`` and not yet anonymised: (id, name, date de
    sortie), by number."""
    found = rows(
        CANDIDATES,
        active=MemberStatus.ACTIVE.value,
        limit=retention_limit(day, years),
        anonymous=ANONYMOUS_PREFIX + "%",
    )
    candidates = []
    for member_id, prenom, nom, left in found:
        gone = date_of(left)
        if gone is not None:
            candidates.append((member_id, " ".join(p for p in (prenom, nom) if p), gone))
    return candidates
