"""Funders and grants: the convention, the payment schedule, receipts, expenses, the budget by category
and the justifications owed, with the figures a treasurer asks for (awarded, received, spent, still due)."""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cpts_desktop.domain.enums import ExpenseCategory, FunderType, GrantNature, GrantStatus, ObligationKind
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import add_months, cents, check_period, consumption_rate, financial_report_due
from cpts_desktop.domain.text import search_key
from cpts_desktop.domain.validators import clean_amount, clean_date, clean_email, clean_phone, clean_text
from cpts_desktop.services.audit import stale_message
from cpts_desktop.services.errors import NotFound, StaleRecord
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import (
    AciYear,
    AciYearMission,
    BudgetLine,
    Expense,
    Funder,
    Grant,
    GrantDocument,
    GrantReceipt,
    Installment,
    Obligation,
)

ZERO = Decimal("0.00")
COUNTED = (GrantStatus.AWARDED, GrantStatus.SETTLED)


def _text(value: str | None, label: str, multiline: bool = False) -> str | None:
    """A text field as stored: trimmed, None when blank, refused with a control character."""
    return clean_text(value or "", label, multiline) or None


# ---------------------------------------------------------------- funders
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
    with database.sessions() as session:
        return [_funder_row(f) for f in session.scalars(select(Funder).order_by(Funder.nom))]


def _funder_row(f: Funder) -> FunderRow:
    return FunderRow(f.id, f.nom, f.type, f.contact_nom, f.email, f.telephone, f.adresse)


def save_funder(database: Database, data: FunderRow) -> int:
    """Create (``data.id`` 0) or update a funder; two funders may not share a name."""
    nom = _text(data.nom, "Nom du financeur")
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
        funder.contact_nom = _text(data.contact_nom, "Contact du financeur")
        funder.email = clean_email(data.email, "Courriel du financeur") if (data.email or "").strip() else None
        funder.telephone = (
            clean_phone(data.telephone, "Téléphone du financeur") if (data.telephone or "").strip() else None
        )
        funder.adresse = _text(data.adresse, "Adresse du financeur", multiline=True)
        session.add(funder)
        session.flush()
        return funder.id


def _funder_named(session: Session, nom: str) -> Funder | None:
    key = search_key(nom)
    return next((f for f in session.scalars(select(Funder)) if search_key(f.nom) == key), None)


def funder_for(session: Session, nom: str, kind: FunderType | None) -> Funder:
    """The funder of that name (accents and case ignored), created with ``kind`` when new."""
    nom = _text(nom, "Financeur")
    if not nom:
        raise ValidationError("financeur", "Financeur : obligatoire.")
    funder = _funder_named(session, nom)
    if funder is None:
        funder = Funder(nom=nom, type=kind or FunderType.OTHER)
        session.add(funder)
        session.flush()
    return funder


# ---------------------------------------------------------------- grants
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
        return f"{self.funder} – {self.objet}" if self.objet else self.funder


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
    grant.objet = _text(data.objet, "Objet") or _default_objet(data.nature)
    grant.nature = data.nature
    grant.convention_reference = _text(data.convention_reference, "Référence de la convention")
    grant.date_signature = data.date_signature
    grant.periode_debut, grant.periode_fin = data.periode_debut, data.periode_fin
    grant.montant_demande, grant.montant_accorde = data.montant_demande, data.montant_accorde
    if data.statut is not None:
        grant.statut = data.statut
    elif grant.statut is None:
        grant.statut = GrantStatus.AWARDED if data.montant_accorde is not None else GrantStatus.PREPARING
    grant.conditions = _text(data.conditions, "Conditions", multiline=True)


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
            grant = _grant(session, grant_id)
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
        with database.sessions() as session:
            raise StaleRecord(stale_message(session, Grant, grant_id)) from error


def delete_grant(database: Database, grant_id: int) -> None:
    """Only a grant with no money recorded on it may be deleted (receipts and expenses are evidence)."""
    with database.sessions.begin() as session:
        grant = _grant(session, grant_id)
        money = [select(GrantReceipt.id).where(GrantReceipt.grant_id == grant_id)]
        money.append(select(Expense.id).where(Expense.grant_id == grant_id))
        if any(session.scalars(query.limit(1)).first() for query in money):
            raise ValidationError(
                "grant",
                "Cette subvention porte des encaissements ou des dépenses : passez-la « Soldée » ou « Refusée ».",
            )
        session.delete(grant)


def _grant(session: Session, grant_id: int) -> Grant:
    grant = session.get(Grant, grant_id)
    if grant is None:
        raise NotFound(f"La subvention n° {grant_id} n’existe pas.")
    return grant


def _sums(session: Session, column, key) -> dict[int, Decimal]:  # noqa: ANN001 - SQL expressions
    """Sums in whole cents, so SQLite's floating-point arithmetic cannot lose one."""
    query = select(key, func.sum(func.round(column * 100))).group_by(key)
    return {k: cents(Decimal(int(v)) / 100) for k, v in session.execute(query).all() if k is not None}


def _in_year(year: int):  # noqa: ANN202 - SQL expression
    """Grants whose period meets ``year`` (by signature year without a period; always when undated), or
    with a receipt or an expense dated in it."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return or_(
        (func.coalesce(Grant.periode_debut, Grant.periode_fin) <= end)
        & (func.coalesce(Grant.periode_fin, Grant.periode_debut) >= start),
        Grant.periode_debut.is_(None)
        & Grant.periode_fin.is_(None)
        & ((Grant.date_signature.between(start, end)) | Grant.date_signature.is_(None)),
        Grant.id.in_(select(GrantReceipt.grant_id).where(GrantReceipt.date_reception.between(start, end))),
        Grant.id.in_(select(Expense.grant_id).where(Expense.date_depense.between(start, end))),
    )


def grant_rows(
    database: Database, year: int | None = None, today: date | None = None, grant_id: int | None = None
) -> list[GrantRow]:
    """Every grant (those of ``year`` when given) with its totals, in four queries."""
    today = today or date.today()
    with database.sessions() as session:
        received = _sums(session, GrantReceipt.montant, GrantReceipt.grant_id)
        spent = _sums(session, Expense.montant, Expense.grant_id)
        late = _late_counts(session, received, today)
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


def grant_row(database: Database, grant_id: int, today: date | None = None) -> GrantRow:
    rows = grant_rows(database, today=today, grant_id=grant_id)
    if not rows:
        raise NotFound(f"La subvention n° {grant_id} n’existe pas.")
    return rows[0]


# ---------------------------------------------------------------- schedule and receipts
@dataclass(frozen=True)
class InstallmentRow:
    id: int
    grant_id: int
    libelle: str | None
    date_prevue: date
    montant_prevu: Decimal
    covered: Decimal
    late: bool

    @property
    def settled(self) -> bool:
        return self.covered >= self.montant_prevu


def _schedule(installments: list[Installment], received: Decimal, today: date) -> list[InstallmentRow]:
    """Receipts settle the échéances in date order; one past its date and not wholly covered is late."""
    rows, left = [], received
    for item in sorted(installments, key=lambda i: (i.date_prevue, i.id)):
        covered = min(left, item.montant_prevu)
        left -= covered
        late = item.date_prevue < today and covered < item.montant_prevu
        rows.append(
            InstallmentRow(item.id, item.grant_id, item.libelle, item.date_prevue, item.montant_prevu, covered, late)
        )
    return rows


def _installments_by_grant(session: Session) -> dict[int, list[Installment]]:
    by_grant: dict[int, list[Installment]] = defaultdict(list)
    for item in session.scalars(select(Installment)):
        by_grant[item.grant_id].append(item)
    return by_grant


def _late_counts(session: Session, received: dict[int, Decimal], today: date) -> dict[int, int]:
    return {
        grant_id: sum(row.late for row in _schedule(items, received.get(grant_id, ZERO), today))
        for grant_id, items in _installments_by_grant(session).items()
    }


def add_installment(database: Database, grant_id: int, day: date, amount: Decimal, libelle: str = "") -> int:
    if amount <= 0:
        raise ValidationError("montant", "Montant de l’échéance : il doit être positif.")
    amount, day = clean_amount(amount, "Montant de l’échéance"), clean_date(day, "Date prévue")
    libelle = _text(libelle, "Libellé de l’échéance")
    with database.sessions.begin() as session:
        _grant(session, grant_id)
        item = Installment(grant_id=grant_id, date_prevue=day, montant_prevu=amount, libelle=libelle)
        session.add(item)
        session.flush()
        return item.id


@dataclass(frozen=True)
class ReceiptRow:
    id: int
    grant_id: int
    date_reception: date
    montant: Decimal
    reference_bancaire: str | None


def add_receipt(database: Database, grant_id: int, amount: Decimal, day: date, reference: str = "") -> int:
    """Money received from the funder on this grant."""
    if amount <= 0:
        raise ValidationError("montant", "Montant reçu : il doit être positif.")
    amount, day = clean_amount(amount, "Montant reçu"), clean_date(day, "Date de réception")
    reference = _text(reference, "Référence bancaire")
    with database.sessions.begin() as session:
        grant = _grant(session, grant_id)
        if grant.statut is GrantStatus.REFUSED:
            raise ValidationError("grant", "Cette subvention a été refusée : aucun versement ne peut y être saisi.")
        receipt = GrantReceipt(grant_id=grant_id, montant=amount, date_reception=day, reference_bancaire=reference)
        session.add(receipt)
        session.flush()
        return receipt.id


# ---------------------------------------------------------------- expenses and budget
@dataclass(frozen=True)
class ExpenseRow:
    id: int
    grant_id: int | None
    date_depense: date
    libelle: str
    montant: Decimal
    categorie: ExpenseCategory
    fournisseur: str | None
    piece: str | None


class OutsidePeriod(ValidationError):
    """An expense dated outside its grant's period: recorded only when the user says so knowingly."""

    def __init__(self, day: date, start: date | None, end: date | None) -> None:
        if start and end:
            period = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
        else:
            period = f"à partir du {start:%d/%m/%Y}" if start else f"jusqu’au {end:%d/%m/%Y}"
        super().__init__("date", f"Cette dépense du {day:%d/%m/%Y} est hors de la période de la subvention ({period}).")


def add_expense(
    database: Database,
    grant_id: int | None,
    amount: Decimal,
    day: date,
    category: ExpenseCategory,
    label: str,
    supplier: str = "",
    piece: str = "",
    session: Session | None = None,
    outside_period_ok: bool = False,
) -> int:
    """An expense, allocated to a grant when ``grant_id`` is given (inside ``session`` when the caller
    records it together with other changes, as the professionals' indemnities do). One dated outside
    the grant's period is refused (``OutsidePeriod``) unless ``outside_period_ok``: the funder may not
    accept it, so the treasurer confirms it first."""
    label = _text(label, "Libellé de la dépense") or ""
    if not label:
        raise ValidationError("libelle", "Libellé de la dépense : obligatoire.")
    if amount <= 0:
        raise ValidationError("montant", "Montant de la dépense : il doit être positif.")
    amount, day = clean_amount(amount, "Montant de la dépense"), clean_date(day, "Date de la dépense")
    if session is None:
        with database.sessions.begin() as own:
            return add_expense(
                database, grant_id, amount, day, category, label, supplier, piece, own, outside_period_ok
            )
    if grant_id is not None:
        grant = _grant(session, grant_id)
        start, end = grant.periode_debut, grant.periode_fin
        if not outside_period_ok and ((start and day < start) or (end and day > end)):
            raise OutsidePeriod(day, start, end)
    expense = Expense(
        grant_id=grant_id, montant=amount, date_depense=day, categorie=category, libelle=label,
        fournisseur=_text(supplier, "Fournisseur"), piece=_text(piece, "Pièce justificative"),
    )  # fmt: skip
    session.add(expense)
    session.flush()
    return expense.id


def delete_money_line(database: Database, kind: str, line_id: int) -> None:
    """Remove a mistaken échéance, receipt or expense (the audit log keeps what it was)."""
    model = {"installment": Installment, "receipt": GrantReceipt, "expense": Expense}[kind]
    with database.sessions.begin() as session:
        line = session.get(model, line_id)
        if line is None:
            raise NotFound("Cette ligne a déjà été supprimée.")
        session.delete(line)


@dataclass(frozen=True)
class BudgetRow:
    categorie: ExpenseCategory
    prevu: Decimal
    realise: Decimal

    @property
    def ecart(self) -> Decimal:
        return self.realise - self.prevu


def set_budget(database: Database, grant_id: int, category: ExpenseCategory, amount: Decimal) -> None:
    """The prévisionnel of one category (0 removes the line)."""
    if amount < 0:
        raise ValidationError("montant", "Budget prévisionnel : il ne peut pas être négatif.")
    amount = clean_amount(amount, "Budget prévisionnel")
    with database.sessions.begin() as session:
        _grant(session, grant_id)
        line = session.scalars(
            select(BudgetLine).where(BudgetLine.grant_id == grant_id, BudgetLine.categorie == category)
        ).first()
        if amount == 0:
            if line is not None:
                session.delete(line)
            return
        line = line or BudgetLine(grant_id=grant_id, categorie=category)
        line.montant_prevu = amount
        session.add(line)


# ---------------------------------------------------------------- obligations
@dataclass(frozen=True)
class ObligationRow:
    id: int
    grant_id: int
    kind: ObligationKind
    libelle: str | None
    date_echeance: date
    date_remise: date | None
    notes: str | None

    @property
    def title(self) -> str:
        return self.libelle or self.kind.label


def add_obligation(
    database: Database, grant_id: int, kind: ObligationKind, due: date, libelle: str = "", notes: str = ""
) -> int:
    with database.sessions.begin() as session:
        _grant(session, grant_id)
        item = Obligation(
            grant_id=grant_id,
            kind=kind,
            date_echeance=due,
            libelle=_text(libelle, "Libellé"),
            notes=_text(notes, "Notes", multiline=True),
        )
        session.add(item)
        session.flush()
        return item.id


def submit_obligation(database: Database, obligation_id: int, day: date | None) -> None:
    """Record the day the justification was sent (None: not sent after all)."""
    with database.sessions.begin() as session:
        item = session.get(Obligation, obligation_id)
        if item is None:
            raise NotFound("Cette échéance de justification n’existe plus.")
        item.date_remise = day


def add_document(database: Database, grant_id: int, libelle: str, path: str) -> int:
    if not path.strip():
        raise ValidationError("chemin", "Document : choisissez un fichier.")
    with database.sessions.begin() as session:
        _grant(session, grant_id)
        document = GrantDocument(grant_id=grant_id, libelle=libelle.strip() or path.rsplit("/", 1)[-1], chemin=path)
        session.add(document)
        session.flush()
        return document.id


# ---------------------------------------------------------------- one grant, whole
@dataclass(frozen=True)
class GrantDetail:
    grant: GrantRow
    installments: list[InstallmentRow]
    receipts: list[ReceiptRow]
    expenses: list[ExpenseRow]
    budget: list[BudgetRow]
    obligations: list[ObligationRow]
    documents: list[tuple[int, str, str]] = field(default_factory=list)


def grant_detail(database: Database, grant_id: int, today: date | None = None) -> GrantDetail:
    today = today or date.today()
    row = grant_row(database, grant_id, today)
    with database.sessions() as session:
        installments = list(session.scalars(select(Installment).where(Installment.grant_id == grant_id)))
        receipts = [
            ReceiptRow(r.id, r.grant_id, r.date_reception, r.montant, r.reference_bancaire)
            for r in session.scalars(
                select(GrantReceipt).where(GrantReceipt.grant_id == grant_id).order_by(GrantReceipt.date_reception)
            )
        ]
        expenses = [
            _expense_row(e)
            for e in session.scalars(
                select(Expense).where(Expense.grant_id == grant_id).order_by(Expense.date_depense, Expense.id)
            )
        ]
        planned = {
            b.categorie: b.montant_prevu
            for b in session.scalars(select(BudgetLine).where(BudgetLine.grant_id == grant_id))
        }
        obligations = [
            _obligation_row(o)
            for o in session.scalars(
                select(Obligation).where(Obligation.grant_id == grant_id).order_by(Obligation.date_echeance)
            )
        ]
        documents = [
            (d.id, d.libelle, d.chemin)
            for d in session.scalars(select(GrantDocument).where(GrantDocument.grant_id == grant_id))
        ]
    actual: dict[ExpenseCategory, Decimal] = defaultdict(lambda: ZERO)
    for expense in expenses:
        actual[expense.categorie] += expense.montant
    budget = [
        BudgetRow(c, planned.get(c, ZERO), actual.get(c, ZERO)) for c in ExpenseCategory if c in planned or c in actual
    ]
    return GrantDetail(
        row, _schedule(installments, row.received, today), receipts, expenses, budget, obligations, documents
    )


def _expense_row(e: Expense) -> ExpenseRow:
    return ExpenseRow(e.id, e.grant_id, e.date_depense, e.libelle, e.montant, e.categorie, e.fournisseur, e.piece)


def _obligation_row(o: Obligation) -> ObligationRow:
    return ObligationRow(o.id, o.grant_id, o.kind, o.libelle, o.date_echeance, o.date_remise, o.notes)


# ---------------------------------------------------------------- deadlines and summary
@dataclass(frozen=True)
class Deadline:
    grant_id: int
    grant: str
    funder: str
    kind: str
    libelle: str
    due: date
    days: int
    amount: Decimal | None = None

    @property
    def overdue(self) -> bool:
        return self.days < 0


def deadlines(database: Database, within: int | None = 60, today: date | None = None) -> list[Deadline]:
    """Justifications not yet sent and échéances not yet received, overdue or due within ``within``
    days (all future ones when ``within`` is None), soonest first."""
    today = today or date.today()
    limit = None if within is None else today + timedelta(days=within)
    rows = {r.id: r for r in grant_rows(database, today=today)}
    found: list[Deadline] = []
    with database.sessions() as session:
        query = select(Obligation).where(Obligation.date_remise.is_(None))
        if limit is not None:
            query = query.where(Obligation.date_echeance <= limit)
        for o in session.scalars(query):
            grant = rows[o.grant_id]
            if grant.statut is GrantStatus.REFUSED:
                continue
            found.append(
                Deadline(o.grant_id, grant.label, grant.funder, "justification", o.libelle or o.kind.label,
                         o.date_echeance, (o.date_echeance - today).days)
            )  # fmt: skip
        by_grant = _installments_by_grant(session)
    for grant_id, items in by_grant.items():
        grant = rows[grant_id]
        if grant.statut is GrantStatus.REFUSED:
            continue
        for item in _schedule(items, grant.received, today):
            if item.settled or (limit is not None and item.date_prevue > limit):
                continue
            found.append(
                Deadline(grant_id, grant.label, grant.funder, "versement", item.libelle or "Versement attendu",
                         item.date_prevue, (item.date_prevue - today).days, item.montant_prevu - item.covered)
            )  # fmt: skip
    return sorted(found, key=lambda d: (d.due, d.grant))


# ---------------------------------------------------------------- the exercice
def _months(start: date, end: date) -> Fraction:
    """Calendar months from ``start`` to ``end`` included, a partial month counted by its days."""
    if end < start:
        return Fraction(0)
    total, day = Fraction(0), start
    while day <= end:
        last = date(day.year, day.month, monthrange(day.year, day.month)[1])
        total += Fraction((min(last, end) - day).days + 1, last.day)
        day = last + timedelta(days=1)
    return total


def _single_exercice(start: date, end: date) -> bool:
    """A period of twelve months at most is one exercice's grant, awarded whole in its first year."""
    return end < add_months(start, 12)


def awarded_share(row: GrantRow, year: int, contract_years: dict[int, Decimal] | None = None) -> tuple[Decimal, str]:
    """The part of ``row``'s award that belongs to ``year``, and how it was found (empty: the whole award).

    An ACI contract with recorded years counts each year's fixed and variable parts; another grant over
    more than twelve months is shared pro rata of its months (the shares add up to the award exactly);
    any other counts whole in the year its period starts (its signature year when it has no period)."""
    if row.statut not in COUNTED:
        return ZERO, ""
    if contract_years:
        return contract_years.get(year, ZERO), f"année {year} du contrat"
    start, end = row.periode_debut or row.periode_fin, row.periode_fin or row.periode_debut
    if start is None or end is None:
        anchor = row.date_signature.year if row.date_signature else None
        return (row.awarded if anchor == year else ZERO), ""
    if _single_exercice(start, end):
        return (row.awarded if start.year == year else ZERO), ""
    total = _months(start, end)
    before = _months(start, min(end, date(year - 1, 12, 31)))
    through = _months(start, min(end, date(year, 12, 31)))
    share = _part(row.awarded, through / total) - _part(row.awarded, before / total)
    return share, f"prorata : {_count(through - before)} mois sur {_count(total)}"


def _part(amount: Decimal, ratio: Fraction) -> Decimal:
    """``amount`` × ``ratio`` to the cent; the shares of consecutive years telescope to the whole."""
    return cents(amount * Decimal(ratio.numerator) / Decimal(ratio.denominator))


def _count(months: Fraction) -> str:
    """« 12 » or « 9,5 »: a number of months as a French reader writes it."""
    rounded = round(months, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{float(rounded):.1f}".replace(".", ",")


@dataclass(frozen=True)
class GrantYear:
    """One grant in one exercice: its awarded share of the year, the money received and spent dated in
    it, and what is left to receive and to spend at the end of the year."""

    grant: GrantRow
    year: int
    awarded: Decimal
    received: Decimal
    spent: Decimal
    remaining: Decimal
    to_receive: Decimal
    share: str = ""  # how a multi-year award was shared; empty when the whole award is the year's


def _contract_years(session: Session) -> dict[int, dict[int, Decimal]]:
    """Per ACI grant, per contract year, its fixed and variable parts: the yearly amounts of the contract."""
    by_grant: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    query = select(AciYear.grant_id, AciYear.annee, AciYearMission.part_fixe, AciYearMission.part_variable).join(
        AciYearMission, AciYearMission.aci_year_id == AciYear.id, isouter=True
    )
    for grant_id, annee, fixed, variable in session.execute(query):
        by_grant[grant_id][annee] += (fixed or ZERO) + (variable or ZERO)
    return by_grant


def _dated_sums(session: Session, column, key, day, end: date, start: date | None = None) -> dict[int, Decimal]:  # noqa: ANN001
    """Like ``_sums``, for the lines dated up to ``end`` (and from ``start``)."""
    query = select(key, func.sum(func.round(column * 100))).where(day <= end).group_by(key)
    if start is not None:
        query = query.where(day >= start)
    return {k: cents(Decimal(int(v)) / 100) for k, v in session.execute(query).all() if k is not None}


def grant_years(database: Database, year: int, today: date | None = None) -> list[GrantYear]:
    """The grants (not refused) of exercice ``year``: those whose period meets it or with money dated in
    it. Receipts and expenses count by their own date, never by the grant's period."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    with database.sessions() as session:
        received_in = _dated_sums(
            session, GrantReceipt.montant, GrantReceipt.grant_id, GrantReceipt.date_reception, end, start
        )
        spent_in = _dated_sums(session, Expense.montant, Expense.grant_id, Expense.date_depense, end, start)
        received_to = _dated_sums(
            session, GrantReceipt.montant, GrantReceipt.grant_id, GrantReceipt.date_reception, end
        )
        spent_to = _dated_sums(session, Expense.montant, Expense.grant_id, Expense.date_depense, end)
        contracts = _contract_years(session)
    found = []
    for row in grant_rows(database, year, today):
        if row.statut is GrantStatus.REFUSED:
            continue
        yearly = contracts.get(row.id)
        awarded, share = awarded_share(row, year, yearly)
        whole = row.awarded if row.montant_accorde is not None or not yearly else sum(yearly.values(), ZERO)
        whole = whole if row.statut in COUNTED else ZERO
        found.append(
            GrantYear(
                row, year, awarded, received_in.get(row.id, ZERO), spent_in.get(row.id, ZERO),
                whole - spent_to.get(row.id, ZERO),
                whole - received_to.get(row.id, ZERO) if row.statut in COUNTED else ZERO, share,
            )
        )  # fmt: skip
    return found


def exercices(database: Database, today: date | None = None) -> list[int]:
    """The years a treasurer may look at, latest first: this year and every year with a grant's period,
    a receipt or an expense in it."""
    years = {(today or date.today()).year}
    with database.sessions() as session:
        for start, end in session.execute(select(Grant.periode_debut, Grant.periode_fin)):
            if start or end:
                years.update(range((start or end).year, (end or start).year + 1))
        for column in (GrantReceipt.date_reception, Expense.date_depense):
            years.update(d.year for d in session.scalars(select(column).distinct()) if d is not None)
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class FunderTotals:
    """Per funder: ``awarded``, ``received`` and ``spent`` (in the exercice when the summary has a year),
    and what remains to receive and to spend on its grants (at the end of that exercice)."""

    funder: str
    funder_type: FunderType
    awarded: Decimal
    received: Decimal
    spent: Decimal
    remaining: Decimal
    to_receive: Decimal

    def as_json(self) -> dict[str, str]:
        return {
            "funder": self.funder,
            "awarded": str(self.awarded),
            "received": str(self.received),
            "spent": str(self.spent),
            "remaining": str(self.remaining),
            "to_receive": str(self.to_receive),
        }


@dataclass(frozen=True)
class Summary:
    year: int | None
    funders: list[FunderTotals]
    total: FunderTotals
    # funders with a multi-year grant whose « Accordé » is the share of the exercice, not the whole award
    shared: tuple[str, ...] = ()


def summary(database: Database, year: int | None = None, today: date | None = None) -> Summary:
    """Per funder, the grants that were not refused. Without ``year``: awarded, received and spent to
    date. With it: the awarded share of that exercice, the money received and spent dated in it, and what
    is left to receive and to spend at its end."""
    if year is None:
        figures = [
            (r.funder, r.funder_type, r.awarded if r.statut in COUNTED else ZERO, r.received, r.spent, r.remaining,
             r.to_receive, False)
            for r in grant_rows(database, today=today)
            if r.statut is not GrantStatus.REFUSED
        ]  # fmt: skip
    else:
        figures = [
            (g.grant.funder, g.grant.funder_type, g.awarded, g.received, g.spent, g.remaining, g.to_receive,
             bool(g.share))
            for g in grant_years(database, year, today)
        ]  # fmt: skip
    totals: dict[str, list[Decimal]] = {}
    types: dict[str, FunderType] = {}
    shared: set[str] = set()
    for funder, kind, *amounts, is_share in figures:
        types[funder] = kind
        line = totals.setdefault(funder, [ZERO] * 5)
        for index, amount in enumerate(amounts):
            line[index] += amount
        if is_share:
            shared.add(funder)
    lines = [FunderTotals(name, types[name], *amounts) for name, amounts in sorted(totals.items())]
    total = FunderTotals(
        "Total",
        FunderType.OTHER,
        *(
            sum((getattr(x, n) for x in lines), ZERO)
            for n in ("awarded", "received", "spent", "remaining", "to_receive")
        ),
    )
    return Summary(year, lines, total, tuple(sorted(shared)))
