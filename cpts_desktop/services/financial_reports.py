"""The compte rendu financier of a grant (CERFA n° 15059*02): what the treasurer writes (bilan qualitatif,
annexe, other resources and contributions volontaires) and the three feuillets gathered for the PDF, the
charges by nature and the resources by type, prévisionnel against réalisé, balanced as the form is."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from cpts_desktop.config import reference_rows
from cpts_desktop.domain.cerfa import CHARGE_NATURES, Line, Mapping, ResourceKind, Synthesis, read_mapping, synthesis
from cpts_desktop.domain.enums import BoardRole, GrantStatus
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.validators import clean_amount, clean_text
from cpts_desktop.i18n import format_date
from cpts_desktop.services import grants, projects
from cpts_desktop.services.association import Letterhead, Signatory, letterhead_of, signatory
from cpts_desktop.services.audit import stale_message
from cpts_desktop.services.documents import check_identity
from cpts_desktop.services.errors import StaleRecord
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import FinancialReport, FinancialReportLine

ZERO = Decimal("0.00")
TEXTS = ("bilan_actions", "bilan_public", "bilan_indicateurs", "annexe_ecarts", "annexe_charges_indirectes")


def mapping() -> Mapping:
    """Expense categories and funder types as the form ranks them (``resources/compte_rendu_financier.csv``)."""
    return read_mapping(reference_rows("compte_rendu_financier.csv"))


# ---------------------------------------------------------------- what the treasurer enters
@dataclass
class ExtraLine:
    kind: ResourceKind
    libelle: str
    prevu: Decimal | None
    realise: Decimal


@dataclass
class ReportInput:
    """The treasurer's part of one report; ``version`` 0 while nothing is saved (texts then prefilled)."""

    grant_id: int
    annee: int
    version: int = 0
    bilan_actions: str = ""
    bilan_public: str = ""
    bilan_indicateurs: str = ""
    annexe_ecarts: str = ""
    annexe_charges_indirectes: str = ""
    lines: list[ExtraLine] = field(default_factory=list)


def _single(row: grants.GrantRow) -> bool:
    """A grant of one exercice (twelve months at most, or undated): the report covers all of it."""
    start, end = row.periode_debut or row.periode_fin, row.periode_fin or row.periode_debut
    return start is None or end is None or grants.single_exercice(start, end)


def report_years(row: grants.GrantRow, today: date | None = None) -> list[int]:
    """The exercices a report may be written for: the first year of a one-exercice grant, each year of
    a longer one up to this year."""
    today = today or date.today()
    start, end = row.periode_debut or row.periode_fin, row.periode_fin or row.periode_debut
    if start is None or end is None:
        return [row.date_signature.year if row.date_signature else today.year]
    if _single(row):
        return [start.year]
    return list(range(start.year, max(min(end.year, today.year), start.year) + 1))


def default_year(row: grants.GrantRow, today: date | None = None) -> int:
    """The latest exercice already closed, else the first one (a provisional report)."""
    today = today or date.today()
    years = report_years(row, today)
    closed = [y for y in years if date(y, 12, 31) < today]
    return closed[-1] if closed else years[0]


def report_input(database: Database, grant_id: int, annee: int | None = None, today: date | None = None) -> ReportInput:
    """What was saved for that exercice, or a first draft: the bilan prefilled from the projet de santé
    actions the grant funds."""
    with database.snapshot() as session:
        return report_input_in(session, grant_id, annee, today)


def report_input_in(
    session: Session, grant_id: int, annee: int | None = None, today: date | None = None
) -> ReportInput:
    """``report_input`` inside the caller's ``session``."""
    row = grants.grant_row_in(session, grant_id, today)
    annee = annee or default_year(row, today)
    years = report_years(row, today)
    if annee not in years:
        choices = ", ".join(str(y) for y in years)
        raise ValidationError("annee", f"Exercice {annee} : cette subvention ne le couvre pas (exercices : {choices}).")
    saved = _saved(session, grant_id, annee)
    if saved is None:
        return ReportInput(grant_id, annee, 0, *_prefill(session, grant_id))
    lines = session.scalars(
        select(FinancialReportLine).where(FinancialReportLine.report_id == saved.id).order_by(FinancialReportLine.id)
    )
    extra = [ExtraLine(x.nature, x.libelle or "", x.prevu, x.realise) for x in lines]
    texts = {t: getattr(saved, t) or "" for t in TEXTS}
    return ReportInput(grant_id, annee, saved.version, **texts, lines=extra)


def _saved(session: Session, grant_id: int, annee: int) -> FinancialReport | None:
    return session.scalars(
        select(FinancialReport).where(FinancialReport.grant_id == grant_id, FinancialReport.annee == annee)
    ).first()


def _prefill(session: Session, grant_id: int) -> tuple[str, str, str]:
    """Mise en œuvre and indicators of the actions the grant funds (public reached is the treasurer's)."""
    funded = [a for a in projects.actions_in(session) if grant_id in a.grant_ids]
    done = []
    for a in funded:
        when = " – ".join(format_date(d) for d in (a.debut, a.fin) if d)
        pilot = f", pilotée par {a.pilote}" if a.pilote else ""
        done.append(f"• {a.titre} ({a.mission.label.split(' : ')[-1]} ; {a.statut.label.lower()}{pilot}"
                    + (f" ; {when}" if when else "") + ")")  # fmt: skip
    measures = [f"• {a.titre} : {a.indicateurs}" for a in funded if a.indicateurs]
    return "\n".join(done), "", "\n".join(measures)


def save_report_input(database: Database, data: ReportInput) -> int:
    """Save the treasurer's part (refused when another save came first). Returns the new version."""
    texts = {t: clean_text(getattr(data, t) or "", "Texte du compte rendu", multiline=True) or None for t in TEXTS}
    lines = [_clean_line(x) for x in data.lines]
    try:
        with database.sessions.begin() as session:
            grants.get_grant(session, data.grant_id)
            report = _saved(session, data.grant_id, data.annee)
            existing = report is not None
            if report is None:
                report = FinancialReport(grant_id=data.grant_id, annee=data.annee)
            elif report.version != data.version:
                raise StaleRecord(stale_message(session, FinancialReport, report.id))
            for name, value in texts.items():
                setattr(report, name, value)
            session.add(report)
            session.flush()
            session.execute(delete(FinancialReportLine).where(FinancialReportLine.report_id == report.id))
            session.add_all(
                FinancialReportLine(report_id=report.id, nature=x.kind, libelle=x.libelle or None, prevu=x.prevu,
                                    realise=x.realise)
                for x in lines
            )  # fmt: skip
            if existing:  # saved before: the lines alone changing is an edit of the report too
                flag_modified(report, "annee")
            session.flush()
            return report.version
    except StaleDataError as error:
        raise StaleRecord("Ce compte rendu a été enregistré ailleurs entre-temps : rouvrez-le.") from error


def _clean_line(line: ExtraLine) -> ExtraLine:
    label = clean_text(line.libelle or "", "Libellé de la ligne")
    if len(label) > 200:
        raise ValidationError("libelle", "Libellé de la ligne : 200 caractères au plus.")
    prevu = None if line.prevu is None else clean_amount(line.prevu, "Montant prévu")
    return ExtraLine(line.kind, label, prevu, clean_amount(line.realise, "Montant réalisé"))


# ---------------------------------------------------------------- the three feuillets
@dataclass(frozen=True)
class FinancialReportPapers:
    grant: grants.GrantRow
    annee: int
    start: date | None
    end: date | None
    provisional: bool  # the exercice is not closed yet: the paper is a PROJET
    synthesis: Synthesis
    grant_line: Line
    texts: ReportInput
    head: Letterhead
    signatory: Signatory

    @property
    def grant_share(self) -> Decimal | None:
        """The grant's share of the total produits, in percent, as the form asks."""
        total = self.synthesis.total_produits.realise
        return (self.grant_line.realise * 100 / total).quantize(Decimal("0.1")) if total else None


def financial_report(
    database: Database, grant_id: int, annee: int | None = None, today: date | None = None
) -> FinancialReportPapers:
    """Everything the compte rendu prints, for a grant awarded and an association whose identity is
    complete: a funder rejects a report without RNA, address or signatory."""
    today = today or date.today()
    with database.snapshot() as session:
        return _financial_report(session, grant_id, annee, today)


def _financial_report(session: Session, grant_id: int, annee: int | None, today: date) -> FinancialReportPapers:
    """``financial_report`` read in one snapshot, so the report's lines and totals agree."""
    head = check_identity(letterhead_of(session))
    detail = grants.grant_detail_in(session, grant_id, today)
    row = detail.grant
    if row.statut not in (GrantStatus.AWARDED, GrantStatus.SETTLED):
        raise CptsError(
            f"Cette subvention est « {row.statut.label.lower()} » : un compte rendu financier ne se rédige que "
            "pour une subvention accordée."
        )
    texts = report_input_in(session, grant_id, annee, today)
    start, end = _covered(row, texts.annee)
    rules = mapping()
    expenses = [e for e in detail.expenses if _single(row) or e.date_depense.year == texts.annee]
    charges = _charges(detail, expenses, rules, single=_single(row))
    charges += [Line("", _resource_label(x), x.prevu, x.realise) for x in texts.lines if x.kind.is_charge]
    grant_line = _grant_line(session, row, texts.annee, rules, today)
    produits = [grant_line, *_resources(texts.lines)]
    volunteer = [x for x in texts.lines if x.kind is ResourceKind.VOLUNTEER]
    contributions = Line(
        "86 / 87",
        "Contributions volontaires en nature (bénévolat, mises à disposition)",
        sum((x.prevu for x in volunteer if x.prevu is not None), ZERO) if any(x.prevu for x in volunteer) else None,
        sum((x.realise for x in volunteer), ZERO),
    )
    president = signatory(session, BoardRole.PRESIDENT)
    closing = date((end or date(texts.annee, 12, 31)).year, 12, 31)
    return FinancialReportPapers(
        row, texts.annee, start, end, today <= closing, synthesis(charges, produits, contributions), grant_line,
        texts, head, president,
    )  # fmt: skip


def _covered(row: grants.GrantRow, annee: int) -> tuple[date | None, date | None]:
    """The dates the report covers: the grant's period, or its part in ``annee`` for a longer grant."""
    if _single(row):
        return row.periode_debut, row.periode_fin
    first, last = date(annee, 1, 1), date(annee, 12, 31)
    return max(first, row.periode_debut or first), min(last, row.periode_fin or last)


def _charges(detail: grants.GrantDetail, expenses: list, rules: Mapping, single: bool) -> list[Line]:
    """Charges directes by nature 60 to 68: réalisé from the expenses, prévisionnel from the grant's budget
    (entered for the whole action: shown for a one-exercice grant only)."""
    actual: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for e in expenses:
        actual[rules.natures[e.categorie.value]] += e.montant
    planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
    if single:
        for b in detail.budget:
            planned[rules.natures[b.categorie.value]] += b.prevu
    forecast = single and any(b.prevu for b in detail.budget)
    return [
        Line(code, label, planned[code] if forecast else None, actual[code]) for code, label in CHARGE_NATURES.items()
    ]


def _grant_line(session: Session, row: grants.GrantRow, annee: int, rules: Mapping, today: date) -> Line:
    """This grant, on the 74 line of its funder's type: awarded share of the exercice against what was
    requested (shared the same way)."""
    found = next((g for g in grants.grant_years_in(session, annee, today) if g.grant.id == row.id), None)
    awarded = found.awarded if found is not None else row.awarded
    kind = rules.funders.get(row.funder_type.value, ResourceKind.PUBLIC_OTHER)
    requested = row.montant_demande
    if requested is not None and not _single(row):
        requested = grants.awarded_share(replace(row, montant_accorde=requested), annee)[0]
    detail = kind.label.split(" – ", 1)[-1]
    return Line("74", f"{detail} : {row.funder} (cette subvention)", requested, awarded)


def _resources(lines: list[ExtraLine]) -> list[Line]:
    return [
        Line(x.kind.code, _resource_label(x), x.prevu, x.realise)
        for x in sorted(lines, key=lambda x: list(ResourceKind).index(x.kind))
        if not x.kind.is_charge and x.kind is not ResourceKind.VOLUNTEER
    ]


def _resource_label(line: ExtraLine) -> str:
    kind = line.kind.label.split(" – ", 1)[-1]
    return f"{kind} : {line.libelle}" if line.libelle else kind
