"""The Annuaire Santé public extract (« PS_LibreAcces_Personne_activite »): who practises where.

The national file has one row per activity site of a professional, about 2 million rows in 56 columns,
``|``-separated with a trailing ``|``, in UTF-8 (older downloads and re-saved copies in cp1252). It is
read as a stream: only the rows of the territory's communes are kept, and a raw line is parsed only when
one of the territory's codes appears in it as a whole field. Rows are grouped by person (« Identifiant
PP »): one professional, with the sites where they practise. The same columns converted to .xlsx or
saved with « ; » by a spreadsheet are read too.
"""

from __future__ import annotations

import csv
import functools
import re
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import Civility, MemberKind, PracticeMode
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.members import FIELD_LABELS, InvalidMember, MemberData, clean_member, parse_civility
from cpts_desktop.domain.names import TITLES, in_capitals, usual_case
from cpts_desktop.domain.professions import load_professions
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import plural
from cpts_desktop.services.errors import DuplicateMember
from cpts_desktop.services.imports import (
    ImportAborted,
    ImportCancelled,
    ImportOptions,
    ImportReport,
    Preview,
    Rejection,
)
from cpts_desktop.services.members import MEMBER_FIELDS, commune_ids, insert_checked, save_existing
from cpts_desktop.services.spreadsheets import (
    Cell,
    Table,
    UnreadableFile,
    cell_text,
    find_table,
    first_rows,
    read_sheet,
)
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Commune, Member

Progress = Callable[[int, int], bool | None]

# « Type d'identifiant PP »: the first digit of the national identifier.
IDENTIFIER_TYPES = {"8": "RPPS", "0": "ADELI"}
_TITLES = {"DR": "Dr", "PR": "Pr"}
_CIVILITIES = {"M": Civility.MONSIEUR, "MME": Civility.MADAME, "MLLE": Civility.MADAME}
_STREET_TYPES = {
    "R": "rue",
    "AV": "avenue",
    "BD": "boulevard",
    "PL": "place",
    "CHE": "chemin",
    "IMP": "impasse",
    "ALL": "allée",
    "RTE": "route",
    "QUA": "quai",
    "CRS": "cours",
    "SQ": "square",
    "PASS": "passage",
    "LOT": "lotissement",
    "RES": "résidence",
}
_ACRONYMS = frozenset(
    [
        "MSP",
        "SISA",
        "SCM",
        "SCP",
        "SEL",
        "SELARL",
        "SELAS",
        "SELAFA",
        "SARL",
        "SAS",
        "SASU",
        "EURL",
        "SA",
        "CH",
        "CHU",
        "CHI",
        "CHR",
        "CHS",
        "CMP",
        "CMPP",
        "CDS",
        "CSI",
        "EHPAD",
        "SSIAD",
        "SSR",
        "HAD",
        "USLD",
        "PMI",
        "CPTS",
        "CCAS",
        "GHT",
        "ESP",
        "LBM",
        "ARS",
        "CPAM",
    ]
)
_CHUNK = 1 << 20
SAMPLED_FROM = 20 << 20  # bytes: a larger extract is previewed by its first rows
PREVIEW_ROWS = 50
_UTF8_ACCENT = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_TEXT_SUFFIXES = (".txt", ".csv", ".tsv", "")


@dataclass(frozen=True)
class Site:
    """Where a professional practises: an exercise place, never the person's own identifiers."""

    raison_sociale: str | None
    finess: str | None
    siret: str | None
    adresse: str | None
    code_postal: str | None
    code_commune: str | None
    commune: str | None
    telephone: str | None
    email: str | None


@dataclass(frozen=True)
class Professional:
    """One person of the extract, whatever the number of its activity rows."""

    identifier_type: str  # "RPPS" or "ADELI"
    identifier: str
    civilite: Civility | None
    nom: str
    prenom: str | None
    profession_code: str | None
    profession_label: str | None
    specialite: str | None
    sites: tuple[Site, ...]
    titre: str | None = None  # « Dr », « Pr » (« Libellé civilité d'exercice »)
    mode_codes: tuple[str, ...] = ()  # « Code mode exercice » of the sites: L libéral, S salarié, B bénévole


class CommuneLike(Protocol):
    """A commune of the territory: a ``services.territory.CommuneRow`` or the stored ``Commune`` itself
    (postcodes as a tuple, or as the stored text « 38000, 38100 »)."""

    @property
    def code_insee(self) -> str: ...

    @property
    def nom(self) -> str: ...

    @property
    def codes_postaux(self) -> str | tuple[str, ...] | None: ...


class ReadingCancelled(CptsError):
    def __init__(self) -> None:
        super().__init__("Lecture de l’extrait de l’Annuaire Santé interrompue.")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", search_key(header))


# Field → official header of the extract (compared without case, accents, spaces or punctuation).
_COLUMNS = {
    "type": "Type d'identifiant PP",
    "identifiant": "Identifiant PP",
    "national": "Identification nationale PP",
    "code_civilite_exercice": "Code civilité d'exercice",
    "civilite_exercice": "Libellé civilité d'exercice",
    "code_civilite": "Code civilité",
    "libelle_civilite": "Libellé civilité",
    "nom": "Nom d'exercice",
    "prenom": "Prénom d'exercice",
    "code_profession": "Code profession",
    "profession": "Libellé profession",
    "savoir_faire": "Libellé savoir-faire",
    "mode": "Code mode exercice",
    "siret": "Numéro SIRET site",
    "siren": "Numéro SIREN site",
    "finess": "Numéro FINESS site",
    "structure_id": "Identifiant technique de la structure",
    "raison_sociale": "Raison sociale site",
    "enseigne": "Enseigne commerciale site",
    "complement": "Complément point géographique (coord. structure)",
    "numero": "Numéro Voie (coord. structure)",
    "indice": "Indice répétition voie (coord. structure)",
    "code_type_voie": "Code type de voie (coord. structure)",
    "type_voie": "Libellé type de voie (coord. structure)",
    "voie": "Libellé Voie (coord. structure)",
    "mention": "Mention distribution (coord. structure)",
    "code_postal": "Code postal (coord. structure)",
    "code_commune": "Code commune (coord. structure)",
    "commune": "Libellé commune (coord. structure)",
    "telephone": "Téléphone (coord. structure)",
    "telephone2": "Téléphone 2 (coord. structure)",
    "email": "Adresse e-mail (coord. structure)",
}
_BY_KEY = {_key(header): name for name, header in _COLUMNS.items()}

# The 56 columns of the extract, in the order of the download (the application reads those of _COLUMNS).
EXTRACT_HEADERS = (
    "Type d'identifiant PP", "Identifiant PP", "Identification nationale PP",
    "Code civilité d'exercice", "Libellé civilité d'exercice", "Code civilité", "Libellé civilité",
    "Nom d'exercice", "Prénom d'exercice", "Code profession", "Libellé profession",
    "Code catégorie professionnelle", "Libellé catégorie professionnelle",
    "Code type savoir-faire", "Libellé type savoir-faire", "Code savoir-faire", "Libellé savoir-faire",
    "Code mode exercice", "Libellé mode exercice",
    "Numéro SIRET site", "Numéro SIREN site", "Numéro FINESS site", "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure", "Raison sociale site", "Enseigne commerciale site",
    "Complément destinataire (coord. structure)", "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)", "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)", "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)", "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)", "Code postal (coord. structure)", "Code commune (coord. structure)",
    "Libellé commune (coord. structure)", "Code pays (coord. structure)", "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)", "Téléphone 2 (coord. structure)", "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)", "Code Département (structure)", "Libellé Département (structure)",
    "Ancien identifiant de la structure", "Autorité d'enregistrement",
    "Code secteur d'activité", "Libellé secteur d'activité",
    "Code section tableau pharmaciens", "Libellé section tableau pharmaciens",
    "Code rôle", "Libellé rôle", "Code genre activité", "Libellé genre activité",
)  # fmt: skip


def is_annuaire(headers: Iterable[str]) -> bool:
    """True for the extract's header row: « Identifiant PP » and « Nom d'exercice » are its own."""
    keys = {_key(h) for h in headers}
    return {_key(_COLUMNS["identifiant"]), _key(_COLUMNS["nom"])} <= keys or (
        {_key(_COLUMNS["national"]), _key(_COLUMNS["nom"])} <= keys
    )


def looks_like_annuaire(path: Path) -> bool:
    """Whether ``path`` holds the extract: its first line, or one of a workbook's first rows, names its
    columns (only those rows are read: every import asks)."""
    if path.suffix.lower() not in (*_TEXT_SUFFIXES, ".xlsx", ".xlsm"):
        return False
    try:
        return is_annuaire(_header_row(path))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False


def _header_row(path: Path) -> list[str]:
    """The extract's header: its first line, or the first of a workbook's first rows that names its columns."""
    if path.suffix.lower() in _TEXT_SUFFIXES:
        with path.open("rb") as handle:
            return _split_header(_decode_line(handle.readline(1 << 16), "utf-8"))
    return next((row for row in first_rows(path) if is_annuaire(row)), [])


# ---------------------------------------------------------------------------------------------- territory


class _Territory:
    """The communes kept: by code INSEE, or by postcode (else département) with the commune's name."""

    def __init__(self, communes: Iterable[CommuneLike | str], people: Iterable[str] = ()) -> None:
        self.people = {number for number in people if number.isdigit()}  # kept wherever they practise
        self.codes: set[str] = set()
        self.named: set[tuple[str, str]] = set()  # (postcode, name key)
        self.by_department: set[tuple[str, str]] = set()  # (département of the postcode, name key)
        for commune in communes:
            if isinstance(commune, str):
                self.codes.add(commune.strip().upper())
                continue
            code = commune.code_insee.strip().upper()
            self.codes.add(code)
            name = _commune_key(commune.nom)
            known = commune.codes_postaux or ""
            postcodes = re.findall(r"\d{5}", known if isinstance(known, str) else " ".join(known))
            self.named.update((postcode, name) for postcode in postcodes)
            if not postcodes:
                self.by_department.add(("20" if code[:2] in ("2A", "2B") else code[:2], name))

    def pattern(self) -> re.Pattern[bytes]:
        """A whole « | »-separated field holding one of the codes: the raw lines worth parsing. The codes
        make a tree (« 29(?:019|069) »): the regular expression engine tries no list of alternatives."""
        literals = self.codes | self.people | {postcode for postcode, _name in self.named}
        alternatives = [_tree(sorted(code for code in literals if code.isascii()))] if literals else []
        alternatives += [re.escape(d) + r"\d{3}" for d in sorted({d for d, _ in self.by_department})]
        return re.compile(rb"\|(?:" + "|".join(alternatives or ["(?!)"]).encode() + rb")(?=[|\r\n])")

    def keeps(self, site: Site, identifier: tuple[str, str] | None) -> bool:
        return self.holds(site) or (identifier is not None and identifier[1] in self.people)

    def holds(self, site: Site) -> bool:
        if site.code_commune and site.code_commune.upper() in self.codes:
            return True
        name = _commune_key(site.commune or "")
        postcode = site.code_postal or ""
        return (postcode, name) in self.named or (postcode[:2], name) in self.by_department


def _tree(words: list[str]) -> str:
    """The regular expression of ``words`` as a tree of their common beginnings."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        alternatives = [re.escape(char) + branch(child) if char else "" for char, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return branch(tree)


def _commune_key(name: str) -> str:
    """« SAINT-ÉTIENNE », « St Etienne », « Saint Etienne » → the same key."""
    key = re.sub(r"[^a-z0-9]+", " ", search_key(name)).strip()
    return re.sub(r"^ste? ", lambda m: "sainte " if m.group(0) == "ste " else "saint ", key)


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class _Person:
    """The rows of one person read so far."""

    line: int
    row: dict[str, str]
    sites: list[Site] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    specialite: str | None = None


def read_professionals(
    path: Path, communes: Iterable[CommuneLike | str] | None = None, progress: Progress | None = None
) -> Iterator[Professional]:
    """The professionals of the extract at ``path``, one per person; with ``communes`` (the territory's,
    as ``services.territory.territory(database).communes`` lists them, or codes INSEE), only the sites in
    those communes, and only the people who have one. ``progress(bytes read, file size)`` returning
    False stops the reading (``ReadingCancelled``). A row without any identifier is left out."""
    for _line, professional in read_numbered(path, communes, progress):
        if professional.identifier:
            yield professional


@dataclass
class Tally:
    """How much of the file a reading kept: activity rows read, and rows held."""

    rows: int = 0
    kept: int = 0


def read_numbered(
    path: Path,
    communes: Iterable[CommuneLike | str] | None = None,
    progress: Progress | None = None,
    people: Iterable[str] = (),
    tally: Tally | None = None,
) -> Iterator[tuple[int, Professional]]:
    """``read_professionals`` with the line of the file where each person first appears (a row without
    identifier is a person of its own, with an empty ``identifier``); ``people`` (RPPS or ADELI numbers)
    are kept with all their sites, in the territory or not; ``tally`` counts."""
    territory = _Territory(communes, people) if communes is not None else None
    tally = tally if tally is not None else Tally()
    found: dict[tuple[str, str], _Person] = {}
    professions = {p.code: p.label for p in load_professions(resource("professions.csv"))}
    for line, row in _rows(path, territory, progress, tally):
        site = _site(row)
        identifier = _identifier(row)
        if territory is not None and not territory.keeps(site, identifier):
            continue
        tally.kept += 1
        person = found.setdefault(identifier or ("", f"ligne {line}"), _Person(line, row))
        if site not in person.sites and any(v for v in vars(site).values()):
            person.sites.append(site)
        mode = row.get("mode", "").strip().upper()
        if mode and mode not in person.modes:
            person.modes.append(mode)
        person.specialite = person.specialite or row.get("savoir_faire", "").strip() or None
    for (kind, number), person in found.items():
        yield person.line, _professional(kind, number if kind else "", person, professions)


def _identifier(row: dict[str, str]) -> tuple[str, str] | None:
    """(« RPPS » or « ADELI », number) from « Type d'identifiant PP » and « Identifiant PP », else from the
    national form (« 8 » + RPPS, « 0 » + ADELI)."""
    number = re.sub(r"\s", "", row.get("identifiant", ""))
    national = re.sub(r"\s", "", row.get("national", ""))
    kind = IDENTIFIER_TYPES.get(row.get("type", "").strip())
    if not number and national:
        number = national[1:] if national[:1] in IDENTIFIER_TYPES else national
    if kind is None and national[:1] in IDENTIFIER_TYPES:
        kind = IDENTIFIER_TYPES[national[:1]]
    if kind is None and number:
        kind = "ADELI" if len(number) <= 9 else "RPPS"
    if kind and number.isdigit():  # a spreadsheet may have dropped the leading zero
        number = number.zfill(9 if kind == "ADELI" else 11)
    return (kind, number) if kind and number else None


def _professional(kind: str, number: str, person: _Person, professions: dict[str, str]) -> Professional:
    row = person.row
    code = row.get("code_profession", "").strip() or None
    title = _TITLES.get(row.get("code_civilite_exercice", "").strip().upper().rstrip("."))
    return Professional(
        identifier_type=kind,
        identifier=number,
        civilite=_CIVILITIES.get(row.get("code_civilite", "").strip().upper().rstrip("."))
        or parse_civility(row.get("libelle_civilite", "")),
        nom=usual_case(row.get("nom", "").strip()),
        prenom=usual_case(row.get("prenom", "").strip()) or None,
        profession_code=code,
        profession_label=professions.get(code or "") or row.get("profession", "").strip() or None,
        specialite=person.specialite,
        sites=tuple(person.sites),
        titre=title or TITLES.get(search_key(row.get("civilite_exercice", "")).strip(" .")),
        mode_codes=tuple(person.modes),
    )


def _site(row: dict[str, str]) -> Site:
    def get(name: str) -> str | None:
        return row.get(name, "").strip() or None

    street_type = (get("type_voie") or _STREET_TYPES.get((get("code_type_voie") or "").upper()) or "").lower()
    parts = (get("numero"), (get("indice") or "").lower(), street_type, _name(get("voie")))
    street = " ".join(p for p in parts if p)
    address = ", ".join(p for p in (_name(get("complement")), street, _name(get("mention"))) if p)
    commune = get("commune")
    return Site(
        raison_sociale=_name(get("raison_sociale") or get("enseigne")),
        finess=get("finess"),
        siret=get("siret") or get("siren"),
        adresse=address or None,
        code_postal=get("code_postal"),
        code_commune=get("code_commune"),
        commune=_usual(commune) if commune else None,
        telephone=get("telephone") or get("telephone2"),
        email=get("email"),
    )


@functools.lru_cache(maxsize=4096)
def _usual(text: str) -> str:
    """``usual_case`` of the names that come back row after row (communes, structures, streets)."""
    return usual_case(text)


def _name(text: str | None) -> str | None:
    """A site's name or address in capitals, as the extract writes them, in usual case; the acronyms
    of structures (MSP, SELARL, CHU…) stay in capitals."""
    if not text or not in_capitals(text):
        return text or None
    words = re.split(r"(\s+)", _usual(text))
    return "".join(w.upper() if w.upper() in _ACRONYMS else w for w in words)


def _rows(
    path: Path, territory: _Territory | None, progress: Progress | None, tally: Tally
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as {field: text} (of the territory's lines, or maybe), with its line in the file."""
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        for numbered in _sheet_rows(path):
            tally.rows += 1
            yield numbered
        return
    with path.open("rb") as handle:
        header, encoding = _header(handle, path)
        columns = _columns(header, path)
        delimiter = _delimiter_of(header)
        lines = _candidate_lines(handle, encoding, territory, delimiter, path.stat().st_size, progress, tally)
        split = _splitter(delimiter)
        for line, fields in split(lines):
            yield line, {name: fields[i] for i, name in columns.items() if i < len(fields)}


def _header(handle: IO[bytes], path: Path) -> tuple[str, str]:
    """The header line, decoded, and the encoding of the file (UTF-8 unless its beginning says cp1252)."""
    first = handle.read(1 << 16)
    encoding = "utf-8"
    try:
        first.decode("utf-8")
    except UnicodeDecodeError as error:
        # cp1252 only when no UTF-8 accent is seen: a file pieced together is read line by line anyway
        if error.start < len(first) - 3 and not _UTF8_ACCENT.search(first):
            encoding = "cp1252"
    end = first.find(b"\n")
    raw = first if end < 0 else first[: end + 1]
    handle.seek(len(raw))
    if not raw.strip():
        raise UnreadableFile(f"« {path.name} » est vide.")
    return _decode_line(raw, encoding).lstrip("\ufeff").rstrip("\r\n"), encoding


def _decode_line(raw: bytes, encoding: str) -> str:
    """A line in the file's encoding; a line in the other one (a file pieced together) still reads."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return raw.decode("cp1252" if encoding == "utf-8" else "utf-8", errors="replace")


def _split_header(header: str) -> list[str]:
    """The header's fields; a file with old Mac line ends (« \\r » alone) reads as one line: its first part."""
    first = next(iter(header.lstrip("\ufeff").splitlines()), "")
    return next(csv.reader([first], delimiter=_delimiter_of(first)), [])


def _delimiter_of(header: str) -> str:
    """The extract's own « | », or the separator a spreadsheet wrote when saving it again."""
    return max("|;\t,", key=header.count)


def _columns(header: str, path: Path) -> dict[int, str]:
    headers = _split_header(header)
    if not is_annuaire(headers):
        raise UnreadableFile(f"« {path.name} » n’est pas un extrait de l’Annuaire Santé (colonne « Identifiant PP »).")
    columns: dict[int, str] = {}
    for index, text in enumerate(headers):
        name = _BY_KEY.get(_key(text))
        if name and name not in columns.values():
            columns[index] = name
    return columns


def _candidate_lines(
    handle: IO[bytes],
    encoding: str,
    territory: _Territory | None,
    delimiter: str,
    size: int,
    progress: Progress | None,
    tally: Tally,
) -> Iterator[tuple[int, str]]:
    """(line number, text) of the lines that may belong to the territory, read in large chunks; every
    line when no territory is given, or when the separator lets a quoted field span lines."""
    pattern = territory.pattern() if territory is not None and delimiter == "|" else None
    line, done, rest = 2, handle.tell(), b""
    while True:
        chunk = handle.read(_CHUNK)
        if progress is not None and progress(done, size) is False:
            raise ReadingCancelled()
        if not chunk:
            break
        done += len(chunk)
        data = rest + chunk
        end = data.rfind(b"\n") + 1
        data, rest = data[:end], data[end:]
        line = yield from _lines_of(data, line, pattern, encoding)
    if rest.strip():
        line = yield from _lines_of(rest + b"\n", line, pattern, encoding)
    tally.rows = line - 2
    if progress is not None:
        progress(size, size)


def _lines_of(
    data: bytes, first_line: int, pattern: re.Pattern[bytes] | None, encoding: str
) -> Generator[tuple[int, str], None, int]:
    """The lines of ``data`` (whole lines) worth parsing, numbered; returns the number of the next line."""
    if pattern is None:
        for number, raw in enumerate(data.splitlines(), start=first_line):
            if raw.strip():
                yield number, _decode_line(raw, encoding)
        return first_line + data.count(b"\n")
    position, line, last = 0, first_line, -1
    for match in pattern.finditer(data):
        start = data.rfind(b"\n", 0, match.start()) + 1
        if start <= last:
            continue  # a second code on a line already given
        end = data.find(b"\n", match.start() + 1)
        line += data.count(b"\n", position, start)
        position, last = start, start
        yield line, _decode_line(data[start:end].rstrip(b"\r"), encoding)
    return line + data.count(b"\n", position)


def _splitter(delimiter: str) -> Callable[[Iterator[tuple[int, str]]], Iterator[tuple[int, list[str]]]]:
    """The extract's « | » lines hold no quotes (a « " » in a name is a character); a spreadsheet's
    « ; » copy may quote a field, even over several lines."""

    def plain(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
        for number, text in lines:
            yield number, text.split(delimiter)

    def quoted(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
        numbers: list[int] = []

        def texts() -> Iterator[str]:
            for number, text in lines:
                numbers.append(number)
                yield text + "\n"

        for fields in csv.reader(texts(), delimiter=delimiter):
            if any(f.strip() for f in fields):
                yield numbers[-1], fields

    return plain if delimiter == "|" else quoted


def _sheet_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a converted extract (.xlsx, .ods…): identifiers kept as text (« 0 » + ADELI)."""
    rows = read_sheet(path).rows
    for index, row in enumerate(rows[:10]):
        headers = [cell_text(c) for c in row]
        if is_annuaire(headers):
            columns = {i: _BY_KEY[_key(h)] for i, h in enumerate(headers) if _key(h) in _BY_KEY}
            for number, cells in enumerate(rows[index + 1 :], start=index + 2):
                texts = [cell_text(c) for c in cells]
                if any(texts):
                    yield number, {name: texts[i] for i, name in columns.items() if i < len(texts)}
            return
    raise UnreadableFile(f"« {path.name} » n’est pas un extrait de l’Annuaire Santé (colonne « Identifiant PP »).")


def extract_line(values: dict[str, str]) -> str:
    """One line in the extract's layout (« | » after every field, as downloaded) from {header: value};
    ``extract_line({})`` is not a header: use ``extract_line(dict(zip(EXTRACT_HEADERS, EXTRACT_HEADERS)))``."""
    return "|".join(values.get(h, "") for h in EXTRACT_HEADERS) + "|\n"


# ---------------------------------------------------------------------------------------------- import

_IDENTIFIER_COLUMN = "Identifiant PP"
_NO_IDENTIFIER = "Identifiant PP : absent (ni RPPS ni ADELI) ; la personne n’est pas importée."
# Fields a site gives the person: a wrong value there is left out, the person is imported all the same.
_OPTIONAL = frozenset(
    {"titre", "specialite", "structure_exercice", "adresse", "code_postal", "commune", "telephone", "email", "notes"}
)
_MODES = {"L": PracticeMode.LIBERAL, "S": PracticeMode.SALARIED}


class _Register:
    """The members already known, by what an extract can match them on, and the rows of this import."""

    def __init__(self, session: Session, options: ImportOptions, report: ImportReport) -> None:
        self.session, self.options, self.report = session, options, report
        self.by_identifier: dict[tuple[str, str], int] = {}
        self.by_name: dict[tuple[str, str], list[int]] = {}
        self.emails: dict[str, int] = {}  # lower-case email → its member (-1: one this file adds)
        self.structures: dict[str, str] = {}
        self.communes = commune_ids(session)
        self.pending: list[MemberData] = []
        columns = (Member.id, Member.kind, Member.rpps, Member.adeli, Member.nom, Member.prenom, Member.email)
        for member_id, kind, rpps, adeli, nom, prenom, email in session.execute(select(*columns)):
            self._index(member_id, kind, rpps, adeli, nom, prenom, email)
        for finess, nom in session.execute(
            select(Member.finess, Member.nom).where(Member.kind == MemberKind.STRUCTURE, Member.finess.is_not(None))
        ):
            self.structures.setdefault(finess or "", nom)

    def _index(
        self, member_id: int, kind: MemberKind, rpps: str | None, adeli: str | None, nom: str, prenom: str | None,
        email: str | None,
    ) -> None:  # fmt: skip
        if rpps:
            self.by_identifier.setdefault(("rpps", rpps), member_id)
        if adeli:
            self.by_identifier.setdefault(("adeli", adeli), member_id)
        if kind is MemberKind.PERSON and not rpps and not adeli:
            self.by_name.setdefault((search_key(nom), search_key(prenom)), []).append(member_id)
        if email:
            self.emails.setdefault(email.lower(), member_id)

    def identifiers(self) -> set[str]:
        """The RPPS and ADELI numbers of the register's members."""
        return {number for _kind, number in self.by_identifier}

    def match(self, data: MemberData) -> int | None:
        """By RPPS, then ADELI; else a member without either who alone bears this nom and prénom."""
        for kind, value in (("rpps", data.rpps), ("adeli", data.adeli)):
            if value and (kind, value) in self.by_identifier:
                return self.by_identifier[(kind, value)]
        same_name = self.by_name.get((search_key(data.nom), search_key(data.prenom)), [])
        return same_name[0] if len(same_name) == 1 else None

    def free_email(self, email: str | None, member_id: int | None) -> str | None:
        """A site's address shared by a practice goes to the first person of it only (an email is unique)."""
        if not email:
            return None
        owner = self.emails.get(email.lower())
        return email if owner is None or owner == member_id else None

    def take(self, line: int, data: MemberData) -> None:
        member_id = self.match(data)
        if member_id is None:
            data = replace(data, email=self.free_email(data.email, None))
            if data.email:
                self.emails[data.email.lower()] = -1
            self.pending.append(data)
            if data.rpps:
                self.by_identifier[("rpps", data.rpps)] = -1
            if data.adeli:
                self.by_identifier[("adeli", data.adeli)] = -1
            self.report.created += 1
            if len(self.pending) >= 500:
                self.write()
            return
        if member_id < 0:
            reason = "Même identifiant qu’une autre personne de l’extrait."
            self.report.rejected.append(Rejection(line, _IDENTIFIER_COLUMN, data.rpps or data.adeli or "", reason))
        elif self.options.on_duplicate == "skip":
            self.report.skipped += 1
        else:
            self._enrich(line, member_id, data)

    def _enrich(self, line: int, member_id: int, data: MemberData) -> None:
        """Fill the member's blank fields; what it already holds is never replaced."""
        member = self.session.get_one(Member, member_id)
        current = MemberData(**{name: getattr(member, name) for name in MEMBER_FIELDS})
        data = replace(data, email=self.free_email(data.email, member_id))
        blanks = {
            name: value
            for name, value in vars(data).items()
            if value not in (None, "") and getattr(current, name) in (None, "") and name != "kind"
        }
        if not blanks:
            self.report.unchanged += 1
            return
        self.write()  # the duplicate check of an edit must see the members this file added
        try:
            save_existing(self.session, member, replace(current, **blanks))
        except (DuplicateMember, InvalidMember) as error:
            self.report.rejected.append(Rejection(line, "", data.display_name, error.message))
            return
        if data.email and blanks.get("email"):
            self.emails[data.email.lower()] = member_id
        self.report.updated += 1

    def write(self) -> None:
        batch = [(data, self.communes.get((data.commune or "").lower())) for data in self.pending]
        insert_checked(self.session, batch)
        self.pending = []


def member_data(
    professional: Professional,
    professions: set[str],
    structures: dict[str, str],
    communes: dict[str, str],
    in_territory: Callable[[Site], bool] | None = None,
) -> MemberData:
    """The member a professional of the extract makes: the sites say where they practise (the first one's
    structure and address, the others in the notes), never the person's own FINESS or SIRET.

    ``structures``: member structures' names by FINESS (a site that is a member is named as the register
    names it); ``communes``: the territory's commune names by code INSEE; ``in_territory``: whether a site
    is in the territory — a professional who has some is described by those alone, so that a known
    member (read with all their sites) and a new one (read with the territory's) come out the same."""
    sites = professional.sites
    if in_territory is not None and any(in_territory(site) for site in sites):
        sites = tuple(site for site in sites if in_territory(site))
    named = [(name, s) for s in sites if (name := structures.get(s.finess or "") or s.raison_sociale)]
    place = next((s for s in sites if s.adresse or s.code_postal), sites[0] if sites else None)
    others = [f"{name} ({site.commune})" if site.commune else name for name, site in named[1:]]
    modes = {_MODES[m] for m in professional.mode_codes if m in _MODES}
    rpps = professional.identifier if professional.identifier_type == "RPPS" else None
    return MemberData(
        kind=MemberKind.PERSON,
        nom=professional.nom,
        prenom=professional.prenom,
        civilite=professional.civilite,
        titre=professional.titre,
        profession_code=professional.profession_code if professional.profession_code in professions else None,
        specialite=professional.specialite,
        rpps=rpps,
        adeli=None if rpps else professional.identifier,
        mode_exercice=(modes.pop() if len(modes) == 1 else PracticeMode.MIXED) if modes else None,
        structure_exercice=named[0][0] if named else None,
        adresse=place.adresse if place else None,
        code_postal=place.code_postal if place else None,
        commune=(communes.get(place.code_commune or "") or place.commune) if place else None,
        telephone=next((s.telephone for s in sites if s.telephone), None),
        email=next((s.email for s in sites if s.email), None),
        notes="Autres lieux d’exercice (Annuaire Santé) : " + " ; ".join(others) + "." if others else None,
    )


def _checked(line: int, data: MemberData, report: ImportReport) -> MemberData | None:
    """The member cleaned as the form would; a wrong site value is left out (and reported), a wrong
    name or identifier refuses the person."""
    try:
        return clean_member(data)
    except InvalidMember as error:
        fatal = [e for e in error.errors if e.field not in _OPTIONAL]
        if fatal:
            report.rejected.extend(
                Rejection(line, FIELD_LABELS.get(e.field, ""), str(getattr(data, e.field, "") or ""), e.message)
                for e in fatal
            )
            return None
        for problem in error.errors:
            value = str(getattr(data, problem.field) or "")
            report.corrected.append(
                Rejection(line, FIELD_LABELS[problem.field], value, f"valeur laissée de côté : {problem.message}")
            )
        blank: dict[str, Any] = {e.field: None for e in error.errors}
        return _checked(line, replace(data, **blank), report)


# What the import wizard shows each column of the extract fill (its own fields; the others are not used).
_SHOWN = {
    "identifiant": "rpps",
    "code_civilite": "civilite",
    "civilite_exercice": "titre",
    "nom": "nom",
    "prenom": "prenom",
    "code_profession": "profession",
    "savoir_faire": "specialite",
    "raison_sociale": "structure_exercice",
    "code_postal": "code_postal",
    "commune": "commune",
    "telephone": "telephone",
    "email": "email",
}


# Field shown by the wizard → field of the member that « (ignorer) » leaves blank.
_BLANKED = {
    "civilite": "civilite",
    "titre": "titre",
    "prenom": "prenom",
    "profession": "profession_code",
    "specialite": "specialite",
    "structure_exercice": "structure_exercice",
    "code_postal": "code_postal",
    "commune": "commune",
    "telephone": "telephone",
    "email": "email",
}


def preview(path: Path, sheet: str | None = None) -> Preview:
    """The extract as the import wizard shows it before importing (its columns are fixed)."""
    if path.suffix.lower() in _TEXT_SUFFIXES and path.stat().st_size > SAMPLED_FROM:
        return _first_lines(path)
    table = find_table(read_sheet(path, sheet), lambda row: is_annuaire(cell_text(c) for c in row), path.name)
    return Preview(table, _shown(table.headers), [], sheet)


def _first_lines(path: Path) -> Preview:
    """The header and first rows of a large extract: the national file (over 1 GB) is never read whole
    before the import, which streams it and keeps the territory's lines."""
    with path.open("rb") as handle:
        header, encoding = _header(handle, path)
        _columns(header, path)  # refuses a file that is not the extract
        lines = ((n, _decode_line(raw.rstrip(b"\r\n"), encoding)) for n, raw in enumerate(handle, 2) if raw.strip())
        rows = list(islice(_splitter(_delimiter_of(header))(lines), PREVIEW_ROWS))
    headers = _split_header(header)
    table = Table(headers, 1, [(number, list[Cell](fields)) for number, fields in rows])
    return Preview(table, _shown(headers), [], None, whole=False)


def _shown(headers: list[str]) -> dict[int, str]:
    return {i: _SHOWN[name] for i, h in enumerate(headers) if (name := _BY_KEY.get(_key(h), "")) in _SHOWN}


def _ignored(path: Path, options: ImportOptions) -> dict[str, Any]:
    """The member's fields left blank because the wizard's « (ignorer) » was chosen for their column
    (the name and the identifier are the person: they are always read)."""
    if options.mapping is None:
        return {}
    shown = _shown(_header_row(path))
    return {_BLANKED[f]: None for i, f in shown.items() if i not in options.mapping and f in _BLANKED}


def _left_out(rows: int) -> str:
    what = plural(rows, "{count} ligne d’activité laissée", "{count} lignes d’activité laissées")
    return (
        f"Annuaire Santé : {what} de côté, hors des communes du territoire (les adhérents déjà connus sont "
        "complétés où qu’ils exercent)."
    )


def _member_of(
    line: int, professional: Professional, register: _Register, territory: dict[str, str], professions: set[str],
    ignored: dict[str, Any], in_territory: Callable[[Site], bool] | None,
) -> MemberData | None:  # fmt: skip
    """The member to create or complete, cleaned; None when the person is refused (and reported)."""
    if not professional.identifier:
        register.report.rejected.append(Rejection(line, _IDENTIFIER_COLUMN, "", _NO_IDENTIFIER))
        return None
    data = member_data(professional, professions, register.structures, territory, in_territory)
    return _checked(line, replace(data, **ignored), register.report)


def import_annuaire(
    database: Database,
    path: Path,
    options: ImportOptions | None = None,
    progress: Callable[[int, int], bool] | None = None,
    communes: Iterable[CommuneLike | str] | None = None,
) -> ImportReport:
    """Import the professionals of an Annuaire Santé extract as members: new people created, known ones
    (same RPPS, else ADELI) completed where blank, nothing erased; a second run changes nothing. One
    transaction; ``progress(done, total)`` returning False cancels everything.

    When the territory has communes (or ``communes`` are given), only the professionals practising in
    them are created (the national extract holds all of France), and the rows left out are said."""
    options = options or ImportOptions()
    report = ImportReport(dry_run=options.dry_run)
    professions = {p.code for p in load_professions(resource("professions.csv"))}
    ignored = _ignored(path, options)

    def reading(done: int, total: int) -> bool:
        return progress is None or progress(done * 9 // 10, total) is not False

    with database.sessions() as session, session.begin():
        register = _Register(session, options, report)
        towns = list(session.scalars(select(Commune)))  # read as CommuneLike: code, nom, postcodes
        territory = {town.code_insee: town.nom for town in towns}
        if communes is None and towns:
            communes = towns
        communes = list(communes) if communes is not None else None  # read twice below
        in_territory = _Territory(communes).holds if communes is not None else None
        tally = Tally()
        try:
            people = list(read_numbered(path, communes, reading, register.identifiers(), tally))
        except ReadingCancelled as cancelled:
            raise ImportCancelled() from cancelled
        if tally.rows > tally.kept:
            report.value_notes.append(_left_out(tally.rows - tally.kept))
        size = max(path.stat().st_size, 1)
        for done, (line, professional) in enumerate(people):
            if progress is not None and progress(size * 9 // 10 + size * done // (10 * len(people)), size) is False:
                raise ImportCancelled()
            data = _member_of(line, professional, register, territory, professions, ignored, in_territory)
            if data is not None:
                register.take(line, data)
        register.write()
        if progress is not None:
            progress(size, size)
        if options.strict and report.rejected:
            raise ImportAborted(report)
        if options.dry_run:
            session.rollback()
    return report
