"""The projet de santé: the CPTS's actions under the six missions, each with a pilot, its indicators, the
ACI indicator it serves and the grants that fund it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from cpts_desktop.domain.enums import AciMission, ActionStatus
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import check_period
from cpts_desktop.services.audit import stale_message
from cpts_desktop.services.errors import NotFound, StaleRecord
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import AciIndicator, HealthAction, Member, action_grants


@dataclass
class ActionData:
    titre: str
    mission: AciMission
    statut: ActionStatus = ActionStatus.PLANNED
    pilote_id: int | None = None
    debut: date | None = None
    fin: date | None = None
    indicateurs: str = ""
    aci_indicator_id: int | None = None
    grant_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ActionRow:
    id: int
    version: int
    titre: str
    mission: AciMission
    statut: ActionStatus
    pilote_id: int | None
    pilote: str
    debut: date | None
    fin: date | None
    indicateurs: str
    aci_indicator_id: int | None
    aci_indicator: str
    grant_ids: list[int]

    def data(self) -> ActionData:
        return ActionData(
            self.titre, self.mission, self.statut, self.pilote_id, self.debut, self.fin, self.indicateurs,
            self.aci_indicator_id, list(self.grant_ids),
        )  # fmt: skip


def actions(database: Database) -> list[ActionRow]:
    """Every action, by mission then start, in three queries."""
    with database.snapshot() as session:
        return actions_in(session)


def actions_in(session: Session) -> list[ActionRow]:
    """``actions`` inside the caller's ``session``."""
    links: dict[int, list[int]] = {}
    for action_id, grant_id in session.execute(select(action_grants.c.action_id, action_grants.c.grant_id)):
        links.setdefault(action_id, []).append(grant_id)
    query = (
        select(HealthAction, Member.prenom, Member.nom, AciIndicator.libelle)
        .outerjoin(Member, Member.id == HealthAction.pilote_id)
        .outerjoin(AciIndicator, AciIndicator.id == HealthAction.aci_indicator_id)
    )
    rows = [
        ActionRow(
            a.id,
            a.version,
            a.titre,
            a.mission,
            a.statut,
            a.pilote_id,
            " ".join(p for p in (prenom, nom) if p),
            a.debut,
            a.fin,
            a.indicateurs or "",
            a.aci_indicator_id,
            indicator or "",
            sorted(links.get(a.id, [])),
        )  # fmt: skip
        for a, prenom, nom, indicator in session.execute(query).all()
    ]
    order = list(AciMission)
    return sorted(rows, key=lambda r: (order.index(r.mission), r.debut or date.max, r.titre))


def save_action(database: Database, data: ActionData, action_id: int | None = None, version: int | None = None) -> int:
    """Create or update (refused when ``version`` is stale) an action and its funding grants."""
    titre = " ".join(data.titre.split())
    if not titre:
        raise ValidationError("titre", "Intitulé de l’action : obligatoire.")
    check_period(data.debut, data.fin)
    try:
        with database.sessions.begin() as session:
            action = HealthAction() if action_id is None else _current(session, action_id, version)
            action.titre, action.mission, action.statut = titre, data.mission, data.statut
            action.pilote_id, action.debut, action.fin = data.pilote_id, data.debut, data.fin
            action.indicateurs = data.indicateurs.strip() or None
            action.aci_indicator_id = data.aci_indicator_id
            flag_modified(action, "titre")  # a change of the funding grants alone is an edit too
            session.add(action)
            session.flush()
            session.execute(delete(action_grants).where(action_grants.c.action_id == action.id))
            if data.grant_ids:
                session.execute(
                    insert(action_grants), [{"action_id": action.id, "grant_id": g} for g in set(data.grant_ids)]
                )
            return action.id
    except StaleDataError as error:
        with database.snapshot() as session:
            raise StaleRecord(stale_message(session, HealthAction, action_id or 0)) from error


def _current(session: Session, action_id: int, version: int | None) -> HealthAction:
    """The action being edited, refused when deleted or changed since ``version`` was read."""
    action = session.get(HealthAction, action_id)
    if action is None:
        raise NotFound("Cette action a été supprimée entre-temps.")
    if version is not None and action.version != version:
        raise StaleRecord(stale_message(session, HealthAction, action_id))
    return action


def delete_action(database: Database, action_id: int) -> None:
    with database.sessions.begin() as session:
        action = session.get(HealthAction, action_id)
        if action is None:
            raise NotFound("Cette action a déjà été supprimée.")
        session.delete(action)
