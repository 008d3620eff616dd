"""The Annuaire Santé extract: files in its genuine layout (« | » after every field, 56 columns, UTF-8 or
cp1252, one row per activity site), fictional people."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from cpts_desktop.domain.enums import Civility, MemberKind, PracticeMode
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.identifiers import luhn_check_digit
from cpts_desktop.domain.members import MemberData
from cpts_desktop.domain.validators import clean_adeli, clean_rpps
from cpts_desktop.services.annuaire import EXTRACT_HEADERS, extract_line, read_professionals
from cpts_desktop.services.imports import ImportCancelled, import_members, preview
from cpts_desktop.services.members import create_member
from cpts_desktop.services.territory import save_commune, territory
from cpts_desktop.store.models import Member


def rpps(n: int) -> str:
    body = f"10{n:08d}"
    return body + luhn_check_digit(body)


def finess(n: int) -> str:
    body = f"29{n:06d}"
    return body + luhn_check_digit(body)


LE_GALL, QUERE, MORVAN, GUEGUEN, BAD = rpps(11), rpps(12), rpps(13), rpps(14), rpps(15)[:-1] + "0"
ADELI = "291234567"
PORT = {
    "Raison sociale site": "CABINET MEDICAL DU PORT",
    "Numéro FINESS site": finess(101),
    "Numéro SIRET site": "73282932000074",
    "Numéro Voie (coord. structure)": "12",
    "Libellé type de voie (coord. structure)": "Rue",
    "Libellé Voie (coord. structure)": "DE SIAM",
    "Code postal (coord. structure)": "29200",
    "Code commune (coord. structure)": "29019",
    "Libellé commune (coord. structure)": "Brest",
    "Téléphone (coord. structure)": "0298000001",
    "Adresse e-mail (coord. structure)": "cabinet.port@exemple.fr",
}


def person(kind: str, number: str, nom: str, prenom: str, profession: str, **site: str) -> dict[str, str]:
    national = ("8" if kind == "8" else "0") + number
    return {
        "Type d'identifiant PP": kind,
        "Identifiant PP": number,
        "Identification nationale PP": national,
        "Nom d'exercice": nom,
        "Prénom d'exercice": prenom,
        "Code profession": profession,
        "Code mode exercice": "L",
        **site,
    }


def extract_rows() -> list[dict[str, str]]:
    """Six people, seven rows: a doctor on two sites, an ADELI kiné sharing the doctor's practice, a
    nurse of a commune known without postcode, a pharmacist outside the territory, a wrong RPPS, a
    midwife whose site has no code commune."""
    doctor = {"Code civilité d'exercice": "DR", "Libellé civilité d'exercice": "Docteur", "Code civilité": "M"}
    doctor["Libellé savoir-faire"] = "Médecine générale"
    return [
        person("8", LE_GALL, "LE GALL", "JEAN-MARC", "10", **doctor, **PORT),
        person(
            "8", LE_GALL, "LE GALL", "JEAN-MARC", "10", **doctor,
            **{
                "Raison sociale site": "MSP DE KERINOU",
                "Numéro FINESS site": finess(102),
                "Code postal (coord. structure)": "29490",
                "Code commune (coord. structure)": "29069",
                "Libellé commune (coord. structure)": "Guipavas",
                "Code mode exercice": "S",
            },
        ),
        person("0", ADELI, "D'ALMEIDA", "ANNE", "70", **{"Code civilité": "MME"}, **PORT),
        person(
            "8", QUERE, "QUÉRÉ", "MARIE-HÉLÈNE", "60",
            **{"Code postal (coord. structure)": "29470", "Code commune (coord. structure)": "29189",
               "Libellé commune (coord. structure)": "PLOUGASTEL-DAOULAS"},
        ),
        person(
            "8", MORVAN, "MORVAN", "YANN", "21",
            **{"Raison sociale site": "PHARMACIE DE L'ODET", "Code postal (coord. structure)": "29000",
               "Code commune (coord. structure)": "29232", "Libellé commune (coord. structure)": "Quimper"},
        ),
        person("8", BAD, "KERBRAT", "LOÏC", "40", **{"Code commune (coord. structure)": "29019"}),
        person(
            "8", GUEGUEN, "GUÉGUEN", "SOIZIC", "50",
            **{"Code postal (coord. structure)": "29200", "Libellé commune (coord. structure)": "BREST"},
        ),
    ]  # fmt: skip


def write_extract(path: Path, encoding: str = "utf-8", rows: list[dict[str, str]] | None = None) -> Path:
    lines = [extract_line(dict(zip(EXTRACT_HEADERS, EXTRACT_HEADERS, strict=True)))]
    lines += [extract_line(row) for row in (rows if rows is not None else extract_rows())]
    path.write_bytes("".join(lines).encode(encoding))
    return path


@dataclass(frozen=True)
class Town:
    code_insee: str
    nom: str
    codes_postaux: tuple[str, ...]


TERRITORY = [
    Town("29019", "Brest", ("29200",)),
    Town("29069", "Guipavas", ("29490",)),
    Town("29189", "Plougastel-Daoulas", ()),
]


def members(database) -> dict[str, Member]:
    with database.sessions() as session:
        return {m.nom: m for m in session.scalars(select(Member))}


def test_extract_imports_as_downloaded_and_twice_changes_nothing(database, tmp_path: Path):
    # UTF-8 here; the wizard's journey imports the cp1252 download (tests/ui/test_import_annuaire.py)
    path = write_extract(tmp_path / "PS_LibreAcces_Personne_activite_202611300000.txt")
    assert {preview(path).columns[i] for i in (1, 7, 8)} == {"rpps", "nom", "prenom"}
    report = import_members(database, path)
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    assert [(r.row, r.column, r.value) for r in report.rejected] == [(7, "RPPS", BAD)]
    found = members(database)
    doctor = found["Le Gall"]
    assert (doctor.prenom, doctor.titre, doctor.civilite, doctor.rpps, doctor.adeli) == (
        "Jean-Marc", "Dr", Civility.MONSIEUR, LE_GALL, None
    )  # fmt: skip
    assert (doctor.profession_code, doctor.specialite, doctor.mode_exercice) == (
        "10", "Médecine générale", PracticeMode.MIXED
    )  # fmt: skip
    assert (doctor.structure_exercice, doctor.adresse, doctor.code_postal) == (
        "Cabinet Medical du Port", "12 rue de Siam", "29200"
    )  # fmt: skip
    assert (doctor.commune, doctor.telephone, doctor.email) == ("Brest", "02 98 00 00 01", "cabinet.port@exemple.fr")
    assert doctor.notes == "Autres lieux d’exercice (Annuaire Santé) : MSP de Kerinou (Guipavas)."
    kine = found["D’Almeida"]
    assert (kine.prenom, kine.adeli, kine.rpps, kine.civilite, kine.profession_code) == (
        "Anne", ADELI, None, Civility.MADAME, "70"
    )  # fmt: skip
    assert kine.email is None  # the practice's address is the doctor's already: an email is unique
    assert found["Quéré"].prenom == "Marie-Hélène" and found["Quéré"].commune == "Plougastel-Daoulas"
    assert all(m.finess is None and m.siret is None and m.kind is MemberKind.PERSON for m in found.values())
    again = import_members(database, path)
    assert (again.created, again.updated, again.unchanged, len(again.rejected)) == (0, 0, 5, 1)
    assert len(members(database)) == 5


def test_known_members_completed_never_overwritten_new_ones_from_the_territory(database, tmp_path: Path):
    structure = MemberData(MemberKind.STRUCTURE, "Maison de santé de Kerinou", finess=finess(102))
    create_member(database, structure)
    typed = MemberData(MemberKind.PERSON, "Le Gall", "Jean-Marc", rpps="8" + LE_GALL, telephone="06 11 22 33 44")
    create_member(database, typed)
    create_member(database, MemberData(MemberKind.PERSON, "Quéré", "Marie-Hélène", email="mh.quere@exemple.fr"))
    save_commune(database, "29189", "Plougastel-Daoulas", 13000)
    path = write_extract(tmp_path / "extrait.txt", rows=extract_rows()[:4])
    assert [p.identifier for p in read_professionals(path, territory(database).communes)] == [QUERE]
    report = import_members(database, path)
    # The territory is Plougastel-Daoulas: Anne D’Almeida (Brest) is left out; the known doctor is not.
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 2, 0, [])
    assert report.value_notes == [
        "Annuaire Santé : 1 ligne d’activité laissée de côté, hors des communes du territoire (les adhérents "
        "déjà connus sont complétés où qu’ils exercent)."
    ]
    found = members(database)
    doctor = found["Le Gall"]
    assert (doctor.rpps, doctor.telephone, doctor.email) == (LE_GALL, "06 11 22 33 44", "cabinet.port@exemple.fr")
    assert doctor.notes == "Autres lieux d’exercice (Annuaire Santé) : Maison de santé de Kerinou (Guipavas)."
    nurse = found["Quéré"]
    assert (nurse.rpps, nurse.email, nurse.profession_code, nurse.commune_id is not None) == (
        QUERE, "mh.quere@exemple.fr", "60", True
    )  # fmt: skip


def test_territory_filter_by_code_insee_or_postcode_and_name(tmp_path: Path):
    path = write_extract(tmp_path / "national.txt")
    kept = {p.identifier: p for p in read_professionals(path, TERRITORY)}
    assert set(kept) == {LE_GALL, ADELI, QUERE, BAD, GUEGUEN}
    assert [s.commune for s in kept[LE_GALL].sites] == ["Brest", "Guipavas"]
    assert kept[ADELI].identifier_type == "ADELI" and kept[LE_GALL].identifier_type == "RPPS"
    assert kept[GUEGUEN].profession_label == "Sage-femme"
    only_brest = {p.identifier: p for p in read_professionals(path, ["29019"])}
    assert set(only_brest) == {LE_GALL, ADELI, BAD}
    assert [s.raison_sociale for s in only_brest[LE_GALL].sites] == ["Cabinet Medical du Port"]
    assert len(list(read_professionals(path))) == 6


def test_a_row_without_identifier_is_refused_not_guessed(database, tmp_path: Path):
    rows = [{"Nom d'exercice": "SANS", "Prénom d'exercice": "NUMÉRO", "Code profession": "60"}]
    path = write_extract(tmp_path / "extrait.txt", rows=rows)
    assert list(read_professionals(path)) == []
    report = import_members(database, path)
    assert (report.created, [(r.row, r.column) for r in report.rejected]) == (0, [(2, "Identifiant PP")])


def test_copies_saved_by_a_spreadsheet_read_the_same(tmp_path: Path):
    rows = extract_rows()
    semicolon = tmp_path / "extrait.csv"
    with semicolon.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(EXTRACT_HEADERS)
        writer.writerows([[row.get(h, "") for h in EXTRACT_HEADERS] for row in rows])
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(EXTRACT_HEADERS))
    for row in rows:  # Excel turned the identifiers into numbers: the ADELI's type « 0 » is a number too
        sheet.append(
            [
                int(v) if h.endswith("PP") and v.isdigit() else v
                for h, v in ((h, row.get(h, "")) for h in EXTRACT_HEADERS)
            ]
        )
    workbook.save(tmp_path / "extrait.xlsx")
    expected = [
        (p.identifier_type, p.identifier, p.nom, len(p.sites))
        for p in read_professionals(write_extract(tmp_path / "a.txt"))
    ]
    for path in (semicolon, tmp_path / "extrait.xlsx"):
        assert [(p.identifier_type, p.identifier, p.nom, len(p.sites)) for p in read_professionals(path)] == expected


def test_a_line_in_another_encoding_still_reads(tmp_path: Path):
    path = write_extract(tmp_path / "extrait.txt", rows=extract_rows()[:3])
    with path.open("ab") as handle:
        handle.write(extract_line(person("8", QUERE, "QUÉRÉ", "HÉLÈNE", "60")).encode("cp1252"))
    assert [p.prenom for p in read_professionals(path)][-1] == "Hélène"


def test_cancel_leaves_the_register_as_it_was(database, tmp_path: Path):
    path = write_extract(tmp_path / "extrait.txt")
    with pytest.raises(ImportCancelled):
        import_members(database, path, progress=lambda done, total: done < total // 2)
    assert members(database) == {}


def test_national_form_of_rpps_and_adeli():
    assert clean_rpps("8" + LE_GALL) == LE_GALL
    assert clean_rpps(" 8 1000 0000 11" + LE_GALL[-1]) == LE_GALL
    assert clean_adeli("0" + ADELI) == ADELI
    with pytest.raises(ValidationError, match="clé de contrôle"):
        clean_rpps("8" + BAD)
    with pytest.raises(ValidationError, match="11 chiffres"):
        clean_rpps("0" + ADELI)


def test_a_large_extract_is_previewed_by_its_first_rows_then_imported_whole(database, tmp_path, monkeypatch):
    """The national file (over 1 GB) cannot be read before the import: the wizard shows its first rows,
    the import streams all of it."""
    from cpts_desktop.services import annuaire

    path = write_extract(tmp_path / "PS_LibreAcces_Personne_activite.txt", "cp1252")
    monkeypatch.setattr(annuaire, "SAMPLED_FROM", 100)
    monkeypatch.setattr(annuaire, "PREVIEW_ROWS", 3)
    found = preview(path)
    assert not found.whole
    assert [number for number, _cells in found.table.rows] == [2, 3, 4]
    assert found.table.rows[0][1][7:9] == ["LE GALL", "JEAN-MARC"]
    assert {found.columns[i] for i in (1, 7, 8)} == {"rpps", "nom", "prenom"}
    assert import_members(database, path).created == 5


def test_a_second_run_changes_nothing_for_a_professional_also_practising_outside(database, tmp_path: Path):
    """Known after the first run, the doctor is read with all his sites the second time: he is still
    described by the territory's (Brest) alone, so nothing is « completed » twice."""
    save_commune(database, "29019", "Brest", 140000)
    path = write_extract(tmp_path / "extrait.txt", rows=extract_rows()[:2])
    first = import_members(database, path)
    assert (first.created, first.updated, first.rejected) == (1, 0, [])
    doctor = members(database)["Le Gall"]
    assert (doctor.structure_exercice, doctor.commune, doctor.notes) == ("Cabinet Medical du Port", "Brest", None)
    again = import_members(database, path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 1, [])
