"""Reading the official commune files as they are downloaded, whatever their layout.

INSEE's Code officiel géographique (``v_commune_2024.csv``), its populations légales (CSV, or the
workbook with title lines and a 3-digit « Code commune » beside the « Code département »), La Poste's
base officielle des codes postaux (``;`` and ISO-8859-1, or the newer comma and UTF-8 variant) and a
simple « code INSEE ; nom ; population » table are told apart by their headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cpts_desktop.domain.text import search_key
from cpts_desktop.services.spreadsheets import (
    Cell,
    Sheet,
    UnreadableFile,
    cell_text,
    find_table,
    read_sheet,
    sheet_names,
)

MUNICIPALE, TOTALE = "municipale", "totale"

# Header keys (accents, case, spaces and signs removed) of each field, the preferred first.
_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("codecommuneinsee", "codeinsee", "codgeo", "depcom", "com", "codecommune", "insee", "cog"),
    "dep": ("dep", "codedepartement", "codedep", "departement"),
    "nom": ("libelle", "nomdelacommune", "nomcommune", "commune", "nom", "libgeo", "nccenr", "ncc"),
    MUNICIPALE: ("pmun", "populationmunicipale"),
    TOTALE: ("ptot", "populationtotale"),
    "population": ("population", "habitants", "pop"),
    "postal": ("codepostal", "codespostaux", "cp"),
    "typecom": ("typecom",),
}
# Municipal arrondissements of Paris, Marseille and Lyon, as La Poste's file lists them, and their commune.
_ARRONDISSEMENTS = (
    (re.compile(r"751\d\d"), "75056"),
    (re.compile(r"132\d\d"), "13055"),
    (re.compile(r"6938\d"), "69123"),
)
_YEAR = re.compile(r"(?<!\d)(19[6-9]\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class CommuneRecord:
    """One commune as a file gives it; a figure the file lacks is None."""

    code_insee: str
    nom: str
    municipale: int | None = None
    totale: int | None = None
    population: int | None = None  # a figure whose kind the file does not say
    codes_postaux: tuple[str, ...] = ()

    @property
    def departement(self) -> str:
        return departement_of(self.code_insee)


@dataclass
class CommuneFile:
    """What a file holds: its kind, its communes by code INSEE, the year of its populations if known."""

    name: str
    layout: str  # « cog », « populations », « codes postaux » or « simple »
    communes: dict[str, CommuneRecord] = field(default_factory=dict)
    year: int | None = None
    skipped: int = 0  # rows that are not communes: arrondissements, communes déléguées or associées
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {
            "cog": "Code officiel géographique de l’INSEE",
            "populations": "Populations légales de l’INSEE",
            "codes postaux": "Base officielle des codes postaux de La Poste",
            "simple": "Liste de communes",
        }[self.layout]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The population figures the file gives (municipale first)."""
        first = next(iter(self.communes.values()), None)
        if first is None:
            return ()
        return tuple(k for k in (MUNICIPALE, TOTALE) if getattr(first, k) is not None)


def departement_of(code_insee: str) -> str:
    """« 38 » for 38185, « 2A » for 2A004, « 971 » for 97101: overseas départements have three characters."""
    return code_insee[:3] if code_insee.startswith("97") else code_insee[:2]


def read_commune_file(path: Path, year: int | None = None) -> CommuneFile:
    """The communes of any layout above; rows that cannot be communes are rejected with their reason."""
    sheet = _read(path)
    try:
        table = find_table(sheet, _is_header, path.name)
    except UnreadableFile as error:  # its message names a register's columns, not a commune file's
        raise UnreadableFile(
            f"« {path.name} » n’est pas un fichier de communes reconnu : aucune ligne d’en-tête avec un code "
            "INSEE (« Code INSEE », « COM », « Code commune »…) et un nom, une population ou un code postal."
        ) from error
    columns = _columns(table.headers)
    assert columns is not None  # find_table only stops on a row it accepts
    result = CommuneFile(path.name, _layout(columns))
    if result.layout in ("populations", "simple") and _has_population(columns):
        dated: list[Cell] = [table.headers[i] for kind, i in columns.items() if kind in (MUNICIPALE, TOTALE)]
        result.year = year or _year_of(path.name, [*sheet.rows[: table.header_row - 1], dated])
    for number, cells in table.rows:
        _read_row(result, columns, number, [cell_text(c) for c in cells])
    if not result.communes and not result.skipped:
        raise UnreadableFile(f"« {path.name} » ne contient aucune commune.")
    return result


def _read(path: Path) -> Sheet:
    """The sheet of communes: in INSEE's workbook it is « Communes », after « Régions » and « Départements »."""
    names = sheet_names(path)
    chosen = next((n for n in names if search_key(n).strip() == "communes"), None)
    return read_sheet(path, chosen)


def _is_header(row: list[Cell]) -> bool:
    """A row of titles: the rows of data, each with its code, are turned down at their first number."""
    if any(isinstance(c, int | float) or (isinstance(c, str) and c.strip()[:1].isdigit()) for c in row):
        return False
    return _columns(row) is not None


def _columns(headers: list[Cell] | list[str]) -> dict[str, int] | None:
    """Where each field is, when the row is the header of a commune file (a code column, and a name,
    a population or a postcode beside it)."""
    keys = [re.sub(r"[^a-z0-9]", "", search_key(cell_text(h))) for h in headers]
    columns: dict[str, int] = {}
    for name, synonyms in _FIELDS.items():
        found = [(synonyms.index(k), i) for i, k in enumerate(keys) if k in synonyms]
        found += [(len(synonyms), i) for i, k in enumerate(keys) if name in (MUNICIPALE, TOTALE) and _dated(k, name)]
        if found:
            columns[name] = min(found)[1]
    if "code" not in columns or not {"nom", "postal", MUNICIPALE, TOTALE, "population"} & set(columns):
        return None
    return columns


def _dated(key: str, kind: str) -> bool:
    """« PMUN2021 », « PTOT2021 »: the historical series name each year's column."""
    return bool(re.fullmatch(("pmun" if kind == MUNICIPALE else "ptot") + r"\d{4}", key))


def _has_population(columns: dict[str, int]) -> bool:
    return bool({MUNICIPALE, TOTALE, "population"} & set(columns))


def _layout(columns: dict[str, int]) -> str:
    if "typecom" in columns:
        return "cog"
    if "postal" in columns and not _has_population(columns):
        return "codes postaux"
    return "populations" if {MUNICIPALE, TOTALE} & set(columns) else "simple"


def _year_of(name: str, titles: list[list[Cell]]) -> int | None:
    """The year of the populations, as a title line (« Populations légales 2021 »), the figure's header
    (« PMUN2021 ») or the file name says."""
    for row in titles:
        text = " ".join(cell_text(c) for c in row)
        if re.search(r"population|pmun|ptot", search_key(text)) and (match := _YEAR.search(text)):
            return int(match.group(1))
    match = _YEAR.search(name)
    return int(match.group(1)) if match else None


def _read_row(result: CommuneFile, columns: dict[str, int], number: int, cells: list[str]) -> None:
    def cell(name: str) -> str:
        return cells[columns[name]].strip() if name in columns and columns[name] < len(cells) else ""

    if cell("typecom") and cell("typecom").upper() != "COM":
        result.skipped += 1
        return
    code = commune_code(cell("code"), cell("dep"))
    if not re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
        result.rejected.append((number, f"Code INSEE : « {cell('code')} » n’est pas un code de commune."))
        return
    try:
        figures = {kind: _number(cell(kind)) for kind in (MUNICIPALE, TOTALE, "population") if kind in columns}
    except ValueError as error:
        result.rejected.append((number, str(error)))
        return
    postal = tuple(re.findall(r"\d{5}", cell("postal").zfill(5) if len(cell("postal")) == 4 else cell("postal")))
    _add(result, code, cell("nom"), figures, postal)


def commune_code(code: str, departement: str = "") -> str:
    """The 5-character code INSEE from a file's cells: a 3-digit « Code commune » joins its département
    (« 38 » + « 185 », « 2A » + « 004 », « 971 » + « 01 » or « 101 »), and a code that lost its leading
    zero in a spreadsheet (1001) gets it back."""
    code, departement = code.strip().upper(), departement.strip().upper()
    if departement.isdigit():
        departement = departement.zfill(2)
    if departement and len(code) <= 3 and code.isdigit():
        return departement + code.zfill(3)[len(departement) - 2 :]
    return code.zfill(5) if code.isdigit() and len(code) == 4 else code


def _number(text: str) -> int | None:
    clean = re.sub(r"[\s\u202f\u00a0.]", "", text)
    if not clean:
        return None
    if not clean.isdigit():
        raise ValueError(f"Population : « {text} » n’est pas un nombre d’habitants.")
    return int(clean)


def _add(result: CommuneFile, code: str, nom: str, figures: dict[str, int | None], postal: tuple[str, ...]) -> None:
    """One row into the file's communes: La Poste's file has a row per postcode (and per arrondissement of
    Paris, Marseille and Lyon), gathered on their commune."""
    if result.layout == "codes postaux":
        code = next((parent for pattern, parent in _ARRONDISSEMENTS if pattern.fullmatch(code)), code)
    known = result.communes.get(code)
    if known is not None:
        codes = tuple(dict.fromkeys(known.codes_postaux + postal))
        result.communes[code] = CommuneRecord(code, known.nom, known.municipale, known.totale, known.population, codes)
        return
    result.communes[code] = CommuneRecord(
        code,
        " ".join(nom.split()),
        figures.get(MUNICIPALE),
        figures.get(TOTALE),
        figures.get("population"),
        postal,
    )
