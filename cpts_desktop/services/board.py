"""Collèges, board mandates, the current board, what loi 1901 art. 5 asks of those who run the
association, and what needs the board's attention."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cpts_desktop.domain.enums import BoardRole, Civility, MemberKind, MemberStatus
from cpts_desktop.domain.errors import CptsError, InvalidFields, ValidationError
from cpts_desktop.domain.grammar import function_label, number_form
from cpts_desktop.domain.members import MemberData
from cpts_desktop.domain.text import too_long
from cpts_desktop.domain.validators import clean_text
from cpts_desktop.i18n import format_date
from cpts_desktop.services.audit import stale_message
from cpts_desktop.services.board_alerts import BUREAU_REQUIRED as BUREAU_REQUIRED
from cpts_desktop.services.board_alerts import EXPIRY_NOTICE_DAYS as EXPIRY_NOTICE_DAYS
from cpts_desktop.services.board_alerts import board_warnings_from
from cpts_desktop.services.errors import NotFound, StaleRecord
from cpts_desktop.services.members import MEMBER_FIELDS, save_existing
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import College, Mandate, Member, Profession
from cpts_desktop.store.rows import of_session


@dataclass(frozen=True)
class CollegeRow:
    id: int
    nom: str
    description: str
    sieges_ca: int
    members: int
    administrators: int


@dataclass(frozen=True)
class Representative:
    """The natural person a structure designates to sit on the board in its name."""

    civilite: Civility | None = None
    prenom: str = ""
    nom: str = ""
    fonction: str = ""

    @property
    def name(self) -> str:
        """« Mme Anne Martin »."""
        return " ".join(p for p in (self.civilite.value if self.civilite else "", self.prenom, self.nom) if p)

    @property
    def complete(self) -> bool:
        return bool(self.prenom and self.nom and self.fonction)


@dataclass(frozen=True)
class Declaration:
    """What the préfecture asks of a director beside name, function and profession (loi 1901 art. 5):
    domicile (a structure's siège), nationalité, and for a structure the person representing it."""

    adresse: str = ""
    code_postal: str = ""
    commune: str = ""
    nationalite: str = ""
    representative: Representative = Representative()

    @property
    def has_domicile(self) -> bool:
        return bool(self.adresse and self.code_postal and self.commune)

    @property
    def domicile(self) -> str:
        town = " ".join(p for p in (self.code_postal, self.commune) if p)
        return ", ".join(p for p in (self.adresse, town) if p)


@dataclass(frozen=True)
class MandateRow:
    id: int
    member_id: int
    nom: str
    prenom: str
    profession: str
    adresse: str
    role: BoardRole
    college: str
    date_debut: date
    date_fin: date | None
    civilite: str | None = None
    kind: MemberKind = MemberKind.PERSON
    declaration: Declaration = Declaration()
    version: int = 1
    member_version: int = 1

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.prenom, self.nom) if p)

    @property
    def function(self) -> str:
        """« Trésorière » for a woman: the function as the papers print it."""
        return function_label(self.role, self.civilite)

    @property
    def is_structure(self) -> bool:
        return self.kind is MemberKind.STRUCTURE

    @property
    def declared_name(self) -> str:
        """« Martin Anne », or « EHPAD Les Tilleuls, représentée par Mme Anne Martin, directrice »."""
        if not self.is_structure:
            return f"{self.nom} {self.prenom}".strip()
        person = self.declaration.representative
        if not person.nom:
            return self.nom
        return ", ".join(p for p in (self.nom, f"représentée par {person.name}", person.fonction) if p)

    @property
    def missing(self) -> tuple[str, ...]:
        """The fields the préfecture would find empty on the liste des dirigeants: none when declarable."""
        declaration = self.declaration
        gaps = []
        if self.is_structure and not declaration.representative.complete:
            gaps.append("représentant")
        if not self.profession:
            gaps.append("type de structure" if self.is_structure else "profession")
        if not declaration.has_domicile:
            gaps.append("adresse du siège" if self.is_structure else "domicile")
        if not declaration.nationalite:
            gaps.append("nationalité")
        return tuple(gaps)


class OfficersIncomplete(CptsError):
    """The liste des dirigeants would be refused by the préfecture: nobody on it, or fields missing."""


# what the declaration's own fields may hold: (label, longest text), as the columns declare it
DECLARATION_FIELDS = {
    "nationalite": ("Nationalité", 60),
    "prenom": ("Prénom du représentant", 100),
    "nom": ("Nom du représentant", 200),
    "fonction": ("Fonction dans la structure", 100),
}


def colleges(database: Database, on: date | None = None) -> list[CollegeRow]:
    with database.snapshot() as session:
        return colleges_in(session, on)


def colleges_in(session: Session, on: date | None = None) -> list[CollegeRow]:
    """The collèges with their active members and the administrators in office on ``on``."""
    per_college = Counter(m.college for m in board_in(session, on))
    members = dict(
        session.execute(
            select(Member.college_id, func.count())
            .where(Member.statut == MemberStatus.ACTIVE)
            .group_by(Member.college_id)
        ).all()
    )
    return [
        CollegeRow(c.id, c.nom, c.description or "", c.sieges_ca, members.get(c.id, 0), per_college.get(c.nom, 0))
        for c in session.scalars(select(College).order_by(College.ordre, College.nom))
    ]


def save_college(
    database: Database, nom: str, sieges_ca: int, description: str = "", college_id: int | None = None
) -> int:
    nom = " ".join(nom.split())
    if not nom:
        raise ValidationError("nom", "Nom du collège : obligatoire.")
    if not 0 <= sieges_ca <= 50:
        raise ValidationError("sieges_ca", "Sièges au conseil : entre 0 et 50.")
    with database.sessions.begin() as session:
        clash = session.scalars(select(College).where(College.nom == nom, College.id != (college_id or 0))).first()
        if clash is not None:
            raise CptsError(f"Le collège « {nom} » existe déjà.")
        college = (
            session.get(College, college_id)
            if college_id
            else College(ordre=(session.scalar(select(func.max(College.ordre))) or 0) + 1)
        )
        if college is None:
            raise NotFound("Ce collège n’existe plus.")
        college.nom, college.sieges_ca, college.description = nom, sieges_ca, description.strip() or None
        session.add(college)
        session.flush()
        return college.id


def remove_college(database: Database, college_id: int) -> None:
    with database.sessions.begin() as session:
        used = session.scalar(select(func.count()).select_from(Member).where(Member.college_id == college_id))
        if used:
            raise CptsError(
                f"Ce collège compte {used} {number_form(used, 'adhérent', 'adhérents')} : "
                "rattachez-les d’abord à un autre collège."
            )
        college = session.get(College, college_id)
        if college is not None:
            session.delete(college)


def _rows(session: Session, condition: ColumnElement[bool]) -> list[MandateRow]:
    query = (
        select(Mandate, Member, Profession.libelle, College.nom)
        .join(Member, Member.id == Mandate.member_id)
        .outerjoin(Profession, Profession.code == Member.profession_code)
        .outerjoin(College, College.id == func.coalesce(Mandate.college_id, Member.college_id))
        .where(condition)
        .order_by(Mandate.date_debut)
    )
    rows = []
    for mandate, member, profession, college in session.execute(query):
        declaration = _declaration(mandate, member)
        if member.kind is MemberKind.STRUCTURE:
            profession = member.structure_type.label if member.structure_type else ""
        rows.append(
            MandateRow(
                mandate.id,
                member.id,
                member.nom,
                member.prenom or "",
                profession or "",
                declaration.domicile,
                mandate.role,
                college or "",
                mandate.date_debut,
                mandate.date_fin,
                member.civilite.value if member.civilite else None,
                member.kind,
                declaration,
                mandate.version,
                member.version,
            )
        )
    order = list(BoardRole)
    return sorted(rows, key=lambda r: (order.index(r.role), r.nom))


def _declaration(mandate: Mandate, member: Member) -> Declaration:
    representative = Representative(
        mandate.representant_civilite,
        mandate.representant_prenom or "",
        mandate.representant_nom or "",
        mandate.representant_fonction or "",
    )
    return Declaration(
        member.adresse or "",
        member.code_postal or "",
        member.commune or "",
        member.nationalite or "",
        representative if member.kind is MemberKind.STRUCTURE else Representative(),
    )


def current_board(database: Database, on: date | None = None) -> list[MandateRow]:
    """The mandates valid on ``on`` (today by default), président first."""
    with database.snapshot() as session:
        return board_in(session, on)


def board_in(session: Session, on: date | None = None) -> list[MandateRow]:
    """``current_board`` read in the caller's session, beside the rest of its snapshot."""
    day = on or date.today()
    return _rows(session, (Mandate.date_debut <= day) & or_(Mandate.date_fin.is_(None), Mandate.date_fin >= day))


def mandate_history(database: Database) -> list[MandateRow]:
    with database.snapshot() as session:
        return _rows(session, Mandate.id.is_not(None))


def add_mandate(
    database: Database,
    member_id: int | None,
    role: BoardRole,
    start: date,
    end: date | None = None,
    college_id: int | None = None,
) -> int:
    """A mandate entered by hand (a bureau the CA elected): the liste des dirigeants changes that day."""
    from cpts_desktop.services import declarations  # it reads the board: imported when used

    with database.sessions.begin() as session:
        mandate_id = add_mandate_in(session, member_id, role, start, end, college_id)
        declarations.board_changed_in(session, start, start)
        return mandate_id


def add_mandate_in(
    session: Session,
    member_id: int | None,
    role: BoardRole,
    start: date,
    end: date | None = None,
    college_id: int | None = None,
) -> int:
    """A mandate inside the caller's transaction (an election adds all of its mandates or none).

    Refused for a member who has left, for a role held by someone else on the period, and for an
    administrator already in office on the period."""
    if member_id is None:
        raise ValidationError(
            "member_id", "Membre : choisissez un adhérent (les administrateurs sont pris dans le registre)."
        )
    if end is not None and end <= start:
        raise ValidationError("date_fin", "Fin du mandat : doit suivre le début.")
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"L’adhérent n° {member_id} n’existe pas.")
    name = " ".join(p for p in (member.prenom, member.nom) if p)
    if member.statut is not MemberStatus.ACTIVE:
        raise CptsError(f"{name} n’est plus membre actif ({member.statut.label.lower()}) : pas de mandat possible.")
    overlapping = (Mandate.date_debut <= (end or date.max)) & or_(Mandate.date_fin.is_(None), Mandate.date_fin >= start)
    if role is BoardRole.DIRECTOR:
        sitting = session.scalars(
            select(Mandate.id).where(Mandate.role == role, Mandate.member_id == member_id, overlapping)
        ).first()
        if sitting is not None:
            function = function_label(role, member.civilite.value if member.civilite else None).lower()
            raise CptsError(f"{name} est déjà {function} sur cette période : terminez d’abord son mandat en cours.")
    elif session.scalars(select(Mandate.id).where(Mandate.role == role, overlapping)).first() is not None:
        raise CptsError(
            f"Le rôle de {role.label.lower()} est déjà occupé sur cette période : terminez d’abord le mandat en cours."
        )
    mandate = Mandate(member_id=member_id, role=role, date_debut=start, date_fin=end, college_id=college_id)
    session.add(mandate)
    session.flush()
    return mandate.id


def declarable_board(board: list[MandateRow], on: date, *, gaps_allowed: bool = False) -> list[MandateRow]:
    """The board as the préfecture accepts it on the liste des dirigeants (CERFA 13971*03), else a
    refusal naming each director and what is missing: an empty or incomplete list is sent back.
    ``gaps_allowed``: a dossier to complete by hand before filing, its gaps printed « à compléter »."""
    if not board:
        raise OfficersIncomplete(
            f"Aucun dirigeant en fonction au {format_date(on)} : enregistrez les mandats du conseil "
            "(Statuts & conseil › Conseil et bureau › Nouveau mandat…) avant d’imprimer la liste des dirigeants."
        )
    gaps = board_gaps(board)
    if gaps and not gaps_allowed:
        raise OfficersIncomplete(
            "La préfecture refuserait cette liste des dirigeants, incomplète : "
            + " ; ".join(gaps)
            + ". Complétez-les (Statuts & conseil › Conseil et bureau › Modifier le mandat…)."
        )
    return board


def board_gaps(board: list[MandateRow]) -> list[str]:
    """« Anne Martin (trésorière) – nationalité » for each director the préfecture would find incomplete."""
    return [f"{m.name} ({m.function.lower()}) – {', '.join(m.missing)}" for m in board if m.missing]


def _cleaned(value: str, field: str, errors: list[ValidationError]) -> str:
    """One of the declaration's texts trimmed and bounded; a refusal is added to ``errors``."""
    label, limit = DECLARATION_FIELDS[field]
    try:
        text = clean_text(value, label)
    except ValidationError as error:
        errors.append(error)
        return ""
    if len(text) > limit:
        errors.append(ValidationError(field, too_long(label, len(text), limit)))
    return text


def save_declaration(
    database: Database, mandate_id: int, version: int, member_version: int, declaration: Declaration
) -> None:
    """Domicile and nationalité on the member (the register's address is the one the préfecture gets),
    the representative on the mandate, saved together; refused, every wrong field named, or if either
    record was saved meanwhile from another screen or workstation."""
    errors: list[ValidationError] = []
    nationality = _cleaned(declaration.nationalite, "nationalite", errors)
    person = declaration.representative
    representative = Representative(
        person.civilite, *(_cleaned(getattr(person, f), f, errors) for f in ("prenom", "nom", "fonction"))
    )
    if errors:
        raise InvalidFields(errors)
    try:
        with database.sessions.begin() as session:
            mandate = session.get(Mandate, mandate_id)
            if mandate is None:
                raise NotFound("Ce mandat n’existe plus.")
            member = session.get_one(Member, mandate.member_id)
            if mandate.version != version:
                raise StaleRecord(stale_message(session, Mandate, mandate_id))
            if member.version != member_version:
                raise StaleRecord(stale_message(session, Member, member.id))
            if member.kind != MemberKind.STRUCTURE:
                representative = Representative()
            data = MemberData(**{name: getattr(member, name) for name in MEMBER_FIELDS})
            domicile = replace(
                data, adresse=declaration.adresse, code_postal=declaration.code_postal, commune=declaration.commune
            )
            save_existing(session, member, domicile)
            member.nationalite = nationality or None
            mandate.representant_civilite = representative.civilite
            mandate.representant_prenom = representative.prenom or None
            mandate.representant_nom = representative.nom or None
            mandate.representant_fonction = representative.fonction or None
    except StaleDataError as error:
        with database.snapshot() as session:
            raise StaleRecord(stale_message(session, Mandate, mandate_id)) from error


def end_mandate(database: Database, mandate_id: int, end: date) -> None:
    """A director leaving (resignation, successor elected): the liste des dirigeants changes the next
    day, with the successor who takes office then."""
    from cpts_desktop.services import declarations

    with database.sessions.begin() as session:
        mandate = session.get(Mandate, mandate_id)
        if mandate is None:
            raise NotFound("Ce mandat n’existe plus.")
        if end < mandate.date_debut:
            raise ValidationError("date_fin", "Fin du mandat : antérieure à son début.")
        mandate.date_fin = end
        session.flush()
        declarations.board_changed_in(session, end + timedelta(days=1), end + timedelta(days=1))


def board_warnings(database: Database, today: date | None = None) -> list[str]:
    """Vacant bureau roles, mandates ending within 60 days or ended without successor, collèges over their seats:
    the rules live in ``board_alerts``, which the dashboard also runs from a bare ``sqlite3`` connection."""
    day = today or date.today()
    with database.snapshot() as session:
        return board_warnings_from(of_session(session), day)
