"""Grants, disbursements and expenses as spreadsheets for the accountant (one workbook, or three CSV files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute

from cpts_desktop.services.exports import write_workbook
from cpts_desktop.services.grants import grant_rows
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Expense, GrantDisbursement

GRANT_HEADERS = [
    "N°", "Financeur", "Type de financeur", "Objet", "Nature", "Statut", "Référence de la convention",
    "Date de signature", "Début", "Fin", "Montant demandé", "Montant accordé", "Reçu", "Dépensé", "Reste à dépenser",
    "Reste à recevoir",
]  # fmt: skip
DISBURSEMENT_HEADERS = ["N°", "Subvention", "Financeur", "Date", "Montant", "Référence bancaire"]
EXPENSE_HEADERS = ["N°", "Subvention", "Financeur", "Date", "Libellé", "Catégorie", "Montant", "Fournisseur", "Pièce"]


def export_grants(database: Database, path: Path, year: int | None = None) -> list[Path]:
    """The grants of ``year`` (all when None) with their disbursements and expenses (those dated in ``year``:
    the accountant books each line in its own exercice); returns the files written."""
    rows = grant_rows(database, year)
    by_id = {r.id: r for r in rows}
    grants_sheet = [
        [r.id, r.funder, r.funder_type.label, r.objet, r.nature.label, r.statut.label, r.convention_reference,
         r.date_signature, r.periode_debut, r.periode_fin, r.montant_demande, r.montant_accorde, r.received, r.spent,
         r.remaining, r.to_receive]
        for r in rows
    ]  # fmt: skip
    with database.snapshot() as session:
        disbursements = [
            [x.id, by_id[x.grant_id].objet, by_id[x.grant_id].funder, x.date_versement, x.montant, x.reference_bancaire]
            for x in session.scalars(
                _dated(
                    select(GrantDisbursement).where(GrantDisbursement.grant_id.in_(by_id)),
                    GrantDisbursement.date_versement,
                    year,
                ).order_by(GrantDisbursement.date_versement)
            )
        ]
        expenses = [
            [e.id, by_id[e.grant_id].objet, by_id[e.grant_id].funder, e.date_depense, e.libelle, e.categorie.label,
             e.montant, e.fournisseur, e.piece]
            for e in session.scalars(
                _dated(select(Expense).where(Expense.grant_id.in_(by_id)), Expense.date_depense, year)
                .order_by(Expense.date_depense, Expense.id)
            )
        ]  # fmt: skip
    return write_workbook(
        path,
        {
            "Subventions": (GRANT_HEADERS, grants_sheet),
            "Versements": (DISBURSEMENT_HEADERS, disbursements),
            "Dépenses": (EXPENSE_HEADERS, expenses),
        },
    )


def _dated(query: Select, column: InstrumentedAttribute, year: int | None) -> Select:
    return query if year is None else query.where(column.between(date(year, 1, 1), date(year, 12, 31)))
