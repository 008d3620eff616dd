"""Excel hygiene at import: total rows, hidden rows and columns, names with particles and titles,
identifiers that lost their leading zero, workbooks of several sheets or tables (fictional people)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from stdnum import luhn

from cpts_desktop.domain.enums import Civility
from cpts_desktop.domain.names import split_name, usual_case
from cpts_desktop.services.documents import cards_in
from cpts_desktop.services.imports import ImportOptions, import_members, preview
from cpts_desktop.services.spreadsheets import hidden_parts, is_total_row
from cpts_desktop.store.models import Member
from tests.services.spreadsheet_files import rpps

pytestmark = pytest.mark.sqlite_only  # about reading files: one back end is enough

HEADERS = ["Nom et prénom", "Profession", "RPPS", "Email", "Notes internes"]


def _with_key(body: str) -> str:
    return body + luhn.calc_check_digit(body)


FINESS = _with_key("01000002")  # « 010000024 », stored by Excel as the number 10000024
SIREN = _with_key("01234567")
SIRET = _with_key(SIREN + "0001")


def register(path: Path) -> Path:
    """A register as a secretary keeps it: a hidden column, a hidden row, totals, a second sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Adhérents 2026"
    sheet.append(HEADERS)
    sheet.append(["de la Fontaine Marie", "Infirmière", rpps(11), "marie.fontaine@example.org", "ne pas relancer"])
    sheet.append(["Dr Paul MOREL", "Médecin généraliste", rpps(12), "paul.morel@example.org", ""])
    sheet.append(["Mme LE GALL Anne", "Kinésithérapeute", rpps(13), "anne.legall@example.org", ""])
    sheet.append(["Guérin Noé", "Pharmacien", rpps(14), "noe.guerin@example.org", "parti en mars"])
    sheet.append(["Sous-total", 4])
    sheet.append(["Pr Jean D'ALMEIDA", "Médecin", rpps(15), "jean.dalmeida@example.org", ""])
    sheet.append([])
    sheet.append(["TOTAL : 10 adhérents", 10])
    sheet.append(["Total général", None, None, 5])
    sheet.append([5, None, 3])
    sheet.row_dimensions[5].hidden = True  # Noé Guérin, filtered out
    sheet.column_dimensions["E"].hidden = True
    payments = book.create_sheet("Paiements")
    payments.append(["Date", "Montant"])
    for day in range(1, 120):
        payments.append([f"{day % 28 + 1:02d}/01/2026", 30])
    book.create_sheet("Feuil3")  # empty, as Excel leaves them: not worth a word
    book.save(path)
    return path


def members(database) -> dict[str, Member]:
    with database.sessions() as session:
        return {m.rpps: m for m in session.scalars(select(Member))}


@pytest.mark.parametrize(
    ("typed", "usual"),
    [
        ("JEAN-MARC", "Jean-Marc"),
        ("LE GALL", "Le Gall"),
        ("D'ALMEIDA", "D’Almeida"),
        ("D’ALMEIDA", "D’Almeida"),
        ("DE LA FONTAINE", "de La Fontaine"),
        ("MARIE DE LA FONTAINE", "Marie de La Fontaine"),
        ("VAN DER BERG", "van der Berg"),
        ("MCLEAN", "McLean"),
        ("ŒTTINGER", "Œttinger"),
        ("ŁUKASZ", "Łukasz"),
        ("STRAßER", "Straßer"),
        ("ÉLODIE", "Élodie"),
        ("McDonald", "McDonald"),
        ("de la Fontaine", "de la Fontaine"),
    ],
)
def test_usual_case(typed: str, usual: str) -> None:
    assert usual_case(typed) == usual


@pytest.mark.parametrize(
    ("full", "surname_first", "nom", "prenom", "civilite", "titre"),
    [
        ("de la Fontaine Marie", True, "de la Fontaine", "Marie", None, None),
        ("Marie de la Fontaine", True, "de la Fontaine", "Marie", None, None),
        ("Dr Paul MOREL", True, "MOREL", "Paul", None, "Dr"),
        ("Docteur Paul Morel", False, "Morel", "Paul", None, "Dr"),
        ("Mme LE GALL Anne", True, "LE GALL", "Anne", Civility.MADAME, None),
        ("M. le Dr Jean DUPONT", True, "DUPONT", "Jean", Civility.MONSIEUR, "Dr"),
        ("Pr. Jean D'ALMEIDA", True, "D'ALMEIDA", "Jean", None, "Pr"),
        ("Anne van der Berg", True, "van der Berg", "Anne", None, None),
        ("Martin", True, "Martin", None, None, None),
    ],
)
def test_split_name(full, surname_first, nom, prenom, civilite, titre) -> None:
    parts = split_name(full, surname_first)
    assert (parts.nom, parts.prenom, parts.civilite, parts.titre) == (nom, prenom, civilite, titre)


def test_totals_hidden_rows_and_columns_and_other_sheets_left_out_and_said(database, tmp_path: Path) -> None:
    path = register(tmp_path / "registre.xlsx")
    report = import_members(database, path)
    assert (report.created, report.rejected) == (4, [])
    found = members(database)
    assert set(found) == {rpps(11), rpps(12), rpps(13), rpps(15)}  # no total, not the hidden row
    assert all(m.notes is None for m in found.values())  # the hidden column went nowhere
    assert report.notes() == [
        "Feuille lue : Adhérents 2026 ; laissée : Paiements (120 lignes).",
        "Lignes 6, 9, 10 et 11 : totaux, non importées.",
        "Ligne 5 : masquée dans le classeur, non importée.",
        "Colonne masquée dans le classeur, non importée : « Notes internes ».",
    ]
    assert report.as_json()["totals"] == [6, 9, 10, 11]
    assert preview(path).notes() == report.notes()


def test_hidden_rows_and_columns_imported_when_asked(database, tmp_path: Path) -> None:
    report = import_members(database, register(tmp_path / "registre.xlsx"), ImportOptions(hidden=True))
    assert report.created == 5
    found = members(database)
    assert found[rpps(14)].nom == "Guérin" and found[rpps(14)].notes == "parti en mars"
    assert found[rpps(11)].notes == "ne pas relancer"
    assert not report.hidden_rows and not report.hidden_columns


def test_particles_titles_and_civilities_of_full_names(database, tmp_path: Path) -> None:
    import_members(database, register(tmp_path / "registre.xlsx"))
    found = members(database)
    fontaine, morel, le_gall, almeida = found[rpps(11)], found[rpps(12)], found[rpps(13)], found[rpps(15)]
    assert (fontaine.nom, fontaine.prenom) == ("de la Fontaine", "Marie")
    assert (morel.titre, morel.prenom, morel.nom, morel.civilite) == ("Dr", "Paul", "MOREL", None)
    assert (le_gall.civilite, le_gall.prenom, le_gall.nom) == (Civility.MADAME, "Anne", "LE GALL")
    assert (almeida.titre, almeida.prenom, almeida.nom) == ("Pr", "Jean", "D'ALMEIDA")


def test_titre_column_and_title_in_civility_or_first_name(database, tmp_path: Path) -> None:
    path = tmp_path / "titres.csv"
    path.write_text(
        "Civilité;Nom;Prénom;Titre;RPPS\n"
        f"Docteur;Morel;Paul;;{rpps(21)}\n"
        f"Mme;Roux;Dr Léa;;{rpps(22)}\n"
        f";Petit;Ève;Professeur;{rpps(23)}\n"
        f";Blanc;Luc;M.;{rpps(24)}\n",
        encoding="utf-8",
    )
    assert import_members(database, path).created == 4
    found = members(database)
    assert [(found[rpps(n)].civilite, found[rpps(n)].titre, found[rpps(n)].prenom) for n in (21, 22, 23, 24)] == [
        (None, "Dr", "Paul"),
        (Civility.MADAME, "Dr", "Léa"),
        (None, "Pr", "Ève"),
        (Civility.MONSIEUR, None, "Luc"),
    ]


def test_identifiers_that_lost_their_leading_zero_are_padded_and_said(database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Raison sociale", "FINESS", "SIRET", "Nom", "Prénom", "ADELI"])
    sheet.append(["Pharmacie des Tilleuls", int(FINESS), int(SIRET), None, None, None])
    sheet.append([None, None, None, "Vidal", "Rose", 19123456])  # ADELI 019123456
    sheet.append(["Cabinet des Lilas", None, int(SIREN), None, None, None])
    path = tmp_path / "structures.xlsx"
    book.save(path)
    report = import_members(database, path)
    assert (report.created, report.rejected) == (3, [])
    with database.sessions() as session:
        by_name = {m.nom: m for m in session.scalars(select(Member))}
    assert (by_name["Pharmacie des Tilleuls"].finess, by_name["Pharmacie des Tilleuls"].siret) == (FINESS, SIRET)
    assert by_name["Vidal"].adeli == "019123456"
    assert by_name["Cabinet des Lilas"].siret == SIREN
    assert [(r.row, r.column, r.value, r.reason) for r in report.corrected] == [
        (2, "FINESS", FINESS, "FINESS complété d’un 0 initial."),
        (2, "SIRET", SIRET, "SIRET complété d’un 0 initial."),
        (3, "ADELI", "019123456", "ADELI complété d’un 0 initial."),
        (4, "SIRET", SIREN, "SIRET complété d’un 0 initial."),
    ]


def test_a_wrong_number_is_not_padded_into_a_valid_one(database, tmp_path: Path) -> None:
    path = tmp_path / "faux.csv"
    path.write_text(f"Raison sociale;FINESS\nPharmacie du Pont;{int(FINESS) + 1}\n", encoding="utf-8")
    report = import_members(database, path)
    assert report.created == 0 and report.corrected == []
    assert [r.column for r in report.rejected] == ["FINESS"]


def test_csv_totals_and_a_second_table_below(database, tmp_path: Path) -> None:
    path = tmp_path / "deux-tableaux.csv"
    path.write_text(
        "Nom;Prénom;RPPS\n"
        f"Morel;Paul;{rpps(31)}\n"
        f"Petit;Ève;{rpps(32)}\n"
        "Total;2;\n"
        ";;\n"
        "Cotisations 2026;;\n"
        "Nom;Prénom;Montant\n"
        "Morel;Paul;30\n"
        "Petit;Ève;30\n",
        encoding="utf-8",
    )
    report = import_members(database, path)
    assert (report.created, report.rejected) == (2, [])
    assert report.notes() == [
        "Ligne 4 : total, non importée.",
        "Second tableau à partir de la ligne 7 (2 lignes) : non importé.",
    ]


def test_a_header_repeated_inside_the_table_is_no_second_table(database, tmp_path: Path) -> None:
    path = tmp_path / "imprime.csv"
    path.write_text(
        f"Nom;Prénom;RPPS\nMorel;Paul;{rpps(41)}\nNom;Prénom;RPPS\nPetit;Ève;{rpps(42)}\n", encoding="utf-8"
    )
    report = import_members(database, path)
    assert (report.created, report.rejected, report.notes()) == (2, [], [])


def test_hidden_parts_of_the_sheet_xml() -> None:
    xml = (
        b'<worksheet><cols><col min="2" max="3" width="9" hidden="1"/><col min="5" max="5"/></cols>'
        b'<sheetData><row r="1"><c r="A1"/></row><row r="4" spans="1:3" hidden="1"><c r="A4"/></row>'
        b'<x:row r="7" hidden="true"/></sheetData></worksheet>'
    )
    assert hidden_parts(xml) == (frozenset({4, 7}), frozenset({1, 2}))


def test_letters_address_a_titled_member_by_the_title(database, tmp_path: Path) -> None:
    import_members(database, register(tmp_path / "registre.xlsx"))
    found = members(database)
    with database.sessions() as session:
        cards = cards_in(session, [found[rpps(12)].id, found[rpps(13)].id])
    morel, le_gall = cards[found[rpps(12)].id], cards[found[rpps(13)].id]
    assert (morel.address_lines[0], morel.salutation) == ("Dr Paul MOREL", "Docteur,")
    assert (le_gall.address_lines[0], le_gall.salutation) == ("Mme Anne LE GALL", "Madame,")


def test_a_count_in_the_names_column_is_a_total_not_a_member(database, tmp_path: Path) -> None:
    path = tmp_path / "groupes.csv"
    path.write_text(
        f"Nom;Prénom;Profession;RPPS\nMorel;Paul;Médecin;{rpps(51)}\n1;;Médecin;\nPetit;Ève;Infirmière;{rpps(52)}\n",
        encoding="utf-8",
    )
    report = import_members(database, path)
    assert (report.created, report.rejected, report.totals) == (2, [], [3])
    assert report.notes() == ["Ligne 3 : total, non importée."]


@pytest.mark.parametrize(
    ("first_cells", "total"),
    [
        (["TOTAL : 10 adhérents", 10], True),
        (["Total général"], True),
        ([None, "Sous-total Médecins", 4], True),
        (["Nombre d’adhérents : 10"], True),
        (["Effectif", 12], True),
        (["Somme Kiné", "Paul"], False),
        (["Totalement Jean"], False),
        ([3, "Total"], False),
    ],
)
def test_total_rows_by_their_first_words(first_cells, total) -> None:
    assert is_total_row(first_cells) is total
