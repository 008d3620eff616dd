"""Funders: the ARS, the Assurance maladie, a collectivité… one per name, accents and case ignored."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import FunderType
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.text import search_key
from cpts_desktop.domain.validators import clean_email, clean_phone
from cpts_desktop.services.errors import NotFound
from cpts_desktop.services.grants.common import stored_text
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Funder


@dataclass(frozen=True)
class FunderRow:
    id: int
    nom: str
    type: FunderType
    contact_nom: str | None = None
    email: str | None = None
    telephone: str | None = None
    adresse: str | None = None


def funders(database: Database) -> list[FunderRow]:
    with database.snapshot() as session:
        return [_funder_row(f) for f in session.scalars(select(Funder).order_by(Funder.nom))]


def _funder_row(f: Funder) -> FunderRow:
    return FunderRow(f.id, f.nom, f.type, f.contact_nom, f.email, f.telephone, f.adresse)


def save_funder(database: Database, data: FunderRow) -> int:
    """Create (``data.id`` 0) or update a funder; two funders may not share a name."""
    nom = stored_text(data.nom, "Nom du financeur")
    if not nom:
        raise ValidationError("nom", "Nom du financeur : obligatoire.")
    with database.sessions.begin() as session:
        same = _funder_named(session, nom)
        if same is not None and same.id != data.id:
            raise ValidationError("nom", f"Un financeur « {same.nom} » existe déjà.")
        funder = session.get(Funder, data.id) if data.id else Funder()
        if funder is None:
            raise NotFound(f"Le financeur n° {data.id} n’existe plus.")
        funder.nom, funder.type = nom, data.type
        funder.contact_nom = stored_text(data.contact_nom, "Contact du financeur")
        funder.email = clean_email(data.email, "Courriel du financeur") if data.email and data.email.strip() else None
        funder.telephone = (
            clean_phone(data.telephone, "Téléphone du financeur") if data.telephone and data.telephone.strip() else None
        )
        funder.adresse = stored_text(data.adresse, "Adresse du financeur", multiline=True)
        session.add(funder)
        session.flush()
        return funder.id


def _funder_named(session: Session, nom: str) -> Funder | None:
    key = search_key(nom)
    return next((f for f in session.scalars(select(Funder)) if search_key(f.nom) == key), None)


def funder_for(session: Session, nom: str, kind: FunderType | None) -> Funder:
    """The funder of that name (accents and case ignored), created with ``kind`` when new."""
    nom = stored_text(nom, "Financeur") or ""
    if not nom:
        raise ValidationError("financeur", "Financeur : obligatoire.")
    funder = _funder_named(session, nom)
    if funder is None:
        funder = Funder(nom=nom, type=kind or FunderType.OTHER)
        session.add(funder)
        session.flush()
    return funder
