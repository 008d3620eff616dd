"""What the dashboard shows: who the association is and the state of its register, in one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select

from cpts_desktop.domain.enums import MemberKind, MemberStatus
from cpts_desktop.i18n import format_date
from cpts_desktop.services.board import board_warnings
from cpts_desktop.services.declarations import reminder_text, reminders
from cpts_desktop.services.gdpr import retention_candidates, retention_years
from cpts_desktop.services.grants import deadlines
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Association, College, Commune, CotisationRate, Member, Payment


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


def overview(database: Database, today: date | None = None) -> Overview:
    year = (today or date.today()).year
    with database.snapshot() as session:
        association = session.scalars(select(Association)).first()
        by_kind = dict(
            session.execute(
                select(Member.kind, func.count()).where(Member.statut == MemberStatus.ACTIVE).group_by(Member.kind)
            ).all()
        )
        paid = session.scalar(
            select(func.count(distinct(Payment.member_id)))
            .join(Member, Member.id == Payment.member_id)
            .where(Payment.annee == year, Member.statut == MemberStatus.ACTIVE)
        )
        communes, population = session.execute(
            select(func.count(Commune.id), func.coalesce(func.sum(Commune.population), 0))
        ).one()
        colleges = session.scalar(select(func.count(College.id)))
        members_total = session.scalar(select(func.count(Member.id)))
        has_fees = session.scalar(select(func.count(CotisationRate.id)).where(CotisationRate.annee == year))
    persons = by_kind.get(MemberKind.PERSON, 0)
    structures = by_kind.get(MemberKind.STRUCTURE, 0)
    return Overview(
        association=association.nom if association else None,
        sigle=association.sigle if association else None,
        year=year,
        active_members=persons + structures,
        active_persons=persons,
        active_structures=structures,
        paid_this_year=paid or 0,
        communes=communes,
        population=population,
        colleges=colleges or 0,
        members_total=members_total or 0,
        has_fees=bool(has_fees),
    )


def alerts(database: Database, today: date | None = None) -> list[str]:
    """What the board must act on: vacant roles, mandates ending, statutes to declare at the préfecture,
    grant justifications and payments overdue or due within 30 days, data to anonymise.

    A board is elected among members: before the register holds anyone, vacant roles are no news."""
    day = today or date.today()
    with database.snapshot() as session:
        has_members = bool(session.scalar(select(func.count(Member.id))))
    messages = board_warnings(database, day) if has_members else []
    messages += [reminder_text(declaration, day) for declaration in reminders(database)]
    for due in deadlines(database, 30, day):
        kind = "Justification" if due.kind == "justification" else "Versement attendu"
        state = f"en retard de {_days(-due.days)}" if due.overdue else f"dans {_days(due.days)}"
        messages.append(f"{kind} « {due.libelle} » ({due.funder}) pour le {format_date(due.due)} : {state}.")
    gone = retention_candidates(database, day)
    if gone:
        one = len(gone) == 1
        who = "ancien adhérent parti" if one else "anciens adhérents partis"
        their = "ses" if one else "leurs"
        messages.append(
            f"{len(gone)} {who} depuis plus de {retention_years()} ans : {their} données personnelles peuvent "
            "être anonymisées (RGPD)."
        )
    return messages


def _days(count: int) -> str:
    """« 1 jour », « 12 jours » (French: singular below two)."""
    return f"{count} jour" if count < 2 else f"{count} jours"
