"""The ACI amounts table as versions: maxima by taille on a date (before and after avenant 2), the
version's condition on the signature date, the crises mission's conditional variable part, and the
upgrade of a base that holds the example of the earlier releases."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import AciMission, GrantNature
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import AciVersionStatus
from cpts_desktop.services import aci, grants
from cpts_desktop.services.database import open_database
from cpts_desktop.store import migrate
from cpts_desktop.store.engine import Database, make_engine, to_url

ACCORD_2019 = "Accord 2019 – répartition par mission : exemple"
AVENANT_2 = "Avenant 2 – CPTS signataires avant le 31/12/2021 – missions : exemple"
OBSERVED = "Contrat observé – taille 3, cinquième année (2025-2026)"


def _totals(found: list[aci.Simulation]) -> list[Decimal]:
    return [result.max_total for result in found]


def _operating(result: aci.Simulation) -> Decimal:
    return next(r.part_fixe for r in result.lines if r.mission is AciMission.OPERATING)


def test_maxima_by_taille_before_and_after_avenant_2_from_the_shipped_versions() -> None:
    before = aci.maxima(None, date(2021, 6, 1))
    assert {r.accord for r in before} == {ACCORD_2019}
    assert [_operating(r) for r in before] == [50_000, 60_000, 75_000, 90_000]
    assert _totals(before) == [220_000, 287_000, 370_000, 450_000]  # the 2019 maxima, in 2021
    assert before[0].version.en_vigueur_le == date(2019, 8, 25)
    after = aci.maxima(None, date(2023, 1, 1))
    assert {r.accord for r in after} == {AVENANT_2}
    assert [_operating(r) for r in after] == [87_500, 105_000, 131_250, 157_500]
    assert _totals(after) == [257_500, 332_000, 426_250, 517_500]
    assert after[0].version.statut is AciVersionStatus.OPERATING_VERIFIED and "avant le 31 décembre 2021" in (
        after[0].version.condition or ""
    )
    assert [r.letter_of_intent for r in after] == [15_000, 17_500, 25_000, 30_000]


def test_the_observed_taille_3_contract_is_a_labelled_example() -> None:
    result = aci.simulate(None, 120_000, on=date(2025, 6, 1))
    assert (result.taille.number, result.accord) == (3, OBSERVED)
    assert result.version.statut.label == "exemple (contrat observé)" and result.version.source
    crises = next(r for r in result.lines if r.mission is AciMission.CRISES)
    assert (crises.part_fixe, crises.part_variable) == (22_500, 67_500)
    assert crises.variable_condition == "crise sanitaire reconnue par l’ARS"
    assert result.conditional_variable == 67_500 and result.max_total == 521_250
    assert aci.simulate(None, None, on=date(2025, 6, 1), taille=4).accord == AVENANT_2  # taille 3 only


def test_a_contract_signed_after_2021_does_not_get_avenant_2s_operating_part() -> None:
    late = aci.simulate(None, 18_750, on=date(2024, 1, 1), signed_on=date(2023, 5, 1))
    assert late.accord == ACCORD_2019 and _operating(late) == 50_000
    assert "ne concerne que les CPTS ayant signé leur contrat avant le 31 décembre 2021" in (late.warning or "")
    early = aci.simulate(None, 18_750, on=date(2024, 1, 1), signed_on=date(2020, 11, 3))
    assert early.accord == AVENANT_2 and early.warning is None


def test_a_base_holds_the_shipped_versions(database: Database) -> None:
    assert _totals(aci.maxima(database, date(2023, 1, 1))) == _totals(aci.maxima(None, date(2023, 1, 1)))
    assert {a.nom for a in aci.accords(database)} == {ACCORD_2019, AVENANT_2, OBSERVED}


def _crises_line(database: Database, year_id: int) -> aci.MissionLine:
    return next(m for m in aci.contract_year(database, year_id).missions if m.mission is AciMission.CRISES)


def test_crises_variable_part_is_due_only_once_the_ars_recognises_a_crisis(database: Database) -> None:
    grant_id = grants.create_grant(
        database, grants.GrantData("CPAM de l’Essai", GrantNature.ACI, date_signature=date(2021, 3, 1))
    )
    year_id = aci.open_year(database, grant_id, 2025, [AciMission.CRISES], population=120_000)
    line = _crises_line(database, year_id)
    assert line.part_variable == 67_500 and line.variable_earned == 0
    aci.set_condition_met(database, year_id, date(2025, 2, 10))
    assert _crises_line(database, year_id).variable_earned == 67_500  # no indicator: due whole
    aci.add_indicator(database, line.id, "Cellule de crise activée", Decimal(2), Decimal(1))
    assert _crises_line(database, year_id).variable_earned == Decimal("33750.00")
    aci.set_condition_met(database, year_id, None)
    line = _crises_line(database, year_id)
    assert line.variable_earned == 0 and line.condition_met_on is None
    other = aci.open_year(database, grant_id, 2026, [AciMission.ACCESS], population=120_000)
    with pytest.raises(ValidationError, match="n’a pas la mission"):
        aci.set_condition_met(database, other, date(2026, 1, 5))


def test_a_base_of_an_earlier_release_keeps_its_aci_data(tmp_path: Path) -> None:
    """Revision 0020: the old example becomes the 2019 accord (25 August 2019), the treasurer's version
    and the contract years stay as they were, and the later shipped versions are added."""
    path = tmp_path / "ancienne.sqlite"
    engine = make_engine(to_url(str(path)))
    migrate.upgrade(engine, "0016")
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executescript(
            """
            INSERT INTO aci_accords (id, nom, en_vigueur_le) VALUES
                (1, 'Exemple indicatif (plafonds de l’accord 2019)', '2019-08-21'),
                (2, 'Notre contrat 2024', '2024-04-01');
            INSERT INTO aci_amounts (accord_id, taille, mission, part_fixe, part_variable) VALUES
                (1, 2, 'fonctionnement', 61000, 0), (2, 2, 'fonctionnement', 105000, 0);
            INSERT INTO funders (id, nom, type) VALUES (1, 'CPAM', 'cpam');
            INSERT INTO grants (id, funder_id, objet, nature, statut) VALUES (1, 1, 'ACI', 'aci', 'accordee');
            INSERT INTO aci_years (id, grant_id, annee, taille, accord_id, verse) VALUES (5, 1, 2023, 2, 1, 12000);
            INSERT INTO aci_year_missions (aci_year_id, mission, part_fixe, part_variable)
                VALUES (5, 'crises', 12500, 12500);
            """
        )
    database = open_database(str(path))
    try:
        found = {a.nom: a for a in aci.accords(database)}
        assert set(found) == {ACCORD_2019, "Notre contrat 2024", AVENANT_2, OBSERVED}
        example, own = found[ACCORD_2019], found["Notre contrat 2024"]
        assert (example.id, example.en_vigueur_le, example.statut) == (
            1, date(2019, 8, 25), AciVersionStatus.OPERATING_VERIFIED
        )  # fmt: skip
        assert example.source and "25 août 2019" in example.source
        assert [r.part_fixe for r in aci.amounts(database, 1)] == [61_000]  # its edited amount kept
        assert (own.statut, own.source, own.en_vigueur_le) == (AciVersionStatus.OWN, None, date(2024, 4, 1))
        [year] = aci.contract_years(database)
        assert (year.accord, year.verse, year.missions[0].condition_met_on) == (ACCORD_2019, 12_000, None)
    finally:
        database.close()
