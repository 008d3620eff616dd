"""The treasurer's arithmetic on a grant: what is left to receive and to spend, when a justification
is due, and how the ACI variable part follows the indicators (and, for the crises mission, the ARS's
recognition of a crisis). Pure functions shared by the services,
the documents and the tests."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from cpts_desktop.domain.enums import AciMission, IndicatorMode, LabelledEnum
from cpts_desktop.domain.errors import ValidationError

CENT = Decimal("0.01")
# The compte rendu financier is due within six months after the end of the exercice (DOMAIN.md § 2).
REPORT_DELAY_MONTHS = 6


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, or that month's last day when it is shorter (31 août + 6 → 28 février)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def financial_report_due(period_end: date, exercice_end: tuple[int, int] = (12, 31)) -> date:
    """Six months after the end of the exercice in which the grant's period ends (exercice = calendar
    year unless the association closes its accounts on another day)."""
    month, day = exercice_end
    closing = date(period_end.year, month, day)
    if closing < period_end:
        closing = date(period_end.year + 1, month, day)
    return add_months(closing, REPORT_DELAY_MONTHS)


def consumption_rate(spent: Decimal, awarded: Decimal | None) -> Decimal | None:
    """Share of the awarded amount already spent, in percent with one decimal (None without award)."""
    if not awarded:
        return None
    return (spent * 100 / awarded).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IndicatorResult:
    target: Decimal
    achieved: Decimal | None
    weight: Decimal = Decimal(1)
    mode: IndicatorMode = IndicatorMode.PROPORTIONAL

    @property
    def achievement(self) -> Decimal:
        """Between 0 and 1: the part of the target reached (all or nothing in threshold mode)."""
        if self.achieved is None or self.target <= 0:
            return Decimal(0)
        ratio = min(self.achieved / self.target, Decimal(1))
        if self.mode is IndicatorMode.THRESHOLD:
            return Decimal(1) if ratio >= 1 else Decimal(0)
        return max(ratio, Decimal(0))


def variable_earned(variable_part: Decimal, indicators: Iterable[IndicatorResult]) -> Decimal:
    """The variable part paid: weighted mean of the indicators' achievement times the part; without
    indicators recorded yet nothing is earned."""
    items = list(indicators)
    total_weight = sum((i.weight for i in items), Decimal(0))
    if total_weight <= 0:
        return Decimal("0.00")
    reached = sum((i.weight * i.achievement for i in items), Decimal(0))
    return cents(variable_part * reached / total_weight)


class AciVersionStatus(LabelledEnum):
    """How far a version of the ACI amounts table can be trusted: shown beside every maximum."""

    VERIFIED = "verifie", "montants nationaux vérifiés"
    OPERATING_VERIFIED = "fonctionnement_verifie", "fonctionnement : montants nationaux vérifiés ; missions : exemple"
    EXAMPLE = "exemple", "exemple"
    OBSERVED = "contrat_observe", "exemple (contrat observé)"
    OWN = "saisi", "saisi par la CPTS"


# A mission whose variable part is due only once a condition is met (avenant 2: the crises mission's
# variable part is paid when the ARS recognises a crisis sanitaire grave).
VARIABLE_CONDITIONS = {AciMission.CRISES: "crise sanitaire reconnue par l’ARS"}


def conditional_variable_earned(
    variable_part: Decimal, indicators: Iterable[IndicatorResult], recognised_on: date | None
) -> Decimal:
    """A conditional variable part: nothing until the condition is met (its date recorded); then due,
    weighted by the indicators when some are recorded, whole otherwise."""
    if recognised_on is None:
        return Decimal("0.00")
    items = list(indicators)
    return variable_earned(variable_part, items) if items else cents(variable_part)


def grant_label(funder: str, objet: str | None) -> str:
    """A grant as lists and alerts name it: « ARS – Prévention des chutes », or the funder alone."""
    return f"{funder} – {objet}" if objet else funder


class Planned(Protocol):
    """An échéance as ``settle`` reads it: the store's ``Installment`` or a ``PlannedInstallment`` read by
    SQL text, so both paths settle by the same rule."""

    @property
    def id(self) -> int: ...
    @property
    def grant_id(self) -> int: ...
    @property
    def libelle(self) -> str | None: ...
    @property
    def date_prevue(self) -> date: ...
    @property
    def montant_prevu(self) -> Decimal: ...


@dataclass(frozen=True)
class PlannedInstallment:
    """An échéance of the payment schedule: what the funder is expected to pay, when."""

    id: int
    grant_id: int
    libelle: str | None
    date_prevue: date
    montant_prevu: Decimal


@dataclass(frozen=True)
class InstallmentRow:
    """An échéance once settled: how much of it the money received covers, and whether it is late."""

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


def settle(installments: Iterable[Planned], received: Decimal, today: date) -> list[InstallmentRow]:
    """Disbursements settle the échéances in date order; one past its date and not wholly covered is late."""
    rows, left = [], received
    for item in sorted(installments, key=lambda i: (i.date_prevue, i.id)):
        covered = min(left, item.montant_prevu)
        left -= covered
        late = item.date_prevue < today and covered < item.montant_prevu
        rows.append(
            InstallmentRow(item.id, item.grant_id, item.libelle, item.date_prevue, item.montant_prevu, covered, late)
        )
    return rows


def check_period(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError("periode_fin", "Fin de période : elle précède le début de la période.")
