from datetime import date
from decimal import Decimal

import pytest

from cpts_desktop.domain.enums import AciMission, FunderType, GrantNature, IndicatorMode
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.services import aci, grants
from cpts_desktop.store.engine import Database

POPULATION = {1: 18_750, 2: 40_000, 3: 175_000, 4: 175_001}
SHIPPED = aci.shipped_versions()


def _table(taille: int, on: date = date(2026, 1, 1)) -> dict[AciMission, tuple[Decimal, Decimal]]:
    """The amounts of the shipped version in force on ``on`` for ``taille``."""
    version, _ = aci.version_for(SHIPPED, taille, on)
    return {r.mission: (r.part_fixe, r.part_variable) for r in version.lines if r.taille == taille}


def _cap(taille: int, on: date = date(2026, 1, 1)) -> Decimal:
    return sum((f + v for f, v in _table(taille, on).values()), Decimal(0))


def test_simulator_maximum_for_18750_inhabitants_is_the_tier_1_total(database: Database) -> None:
    result = aci.simulate(database, 18_750, on=date(2026, 1, 1))
    assert result.taille.number == 1
    assert result.max_total == _cap(1)
    assert {line.mission for line in result.lines} == set(AciMission)


def test_simulator_with_chosen_missions(database: Database) -> None:
    result = aci.simulate(database, 90_000, aci.parse_missions("1, parcours ; Prévention"), date(2026, 1, 1))
    table = _table(3)
    chosen = (AciMission.OPERATING, AciMission.ACCESS, AciMission.PATHWAYS, AciMission.PREVENTION)
    assert result.fixed == sum(table[m][0] for m in chosen)
    assert result.variable == sum(table[m][1] for m in chosen)
    with pytest.raises(ValidationError, match="inconnue"):
        aci.parse_missions("1,9")


def _contract(database: Database, taille: int) -> tuple[int, dict[AciMission, int]]:
    grant_id = grants.create_grant(
        database,
        grants.GrantData("CPAM du Jura", GrantNature.ACI, funder_type=FunderType.CPAM,
                         periode_debut=date(2025, 4, 1), periode_fin=date(2030, 3, 31)),
    )  # fmt: skip
    missions = [m for m in AciMission if m is not AciMission.OPERATING]
    year_id = aci.open_year(database, grant_id, 2026, missions, population=POPULATION[taille])
    lines = {m.mission: m.id for m in aci.contract_year(database, year_id).missions}
    return year_id, lines


@pytest.mark.parametrize("taille", [1, 2, 3, 4])
@pytest.mark.parametrize("share", [Decimal(0), Decimal("0.5"), Decimal(1)])
def test_contract_year_fixed_and_variable_by_tier_and_achievement(
    database: Database, taille: int, share: Decimal
) -> None:
    year_id, lines = _contract(database, taille)
    table = _table(taille)
    for mission, line_id in lines.items():
        if table[mission][1]:
            aci.add_indicator(database, line_id, f"Indicateur {mission.value}", Decimal(200), Decimal(200) * share)
    aci.set_condition_met(database, year_id, date(2026, 3, 2))  # a crisis the ARS recognised
    year = aci.contract_year(database, year_id)
    assert year.taille == taille
    assert year.fixed == sum(f for f, _ in table.values())
    assert year.variable_max == sum(v for _, v in table.values())
    assert year.variable_earned == (year.variable_max * share).quantize(Decimal("0.01"))
    assert year.expected == year.fixed + year.variable_earned
    if share == 1:
        assert year.expected == _cap(taille)


def test_advance_and_balance(database: Database) -> None:
    year_id, lines = _contract(database, 1)
    aci.add_indicator(database, lines[AciMission.ACCESS], "Patients sans médecin traitant", Decimal(500), Decimal(250))
    aci.add_indicator(
        database, lines[AciMission.PATHWAYS], "Protocoles", Decimal(3), Decimal(3), mode=IndicatorMode.THRESHOLD
    )
    aci.set_paid(database, year_id, Decimal("97500"))
    year = aci.contract_year(database, year_id)
    table = _table(1)
    earned = table[AciMission.ACCESS][1] / 2 + table[AciMission.PATHWAYS][1]
    assert year.variable_earned == earned
    assert year.balance == year.fixed + earned - Decimal("97500")


def test_edited_table_applies_to_new_years_only(database: Database) -> None:
    before = aci.simulate(database, 18_750, on=date(2025, 6, 1))
    assert before.version.statut.value == "fonctionnement_verifie"
    accord_id = aci.add_accord(database, "Avenant – contrat signé", date(2026, 1, 1), copy_from=before.version.id)
    aci.set_amount(database, accord_id, 1, AciMission.ACCESS, Decimal("20000"), Decimal("30000"))
    after = aci.simulate(database, 18_750, on=date(2026, 6, 1))
    assert after.max_total == before.max_total + Decimal(10000)
    assert after.version.statut.value == "saisi" and after.accord == "Avenant – contrat signé"
    assert aci.simulate(database, 18_750, on=date(2025, 6, 1)).max_total == before.max_total
    with pytest.raises(ValidationError, match="existe déjà"):
        aci.add_accord(database, "Avenant – contrat signé", date(2026, 1, 1))


def test_only_an_aci_grant_has_contract_years(database: Database) -> None:
    grant_id = grants.create_grant(database, grants.GrantData("ARS", GrantNature.START_UP))
    with pytest.raises(ValidationError, match="pas un contrat ACI"):
        aci.open_year(database, grant_id, 2026, [], population=20000)
