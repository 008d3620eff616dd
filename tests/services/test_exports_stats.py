from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cpts_desktop.domain.enums import Civility, MemberKind, MemberStatus, PracticeMode, StructureType
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services import exports
from cpts_desktop.services.exports import export_members
from cpts_desktop.services.imports import import_members
from cpts_desktop.services.members import create_member
from cpts_desktop.services.stats import statistics
from tests.services.spreadsheet_files import infirmiers, write_csv


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_reimporting_an_export_changes_nothing(demo_database, tmp_path: Path, suffix):
    path = tmp_path / f"export{suffix}"
    assert export_members(demo_database, path) >= 100
    report = import_members(demo_database, path)
    assert (report.created, report.updated, report.rejected, report.unknown_columns) == (0, 0, [], [])
    assert report.unchanged >= 100


SMALL_BASE = (
    MemberData(
        kind=MemberKind.PERSON,
        nom="Zébulon",
        prenom="Anaïs",
        civilite=Civility.MADAME,
        profession_code="60",
        mode_exercice=PracticeMode.LIBERAL,
        adresse="2 rue du Pont",
        code_postal="26000",
        commune="Valence",
        email="anais.zebulon@example.org",
        date_adhesion=date(2026, 3, 20),
        notes="=1+1",
    ),
    MemberData(
        kind=MemberKind.STRUCTURE,
        nom="Pharmacie du Pont",
        structure_type=StructureType.PHARMACY,
        siret="73282932000074",
        date_adhesion=date(2024, 1, 5),
        date_sortie=date(2026, 12, 31),
        statut=MemberStatus.RESIGNED,
    ),
    MemberData(
        kind=MemberKind.PERSON,
        nom="Abel",
        prenom="Marc",
        civilite=Civility.MONSIEUR,
        titre="Dr",
        telephone="06 39 98 00 01",
        rgpd_consentement=date(2025, 1, 2),
        notes="Ligne 1\nligne 2",
    ),
)
# What the export wrote before it streamed (with the titre since), byte for byte
# (UTF-8 with BOM, « ; », dates « 20/03/2026 »).
SMALL_CSV = (
    "\ufeffCivilité;Titre;Nom;Prénom;Raison sociale;Type de structure;Profession;Spécialité;RPPS;ADELI;FINESS;SIRET;"
    "Mode d’exercice;Structure d’exercice;Adresse;Code postal;Commune;Téléphone;Email;Collège;Date d’adhésion;"
    "Date de sortie;Statut;Consentement RGPD;Notes\r\n"
    'M.;Dr;Abel;Marc;;;;;;;;;;;;;;06 39 98 00 01;;;;;Actif;02/01/2025;"Ligne 1\nligne 2"\r\n'
    ";;;;Pharmacie du Pont;Pharmacie;;;;;;73282932000074;;;;;;;;;05/01/2024;31/12/2026;Démissionnaire;;\r\n"
    "Mme;;Zébulon;Anaïs;;;Infirmier;;;;;;Libéral;;2 rue du Pont;26000;Valence;;anais.zebulon@example.org;;"
    "20/03/2026;;Actif;;'=1+1\r\n"
)


@pytest.fixture
def small_base(database) -> list[int]:
    return [create_member(database, data) for data in SMALL_BASE]


def test_the_streamed_csv_is_the_export_as_it_was(database, small_base, tmp_path: Path):
    assert export_members(database, tmp_path / "a.csv") == 3
    assert (tmp_path / "a.csv").read_bytes() == SMALL_CSV.encode("utf-8")


def test_the_streamed_workbook_holds_the_same_cells(database, small_base, tmp_path: Path):
    assert export_members(database, tmp_path / "a.xlsx") == 3
    sheet = load_workbook(tmp_path / "a.xlsx").active
    assert sheet is not None and sheet.title == "Adhérents"
    lines = [line.split(";") for line in SMALL_CSV.removeprefix("\ufeff").replace('"', "").split("\r\n")[:-1]]
    expected = [[_typed(cell) for cell in line] for line in lines]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == expected
    assert sheet["U4"].value == datetime(2026, 3, 20) and sheet["U4"].number_format == "dd/mm/yyyy"


def _typed(cell: str) -> object:
    """A CSV cell as the workbook holds it: nothing for an empty one, dates as dates."""
    if not cell:
        return None
    if len(cell) == 10 and cell[2] == cell[5] == "/":
        return datetime(int(cell[6:]), int(cell[3:5]), int(cell[:2]))
    return cell


def test_chosen_members_are_written_in_their_order_across_batches(database, small_base, tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 2)
    zebulon, pharmacie, abel = small_base
    assert export_members(database, tmp_path / "a.csv", [pharmacie, 99_999, abel, zebulon]) == 3
    lines = (tmp_path / "a.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    assert [line.split(";")[2:5] for line in lines[1:4]] == [
        ["", "", "Pharmacie du Pont"],
        ["Abel", "Marc", ""],
        ["Zébulon", "Anaïs", ""],
    ]


def test_statistics_count_by_national_code(database, tmp_path: Path):
    import_members(database, write_csv(tmp_path / "infirmiers.csv", infirmiers(52)))
    stats = statistics(database, 2026)
    assert stats.members_total == 52
    assert [(c.code, c.label, c.count) for c in stats.by_profession] == [("60", "Infirmier", 52)]
    assert [(c.label, c.count) for c in stats.by_category] == [("Auxiliaire médical", 52)]


def test_statistics_of_the_demo(demo_database):
    stats = statistics(demo_database, date.today().year)
    assert (
        sum(c.count for c in stats.by_profession) + sum(c.count for c in stats.by_structure_type) == stats.members_total
    )
    assert sum(c.count for c in stats.by_status) == stats.members_total
    assert stats.cotisations.received > 0
    assert stats.cotisations.members_up_to_date < stats.cotisations.members_due
