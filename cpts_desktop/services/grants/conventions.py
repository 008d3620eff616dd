"""Grants themselves: the convention (funder, object, period, amounts asked and awarded, status), its
documents, and the list of grants with what was received and spent on each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cpts_desktop.domain.enums import FunderType, GrantNature, GrantStatus, ObligationKind
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import check_period, consumption_rate, financial_report_due, grant_label
from cpts_desktop.domain.validators import clean_amount
from cpts_desktop.services.audit import stale_message
from cpts_desktop.services.errors import NotFound, StaleRecord
from cpts_desktop.services.grants.common import COUNTED, ZERO, cent_sums, get_grant, stored_text
from cpts_desktop.services.grants.funders import funder_for
from cpts_desktop.services.grants.schedule import late_counts
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Expense, Funder, Grant, GrantDisbursement, GrantDocument, Obligation


@dataclass
class GrantData:
    """What the grant form and ``cpts grants add`` hand over."""

    funder: str
    nature: GrantNature
    objet: str = ""
    funder_type: FunderType | None = None
    convention_reference: str | None = None
    date_signature: date | None = None
    periode_debut: date | None = None
    periode_fin: date | None = None
    montant_demande: Decimal | None = None
    montant_accorde: Decimal | None = None
    statut: GrantStatus | None = None
    conditions: str | None = None


@dataclass(frozen=True)
class GrantRow:
    id: int
    version: int
    funder_id: int
    funder: str
    funder_type: FunderType
    objet: str
    nature: GrantNature
    statut: GrantStatus
    convention_reference: str | None
    date_signature: date | None
    periode_debut: date | None
    periode_fin: date | None
    montant_demande: Decimal | None
    montant_accorde: Decimal | None
    conditions: str | None
    received: Decimal
    spent: Decimal
    late_installments: int

    @property
    def awarded(self) -> Decimal:
        return self.montant_accorde or ZERO

    @property
    def to_receive(self) -> Decimal:
        """The balance still expected from the funder (negative: received more than awarded)."""
        return self.awarded - self.received if self.statut in COUNTED else ZERO

    @property
    def remaining(self) -> Decimal:
        """What is left to spend of the awarded amount (negative when overspent)."""
        return self.awarded - self.spent

    @property
    def consumption(self) -> Decimal | None:
        return consumption_rate(self.spent, self.montant_accorde)

    @property
    def label(self) -> str:
        return grant_label(self.funder, self.objet)


def _default_objet(nature: GrantNature) -> str:
    return {GrantNature.START_UP: "Rédaction du projet de santé", GrantNature.ACI: "Contrat ACI CPTS"}.get(
        nature, nature.label
    )


def _apply(session: Session, grant: Grant, data: GrantData) -> None:
    check_period(data.periode_debut, data.periode_fin)
    for name in ("montant_demande", "montant_accorde"):
        value = getattr(data, name)
        if value is not None and value < 0:
            raise ValidationError(name, "Montant : il ne peut pas être négatif.")
        if value is not None:
            clean_amount(value, "Montant demandé" if name == "montant_demande" else "Montant accordé")
    grant.funder_id = funder_for(session, data.funder, data.funder_type).id
    grant.objet = stored_text(data.objet, "Objet") or _default_objet(data.nature)
    grant.nature = data.nature
    grant.convention_reference = stored_text(data.convention_reference, "Référence de la convention")
    grant.date_signature = data.date_signature
    grant.periode_debut, grant.periode_fin = data.periode_debut, data.periode_fin
    grant.montant_demande, grant.montant_accorde = data.montant_demande, data.montant_accorde
    if data.statut is not None:
        grant.statut = data.statut
    elif grant.statut is None:
        grant.statut = GrantStatus.AWARDED if data.montant_accorde is not None else GrantStatus.PREPARING
    grant.conditions = stored_text(data.conditions, "Conditions", multiline=True)


def create_grant(database: Database, data: GrantData) -> int:
    """A new grant; when its period is known, the compte rendu financier is scheduled by default."""
    with database.sessions.begin() as session:
        grant = Grant()
        _apply(session, grant, data)
        session.add(grant)
        session.flush()
        if grant.periode_fin is not None:
            session.add(
                Obligation(
                    grant_id=grant.id,
                    kind=ObligationKind.FINANCIAL_REPORT,
                    date_echeance=financial_report_due(grant.periode_fin),
                )
            )
        return grant.id


def update_grant(database: Database, grant_id: int, version: int, data: GrantData) -> int:
    """Save an edit made on ``version`` (refused when stale); an unsent compte rendu financier still on
    its default date follows a new end of period. Returns the new version."""
    try:
        with database.sessions.begin() as session:
            grant = get_grant(session, grant_id)
            if grant.version != version:
                raise StaleRecord(stale_message(session, Grant, grant_id))
            old_end = grant.periode_fin
            _apply(session, grant, data)
            if old_end is not None and grant.periode_fin is not None and old_end != grant.periode_fin:
                for obligation in session.scalars(
                    select(Obligation).where(
                        Obligation.grant_id == grant_id,
                        Obligation.kind == ObligationKind.FINANCIAL_REPORT,
                        Obligation.date_remise.is_(None),
                        Obligation.date_echeance == financial_report_due(old_end),
                    )
                ):
                    obligation.date_echeance = financial_report_due(grant.periode_fin)
            session.flush()
            return grant.version
    except StaleDataError as error:
        with database.snapshot() as session:
            raise StaleRecord(stale_message(session, Grant, grant_id)) from error


def delete_grant(database: Database, grant_id: int) -> None:
    """Only a grant with no money recorded on it may be deleted (disbursements and expenses are evidence)."""
    with database.sessions.begin() as session:
        grant = get_grant(session, grant_id)
        money = [select(GrantDisbursement.id).where(GrantDisbursement.grant_id == grant_id)]
        money.append(select(Expense.id).where(Expense.grant_id == grant_id))
        if any(session.scalars(query.limit(1)).first() for query in money):
            raise ValidationError(
                "grant",
                "Cette subvention porte des encaissements ou des dépenses : passez-la « Soldée » ou « Refusée ».",
            )
        session.delete(grant)


def add_document(database: Database, grant_id: int, libelle: str, path: str) -> int:
    if not path.strip():
        raise ValidationError("chemin", "Document : choisissez un fichier.")
    with database.sessions.begin() as session:
        get_grant(session, grant_id)
        document = GrantDocument(grant_id=grant_id, libelle=libelle.strip() or path.rsplit("/", 1)[-1], chemin=path)
        session.add(document)
        session.flush()
        return document.id


def _in_year(year: int) -> ColumnElement[bool]:
    """Grants whose period meets ``year`` (by signature year without a period; always when undated), or
    with a disbursement or an expense dated in it."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return or_(
        (func.coalesce(Grant.periode_debut, Grant.periode_fin) <= end)
        & (func.coalesce(Grant.periode_fin, Grant.periode_debut) >= start),
        Grant.periode_debut.is_(None)
        & Grant.periode_fin.is_(None)
        & ((Grant.date_signature.between(start, end)) | Grant.date_signature.is_(None)),
        Grant.id.in_(select(GrantDisbursement.grant_id).where(GrantDisbursement.date_versement.between(start, end))),
        Grant.id.in_(select(Expense.grant_id).where(Expense.date_depense.between(start, end))),
    )


def grant_rows_in(
    session: Session, year: int | None = None, today: date | None = None, grant_id: int | None = None
) -> list[GrantRow]:
    """Every grant (those of ``year`` when given) with its totals, in four queries of ``session``."""
    today = today or date.today()
    received = cent_sums(session, GrantDisbursement.montant, GrantDisbursement.grant_id)
    spent = cent_sums(session, Expense.montant, Expense.grant_id)
    late = late_counts(session, received, today)
    query = select(Grant, Funder).join(Funder).order_by(Funder.nom, Grant.periode_debut, Grant.id)
    if year is not None:
        query = query.where(_in_year(year))
    if grant_id is not None:
        query = query.where(Grant.id == grant_id)
    return [
        GrantRow(
            g.id,
            g.version,
            f.id,
            f.nom,
            f.type,
            g.objet,
            g.nature,
            g.statut,
            g.convention_reference,
            g.date_signature,
            g.periode_debut,
            g.periode_fin,
            g.montant_demande,
            g.montant_accorde,
            g.conditions,
            received.get(g.id, ZERO),
            spent.get(g.id, ZERO),
            late.get(g.id, 0),
        )  # fmt: skip
        for g, f in session.execute(query).all()
    ]


def grant_row_in(session: Session, grant_id: int, today: date | None = None) -> GrantRow:
    """One grant with its totals, or a French refusal when it does not exist."""
    rows = grant_rows_in(session, today=today, grant_id=grant_id)
    if not rows:
        raise NotFound(f"La subvention n° {grant_id} n’existe pas.")
    return rows[0]


def grant_rows(
    database: Database, year: int | None = None, today: date | None = None, grant_id: int | None = None
) -> list[GrantRow]:
    """Every grant (those of ``year`` when given) with its totals."""
    with database.snapshot() as session:
        return grant_rows_in(session, year, today, grant_id)


def grant_row(database: Database, grant_id: int, today: date | None = None) -> GrantRow:
    with database.snapshot() as session:
        return grant_row_in(session, grant_id, today)
