"""Official commune files as downloaded: INSEE's COG, its populations légales (CSV and workbook), La Poste's
postcodes; the choice of the territory's communes and the population figure taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.commune_files import commune_code, read_commune_file
from cpts_desktop.services.spreadsheets import UnreadableFile
from cpts_desktop.services.territory import import_communes, territory

COG = """TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT
COM,38185,84,38,38D,381,0,GRENOBLE,Grenoble,Grenoble,3899,
COM,38421,84,38,38D,381,0,SAINT MARTIN D HERES,Saint-Martin-d'Hères,Saint-Martin-d'Hères,3899,
COM,38151,84,38,38D,381,0,ECHIROLLES,Échirolles,Échirolles,3899,
COM,73065,84,73,73D,731,0,CHAMBERY,Chambéry,Chambéry,7399,
COM,2A004,94,2A,2AD,2A1,0,AJACCIO,Ajaccio,Ajaccio,2A99,
COM,97101,01,971,971D,971,1,ABYMES,Abymes,Les Abymes,97199,
COMD,38185,84,38,38D,381,0,GRENOBLE,Grenoble,Grenoble,,38185
ARM,75101,11,75,75C,751,0,PARIS 1ER ARRONDISSEMENT,Paris 1er Arrondissement,Paris 1er Arrondissement,,75056
"""

POPULATIONS_CSV = """REG;Région;DEP;COM;Commune;PMUN;PCAP;PTOT
84;Auvergne-Rhône-Alpes;38;38185;Grenoble;156389;3140;159529
84;Auvergne-Rhône-Alpes;38;38421;Saint-Martin-d'Hères;38521;1005;39526
84;Auvergne-Rhône-Alpes;38;38151;Échirolles;37130;695;37825
84;Auvergne-Rhône-Alpes;73;73065;Chambéry;60164;1644;61808
"""

LA_POSTE = (
    "#Code_commune_INSEE;Nom_de_la_commune;Code_postal;Libellé_d_acheminement;Ligne_5\n"
    "38185;GRENOBLE;38000;GRENOBLE;\n"
    "38185;GRENOBLE;38100;GRENOBLE;\n"
    "38421;ST MARTIN D HERES;38400;ST MARTIN D HERES;\n"
    "38151;ECHIROLLES;38130;ECHIROLLES;\n"
    "73065;CHAMBERY;73000;CHAMBERY;BISSY\n"
    "75101;PARIS 01;75001;PARIS;\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def populations_workbook(tmp_path: Path) -> Path:
    """INSEE's « ensemble.xlsx »: sheets of régions and départements first, title lines above the header,
    a 3-digit « Code commune » beside a « Code département » of 2 or 3 characters."""
    book = Workbook()
    book.active.title = "Régions"
    book.active.append(["Code région", "Nom de la région", "Population municipale"])
    sheet = book.create_sheet("Communes")
    sheet.append(["Recensement de la population"])
    sheet.append(["Populations légales 2021"])
    sheet.append([])
    headers = ["Code région", "Nom de la région", "Code département", "Code arrondissement", "Code canton"]
    sheet.append([*headers, "Code commune", "Nom de la commune", *_FIGURES])
    sheet.append(["84", "Auvergne-Rhône-Alpes", "38", "1", "99", "185", "Grenoble", 156389, 3140, 159529])
    sheet.append(["84", "Auvergne-Rhône-Alpes", "38", "1", "99", "421", "Saint-Martin-d'Hères", 38521, 1005, 39526])
    sheet.append(["94", "Corse", "2A", "1", "99", "004", "Ajaccio", 73299, 1517, 74816])
    sheet.append(["01", "Guadeloupe", "971", "1", "99", "01", "Les Abymes", 50745, 648, 51393])
    sheet.append(["04", "La Réunion", "974", "1", "99", "411", "Saint-Denis", 153901, 1716, 155617])
    path = tmp_path / "ensemble.xlsx"
    book.save(path)
    return path


_FIGURES = ["Population municipale", "Population comptée à part", "Population totale"]


@pytest.mark.sqlite_only
def test_cog_keeps_communes_and_leaves_arrondissements(database, tmp_path: Path):
    path = write(tmp_path, "v_commune_2024.csv", COG)
    read = read_commune_file(path)
    assert (read.layout, len(read.communes), read.skipped) == ("cog", 6, 2)
    assert read.communes["38421"].nom == "Saint-Martin-d'Hères"  # LIBELLE, not the capitals of NCC
    report = import_communes(database, path, departements=["38", "971"])
    assert (report.created, report.updated, report.population) == (4, 0, None)
    land = territory(database)
    assert sorted(c.code_insee for c in land.communes) == ["38151", "38185", "38421", "97101"]
    assert {c.population for c in land.communes} == {0}


def test_populations_csv_municipale_chosen_over_totale(database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = write(tmp_path, "donnees_communes_2021.csv", POPULATIONS_CSV)
    report = import_communes(database, path, codes=["38185", "38421", "38151", "99999"])
    assert (report.created, report.population, report.year, report.missing) == (3, "municipale", 2021, ["99999"])
    land = territory(database)
    assert land.population == 156389 + 38521 + 37130
    assert land.taille.number == 4
    assert land.population_source == "population municipale 2021"
    monkeypatch.setattr("cpts_desktop.services.territory.MAX_UNCHOSEN", 3)
    again = import_communes(database, path, population="totale")  # no choice: the territory's communes
    assert (again.created, again.updated) == (0, 3)
    assert territory(database).population == 159529 + 39526 + 37825
    assert territory(database).population_source == "population totale 2021"


@pytest.mark.sqlite_only
def test_populations_workbook_with_title_lines_corsica_and_overseas(database, tmp_path: Path):
    read = read_commune_file(populations_workbook(tmp_path))
    assert (read.layout, read.year, read.kinds) == ("populations", 2021, ("municipale", "totale"))
    assert sorted(read.communes) == ["2A004", "38185", "38421", "97101", "97411"]
    assert read.communes["97411"].departement == "974"
    report = import_communes(database, populations_workbook(tmp_path), codes=["2A004", "97101", "97411"])
    assert report.created == 3
    by_code = {c.code_insee: c for c in territory(database).communes}
    assert by_code["97101"].nom == "Les Abymes" and by_code["97101"].population == 50745
    assert by_code["2A004"].population_source == "municipale 2021"


@pytest.mark.parametrize(
    ("code", "departement", "expected"),
    [
        ("185", "38", "38185"),
        ("4", "2a", "2A004"),
        ("01", "971", "97101"),
        ("101", "971", "97101"),
        ("1001", "", "01001"),
    ],
)
def test_code_insee_from_its_parts(code: str, departement: str, expected: str):
    assert commune_code(code, departement) == expected


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("name", "text", "encoding"),
    [
        ("019HexaSmal.csv", LA_POSTE, "iso-8859-1"),
        (
            "base-officielle-codes-postaux.csv",
            "code_commune_insee,nom_de_la_commune,code_postal,libelle_d_acheminement,ligne_5,_geopoint\n"
            + "\n".join(
                f'{line.split(";")[0]},{line.split(";")[1]},{line.split(";")[2]},{line.split(";")[3]},,"45.18,5.72"'
                for line in LA_POSTE.splitlines()[1:]
            )
            + "\n",
            "utf-8",
        ),
    ],
)
def test_la_poste_postcodes_attached_to_the_territory(database, tmp_path: Path, name: str, text: str, encoding: str):
    import_communes(database, write(tmp_path, "communes.csv", POPULATIONS_CSV), codes=["38185", "38421", "38151"])
    report = import_communes(database, write(tmp_path, name, text, encoding))
    assert (report.layout, report.postcodes, report.created) == ("Base officielle des codes postaux de La Poste", 3, 0)
    by_code = {c.code_insee: c for c in territory(database).communes}
    assert by_code["38185"].codes_postaux == ("38000", "38100")
    assert by_code["38421"].codes_postaux == ("38400",)
    assert len(by_code) == 3  # Chambéry, in the file, is not in the territory
    assert territory(database).population == 156389 + 38521 + 37130  # postcodes leave populations alone


@pytest.mark.sqlite_only
def test_a_national_file_needs_a_choice(database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("cpts_desktop.services.territory.MAX_UNCHOSEN", 3)
    path = write(tmp_path, "donnees_communes.csv", POPULATIONS_CSV)
    with pytest.raises(CptsError, match="compte 4 communes : choisissez celles du territoire"):
        import_communes(database, path)
    assert territory(database).communes == []


@pytest.mark.sqlite_only
def test_historical_series_and_a_small_list_added_to_the_territory(database, tmp_path: Path):
    series = "CODGEO;REG;DEP;LIBGEO;PMUN2021;PMUN2020;PTOT2021\n38185;84;38;Grenoble;156389;157650;159529\n"
    report = import_communes(database, write(tmp_path, "base-pop-historiques.csv", series))
    assert (report.created, report.population, report.year) == (1, "municipale", 2021)
    simple = "Code INSEE;Commune;Population municipale;CP\n38421;Saint-Martin-d'Hères;38521;38400\n"
    added = import_communes(database, write(tmp_path, "communes.csv", simple))
    assert (added.created, added.postcodes) == (1, 1)
    assert territory(database).population == 156389 + 38521


@pytest.mark.sqlite_only
def test_only_totale_is_said_not_silent(database, tmp_path: Path):
    path = write(tmp_path, "communes.csv", "Code INSEE;Nom;Population totale\n38185;Grenoble;159529\n")
    report = import_communes(database, path)
    assert report.population == "totale"
    assert "la population totale est retenue" in "\n".join(report.lines())
    assert territory(database).communes[0].population_source == "totale"


@pytest.mark.sqlite_only
def test_unreadable_file_refused_and_nothing_written(database, tmp_path: Path):
    import_communes(database, write(tmp_path, "communes.csv", POPULATIONS_CSV), codes=["38185"])
    bad = write(tmp_path, "communes.xlsx", "ceci n’est pas un classeur")
    with pytest.raises(UnreadableFile, match="n’est pas un classeur Excel lisible"):
        import_communes(database, bad)
    broken = write(tmp_path, "autre.csv", "Prénom;Ville\nMarie;Grenoble\n")
    with pytest.raises(UnreadableFile, match="n’est pas un fichier de communes reconnu"):
        import_communes(database, broken)
    assert [(c.code_insee, c.population) for c in territory(database).communes] == [("38185", 156389)]
