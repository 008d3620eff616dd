"""The reminders of the déclarations en préfecture still to file, worded once.

Read by plain SQL over ``store.rows`` and free of SQLAlchemy, so that the dashboard shows them from a bare
``sqlite3`` connection before SQLAlchemy is loaded; ``declarations.reminder_text`` words a
``DeclarationRow`` with the same function, so the dashboard and the préfecture tab say the same."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cpts_desktop.domain.declarations import ChangeSubject, DeclarationStatus, status_of
from cpts_desktop.i18n import format_date, plural
from cpts_desktop.store.rows import Rows, required_day
from cpts_desktop.store.rows import day as date_of

# the latest decision first, as ``declarations.list_declarations`` lists them
DECLARATIONS = """
SELECT id, date_decision, date_limite, date_depot, recepisse_date
FROM prefecture_declarations
ORDER BY date_decision DESC, id DESC
"""
LINES = "SELECT declaration_id, objet FROM prefecture_declaration_changes ORDER BY ordre, id"


def subjects_text(subjects: Iterable[ChangeSubject]) -> str:
    """« Dirigeants », « Titre, Siège social »: what a declaration is about, each subject once."""
    return ", ".join(dict.fromkeys(subject.label for subject in subjects))


def reminder_text_of(subjects: str, decided: date, deadline: date, today: date) -> str:
    """« Déclaration en préfecture (dirigeants) décidée le 20 mars 2027 : à déposer avant le 20 juin 2027
    (12 jours restants). »"""
    left = (deadline - today).days
    if left < 0:
        state = "en retard de " + plural(-left, "{count} jour", "{count} jours")
    else:
        state = plural(left, "{count} jour restant", "{count} jours restants")
    return (
        f"Déclaration en préfecture ({subjects.lower()}) décidée le "
        f"{format_date(decided)} : à déposer avant le "
        f"{format_date(deadline)} ({state})."
    )


def reminder_texts_from(rows: Rows, day: date) -> list[str]:
    """The declarations not filed yet, the nearest deadline first (the latest decision first on a tie)."""
    subjects: dict[int, list[ChangeSubject]] = {}
    for declaration_id, objet in rows(LINES):
        subjects.setdefault(declaration_id, []).append(ChangeSubject(objet))
    due: list[tuple[int, date, date]] = []
    for declaration_id, decided, deadline, filed, received in rows(DECLARATIONS):
        if status_of(date_of(filed), date_of(received)) is DeclarationStatus.TO_FILE:
            due.append((declaration_id, required_day(decided), required_day(deadline)))
    due.sort(key=lambda d: d[2])  # stable: a tie keeps the latest decision first
    return [
        reminder_text_of(subjects_text(subjects.get(declaration_id, ())), decided_on, last_day, day)
        for declaration_id, decided_on, last_day in due
    ]
