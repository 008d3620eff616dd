"""The register of members: reading the list, creating and editing members, refusing duplicates."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, String, and_, func, insert, or_, select, type_coerce
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.orm.exc import StaleDataError

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import MemberKind, MemberStatus, StructureType
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.members import MemberData, clean_member, different_people
from cpts_desktop.domain.professions import ProfessionMatcher, load_professions
from cpts_desktop.domain.text import search_key
from cpts_desktop.services import audit
from cpts_desktop.services.audit import stale_message
from cpts_desktop.services.errors import DuplicateMember, NotFound, StaleRecord
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import College, Commune, CotisationRate, Member, Payment, Profession

MEMBER_FIELDS = tuple(f.name for f in fields(MemberData))


def profession_matcher() -> ProfessionMatcher:
    return ProfessionMatcher(load_professions(resource("professions.csv")), resource("structure_types.csv"))


@dataclass(frozen=True)
class MemberRecord:
    id: int
    version: int
    data: MemberData


class MemberRow(NamedTuple):
    """One line of the members list: display values, precomputed once per read (a tuple: the list
    builds 100,000 of them when it opens)."""

    id: int
    kind: MemberKind
    nom: str
    prenom: str
    profession_code: str
    profession: str
    commune: str
    college_id: int | None
    college: str
    statut: MemberStatus
    email: str
    due: Decimal | None
    paid: Decimal
    search: str

    @property
    def up_to_date(self) -> bool:
        """À jour: the payments of the year cover the barème (or, without a barème, something was paid)."""
        return self.paid >= self.due if self.due is not None else self.paid > 0


def _data_of(member: Member) -> MemberData:
    return MemberData(**{name: getattr(member, name) for name in MEMBER_FIELDS})


def get_member(database: Database, member_id: int) -> MemberRecord:
    with database.snapshot() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
        return MemberRecord(member.id, member.version, _data_of(member))


def find_duplicate(session: Session, data: MemberData, exclude_id: int | None = None) -> Member | None:
    """Same national identifier, else same email, else same nom + prénom + commune (both may lack a commune)."""
    candidates = []
    identifiers = [(Member.rpps, data.rpps), (Member.adeli, data.adeli), (Member.finess, data.finess)]
    identifiers += [(Member.siret, data.siret)]
    clauses = [column == value for column, value in identifiers if value]
    if clauses:
        candidates.append(or_(*clauses))
    if data.email:
        candidates.append(func.lower(Member.email) == data.email.lower())
    for condition in candidates:
        query = select(Member).where(condition)
        if exclude_id is not None:
            query = query.where(Member.id != exclude_id)
        found = session.scalars(query.limit(1)).first()
        if found is not None:
            return found
    if data.nom:
        key = (search_key(data.nom), search_key(data.prenom), search_key(data.commune))
        # The search key starts with the accent-free surname: an indexed range finds the candidates.
        surname = key[0]
        query = select(Member).where(
            or_(
                Member.search_key == surname,
                and_(Member.search_key >= surname + " ", Member.search_key < surname + "!"),
            )
        )
        if exclude_id is not None:
            query = query.where(Member.id != exclude_id)
        for member in session.scalars(query):
            same_name = (search_key(member.nom), search_key(member.prenom), search_key(member.commune)) == key
            if same_name and not different_people((data.rpps, data.adeli), (member.rpps, member.adeli)):
                return member
    return None


def duplicate_keys(data: MemberData) -> list[tuple[str, ...]]:
    """The keys of the duplicate rule, strongest first: identifiers, then email, then nom + prénom + commune."""
    keys: list[tuple[str, ...]] = [
        (kind, value)
        for kind, value in (("rpps", data.rpps), ("adeli", data.adeli), ("finess", data.finess), ("siret", data.siret))
        if value
    ]
    if data.email:
        keys.append(("email", data.email.lower()))
    if data.nom:
        keys.append(("nom", search_key(data.nom), search_key(data.prenom), search_key(data.commune)))
    return keys


class DuplicateIndex:
    """The duplicate rule of ``find_duplicate`` over keys held in memory: the importer reads the register
    once instead of querying it for every row."""

    def __init__(self, session: Session) -> None:
        self._ids: dict[tuple[str, ...], object] = {}
        self._numbers: dict[object, tuple[str | None, str | None]] = {}  # member → (rpps, adeli)
        columns = (Member.id, *(getattr(Member, name) for name in MEMBER_FIELDS))
        for row in session.execute(select(*columns)):
            self.add(row[0], MemberData(**dict(zip(MEMBER_FIELDS, row[1:], strict=True))))

    def add(self, member: object, data: MemberData, keys: list[tuple[str, ...]] | None = None) -> None:
        """Index a stored member by its id, or one not inserted yet by a token of the caller's choosing."""
        for key in keys if keys is not None else duplicate_keys(data):
            self._ids.setdefault(key, member)
        self._numbers[member] = (data.rpps, data.adeli)

    def find(self, data: MemberData, keys: list[tuple[str, ...]] | None = None) -> object | None:
        """The member these values duplicate (``keys``: their ``duplicate_keys``, when already known)."""
        keys = keys if keys is not None else duplicate_keys(data)
        strong = [self._ids[k] for k in keys if k[0] != "nom" and k in self._ids]
        if strong:
            return strong[0]
        numbers = (data.rpps, data.adeli)
        named = (self._ids[k] for k in keys if k in self._ids)
        return next((m for m in named if not different_people(numbers, self._numbers.get(m, (None, None)))), None)


def _refuse_duplicate(session: Session, data: MemberData, exclude_id: int | None) -> None:
    existing = find_duplicate(session, data, exclude_id)
    if existing is not None:
        name = " ".join(p for p in (existing.prenom, existing.nom) if p)
        raise DuplicateMember(
            f"Cet adhérent existe déjà : {name} (n° {existing.id}, {existing.commune or 'commune inconnue'}).",
            existing.id,
        )


def commune_ids(session: Session) -> dict[str, int]:
    """The territory's communes by lower-case name, to link many members without a query each."""
    return {nom.lower(): commune_id for commune_id, nom in session.execute(select(Commune.id, Commune.nom))}


def _apply(session: Session, member: Member, data: MemberData) -> None:
    for name in MEMBER_FIELDS:
        setattr(member, name, getattr(data, name))
    member.commune_id = commune_ids(session).get(data.commune.lower()) if data.commune else None
    member.search_key = data.search_key()


def _refuse_retired_profession(session: Session, code: str | None, previous: str | None) -> None:
    """A code removed from the national nomenclature stays on the members who had it, but is given to no one
    else: the member keeps it until corrected, never gets it anew."""
    if code is None or code == previous:
        return
    profession = session.get(Profession, code)
    if profession is not None and not profession.en_nomenclature:
        raise ValidationError(
            "profession_code",
            f"Profession : le code {code} « {profession.libelle} » a été retiré de la nomenclature nationale ; "
            "choisissez une profession de la liste.",
        )


def save_new(session: Session, data: MemberData) -> Member:
    """Validate and add a member inside the caller's transaction (the form's path: one at a time)."""
    data = clean_member(data)
    _refuse_retired_profession(session, data.profession_code, None)
    _refuse_duplicate(session, data, None)
    member = Member(kind=data.kind, nom=data.nom)
    _apply(session, member, data)
    session.add(member)
    session.flush()
    return member


def insert_checked(session: Session, batch: list[tuple[MemberData, int | None]]) -> list[int]:
    """Insert members the importer has already cleaned, matched against the register and linked to
    their commune (``commune_id``), in one statement (two on SQLite), journalled; returns their ids in
    order."""
    if not batch:
        return []
    values = [
        {**{name: getattr(data, name) for name in MEMBER_FIELDS}, "commune_id": commune_id, "version": 1}
        for data, commune_id in batch
    ]
    keys = [{**v, "search_key": data.search_key()} for v, (data, _c) in zip(values, batch, strict=True)]
    if session.get_bind().dialect.name == "sqlite":
        ids = _insert_numbered(session, keys)
    else:
        ids = list(session.scalars(insert(Member).returning(Member.id, sort_by_parameter_order=True), keys))
    audit.log_created(session, Member, list(zip(ids, values, strict=True)))
    return ids


def _insert_numbered(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """SQLite: the first row inserted alone, then the others numbered after the largest id and sent in
    one ``executemany``. SQLite does not promise the order of a RETURNING over several rows, so
    SQLAlchemy would send one statement per row (10,000 for as many members); once the first row is
    in, the transaction holds the base's write lock and no other connection can take those ids."""
    connection = session.connection()
    first = connection.execute(insert(Member).returning(Member.id), rows[0]).scalar_one()
    top: int = connection.execute(select(func.max(Member.id))).scalar_one()
    rest = [{**row, "id": top + rank} for rank, row in enumerate(rows[1:], start=1)]
    if rest:
        connection.execute(insert(Member), rest)
    return [first, *(row["id"] for row in rest)]


def save_existing(session: Session, member: Member, data: MemberData) -> None:
    data = clean_member(data)
    _refuse_retired_profession(session, data.profession_code, member.profession_code)
    _refuse_duplicate(session, data, member.id)
    _apply(session, member, data)
    session.flush()


def create_member(database: Database, data: MemberData) -> int:
    with database.sessions.begin() as session:
        return save_new(session, data).id


def update_member(database: Database, member_id: int, version: int, data: MemberData) -> int:
    """Save an edit made on ``version``; refused if someone saved the member meanwhile. Returns the new version."""
    try:
        with database.sessions.begin() as session:
            member = session.get(Member, member_id)
            if member is None:
                raise NotFound(f"L’adhérent n° {member_id} a été supprimé entre-temps.")
            if member.version != version:
                raise StaleRecord(stale_message(session, Member, member_id))
            save_existing(session, member, data)
            return member.version
    except StaleDataError as error:
        with database.snapshot() as session:
            raise StaleRecord(stale_message(session, Member, member_id)) from error


def list_rows(database: Database, year: int, member_id: int | None = None) -> list[MemberRow]:
    """Every member (or only ``member_id``) with its display values and its cotisation state for
    ``year``, sorted by name.

    The members list opens on 100,000 rows within a second: the small tables (professions, collèges,
    barème, payments of the year) are read into dictionaries first, and the one big query reads plain
    columns, without the ORM's per-row conversions."""
    with database.snapshot() as session:
        return rows_in(session, year, member_id)


def first_rows(database: Database, year: int, count: int) -> tuple[int, list[MemberRow]]:
    """How many members the register holds, and the first ``count`` of them in the list's order, in
    one snapshot: what the list shows at once while it reads the rest of a large register (the index
    on the search key hands them over in milliseconds, whatever the size)."""
    with database.snapshot() as session:
        total = session.scalar(select(func.count()).select_from(Member)) or 0
        return total, rows_in(session, year, first=count)


def rows_in(session: Session, year: int, member_id: int | None = None, first: int | None = None) -> list[MemberRow]:
    """``list_rows`` read in the caller's session (a meeting's recipients, beside the rest of its snapshot);
    only the ``first`` rows in the list's order when given."""
    rates = year_rates(session, year)
    chosen = select(Member.id).order_by(Member.search_key, Member.id).limit(first) if first is not None else None
    paid = {
        member: _money(total)
        for member, total in session.execute(
            select(Payment.member_id, func.sum(Payment.montant))
            .where(Payment.annee == year, *([Payment.member_id == member_id] if member_id is not None else []))
            .where(*([Payment.member_id.in_(chosen.scalar_subquery())] if chosen is not None else []))
            .group_by(Payment.member_id)
        )
    }
    professions = dict(session.execute(select(Profession.code, Profession.libelle)).all())
    colleges = dict(session.execute(select(College.id, College.nom)).all())
    query = select(
        Member.id,
        _plain(Member.kind),
        Member.nom,
        Member.prenom,
        Member.profession_code,
        Member.commune,
        Member.college_id,
        _plain(Member.statut),
        Member.email,
        Member.categorie_cotisation,
        Member.search_key,
        _plain(Member.structure_type),
    )
    if member_id is not None:
        query = query.where(Member.id == member_id)
    if first is not None:
        query = query.order_by(Member.search_key, Member.id).limit(first)
    kinds = {kind.value: kind for kind in MemberKind}
    statuses = {status.value: status for status in MemberStatus}
    structure_labels = {kind.value: kind.label for kind in StructureType}
    dues: dict[tuple[str | None, str], Decimal | None] = {}
    nothing = Decimal("0.00")
    rows = []
    for (
        ident,
        kind,
        nom,
        prenom,
        code,
        commune,
        college,
        statut,
        email,
        category,
        key,
        structure,
    ) in session.connection().execute(query):
        if (category, kind) not in dues:
            dues[category, kind] = due_amount(rates, category, kinds[kind])
        rows.append(
            MemberRow(
                ident,
                kinds[kind],
                nom,
                prenom or "",
                code or "",
                professions.get(code or "") or structure_labels.get(structure, ""),
                commune or "",
                college,
                colleges.get(college, "") if college is not None else "",
                statuses[statut],
                email or "",
                dues[category, kind],
                paid.get(ident, nothing),
                key or "",
            )
        )
    # Sorted here rather than by the query: SQLite walking the name index reads each row by a second
    # lookup, a tenth of the time on 100,000 members; the id orders namesakes, always the same way.
    rows.sort(key=attrgetter("search", "id"))
    return rows


def _plain(column: QueryableAttribute[Any]) -> ColumnElement[str]:
    """An enum column read as its stored text: the list maps the few values itself, much faster."""
    return type_coerce(column, String)


def _money(value: object) -> Decimal:
    """SQL sums come back as float on SQLite: back to exact cents."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def year_rates(session: Session, year: int) -> list[CotisationRate]:
    return list(session.scalars(select(CotisationRate).where(CotisationRate.annee == year).order_by(CotisationRate.id)))


def due_amount(rates: list[CotisationRate], category: str | None, kind: MemberKind) -> Decimal | None:
    """The barème line of the member's category, else the first line for its kind of member."""
    for rate in rates:
        if category and rate.libelle == category:
            return rate.montant
    for rate in rates:
        if rate.member_kind == kind:
            return rate.montant
    return None


@dataclass(frozen=True)
class FormChoices:
    """The lists a member form offers: professions, collèges, and the barème categories of the year."""

    professions: list[tuple[str, str]]
    colleges: list[tuple[int, str]]
    categories: list[str]


def form_choices(database: Database, year: int, member_id: int | None = None) -> FormChoices:
    """The professions of the nomenclature, plus the retired one ``member_id`` still holds (labelled so), so
    that editing that member neither loses it nor offers it to anyone else."""
    with database.snapshot() as session:
        held = session.scalar(select(Member.profession_code).where(Member.id == member_id)) if member_id else None
        query = select(Profession).where(or_(Profession.en_nomenclature, Profession.code == held))
        professions = [
            (p.code, p.libelle if p.en_nomenclature else f"{p.libelle} (retiré de la nomenclature)")
            for p in session.scalars(query.order_by(Profession.libelle))
        ]
        colleges = [(c.id, c.nom) for c in session.scalars(select(College).order_by(College.ordre, College.nom))]
        categories = [r.libelle for r in year_rates(session, year)]
    return FormChoices(professions, colleges, categories)


def member_choices(database: Database) -> list[tuple[int, str]]:
    """(id, « Nom Prénom ») of every member, by name: the choices of a pilot or of hours to record."""
    with database.snapshot() as session:
        query = select(Member.id, Member.nom, Member.prenom).order_by(Member.nom, Member.prenom)
        return [(i, " ".join(p for p in (nom, prenom) if p)) for i, nom, prenom in session.execute(query)]
