from datetime import date
from decimal import Decimal

import pytest

from cpts_desktop.domain.enums import IndicatorMode
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.grants import (
    IndicatorResult,
    add_months,
    check_period,
    consumption_rate,
    financial_report_due,
    variable_earned,
)


@pytest.mark.parametrize(
    ("end", "due"),
    [
        (date(2026, 12, 31), date(2027, 6, 30)),  # exercice 2026 closes on 31 December → 30 June 2027
        (date(2026, 3, 31), date(2027, 6, 30)),  # a period ending during the exercice: still its closing
        (date(2025, 6, 30), date(2026, 6, 30)),
    ],
)
def test_compte_rendu_is_due_six_months_after_the_exercice(end: date, due: date) -> None:
    assert financial_report_due(end) == due


def test_compte_rendu_follows_an_exercice_closing_in_june() -> None:
    assert financial_report_due(date(2026, 5, 31), exercice_end=(6, 30)) == date(2026, 12, 30)
    assert financial_report_due(date(2026, 9, 30), exercice_end=(6, 30)) == date(2027, 12, 30)


def test_add_months_keeps_the_last_day_of_short_months() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_consumption_rate() -> None:
    assert consumption_rate(Decimal("7500"), Decimal("15000")) == Decimal("50.0")
    assert consumption_rate(Decimal("1"), Decimal("3")) == Decimal("33.3")
    assert consumption_rate(Decimal("10"), None) is None


@pytest.mark.parametrize(
    ("achieved", "earned"),
    [
        (None, "0.00"),
        (Decimal(0), "0.00"),
        (Decimal(30), "6000.00"),
        (Decimal(60), "12000.00"),
        (Decimal(90), "12000.00"),
    ],
)
def test_variable_part_is_proportional_and_capped(achieved: Decimal | None, earned: str) -> None:
    assert variable_earned(Decimal(12000), [IndicatorResult(Decimal(60), achieved)]) == Decimal(earned)


def test_variable_part_weights_and_threshold() -> None:
    indicators = [
        IndicatorResult(Decimal(100), Decimal(100), Decimal(3)),  # reached, weight 3
        IndicatorResult(Decimal(10), Decimal(9), Decimal(1), IndicatorMode.THRESHOLD),  # 90 %: all or nothing → 0
    ]
    assert variable_earned(Decimal(20000), indicators) == Decimal("15000.00")
    assert variable_earned(Decimal(20000), []) == Decimal("0.00")


def test_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="précède"):
        check_period(date(2026, 5, 1), date(2026, 4, 30))
