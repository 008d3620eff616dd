"""Spreadsheets shaped like the ones CPTS secretaries keep, written by the tests themselves."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from cpts_desktop.domain.identifiers import luhn_check_digit

HEADERS = ["Nom", "Prénom", "Métier", "N° RPPS", "Courriel", "Tél", "CP", "Ville", "Date d'adhésion", "Collège"]


def rpps(n: int) -> str:
    body = f"10{n:08d}"
    return body + luhn_check_digit(body)


def good_rows() -> list[list[object]]:
    return [
        [
            "Lefèvre",
            "Anaïs",
            "Infirmière libérale",
            rpps(1),
            "anais.lefevre@example.org",
            "06 12 34 56 78",
            "39570",
            "Montvallon",
            "15/03/2021",
            "Libéraux",
        ],
        [
            "Œttinger",
            "Benoît",
            "MK",
            rpps(2),
            "benoit.oettinger@example.org",
            "612345679",
            "39571",
            "Saint-Aubin",
            "2021-04-01",
            "Libéraux",
        ],
        [
            "D’Almeida",
            "Zoé",
            "MG",
            rpps(3),
            "zoe.dalmeida@example.org",
            "+33 6 12 34 56 80",
            "39572",
            "Les Essarts",
            "01/09/2022",
            "Libéraux",
        ],
        [
            "Laboratoire Biovallons",
            "",
            "Laboratoire d'analyses",
            "",
            "labo@example.org",
            "03 53 01 00 01",
            "39570",
            "Montvallon",
            "",
            "Établissements",
        ],
    ]


def write_csv(
    path: Path, rows: list[list[object]], encoding: str = "utf-8", delimiter: str = ";", title: bool = False
) -> Path:
    lines = []
    if title:
        lines += [f"Liste des adhérents 2026{delimiter * 3}", ""]
    for row in [HEADERS, *rows]:
        cells = []
        for cell in row:
            text = "" if cell is None else str(cell)
            if delimiter in text or '"' in text:
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    data = "\r\n".join(lines) + "\r\n"
    raw = data.encode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
    path.write_bytes(raw)
    return path


def write_xlsx(path: Path, rows: list[list[object]], title_lines: int = 2) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Adhérents"
    if title_lines:
        sheet.append(["CPTS du Pays des Trois Vallons – liste des adhérents"])
        for _ in range(title_lines - 1):
            sheet.append([])
    sheet.append(HEADERS)
    for row in rows:
        converted = list(row)
        if isinstance(converted[8], str) and "/" in converted[8]:
            d, m, y = (int(x) for x in converted[8].split("/"))
            converted[8] = datetime(y, m, d)  # a real Excel date
        converted[3] = int(converted[3]) if converted[3] else None  # RPPS typed as a number
        sheet.append(converted)
    other = workbook.create_sheet("Notes")
    other.append(["rien à importer ici"])
    workbook.save(path)
    return path


def infirmiers(count: int) -> list[list[object]]:
    professions = ["Infirmière", "IDE", "infirmier libéral", "Infirmier", "IDEL"]
    return [
        [
            f"Nom{i:03d}",
            f"Prénom{i:03d}",
            professions[i % len(professions)],
            rpps(100 + i),
            f"inf{i}@example.org",
            "",
            "39570",
            "Montvallon",
            date(2023, 1, 2).strftime("%d/%m/%Y"),
            "",
        ]
        for i in range(count)
    ]
