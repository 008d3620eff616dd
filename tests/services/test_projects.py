from datetime import date

import pytest

from cpts_desktop.domain.enums import AciMission, ActionStatus, GrantNature, MemberKind
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services import grants, projects
from cpts_desktop.services.errors import StaleRecord
from cpts_desktop.services.members import create_member
from cpts_desktop.store.engine import Database


def _member(database: Database, nom: str) -> int:
    return create_member(database, MemberData(kind=MemberKind.PERSON, nom=nom, prenom="Éloïse"))


def test_actions_of_the_projet_de_sante(database: Database) -> None:
    pilot = _member(database, "Lœwenbrück")
    grant_id = grants.create_grant(database, grants.GrantData("Conseil régional", GrantNature.PROJECT))
    data = projects.ActionData("Parcours insuffisance cardiaque", AciMission.PATHWAYS, ActionStatus.RUNNING, pilot)
    data.debut, data.fin, data.indicateurs, data.grant_ids = date(2026, 1, 1), None, "Patients inclus : 40", [grant_id]
    action_id = projects.save_action(database, data)
    [row] = projects.actions(database)
    assert (row.pilote, row.grant_ids, row.mission) == ("Éloïse Lœwenbrück", [grant_id], AciMission.PATHWAYS)
    data.grant_ids = []
    projects.save_action(database, data, action_id, row.version)
    assert projects.actions(database)[0].grant_ids == []
    with pytest.raises(StaleRecord):
        projects.save_action(database, data, action_id, row.version)
