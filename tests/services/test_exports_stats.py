from datetime import date
from pathlib import Path

import pytest

from cpts_desktop.services.exports import export_members
from cpts_desktop.services.imports import import_members
from cpts_desktop.services.stats import statistics
from tests.services.spreadsheet_files import infirmiers, write_csv


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_reimporting_an_export_changes_nothing(demo_database, tmp_path: Path, suffix):
    path = tmp_path / f"export{suffix}"
    assert export_members(demo_database, path) >= 100
    report = import_members(demo_database, path)
    assert (report.created, report.updated, report.rejected, report.unknown_columns) == (0, 0, [], [])
    assert report.unchanged >= 100


def test_statistics_count_by_national_code(database, tmp_path: Path):
    import_members(database, write_csv(tmp_path / "infirmiers.csv", infirmiers(52)))
    stats = statistics(database, 2026)
    assert stats.members_total == 52
    assert [(c.code, c.label, c.count) for c in stats.by_profession] == [("60", "Infirmier", 52)]


def test_statistics_of_the_demo(demo_database):
    stats = statistics(demo_database, date.today().year)
    assert (
        sum(c.count for c in stats.by_profession) + sum(c.count for c in stats.by_structure_type) == stats.members_total
    )
    assert sum(c.count for c in stats.by_status) == stats.members_total
    assert stats.cotisations.received > 0
    assert stats.cotisations.members_up_to_date < stats.cotisations.members_due
