"""The communes of the territory, their population, and the ACI taille it gives."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpts_desktop.config import resource
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.territory import AciTaille, load_tailles, taille_for
from cpts_desktop.domain.text import search_key
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.failures import file_reason
from cpts_desktop.services.imports import header_key
from cpts_desktop.services.spreadsheets import UnreadableFile, decode
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


def postcodes(text: str | None) -> tuple[str, ...]:
    """The 5-digit postcodes written in a free text (« 38000, 38100 »), in order, once each."""
    return tuple(dict.fromkeys(re.findall(r"(?<!\d)\d{5}(?!\d)", text or "")))


@dataclass(frozen=True)
class Territory:
    communes: list[CommuneRow]
    population: int
    taille: AciTaille


def aci_taille(population: int) -> AciTaille:
    return taille_for(population, load_tailles(resource("aci_tailles.csv")))


def territory(database: Database) -> Territory:
    with database.snapshot() as session:
        by_id = dict(session.execute(select(Member.commune_id, func.count()).group_by(Member.commune_id)).all())
        rows = [
            CommuneRow(c.id, c.code_insee, c.nom, postcodes(c.codes_postaux), c.population, by_id.get(c.id, 0))
            for c in session.scalars(select(Commune).order_by(Commune.nom))
        ]
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
        commune.code_insee, commune.nom, commune.population = code, nom, people
        commune.codes_postaux = _postcodes_text(codes_postaux)
        session.add(commune)
        session.flush()
        _link_members(session, commune)
        return commune.id


def _link_members(session: Session, commune: Commune) -> None:
    key = search_key(commune.nom)
    for member in session.scalars(select(Member).where(Member.commune_id.is_(None), Member.commune.is_not(None))):
        if search_key(member.commune) == key:
            member.commune_id = commune.id


def remove_commune(database: Database, commune_id: int) -> None:
    with database.sessions.begin() as session:
        commune = session.get(Commune, commune_id)
        if commune is not None:
            session.delete(commune)


@dataclass
class CommunesImport:
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


_COLUMNS = {
    "codeinsee": "code",
    "insee": "code",
    "codecommune": "code",
    "cog": "code",
    "nom": "nom",
    "commune": "nom",
    "nomdelacommune": "nom",
    "libelle": "nom",
    "population": "population",
    "populationmunicipale": "population",
    "populationtotale": "population",
    "habitants": "population",
    "codepostal": "postal",
    "codespostaux": "postal",
    "cp": "postal",
}


def import_communes(database: Database, path: Path) -> CommunesImport:
    """CSV with « code INSEE ; nom ; population » (and optionally codes postaux), in one transaction."""
    try:
        text = decode(path.read_bytes())
    except OSError as error:
        raise UnreadableFile(f"« {path.name} » ne peut pas être lu ({file_reason(error)}).") from error
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise UnreadableFile(f"« {path.name} » n’est pas un fichier CSV lisible ({error}).") from error
    if not rows:
        raise UnreadableFile(f"« {path.name} » est vide.")
    columns = {_COLUMNS[k]: i for i, k in ((i, header_key(h)) for i, h in enumerate(rows[0])) if k in _COLUMNS}
    if not {"code", "nom", "population"} <= set(columns):
        raise UnreadableFile(f"« {path.name} » doit avoir les colonnes « code INSEE », « nom » et « population ».")
    report = CommunesImport()
    with database.sessions.begin() as session:
        existing = {c.code_insee: c for c in session.scalars(select(Commune))}
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = row + [""] * (len(rows[0]) - len(row))
            try:
                code, nom, people = _clean(cells[columns["code"]], cells[columns["nom"]], cells[columns["population"]])
            except ValidationError as error:
                report.rejected.append((number, error.message))
                continue
            commune = existing.get(code)
            if commune is None:
                commune = existing[code] = Commune(code_insee=code)
                report.created += 1
            else:
                report.updated += 1
            commune.nom, commune.population = nom, people
            if "postal" in columns and cells[columns["postal"]].strip():
                commune.codes_postaux = cells[columns["postal"]].strip()
            session.add(commune)
            session.flush()
            _link_members(session, commune)
    return report
