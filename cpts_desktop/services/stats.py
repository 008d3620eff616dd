"""Counts of the register, and cotisations expected and received for a year."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from cpts_desktop.domain.enums import MemberKind, MemberStatus
from cpts_desktop.domain.professions import ProfessionCategory
from cpts_desktop.services.members import list_rows
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Member, Payment, Profession


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    code: str | None = None


@dataclass(frozen=True)
class CotisationStats:
    year: int
    expected: Decimal
    received: Decimal
    members_due: int
    members_up_to_date: int


@dataclass(frozen=True)
class Statistics:
    members_total: int
    active_total: int
    by_profession: list[Count]
    by_category: list[Count]
    by_structure_type: list[Count]
    by_college: list[Count]
    by_commune: list[Count]
    by_practice_mode: list[Count]
    by_status: list[Count]
    cotisations: CotisationStats


def _sorted(counter: Counter, labels: dict[str, str] | None = None) -> list[Count]:
    return [
        Count(labels.get(key, key) if labels else key, n, key if labels else None)
        for key, n in sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
    ]


def _categories(rows: Iterable[tuple[str, str | None, bool]]) -> dict[str, str]:
    """Each profession code's category in the code de la santé publique (médicale, auxiliaire médical, titre…);
    a code removed from the nomenclature is counted apart, to be corrected."""
    return {
        code: ProfessionCategory(category).label if category and current else "Hors nomenclature (à corriger)"
        for code, category, current in rows
    }


def statistics(database: Database, year: int, active_only: bool = False) -> Statistics:
    """Counts of every member (or of the active ones only); cotisations concern active members."""
    rows = list_rows(database, year)
    with database.snapshot() as session:
        modes = dict(session.execute(select(Member.id, Member.mode_exercice)).all())
        structure_types = dict(session.execute(select(Member.id, Member.structure_type)).all())
        received = session.scalar(select(func.coalesce(func.sum(Payment.montant), 0)).where(Payment.annee == year))
        categories = _categories(
            session.execute(select(Profession.code, Profession.categorie, Profession.en_nomenclature))
        )
    chosen = [r for r in rows if r.statut is MemberStatus.ACTIVE] if active_only else rows
    persons = [r for r in chosen if r.kind is MemberKind.PERSON]
    structures = [r for r in chosen if r.kind is MemberKind.STRUCTURE]
    professions = Counter(r.profession_code or "" for r in persons)
    labels = {r.profession_code or "": r.profession or "Profession non renseignée" for r in persons}
    active = [r for r in rows if r.statut is MemberStatus.ACTIVE]
    return Statistics(
        members_total=len(chosen),
        active_total=len(active),
        by_profession=_sorted(professions, labels),
        by_category=_sorted(Counter(categories.get(r.profession_code, "Profession non renseignée") for r in persons)),
        by_structure_type=_sorted(
            Counter(kind.label if (kind := structure_types.get(r.id)) else "Autre structure" for r in structures)
        ),
        by_college=_sorted(Counter(r.college or "Sans collège" for r in chosen)),
        by_commune=_sorted(Counter(r.commune or "Commune non renseignée" for r in chosen)),
        by_practice_mode=_sorted(
            Counter(mode.label if (mode := modes.get(r.id)) else "Non renseigné" for r in persons)
        ),
        by_status=_sorted(Counter(r.statut.label for r in rows)),
        cotisations=CotisationStats(
            year=year,
            expected=sum((r.due for r in active if r.due is not None), Decimal("0.00")),
            received=Decimal(str(received or 0)).quantize(Decimal("0.01")),
            members_due=len(active),
            members_up_to_date=sum(1 for r in active if r.up_to_date),
        ),
    )
