"""Exporting to XLSX or CSV: the register, with French headers the importer recognises so that
re-importing an export changes nothing, and any table (the treasurer's) through ``write_workbook``.
"""

from __future__ import annotations

import csv
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpts_desktop.config import private_file
from cpts_desktop.domain.enums import LabelledEnum, MemberKind, MemberStatus, PracticeMode, StructureType
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.text import strip_controls
from cpts_desktop.services.failures import file_reason
from cpts_desktop.services.reference import COLUMNS as PROFESSION_COLUMNS
from cpts_desktop.services.reference import professions_in_step
from cpts_desktop.store.reader import open_for_reading

# SQLAlchemy is imported where a session is used: ``cpts members export`` on a SQLite base reads it
# with sqlite3 alone (``export_register``), and importing SQLAlchemy would take most of its time.
if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.orm import Session

    from cpts_desktop.store.engine import Database

COLUMNS = [
    ("civilite", "Civilité"),
    ("titre", "Titre"),
    ("nom", "Nom"),
    ("prenom", "Prénom"),
    ("raison_sociale", "Raison sociale"),
    ("structure_type", "Type de structure"),
    ("profession", "Profession"),
    ("specialite", "Spécialité"),
    ("rpps", "RPPS"),
    ("adeli", "ADELI"),
    ("finess", "FINESS"),
    ("siret", "SIRET"),
    ("mode_exercice", "Mode d’exercice"),
    ("structure_exercice", "Structure d’exercice"),
    ("adresse", "Adresse"),
    ("code_postal", "Code postal"),
    ("commune", "Commune"),
    ("telephone", "Téléphone"),
    ("email", "Email"),
    ("college", "Collège"),
    ("date_adhesion", "Date d’adhésion"),
    ("date_sortie", "Date de sortie"),
    ("statut", "Statut"),
    ("rgpd_consentement", "Consentement RGPD"),
    ("notes", "Notes"),
]


# Columns that are not the member's own field of that name: (table, column).
OTHER_SOURCES = {
    "raison_sociale": ("members", "nom"),
    "profession": ("professions", "libelle"),
    "college": ("colleges", "nom"),
}
NAMES = [name for name, _ in COLUMNS]
NOM, RAISON_SOCIALE = NAMES.index("nom"), NAMES.index("raison_sociale")
# Enumerations written by their value (civilité) or by their French label.
ENUM_VALUES = [NAMES.index("civilite")]
LABELLED = {"structure_type": StructureType, "mode_exercice": PracticeMode, "statut": MemberStatus}
ENUM_LABELS = [NAMES.index(name) for name in LABELLED]
BATCH = 500  # members read together: the chosen ones by their ids, all of them by the fetch size

# The same columns as ``_query`` for sqlite3 alone (a test checks both give the same files). The base
# stores enumerations by their value and dates as ISO text.
SOURCES = [".".join(OTHER_SOURCES.get(name, ("members", name))) for name in NAMES]
REGISTER_FROM = (
    " FROM members LEFT OUTER JOIN professions ON professions.code = members.profession_code"
    " LEFT OUTER JOIN colleges ON colleges.id = members.college_id"
)
REGISTER_ORDER = " ORDER BY members.nom, members.prenom, members.id"
REGISTER_SQL = "SELECT members.id, members.kind, " + ", ".join(SOURCES) + REGISTER_FROM + REGISTER_ORDER
STORED_LABELS = {NAMES.index(name): {m.value: m.label for m in kind} for name, kind in LABELLED.items()}
DATES = [NAMES.index(name) for name in ("date_adhesion", "date_sortie", "rgpd_consentement")]
DATED = {SOURCES[index] for index in DATES}


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _csv_sql_cell(index: int) -> str:
    """SQLite's expression of one cell as the CSV writes it (converting in SQLite costs less than a
    Python object per stored value). A date other than a plain ISO day (the application writes none)
    gives a control character, which sends its row to the usual path."""
    source = SOURCES[index]
    if index in (NOM, RAISON_SOCIALE):
        kept = "<>" if index == NOM else "="
        return f"CASE WHEN members.kind {kept} '{MemberKind.STRUCTURE.value}' THEN {source} END"
    if index in STORED_LABELS:
        cases = " ".join(f"WHEN {_sql_text(v)} THEN {_sql_text(label)}" for v, label in STORED_LABELS[index].items())
        return f"CASE {source} {cases} ELSE {source} END"
    if index in DATES:
        day = f"substr({source}, 9, 2) || '/' || substr({source}, 6, 2) || '/' || substr({source}, 1, 4)"
        plain = f"date({source}) IS {source} AND {source} >= '0001'"  # Python's dates begin with year 1
        return f"CASE WHEN {plain} THEN {day} WHEN {source} IS NOT NULL THEN char(1) END"
    return source


# Each member's CSV line as SQLite's printf writes it (no value gives an empty cell: one Python object a
# member, not one a cell), or a control character, which sends the member to the usual path, when a text
# holds a NUL character, where printf would cut it (the dates are checked above); then the member's id.
_NUL_IN = " OR ".join(f"instr({source}, char(0))" for source in dict.fromkeys(SOURCES) if source not in DATED)
CSV_SQL = (
    f"SELECT CASE WHEN {_NUL_IN} THEN char(1) ELSE printf('{';'.join(['%s'] * len(NAMES))}', "
    + ", ".join(map(_csv_sql_cell, range(len(NAMES))))
    + ") END, members.id"
    + REGISTER_FROM
    + REGISTER_ORDER
)
ONE_MEMBER_SQL = REGISTER_SQL.removesuffix(REGISTER_ORDER) + " WHERE members.id = ?"


def _query(ids: Sequence[int] | None = None) -> Select[*tuple[Any, ...]]:
    """Plain columns of the members in the order of ``COLUMNS`` (no ORM object each), after id and kind."""
    from sqlalchemy import select

    from cpts_desktop.store.models import College, Member, Profession

    tables: dict[str, Any] = {"members": Member, "professions": Profession, "colleges": College}
    columns = []
    for name in NAMES:
        table, column = OTHER_SOURCES.get(name, ("members", name))
        columns.append(getattr(tables[table], column).label(name))
    query = (
        select(Member.id, Member.kind, *columns)
        .outerjoin(Profession, Profession.code == Member.profession_code)
        .outerjoin(College, College.id == Member.college_id)
    )
    return query.where(Member.id.in_(ids)) if ids is not None else query.order_by(Member.nom, Member.prenom, Member.id)


def _stored_values(row: Sequence[Any]) -> list[object]:
    """A row of ``REGISTER_SQL`` as ``_values`` makes one of ``_query``."""
    values = list(row[2:])
    values[NOM if row[1] == MemberKind.STRUCTURE.value else RAISON_SOCIALE] = None
    for index, labels in STORED_LABELS.items():
        values[index] = labels.get(values[index], values[index])
    for index in DATES:
        if values[index] is not None:
            values[index] = date.fromisoformat(values[index])
    return values


def _values(row: Sequence[object]) -> list[object]:
    """One member's cells, in the order of ``COLUMNS``: the name under « Nom » or « Raison sociale »."""
    values = list(row[2:])
    values[NOM if row[1] is MemberKind.STRUCTURE else RAISON_SOCIALE] = None
    for index in ENUM_VALUES:
        value = values[index]
        values[index] = value.value if isinstance(value, LabelledEnum) else value
    for index in ENUM_LABELS:
        value = values[index]
        values[index] = value.label if isinstance(value, LabelledEnum) else value
    return values


def _member_rows(session: Session, member_ids: Iterable[int] | None) -> Iterator[list[object]]:
    """The members' rows as they are read: all of them by name, or the chosen ones in their order."""
    if member_ids is None:
        for row in session.execute(_query().execution_options(yield_per=BATCH)):
            yield _values(row)
        return
    chosen = list(member_ids)
    for start in range(0, len(chosen), BATCH):
        batch = chosen[start : start + BATCH]
        found = {row.id: row for row in session.execute(_query(batch))}
        yield from (_values(found[i]) for i in batch if i in found)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text as a spreadsheet may hold it: without the invisible control characters an .xlsx cannot
    hold (a base may keep some from before they were refused), and written as plain text when a
    spreadsheet would run it as a formula (« =HYPERLINK(…) »)."""
    if not isinstance(value, str):
        return value
    value = strip_controls(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def export_members(database: Database, path: Path, member_ids: Iterable[int] | None = None) -> int:
    """Write the members (all, or ``member_ids`` in that order) to ``path``; returns how many.

    Rows go to the file as they are read, in one read transaction: memory stays flat whatever the size."""
    _check_suffix(path)
    with database.snapshot() as session:
        return _write_register(path, _member_rows(session, member_ids))


def export_register(location: str, path: Path) -> int:
    """The whole register of the base at ``location`` (a file or a URL) to ``path``; returns how many.

    What ``cpts members export`` does: a SQLite base that needs nothing from the full opening is read
    with sqlite3 alone (no SQLAlchemy to import: most of the command's time), in one snapshot. Any other
    is opened the usual way (``open_database``), which upgrades or refuses it."""
    _check_suffix(path)
    connection = _plain_connection(location)
    if connection is None:
        from cpts_desktop.services.database import open_database

        database = open_database(location)
        try:
            return export_members(database, path)
        finally:
            database.close()
    with closing(connection):
        if path.suffix.lower() == ".xlsx":
            return _write_register(path, (_stored_values(row) for row in connection.execute(REGISTER_SQL)))
        written: list[int] = []
        publish({path: lambda target: written.append(_write_register_csv(connection, target))}, path)
        return written[0]


def _plain_connection(location: str) -> sqlite3.Connection | None:
    """A read connection on the SQLite file ``location`` when it is ready as it is and its professions
    are those this version ships, else None."""
    if "://" in location:
        return None
    connection = open_for_reading(Path(location).expanduser().resolve())
    if connection is None:
        return None
    try:
        if professions_in_step(connection.execute(f"SELECT {', '.join(PROFESSION_COLUMNS)} FROM professions")):
            return connection
    except sqlite3.Error:
        pass
    connection.close()
    return None


def _write_register(path: Path, rows: Iterable[list[object]]) -> int:
    written = 0

    def counted() -> Iterator[list[object]]:
        nonlocal written
        for row in rows:
            written += 1
            yield row

    write_table(path, "Adhérents", [label for _, label in COLUMNS], counted())
    return written


def write_table(path: Path, title: str, headers: list[str], data: Iterable[Sequence[object]]) -> None:
    """One table to ``path`` (.xlsx sheet ``title`` or .csv), written under a temporary name then renamed."""
    write_workbook(path, {title: (headers, data)})


def write_workbook(path: Path, sheets: Mapping[str, tuple[list[str], Iterable[Sequence[object]]]]) -> list[Path]:
    """Tables to one .xlsx (a sheet each) or, for .csv, one file per table beside ``path`` when there are
    several (« F-Dépenses.csv »). Text cells are neutralised (``neutralise``) as the rows are written."""
    suffix = _check_suffix(path)
    files: dict[Path, Callable[[Path], object]]
    if suffix == ".xlsx":
        from cpts_desktop.services.xlsx import write_xlsx  # not loaded for a CSV export

        tables = [(title, headers, _neutralised(rows)) for title, (headers, rows) in sheets.items()]
        files = {path: lambda target: write_xlsx(target, tables)}
    elif len(sheets) == 1:
        ((headers, rows),) = sheets.values()
        files = {path: lambda target: _write_csv(target, headers, rows)}
    else:
        files = {
            path.with_name(f"{path.stem}-{name}.csv"): partial(_write_csv, headers=headers, data=rows)
            for name, (headers, rows) in sheets.items()
        }
    return publish(files, path)


def write_csv_table(path: Path, headers: list[str], data: list[list[object]]) -> Path:
    """One table as CSV whatever the name's extension (a report the user named), neutralised and
    written under a temporary name like every export."""
    publish({path: lambda target: _write_csv(target, headers, data)}, path)
    return path


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise CptsError(f"« {path.name} » : choisissez un fichier .xlsx ou .csv.")
    return suffix


def _neutralised(rows: Iterable[Sequence[object]]) -> Iterator[list[object]]:
    """The rows with each text ``neutralise``d; the usual cell, a number or a plain text, passes as it is."""
    return (
        [neutralise(v) if type(v) is str and (not v.isprintable() or v.startswith(FORMULA_START)) else v for v in row]
        for row in rows
    )


def publish(files: dict[Path, Callable[[Path], object]], shown: Path) -> list[Path]:
    """Write each file under a temporary name, the user's only, then rename them all: a full disk or a
    kill never leaves a truncated file under the final name. Every file handed to the user goes this way."""
    partials = {target: target.with_name(target.name + ".partiel") for target in files}
    try:  # every file is complete before any takes its final name
        for target, write in files.items():
            write(private_file(partials[target]))  # the user's only, from its first byte
        for target, partial in partials.items():
            os.replace(partial, target)
    except OSError as error:
        for partial in partials.values():
            partial.unlink(missing_ok=True)
        raise CptsError(f"Impossible d’écrire « {shown} » ({file_reason(error)}).") from error
    return sorted(files)


def _write_csv(path: Path, headers: list[str], data: Iterable[Sequence[object]]) -> None:
    """UTF-8 with BOM, « ; » and decimal commas: what Excel opens correctly on a French Windows. One
    pass over the rows, each cell as ``_csv_row`` makes it."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        writer.writerows(map(_csv_row, data))


def _write_register_csv(connection: sqlite3.Connection, path: Path) -> int:
    """The register as ``_write_csv`` writes it, in a fraction of its time: SQLite gives each member's
    line, and a batch of lines whose cells are all plain (``_all_plain``) is written as it is; in any
    other batch, a member whose line is not plain is read again and written cell by cell (``_csv_row``).
    Returns how many members."""
    count = 0
    chunks: list[str] = []
    writer = csv.writer(_Appender(chunks), delimiter=";")
    writer.writerow([label for _, label in COLUMNS])
    rows = connection.execute(CSV_SQL)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        while batch := rows.fetchmany(BATCH):
            lines = [line for line, _member_id in batch]
            if _all_plain(lines):
                chunks.append("\r\n".join(lines) + "\r\n")
            else:
                for line, member_id in batch:
                    if _all_plain((line,)):
                        chunks.append(line + "\r\n")
                    else:
                        stored = connection.execute(ONE_MEMBER_SQL, (member_id,)).fetchone()
                        writer.writerow(_csv_row(_stored_values(stored)))
            handle.write("".join(chunks))
            chunks.clear()
            count += len(batch)
    return count


class _Appender:
    """Where csv.writer puts its lines: a list, written to the file with the plain lines of its batch."""

    def __init__(self, chunks: list[str]) -> None:
        self.write = chunks.append


def _all_plain(lines: Sequence[str]) -> bool:
    """Whether csv.writer would write the cells of each of ``lines`` (joined by « ; ») as they are, none
    being neutralised: all printable, none holding « ; » or « " », none starting like a formula. Checked
    on the lines joined by « ; » (a few passes in C, not a call each): a line's start follows a « ; »
    there as any other cell's does, and each line holds at least the « ; » between its cells (but for
    the control character that stands for a line printf would cut)."""
    text = ";".join(lines)
    return (
        text.isprintable()
        and text.count(";") == len(NAMES) * len(lines) - 1
        and '"' not in text
        and not text.startswith(FORMULA_START)
        # nor a cell after the first (tab and carriage return are not printable); a sign absent from the
        # whole text (found in one pass) needs no search after each « ; »
        and not any(sign in text and f";{sign}" in text for sign in "=+-@")
    )


def _csv_row(row: Iterable[object]) -> list[object]:
    """The cells of ``row`` as the CSV writes them: each as it is when it can be (no value, a plain
    text), else through ``_csv_cell``; the usual cell costs no call."""
    return [
        ""
        if v is None
        else v
        if type(v) is str and v.isprintable() and not v.startswith(FORMULA_START)
        else _csv_cell(v)
        for v in row
    ]


def _csv_cell(value: object) -> object:
    """A cell other than a plain text: neutralised text, a date « 20/03/2027 », a decimal comma."""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, date):  # a datetime too: its day
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return value


def write_email_list(emails: list[str], path: Path) -> Path:
    """Addresses separated by « ; », ready to paste in the « Cci » of a message."""
    publish({path: lambda target: target.write_text("; ".join(emails) + "\n", encoding="utf-8")}, path)
    return path
