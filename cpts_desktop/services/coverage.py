"""Représentativité: the territory's professionals (a reference list taken from the Annuaire Santé),
how many of them are members, profession by profession, and the non-members a CPTS may invite.

The list is public data about professionals, kept apart from the members: a new extract replaces it
whole, and an opposition (the person asked not to be contacted) is kept by identifier, so that it
outlives every extract.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import BoardRole, MemberKind, MemberStatus
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.professions import load_professions
from cpts_desktop.domain.text import search_key
from cpts_desktop.domain.validators import clean_adeli, clean_rpps
from cpts_desktop.i18n import collation_key, format_date, format_number, plural
from cpts_desktop.services.association import Letterhead, Signatory, letterhead_of, signatory
from cpts_desktop.services.failures import file_reason
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Commune, Member, Profession, Professional, ProfessionalOpposition

if TYPE_CHECKING:  # the reader (and the import machinery it pulls) is loaded when an extract is read
    from cpts_desktop.services.annuaire import Professional as ProfessionalRead
    from cpts_desktop.services.annuaire import Site

SOURCE = "Annuaire Santé"
PROGRESS_EVERY = 200  # rows between two progress reports (each may cancel)
Progress = Callable[[int, int], bool]


class CoverageCancelled(CptsError):
    def __init__(self) -> None:
        super().__init__("Chargement de l’extrait annulé : la liste des professionnels n’a pas été modifiée.")


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    removed: int
    total: int
    opposed: int  # of the list, people who asked not to be contacted
    extract_date: date


def describe_load(report: LoadReport) -> str:
    """« Extrait du 2 novembre 2026 chargé : 13 professionnels du territoire (13 nouveaux, 0 mis à jour,
    0 retiré). », as the window and the command line say it."""
    counts = (
        plural(report.created, "{count} nouveau", "{count} nouveaux"),
        plural(report.updated, "{count} mis à jour", "{count} mis à jour"),
        plural(report.removed, "{count} retiré", "{count} retirés"),
    )
    total = plural(report.total, "{count} professionnel du territoire", "{count} professionnels du territoire")
    text = f"Extrait du {format_date(report.extract_date)} chargé : {total} ({', '.join(counts)})."
    if report.opposed:
        text += " " + plural(report.opposed, "{count} opposition respectée.", "{count} oppositions respectées.")
    return text


@dataclass(frozen=True)
class ListSummary:
    """Where the list comes from; ``extract_date`` None while no extract was loaded."""

    source: str
    extract_date: date | None
    imported_at: datetime | None
    total: int
    communes: int


def format_rate(rate: float | None) -> str:
    """« 42,9 % » (a narrow no-break space before the sign), « – » when there is nothing to divide by."""
    if rate is None:
        return "–"
    return format_number(Decimal(str(round(rate * 100, 1))), 1) + "\u202f%"


# ---------------------------------------------------------------- loading an extract


def checked_identifier(text: str) -> str:
    """An RPPS (11 digits, Luhn key) or an ADELI (9 digits), also in the national form « 8 » + RPPS or
    « 0 » + ADELI; spaces ignored."""
    digits = re.sub(r"[\s.\-]", "", text or "")
    if len(digits) in (11, 12):
        return clean_rpps(digits, "Identifiant")
    if len(digits) in (9, 10):
        return clean_adeli(digits, "Identifiant")
    raise ValidationError(
        "identifiant", f"Identifiant : « {text.strip()} » n’est ni un RPPS (11 chiffres) ni un ADELI (9 chiffres)."
    )


class _Communes:
    """The territory's communes, found by code INSEE, else by postcode and name, else by name."""

    def __init__(self, session: Session) -> None:
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.names: dict[int, str] = {}  # as the territory writes them (« Saint-Jean-de-Losne »)
        for commune in session.scalars(select(Commune)):
            self.by_code[commune.code_insee] = commune.id
            self.by_name[search_key(commune.nom)] = commune.id
            self.names[commune.id] = commune.nom

    def find(self, site: Site) -> int | None:
        if site.code_commune and site.code_commune in self.by_code:
            return self.by_code[site.code_commune]
        return self.by_name.get(search_key(site.commune)) if site.commune else None


def _main_site(person: ProfessionalRead, communes: _Communes) -> tuple[Site | None, int | None]:
    """The first site in the territory, else the first site the extract gives."""
    for site in person.sites:
        commune_id = communes.find(site)
        if commune_id is not None:
            return site, commune_id
    return (person.sites[0] if person.sites else None), None


def _fill(row: Professional, person: ProfessionalRead, communes: _Communes, source: str, day: date) -> None:
    site, commune_id = _main_site(person, communes)
    row.type_identifiant = person.identifier_type
    row.civilite = person.civilite.value if person.civilite else None
    row.titre, row.nom, row.prenom = person.titre, person.nom, person.prenom
    row.profession_code, row.profession_libelle = person.profession_code or "", person.profession_label
    row.specialite = person.specialite
    row.raison_sociale = site.raison_sociale if site else None
    row.adresse = site.adresse if site else None
    row.code_postal = site.code_postal if site else None
    row.commune = communes.names[commune_id] if commune_id else site.commune if site else None
    row.commune_id, row.source, row.date_extrait = commune_id, source, day
    row.imported_at = datetime.now().replace(microsecond=0)


def load_professionals(
    database: Database,
    people: Iterable[ProfessionalRead],
    extract_date: date,
    source: str = SOURCE,
    progress: Progress | None = None,
) -> LoadReport:
    """Replace the list with ``people`` in one transaction: the same identifiers are updated, the
    vanished ones removed, oppositions kept. ``progress(done, 0)`` returning False cancels it all."""
    with database.sessions.begin() as session:
        communes = _Communes(session)
        known = {row.identifiant: row for row in session.scalars(select(Professional))}
        seen: set[str] = set()
        created = updated = 0
        for done, person in enumerate(people, 1):
            if progress is not None and done % PROGRESS_EVERY == 0 and progress(done, 0) is False:
                raise CoverageCancelled()
            identifier = person.identifier.strip()
            if identifier in seen:
                continue
            seen.add(identifier)
            row = known.get(identifier)
            if row is None:
                row = Professional(identifiant=identifier)
                session.add(row)
                created += 1
            else:
                updated += 1
            _fill(row, person, communes, source, extract_date)
        gone = [row for identifier, row in known.items() if identifier not in seen]
        for row in gone:
            session.delete(row)
        session.flush()
        opposed = session.scalar(select(func.count(Professional.id)).where(Professional.identifiant.in_(_OPPOSED)))
    return LoadReport(created, updated, len(gone), len(seen), opposed or 0, extract_date)


_OPPOSED = select(ProfessionalOpposition.identifiant).scalar_subquery()


def import_extract(
    database: Database, path: Path, extract_date: date | None = None, progress: Progress | None = None
) -> LoadReport:
    """Read the Annuaire Santé extract at ``path``, keep the territory's professionals, and replace the
    list with them; ``progress(bytes read, file size)`` returning False cancels, the list untouched."""
    from cpts_desktop.services.annuaire import read_professionals
    from cpts_desktop.services.territory import territory

    communes = territory(database).communes
    if not communes:
        raise CptsError(
            "Le territoire n’a encore aucune commune : ajoutez-les (Statuts & conseil › Territoire, ou "
            "« cpts communes ») avant de charger l’extrait de l’Annuaire Santé, qui est lu commune par commune."
        )
    path = Path(path)
    try:
        # the territory's share of the national file is small: read whole before the list is touched
        people = list(read_professionals(path, communes, progress))
        day = extract_date or extract_date_of(path)
    except OSError as error:
        raise CptsError(f"Impossible de lire « {path.name} » : {file_reason(error)}.") from error
    if not people:
        raise CptsError(
            f"« {path.name} » ne cite aucun professionnel des communes du territoire : vérifiez "
            "le fichier (un extrait d’un autre département ?). La liste n’a pas été modifiée."
        )
    return load_professionals(database, people, day)


def extract_date_of(path: Path) -> date:
    """The date an extract's name carries (« …_202611300915.txt »), else the file's own date."""
    for found in re.finditer(r"(?<!\d)(20\d{2})(\d{2})(\d{2})", path.name):
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            continue
    return date.fromtimestamp(path.stat().st_mtime)


def summary(database: Database) -> ListSummary:
    with database.snapshot() as session:
        total, day, moment = session.execute(
            select(func.count(Professional.id), func.max(Professional.date_extrait), func.max(Professional.imported_at))
        ).one()
        source = session.scalar(select(Professional.source).limit(1)) or SOURCE
        communes = session.scalar(select(func.count(Commune.id))) or 0
    return ListSummary(source, day, moment, total or 0, communes)


# ---------------------------------------------------------------- coverage per profession


@dataclass(frozen=True)
class CoverageLine:
    code: str
    label: str
    professionals: int  # of the territory, in the list
    members: int  # of them, active members (matched by RPPS or ADELI)
    outside: int  # active members of the profession who are not in the list

    @property
    def rate(self) -> float | None:
        return self.members / self.professionals if self.professionals else None


@dataclass(frozen=True)
class Coverage:
    head: Letterhead
    extract: ListSummary
    lines: list[CoverageLine]
    total: CoverageLine


def _member_identifiers(session: Session) -> dict[str, str | None]:
    """Each active person member's RPPS and ADELI → the member's profession code."""
    found: dict[str, str | None] = {}
    query = select(Member.rpps, Member.adeli, Member.profession_code).where(
        Member.kind == MemberKind.PERSON, Member.statut == MemberStatus.ACTIVE
    )
    for rpps, adeli, code in session.execute(query):
        for identifier in (rpps, adeli):
            if identifier:
                found[identifier] = code
    return found


def _labels(session: Session) -> list[tuple[str, str]]:
    """Profession codes and labels in the reference file's order, then those only the base knows."""
    ordered = [(p.code, p.label) for p in load_professions(resource("professions.csv"))]
    known = {code for code, _label in ordered}
    ordered += [(c, lab) for c, lab in session.execute(select(Profession.code, Profession.libelle)) if c not in known]
    return ordered


def coverage(database: Database) -> Coverage:
    """Per profession: professionals of the territory, of whom members, and members outside the list."""
    listed: dict[str, int] = {}
    members: dict[str, int] = {}
    extract_labels: dict[str, str] = {}
    with database.snapshot() as session:
        identifiers = _member_identifiers(session)
        in_list: set[str] = set()
        for identifier, code, label in session.execute(
            select(Professional.identifiant, Professional.profession_code, Professional.profession_libelle)
        ):
            listed[code] = listed.get(code, 0) + 1
            extract_labels.setdefault(code, label or code)
            if identifier in identifiers:
                in_list.add(identifier)
                members[code] = members.get(code, 0) + 1
        outside = _members_outside(session, in_list)
        labels = _labels(session)
        head = letterhead_of(session)
    known = {code for code, _label in labels}
    labels += sorted((c, lab) for c, lab in extract_labels.items() if c not in known)
    lines = [
        CoverageLine(code, label, listed.get(code, 0), members.get(code, 0), outside.get(code, 0))
        for code, label in labels
        if listed and (listed.get(code) or outside.get(code))  # before any extract, nothing to measure
    ]
    total = CoverageLine(
        "",
        "Total",
        sum(line.professionals for line in lines),
        sum(line.members for line in lines),
        sum(line.outside for line in lines),
    )
    return Coverage(head, summary(database), lines, total)


def _members_outside(session: Session, in_list: set[str]) -> dict[str, int]:
    """Active person members, by profession, whose RPPS and ADELI are both absent from the list."""
    counts: dict[str, int] = {}
    query = select(Member.rpps, Member.adeli, Member.profession_code).where(
        Member.kind == MemberKind.PERSON, Member.statut == MemberStatus.ACTIVE, Member.profession_code.is_not(None)
    )
    for rpps, adeli, code in session.execute(query):
        if code and rpps not in in_list and adeli not in in_list:
            counts[code] = counts.get(code, 0) + 1
    return counts


# ---------------------------------------------------------------- the non-members, and invitations


@dataclass(frozen=True)
class Invitee:
    id: int
    type_identifiant: str
    identifiant: str
    civilite: str | None
    titre: str | None
    nom: str
    prenom: str | None
    profession_code: str
    profession: str
    specialite: str | None
    raison_sociale: str | None
    adresse: str | None
    code_postal: str | None
    commune: str | None
    opposition: date | None

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.prenom, self.nom) if p)

    @property
    def salutation(self) -> str:
        """« Docteur, » for a doctor (as French letters address them), else by civilité."""
        if self.titre == "Dr":
            return "Docteur,"
        if self.titre == "Pr":
            return "Professeur,"
        return {"Mme": "Madame,", "M.": "Monsieur,"}.get(self.civilite or "", "Madame, Monsieur,")

    @property
    def address_lines(self) -> list[str]:
        town = " ".join(p for p in (self.code_postal, self.commune) if p)
        name = " ".join(p for p in (self.titre or self.civilite, self.prenom, self.nom) if p)
        return [line for line in (name, self.raison_sociale, self.adresse, town) if line]


def non_members(database: Database, profession: str | None = None, commune: str | None = None) -> list[Invitee]:
    """The professionals of the list who are not active members, oppositions included (marked), sorted by
    name; ``profession`` is a code, ``commune`` a commune's name or postcode."""
    with database.snapshot() as session:
        members = _member_identifiers(session)
        labels = dict(_labels(session))
        query = select(Professional, ProfessionalOpposition.date_opposition).outerjoin(
            ProfessionalOpposition, ProfessionalOpposition.identifiant == Professional.identifiant
        )
        if profession and profession.strip():
            query = query.where(Professional.profession_code == profession.strip())
        rows = session.execute(query).all()
    place = _place_filter(commune)
    found = [_invitee(row, opposed, labels) for row, opposed in rows if row.identifiant not in members and place(row)]
    return sorted(found, key=lambda p: (collation_key(p.nom), collation_key(p.prenom or "")))


def _place_filter(commune: str | None) -> Callable[[Professional], bool]:
    """A postcode is compared as it is, a commune's name without accents or case."""
    text = (commune or "").strip()
    if not text:
        return lambda _row: True
    if text.isdigit():
        return lambda row: row.code_postal == text
    wanted = search_key(text)
    return lambda row: search_key(row.commune) == wanted


def _invitee(row: Professional, opposed: date | None, labels: dict[str, str]) -> Invitee:
    return Invitee(
        row.id,
        row.type_identifiant,
        row.identifiant,
        row.civilite,
        row.titre,
        row.nom,
        row.prenom,
        row.profession_code,
        labels.get(row.profession_code) or row.profession_libelle or row.profession_code,
        row.specialite,
        row.raison_sociale,
        row.adresse,
        row.code_postal,
        row.commune,
        opposed,
    )


@dataclass(frozen=True)
class Invitations:
    head: Letterhead
    president: Signatory
    extract: ListSummary
    letters: list[Invitee]


def invitations(database: Database, profession: str | None = None, commune: str | None = None) -> Invitations:
    """One letter per non-member of the list who has not objected to being contacted."""
    letters = [p for p in non_members(database, profession, commune) if p.opposition is None]
    with database.snapshot() as session:
        head, president = letterhead_of(session), signatory(session, BoardRole.PRESIDENT)
    return Invitations(head, president, summary(database), letters)


@dataclass(frozen=True)
class OppositionRecorded:
    identifiant: str
    name: str | None  # None: not in the current list (kept for the next extracts)
    date_opposition: date
    already: bool


def record_opposition(database: Database, identifier: str, day: date | None = None) -> OppositionRecorded:
    """The professional asked not to be contacted: no invitation letter any more, whatever extract."""
    number = checked_identifier(identifier)
    with database.sessions.begin() as session:
        existing = session.get(ProfessionalOpposition, number)
        person = session.scalars(select(Professional).where(Professional.identifiant == number)).first()
        name = " ".join(p for p in (person.prenom, person.nom) if p) if person else None
        if existing is not None:
            return OppositionRecorded(number, name, existing.date_opposition, True)
        when = day or date.today()
        session.add(ProfessionalOpposition(identifiant=number, date_opposition=when))
    return OppositionRecorded(number, name, when, False)
