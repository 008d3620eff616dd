"""The association as its documents present it: letterhead, footer identifiers, signatories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import BoardRole
from cpts_desktop.domain.errors import CptsError, InvalidFields, ValidationError
from cpts_desktop.domain.grammar import function_label
from cpts_desktop.domain.validators import (
    clean_bic,
    clean_date,
    clean_email,
    clean_iban,
    clean_phone,
    clean_postal_code,
    clean_rna,
    clean_siret,
)
from cpts_desktop.services.errors import StaleRecord
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Association, College, Mandate, Member

UNNAMED = "Association (identité à compléter dans Statuts & conseil › Association)"
"""The name a working document prints while the association has none."""


@dataclass(frozen=True)
class Letterhead:
    nom: str
    sigle: str | None = None
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    email: str | None = None
    telephone: str | None = None
    site_web: str | None = None
    rna: str | None = None
    siret: str | None = None
    iban: str | None = None
    bic: str | None = None
    logo: Path | None = None

    @property
    def town(self) -> str:
        return " ".join(p for p in (self.code_postal, self.commune) if p)


@dataclass(frozen=True)
class Signatory:
    role: str
    name: str | None


def letterhead(database: Database) -> Letterhead:
    with database.snapshot() as session:
        return letterhead_of(session)


def letterhead_of(session: Session) -> Letterhead:
    association = session.scalars(select(Association)).first()
    if association is None:
        return Letterhead(nom=UNNAMED)
    logo = Path(association.logo_path) if association.logo_path else None
    return Letterhead(
        nom=association.nom,
        sigle=association.sigle,
        adresse=association.adresse,
        code_postal=association.code_postal,
        commune=association.commune,
        email=association.email,
        telephone=association.telephone,
        site_web=association.site_web,
        rna=association.rna,
        siret=association.siret,
        iban=association.iban,
        bic=association.bic,
        logo=logo if logo and logo.is_file() else None,
    )


def signatory(session: Session, role: BoardRole, on: date | None = None) -> Signatory:
    """Who holds ``role`` on ``on`` (today by default), from the board mandates; None when vacant."""
    day = on or date.today()
    member = session.scalars(
        select(Member)
        .join(Mandate, Mandate.member_id == Member.id)
        .where(
            Mandate.role == role, Mandate.date_debut <= day, or_(Mandate.date_fin.is_(None), Mandate.date_fin >= day)
        )
        .order_by(Mandate.date_debut.desc())
    ).first()
    name = " ".join(p for p in (member.prenom, member.nom) if p) if member else None
    civilite = member.civilite.value if member and member.civilite else None
    return Signatory(function_label(role, civilite), name)


def college_names(database: Database) -> list[str]:
    with database.snapshot() as session:
        return list(session.scalars(select(College.nom).order_by(College.ordre, College.nom)))


def _month(text: str, field: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 12:
        raise ValidationError(field, f"{field} : un mois de 1 à 12 est attendu.")
    return int(text)


def _logo(text: str, field: str) -> str:
    path = Path(text).expanduser()
    if not path.is_file() or path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif", ".bmp"):
        raise ValidationError(field, f"{field} : « {text} » n’est pas une image PNG ou JPEG existante.")
    return str(path.resolve())


# Field → (French label, cleaner of the typed text or None).
PROFILE_FIELDS: dict[str, tuple[str, Callable[[str, str], object] | None]] = {
    "nom": ("Nom", None),
    "sigle": ("Sigle", None),
    "objet": ("Objet", None),
    "adresse": ("Siège social (adresse)", None),
    "code_postal": ("Code postal", clean_postal_code),
    "commune": ("Commune", None),
    "rna": ("Numéro RNA", clean_rna),
    "siret": ("SIRET", clean_siret),
    "date_declaration": ("Date de déclaration en préfecture", clean_date),
    "prefecture": ("Préfecture", None),
    "date_publication_joafe": ("Date de publication au JOAFE", clean_date),
    "email": ("Email", clean_email),
    "telephone": ("Téléphone", clean_phone),
    "site_web": ("Site web", None),
    "iban": ("IBAN", clean_iban),
    "bic": ("BIC", clean_bic),
    "logo_path": ("Logo", _logo),
    "exercice_start_month": ("Premier mois de l’exercice", _month),
}


@dataclass(frozen=True)
class AssociationProfile:
    values: dict[str, object]
    version: int | None


def association_profile(database: Database) -> AssociationProfile:
    with database.snapshot() as session:
        row = session.scalars(select(Association)).first()
        if row is None:
            return AssociationProfile(dict.fromkeys(PROFILE_FIELDS), None)
        return AssociationProfile({name: getattr(row, name) for name in PROFILE_FIELDS}, row.version)


def update_association(database: Database, changes: dict[str, str], version: int | None = None) -> AssociationProfile:
    """Validate and save the typed values (empty text clears a field); every error is reported at once.
    A new title, objet or siège opens its déclaration en préfecture, decided today until told otherwise."""
    from cpts_desktop.services import declarations  # it reads the letterhead: imported when used

    cleaned: dict[str, object] = {}
    errors: list[ValidationError] = []
    for name, text in changes.items():
        if name not in PROFILE_FIELDS:
            raise CptsError(f"Champ inconnu : « {name} » (champs : {', '.join(PROFILE_FIELDS)}).")
        label, cleaner = PROFILE_FIELDS[name]
        text = (text or "").strip()
        try:
            cleaned[name] = (cleaner(text, label) if cleaner else text) if text else None
        except ValidationError as error:
            errors.append(ValidationError(name, error.message))
    if "nom" in cleaned and not cleaned["nom"]:
        errors.append(ValidationError("nom", "Nom : obligatoire."))
    if errors:
        raise InvalidFields(errors)
    with database.sessions.begin() as session:
        row = session.scalars(select(Association)).first()
        if row is None:
            if not cleaned.get("nom"):
                raise ValidationError("nom", "Nom : obligatoire pour créer l’association.")
            row = Association(nom=cleaned["nom"])
            session.add(row)
        elif version is not None and row.version != version:
            raise StaleRecord("L’identité de l’association a été modifiée entre-temps : rechargez-la.")
        before = _declared_identity(row)
        for name, value in cleaned.items():
            setattr(row, name, value if value is not None or name != "exercice_start_month" else 1)
        declarations.identity_changed_in(session, before, _declared_identity(row), date.today())
    return association_profile(database)


def _declared_identity(row: Association) -> dict[str, str]:
    """What the préfecture knows of the association: title, objet and siège, as they read."""
    siege = ", ".join(p for p in (row.adresse, " ".join(p for p in (row.code_postal, row.commune) if p)) if p)
    return {"nom": row.nom or "", "objet": row.objet or "", "siege": siege}


def signatories(database: Database, *roles: BoardRole) -> list[Signatory]:
    with database.snapshot() as session:
        return [signatory(session, role) for role in roles]
