from __future__ import annotations

import gc
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cpts_desktop.domain.enums import MemberKind, StructureType
from cpts_desktop.services.imports import ImportAborted, ImportCancelled, ImportOptions, import_members, preview
from cpts_desktop.services.members import list_rows
from cpts_desktop.services.spreadsheets import Decoded, UnreadableFile, decode_lines, read_sheet
from cpts_desktop.services.xlsx import write_xlsx as write_workbook
from cpts_desktop.store.models import College, Member
from tests.services.spreadsheet_files import good_rows, rpps, write_csv, write_xlsx


def count(database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(Member))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_in_every_usual_encoding_and_separator(database, tmp_path: Path, encoding, delimiter):
    path = write_csv(tmp_path / "adherents.csv", good_rows(), encoding, delimiter)
    report = import_members(database, path)
    assert report.rejected == []
    assert report.created == 4
    assert {r.nom for r in list_rows(database, 2026)} == {"Lefèvre", "Œttinger", "D’Almeida", "Laboratoire Biovallons"}


def test_cp1252_keeps_accents_and_ligatures(database, tmp_path: Path):
    path = write_csv(tmp_path / "excel.csv", good_rows()[:2], "cp1252")
    import_members(database, path)
    assert {r.nom for r in list_rows(database, 2026)} == {"Lefèvre", "Œttinger"}


def test_xlsx_with_title_lines_real_dates_and_numbers(database, tmp_path: Path):
    path = write_xlsx(tmp_path / "adherents.xlsx", good_rows())
    found = preview(path)
    assert found.table.header_row == 3
    report = import_members(database, path)
    assert (report.created, report.rejected) == (4, [])
    with database.sessions() as session:
        anais = session.scalars(select(Member).where(Member.rpps == rpps(1))).one()
        lab = session.scalars(select(Member).where(Member.kind == MemberKind.STRUCTURE)).one()
    assert anais.date_adhesion.isoformat() == "2021-03-15"
    assert anais.profession_code == "60" and anais.telephone == "06 12 34 56 78"
    assert lab.nom == "Laboratoire Biovallons" and lab.structure_type is StructureType.LABORATORY


def test_profession_synonyms_and_specialite(database, tmp_path: Path):
    import_members(database, write_csv(tmp_path / "a.csv", good_rows()))
    with database.sessions() as session:
        by_rpps = {m.rpps: m for m in session.scalars(select(Member))}
    assert by_rpps[rpps(2)].profession_code == "70"
    assert (by_rpps[rpps(3)].profession_code, by_rpps[rpps(3)].specialite) == ("10", "Médecine générale")


def test_each_rejection_reason_names_row_column_and_value(database, tmp_path: Path):
    rows = good_rows()[:1] + [
        ["", "Jean", "Infirmier", rpps(10), "jean@example.org", "", "", "", "", ""],
        ["Durand", "Marc", "Infirmier", "10000000008", "marc@example.org", "", "", "", "", ""],
        ["Petit", "Léa", "Infirmier", rpps(12), "lea@example.org", "", "", "", "31/02/2026", ""],
        ["Moreau", "Inès", "Infirmier", rpps(13), "ines@example", "", "", "", "", ""],
        ["Roux", "Paul", "Plombier", rpps(14), "paul@example.org", "", "", "", "", ""],
    ]
    report = import_members(database, write_csv(tmp_path / "erreurs.csv", rows))
    assert report.created == 1
    found = {(r.row, r.column, r.value): r.reason for r in report.rejected}
    assert "obligatoire" in found[(3, "Nom", "")]
    assert "clé de contrôle" in found[(4, "N° RPPS", "10000000008")]
    assert "date" in found[(5, "Date d'adhésion", "31/02/2026")]
    assert "adresse électronique" in found[(6, "Courriel", "ines@example")]
    assert "inconnue" in found[(7, "Métier", "Plombier")]
    assert count(database) == 1


def test_duplicates_inside_the_file_are_rejected(database, tmp_path: Path):
    rows = good_rows() + [["LEFEVRE", "Anaïs", "IDE", rpps(1), "", "", "", "", "", ""]]
    report = import_members(database, write_csv(tmp_path / "doublon.csv", rows))
    assert report.created == 4
    assert [(r.row, r.reason) for r in report.rejected] == [(6, "Doublon de la ligne 2 du fichier.")]


def test_duplicates_against_the_database_update_or_skip(database, tmp_path: Path):
    import_members(database, write_csv(tmp_path / "a.csv", good_rows()))
    changed = [list(r) for r in good_rows()]
    changed[0][5] = "07 11 22 33 44"
    changed[1][5] = ""  # a blank cell never erases a known value
    path = write_csv(tmp_path / "b.csv", changed)
    skipped = import_members(database, path, ImportOptions(on_duplicate="skip"))
    assert (skipped.created, skipped.skipped) == (0, 4)
    updated = import_members(database, path)
    assert (updated.created, updated.updated, updated.unchanged) == (0, 1, 3)
    with database.sessions() as session:
        phones = dict(session.execute(select(Member.rpps, Member.telephone)).all())
    assert phones[rpps(1)] == "07 11 22 33 44" and phones[rpps(2)] == "06 12 34 56 79"


def test_second_import_of_the_same_file_creates_nothing(database, tmp_path: Path):
    path = write_xlsx(tmp_path / "a.xlsx", good_rows())
    import_members(database, path)
    again = import_members(database, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert count(database) == 4
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(College)) == 2


def test_strict_writes_nothing_when_a_row_is_bad(database, tmp_path: Path):
    rows = good_rows() + [["Roux", "Paul", "Plombier", "", "", "", "", "", "", ""]]
    with pytest.raises(ImportAborted) as aborted:
        import_members(database, write_csv(tmp_path / "a.csv", rows), ImportOptions(strict=True))
    assert len(aborted.value.report.rejected) == 1
    assert count(database) == 0
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(College)) == 0


def test_dry_run_writes_nothing(database, tmp_path: Path):
    report = import_members(database, write_csv(tmp_path / "a.csv", good_rows()), ImportOptions(dry_run=True))
    assert report.created == 4 and count(database) == 0


def test_interrupted_import_leaves_no_rows(database, tmp_path: Path):
    path = write_csv(tmp_path / "a.csv", good_rows())
    with pytest.raises(ImportCancelled):
        import_members(database, path, progress=lambda done, total: done < 3)
    assert count(database) == 0

    def crash(done: int, total: int) -> bool:
        if done == 3:
            raise KeyboardInterrupt
        return True

    with pytest.raises(KeyboardInterrupt):
        import_members(database, path, progress=crash)
    assert count(database) == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("liste.csv", "n’importe quoi\nsans en-tête\n", "en-tête"),
        ("liste.xlsx", "pas un classeur", "classeur"),
        ("liste.pdf", "%PDF-1.4", "ni un fichier Excel"),
    ],
)
def test_unreadable_files(database, tmp_path: Path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableFile, match=message):
        import_members(database, path)


def test_missing_sheet_is_named(database, tmp_path: Path):
    path = write_xlsx(tmp_path / "a.xlsx", good_rows())
    with pytest.raises(UnreadableFile, match="Adhérents"):
        import_members(database, path, ImportOptions(sheet="Feuil9"))
    assert import_members(database, path, ImportOptions(sheet="Adhérents")).created == 4


def test_files_as_secretaries_really_keep_them(database, tmp_path: Path):
    """One « NOM Prénom » column, two emails in a cell, a year alone, structures named in the name column,
    headers with extra words, profession qualifiers, and a notice sheet before the list."""
    from openpyxl import Workbook

    workbook = Workbook()
    notice = workbook.active
    notice.title = "Notice"
    notice.append(["Ce classeur recense les adhérents de la CPTS."])
    sheet = workbook.create_sheet("Adhérents 2026")
    sheet.append(
        [
            "NOM Prénom",
            "Profession exercée",
            "Adresse mail pro",
            "Téléphone fixe",
            "Ville",
            "Adhérent depuis",
            "Nombre de réunions",
        ]
    )
    sheet.append(
        [
            "DUPONT Jean-Marc",
            "Infirmier DE",
            "jm.dupont@example.org ; jm@example.net",
            "03 84 00 00 01 / 06 12 34 56 78",
            "Montvallon",
            2021,
            3,
        ]
    )
    sheet.append(
        ["Marie-Claire LE GOFF", "Ostéopathe D.O.", "mc.legoff@example.org", "", "Montvallon", "15/09/2023", 1]
    )
    sheet.append(["Pharmacie du Marché", "", "pharmacie@example.org", "", "Montvallon", "", 0])
    path = tmp_path / "secretariat.xlsx"
    workbook.save(path)

    found = preview(path)
    assert found.sheet == "Adhérents 2026"
    assert found.unknown == ["Nombre de réunions"]
    report = import_members(database, path)
    assert (report.created, report.rejected) == (3, [])
    with database.sessions() as session:
        members = {m.nom: m for m in session.scalars(select(Member))}
    dupont = members["DUPONT"]
    assert (dupont.prenom, dupont.profession_code, dupont.email, dupont.telephone) == (
        "Jean-Marc",
        "60",
        "jm.dupont@example.org",
        "03 84 00 00 01",
    )
    assert "jm@example.net" in dupont.notes and "06 12 34 56 78" in dupont.notes
    assert dupont.date_adhesion.isoformat() == "2021-01-01"
    assert (members["LE GOFF"].prenom, members["LE GOFF"].profession_code) == ("Marie-Claire", "71")
    pharmacy = members["Pharmacie du Marché"]
    assert pharmacy.kind is MemberKind.STRUCTURE and pharmacy.structure_type is StructureType.PHARMACY


def test_decoding_reports_the_lines_not_in_the_files_encoding():
    utf8, cp1252 = "Nom;Prénom".encode(), "Lefèvre;Anaïs".encode("cp1252")
    decoded = decode_lines(b"\xef\xbb\xbf" + utf8 + b"\r\n" + cp1252 + b"\r\nD\xe2\x80\x99Almeida;Zo\xc3\xa9\r\n")
    assert decoded.text == "Nom;Prénom\r\nLefèvre;Anaïs\r\nD’Almeida;Zoé\r\n" and decoded.unreadable == {2}
    french = "Lefèvre, Hélène, François, Jérôme, Gaëlle, Loïc, Benoît"
    assert decode_lines(french.encode("cp1252")) == Decoded(french)
    assert decode_lines("Zoé\rBenoît".encode("mac_roman")).text == "Zoé\rBenoît"
    assert decode_lines(b"\xef\xbb\xbf" + cp1252).text == "Lefèvre;Anaïs"  # a BOM in front of Windows-1252


def test_a_workbook_without_declared_size_is_read_once(tmp_path: Path, monkeypatch):
    """openpyxl alone parses such a sheet to its end to look for its size before the rows are read."""
    path = tmp_path / "sans-dimension.xlsx"
    write_workbook(path, [("Adhérents", ["Nom", "Prénom"], [[f"Nom{n}", "Anaïs"] for n in range(3000)])])
    sheet_part = "xl/worksheets/sheet1.xml"
    read = [0]
    real_open = zipfile.ZipFile.open

    def counting_open(archive, name, *args, **kwargs):  # noqa: ANN001, ANN202 - zipfile's own signature
        handle = real_open(archive, name, *args, **kwargs)
        if getattr(name, "filename", name) == sheet_part:
            real_read = handle.read

            def counted(size: int = -1) -> bytes:
                data = real_read(size)
                read[0] += len(data)
                return data

            handle.read = counted
        return handle

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    rows = read_sheet(path).rows
    assert len(rows) == 3001 and rows[-1] == ["Nom2999", "Anaïs"]
    assert read[0] < 1.1 * zipfile.ZipFile(path).getinfo(sheet_part).file_size


@pytest.mark.parametrize(
    "inline",
    [
        b"<t>Dupont</t>",
        b'<t xml:space="preserve"> Du  pont </t>',
        b"<r><t>Du</t></r><r><rPr><b/></rPr><t>pont</t></r>",
        b'<t>Le</t><r><t>f\xc3\xa8vre</t></r><rPh sb="0" eb="2"><t>\xe3\x83\xab\xe3\x83\x95</t></rPh>',
        b"<r><rPr><i/></rPr></r><t/>",
    ],
)
def test_inline_strings_read_as_openpyxl_reads_them(tmp_path: Path, inline: bytes):
    """Inline strings are joined from the XML without openpyxl's rich-text objects: the same text."""
    from xml.etree.ElementTree import fromstring

    from openpyxl.cell.text import Text

    namespace = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    expected = Text.from_tree(fromstring(b"<is " + namespace + b">" + inline + b"</is>")).content
    path = tmp_path / "riche.xlsx"
    write_workbook(path, [("Adhérents", ["Nom"], [["MARQUE"]])])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert parts[sheet].count(b"<t>MARQUE</t>") == 1
    parts[sheet] = parts[sheet].replace(b"<t>MARQUE</t>", inline)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_sheet(path).rows[1] == ([expected] if expected else [])


def test_the_collector_rests_during_an_import_and_is_left_as_found(database, tmp_path: Path):
    """An import keeps its rows to the end: the cyclic collector, walking them for nothing, is paused
    meanwhile, then left as it was (on for the command line, off inside a job of the application),
    a cancelled import included."""
    path = write_csv(tmp_path / "adherents.csv", good_rows())
    seen: list[bool] = []
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            import_members(database, path, progress=lambda *_: seen.append(gc.isenabled()))
            assert gc.isenabled() is enabled
            with pytest.raises(ImportCancelled):
                import_members(database, path, progress=lambda *_: False)
            assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen and not any(seen)
