"""The communes of the territory, their population, and the ACI taille it gives."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.territory import AciTaille, aci_taille
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import plural
from cpts_desktop.services.commune_files import (
    MUNICIPALE,
    TOTALE,
    CommuneFile,
    CommuneRecord,
    departement_of,
    read_commune_file,
)
from cpts_desktop.services.errors import NotFound
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Commune, Member


@dataclass(frozen=True)
class CommuneRow:
    """A commune of the territory as screens, the CLI and the Annuaire Santé filter read it."""

    id: int
    code_insee: str
    nom: str
    codes_postaux: tuple[str, ...]
    population: int
    members: int
    population_type: str | None = None  # « municipale », « totale », or None when typed by hand
    population_annee: int | None = None

    @property
    def departement(self) -> str:
        return departement_of(self.code_insee)

    @property
    def population_source(self) -> str:
        """« municipale 2021 », « totale », « » — which figure the population is."""
        return " ".join(str(p) for p in (self.population_type, self.population_annee) if p)


def postcodes(text: str | None) -> tuple[str, ...]:
    """The 5-digit postcodes written in a free text (« 38000, 38100 »), in order, once each."""
    return tuple(dict.fromkeys(re.findall(r"(?<!\d)\d{5}(?!\d)", text or "")))


@dataclass(frozen=True)
class Territory:
    communes: list[CommuneRow]
    population: int
    taille: AciTaille

    @property
    def without_population(self) -> int:
        """Communes whose population is still to import (a COG file gives none)."""
        return sum(1 for c in self.communes if not c.population)

    @property
    def population_source(self) -> str:
        """« population municipale 2021 » when every commune counts the same figure; else each one's, so
        that a total is never read as a municipal population."""
        sources = sorted({c.population_source or "saisie à la main" for c in self.communes if c.population})
        if not sources:
            return ""
        if len(sources) == 1:
            return "population " + sources[0] if sources[0] != "saisie à la main" else "population saisie à la main"
        return "populations de sources différentes : " + ", ".join(sources)


def territory(database: Database) -> Territory:
    with database.snapshot() as session:
        by_id = dict(session.execute(select(Member.commune_id, func.count()).group_by(Member.commune_id)).all())
        rows = [
            CommuneRow(
                c.id,
                c.code_insee,
                c.nom,
                postcodes(c.codes_postaux),
                c.population,
                by_id.get(c.id, 0),
                c.population_type,
                c.population_annee,
            )
            for c in session.scalars(select(Commune))
        ]
    rows.sort(key=lambda row: search_key(row.nom))  # « Échirolles » among the E, not after « Z »
    population = sum(r.population for r in rows)
    return Territory(rows, population, aci_taille(population))


def _clean(code_insee: str, nom: str, population: int | str) -> tuple[str, str, int]:
    code = code_insee.strip().upper()
    if not re.fullmatch(r"(\d{5}|2[AB]\d{3})", code):
        raise ValidationError(
            "code_insee", f"Code INSEE : « {code_insee} » doit comporter 5 caractères (ex. 39300, 2A004)."
        )
    if not nom.strip():
        raise ValidationError("nom", "Nom de la commune : obligatoire.")
    text = str(population).replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if not text.isdigit():
        raise ValidationError("population", f"Population : « {population} » n’est pas un nombre d’habitants.")
    return code, " ".join(nom.split()), int(text)


def _postcodes_text(text: str) -> str | None:
    """Postcodes as stored: « 38000, 38100 »; a text with no 5-digit code is refused, not kept."""
    codes = postcodes(text)
    if text.strip() and not codes:
        message = f"Codes postaux : « {text.strip()} » ne contient aucun code à 5 chiffres."
        raise ValidationError("codes_postaux", message)
    return ", ".join(codes) or None


def save_commune(
    database: Database,
    code_insee: str,
    nom: str,
    population: int | str,
    codes_postaux: str = "",
    commune_id: int | None = None,
) -> int:
    code, nom, people = _clean(code_insee, nom, population)
    with database.sessions.begin() as session:
        clash = session.scalars(
            select(Commune).where(Commune.code_insee == code, Commune.id != (commune_id or 0))
        ).first()
        if clash is not None:
            raise CptsError(f"La commune {code} ({clash.nom}) est déjà dans le territoire.")
        commune = session.get(Commune, commune_id) if commune_id else Commune()
        if commune is None:
            raise NotFound("Cette commune n’existe plus.")
        if commune.population != people:  # a figure typed by hand: no longer INSEE's of a given year
            commune.population_type = commune.population_annee = None
        commune.code_insee, commune.nom, commune.population = code, nom, people
        commune.codes_postaux = _postcodes_text(codes_postaux)
        session.add(commune)
        session.flush()
        _link_members(session, [commune])
        return commune.id


def _link_members(session: Session, communes: list[Commune]) -> None:
    """Members whose commune is written as one of these communes' names get linked to it."""
    by_key = {search_key(c.nom): c.id for c in communes}
    for member in session.scalars(select(Member).where(Member.commune_id.is_(None), Member.commune.is_not(None))):
        commune_id = by_key.get(search_key(member.commune or ""))
        if commune_id is not None:
            member.commune_id = commune_id


def remove_commune(database: Database, commune_id: int) -> None:
    with database.sessions.begin() as session:
        commune = session.get(Commune, commune_id)
        if commune is not None:
            session.delete(commune)


# A file of more communes than this is a national or départemental one: its communes must be chosen.
MAX_UNCHOSEN = 200


@dataclass
class CommunesImport:
    """What an import read and did, to be said to the user in full."""

    file: str = ""
    layout: str = ""
    read: int = 0
    skipped: int = 0
    created: int = 0
    updated: int = 0
    postcodes: int = 0
    population: str | None = None  # the figure taken: « municipale », « totale », or None
    year: int | None = None
    rejected: list[tuple[int, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # codes chosen (or of the territory) not in the file
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in French, one sentence a line."""
        found = plural(self.read, "{count} commune lue", "{count} communes lues")
        lines = [f"{self.layout} « {self.file} » : {found}."]
        if self.skipped:
            lines.append(
                plural(self.skipped, "{count} ligne laissée", "{count} lignes laissées")
                + " (arrondissements, communes déléguées ou associées)."
            )
        lines.append(
            plural(self.created, "{count} commune ajoutée", "{count} communes ajoutées")
            + ", "
            + plural(self.updated, "{count} mise à jour", "{count} mises à jour")
            + ", "
            + plural(len(self.rejected), "{count} ligne refusée.", "{count} lignes refusées.")
        )
        if self.postcodes:
            lines.append(
                plural(self.postcodes, "Codes postaux de {count} commune", "Codes postaux de {count} communes")
                + " enregistrés."
            )
        if self.population:
            year = f" {self.year}" if self.year else " (année non indiquée par le fichier)"
            lines.append(f"Population retenue : population {self.population}{year}.")
        if self.missing:
            lines.append(
                plural(len(self.missing), "{count} commune absente du fichier", "{count} communes absentes du fichier")
                + " : "
                + ", ".join(self.missing[:15])
                + (f" et {len(self.missing) - 15} autres" if len(self.missing) > 15 else "")
                + "."
            )
        return lines + self.notes + [f"Ligne {row} : {reason}" for row, reason in self.rejected]


def import_communes(
    database: Database,
    path: Path,
    codes: Iterable[str] = (),
    departements: Iterable[str] = (),
    population: str = MUNICIPALE,
    year: int | None = None,
) -> CommunesImport:
    """Any commune file (see ``commune_files``), its communes chosen by code INSEE or département."""
    read = read_commune_file(path, year)
    chosen = choose_communes(database, read, codes, departements)
    return apply_communes(database, read, chosen, population)


def choose_communes(
    database: Database, read: CommuneFile, codes: Iterable[str] = (), departements: Iterable[str] = ()
) -> list[str]:
    """The codes of the communes to keep: those asked (codes INSEE, départements); if none is asked, every
    commune of a file small enough to be a territory's list, else the territory's own communes (La
    Poste's postcodes always go to those)."""
    asked = {c.strip().upper() for c in codes if c.strip()}
    wanted = {_departement(d) for d in departements if d.strip()}
    if asked or wanted:
        in_departements = [c for c, r in read.communes.items() if r.departement in wanted]
        return sorted(asked | set(in_departements))
    current = [c.code_insee for c in territory(database).communes]
    if read.layout != "codes postaux" and len(read.communes) <= MAX_UNCHOSEN:
        return list(read.communes)
    if current or read.layout == "codes postaux":
        return current
    raise CptsError(
        f"« {read.name} » compte {plural(len(read.communes), '{count} commune', '{count} communes')} : "
        "choisissez celles du territoire (par leurs codes INSEE, ou par département)."
    )


def _departement(text: str) -> str:
    code = text.strip().upper()
    return code.zfill(2) if code.isdigit() else code


def apply_communes(
    database: Database, read: CommuneFile, chosen: Iterable[str], population: str = MUNICIPALE
) -> CommunesImport:
    """The chosen communes of a file into the territory, in one transaction (nothing kept if it fails).

    Communes outside the choice are not stored. La Poste's file only gives postcodes, to the
    territory's communes; the other files add or update the chosen communes, with the population asked
    (municipale by default) — a file without it gives its other figure, and the report says so."""
    kind = _population_kind(read, population)
    report = CommunesImport(read.name, read.label, len(read.communes), read.skipped, rejected=list(read.rejected))
    if kind is not None and kind != "population":
        report.population, report.year = kind, read.year
    if kind is not None and kind != population and kind != "population":
        report.notes.append(f"Ce fichier ne donne pas la population {population} : la population {kind} est retenue.")
    chosen = list(dict.fromkeys(chosen))
    report.missing = [code for code in chosen if code not in read.communes]
    with database.sessions.begin() as session:
        existing = {c.code_insee: c for c in session.scalars(select(Commune))}
        if read.layout == "codes postaux":
            _attach_postcodes(read, [existing[c] for c in chosen if c in existing], report)
            report.missing = [c for c in report.missing if c in existing]
            return report
        touched = [
            _store(session, existing, read.communes[code], kind, read.year, report)
            for code in chosen
            if code in read.communes
        ]
        session.flush()
        _link_members(session, [c for c in touched if c is not None])
    return report


def _population_kind(read: CommuneFile, asked: str) -> str | None:
    """The figure to take from the file: the one asked, else the only one it has (said in the report)."""
    if asked not in (MUNICIPALE, TOTALE):
        raise ValidationError("population", f"Population : « {asked} » doit être « municipale » ou « totale ».")
    if asked in read.kinds:
        return asked
    if read.kinds:
        if asked == TOTALE:
            raise CptsError(f"« {read.name} » ne donne que la population municipale.")
        return read.kinds[0]
    first = next(iter(read.communes.values()), None)
    return "population" if first is not None and first.population is not None else None


def _store(
    session: Session,
    existing: dict[str, Commune],
    record: CommuneRecord,
    kind: str | None,
    year: int | None,
    report: CommunesImport,
) -> Commune | None:
    figure = getattr(record, kind) if kind is not None else None
    commune = existing.get(record.code_insee)
    if commune is None:
        if not record.nom:
            report.notes.append(f"Commune {record.code_insee} laissée : le fichier ne donne pas son nom.")
            return None
        commune = existing[record.code_insee] = Commune(code_insee=record.code_insee, population=0)
        session.add(commune)
        report.created += 1
    else:
        report.updated += 1
    if record.nom:
        commune.nom = record.nom
    if figure is not None:
        commune.population = figure
        commune.population_type = kind if kind in (MUNICIPALE, TOTALE) else None
        commune.population_annee = year
    if record.codes_postaux:
        commune.codes_postaux = ", ".join(record.codes_postaux)
        report.postcodes += 1
    return commune


def _attach_postcodes(read: CommuneFile, communes: list[Commune], report: CommunesImport) -> None:
    """La Poste's postcodes replace those of the territory's communes it lists (its file is the reference)."""
    for commune in communes:
        record = read.communes.get(commune.code_insee)
        if record is not None and record.codes_postaux:
            commune.codes_postaux = ", ".join(record.codes_postaux)
            report.postcodes += 1
            report.updated += 1
