"""The association as its documents present it: letterhead, footer identifiers, signatories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import BoardRole
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Association, College, Mandate, Member


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
    with database.sessions() as session:
        return letterhead_of(session)


def letterhead_of(session: Session) -> Letterhead:
    association = session.scalars(select(Association)).first()
    if association is None:
        return Letterhead(nom="Association (identité à compléter dans Paramètres)")
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
    return Signatory(role.label, name)


def college_names(database: Database) -> list[str]:
    with database.sessions() as session:
        return list(session.scalars(select(College.nom).order_by(College.ordre, College.nom)))
