"""Funders, grants and everything a treasurer follows on them: schedule, receipts, expenses, reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cpts_desktop.domain.cerfa import ResourceKind
from cpts_desktop.domain.enums import ExpenseCategory, FunderType, GrantNature, GrantStatus, ObligationKind
from cpts_desktop.store.base import Base, Timestamped, Versioned


class Funder(Timestamped, Base):
    __tablename__ = "funders"

    id: Mapped[int] = mapped_column(primary_key=True)
    nom: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[FunderType]
    contact_nom: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    telephone: Mapped[str | None] = mapped_column(String(20))
    adresse: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)


class Grant(Versioned, Base):
    __tablename__ = "grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    funder_id: Mapped[int] = mapped_column(ForeignKey("funders.id", ondelete="RESTRICT"), index=True)
    objet: Mapped[str] = mapped_column(String(300))
    nature: Mapped[GrantNature]
    convention_reference: Mapped[str | None] = mapped_column(String(100))
    date_signature: Mapped[date | None]
    periode_debut: Mapped[date | None]
    periode_fin: Mapped[date | None]
    montant_demande: Mapped[Decimal | None]
    montant_accorde: Mapped[Decimal | None]
    statut: Mapped[GrantStatus] = mapped_column(default=GrantStatus.PREPARING)
    conditions: Mapped[str | None] = mapped_column(Text)


class GrantDocument(Base):
    """A file attached to a grant (convention, notification…), kept by path."""

    __tablename__ = "grant_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    libelle: Mapped[str] = mapped_column(String(200))
    chemin: Mapped[str] = mapped_column(String(500))


class Installment(Base):
    """An échéance of the payment schedule: what is expected, when."""

    __tablename__ = "installments"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    libelle: Mapped[str | None] = mapped_column(String(200))
    date_prevue: Mapped[date]
    montant_prevu: Mapped[Decimal]


class GrantDisbursement(Base):
    """Money actually received on a grant, optionally settling one échéance."""

    __tablename__ = "grant_disbursements"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    installment_id: Mapped[int | None] = mapped_column(ForeignKey("installments.id", ondelete="SET NULL"))
    date_versement: Mapped[date]
    montant: Mapped[Decimal]
    reference_bancaire: Mapped[str | None] = mapped_column(String(100))


class Expense(Timestamped, Base):
    """An expense of the association, allocated to a grant when ``grant_id`` is set."""

    __tablename__ = "expenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("grants.id", ondelete="SET NULL"), index=True)
    date_depense: Mapped[date]
    libelle: Mapped[str] = mapped_column(String(300))
    montant: Mapped[Decimal]
    categorie: Mapped[ExpenseCategory]
    fournisseur: Mapped[str | None] = mapped_column(String(200))
    piece: Mapped[str | None] = mapped_column(String(100))


class BudgetLine(Base):
    """The prévisionnel of a grant for one expense category."""

    __tablename__ = "budget_lines"
    __table_args__ = (UniqueConstraint("grant_id", "categorie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"))
    categorie: Mapped[ExpenseCategory]
    montant_prevu: Mapped[Decimal]


class Obligation(Base):
    """A justification owed to the funder (compte rendu financier…), due by ``date_echeance``."""

    __tablename__ = "obligations"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ObligationKind]
    libelle: Mapped[str | None] = mapped_column(String(200))
    date_echeance: Mapped[date] = mapped_column(index=True)
    date_remise: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)


class FinancialReport(Versioned, Base):
    """What the treasurer writes for the compte rendu financier of one grant and one exercice: the bilan
    qualitatif and the annexe (the figures come from the expenses, the budget and ``lines``)."""

    __tablename__ = "financial_reports"
    __table_args__ = (UniqueConstraint("grant_id", "annee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"))
    annee: Mapped[int]
    bilan_actions: Mapped[str | None] = mapped_column(Text)
    bilan_public: Mapped[str | None] = mapped_column(Text)
    bilan_indicateurs: Mapped[str | None] = mapped_column(Text)
    annexe_ecarts: Mapped[str | None] = mapped_column(Text)
    annexe_charges_indirectes: Mapped[str | None] = mapped_column(Text)


class FinancialReportLine(Base):
    """Another resource, indirect charges or contributions volontaires of the action, entered by hand."""

    __tablename__ = "financial_report_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("financial_reports.id", ondelete="CASCADE"), index=True)
    nature: Mapped[ResourceKind]
    libelle: Mapped[str | None] = mapped_column(String(200))
    prevu: Mapped[Decimal | None]
    realise: Mapped[Decimal]
