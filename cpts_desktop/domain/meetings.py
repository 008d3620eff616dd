"""The rules of a meeting: délai de convocation, quorum, majorities, proxies. Pure functions, so the
GUI, the CLI and the tests share one definition of each."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from cpts_desktop.domain.enums import Majority
from cpts_desktop.domain.errors import ValidationError


def convocation_deadline(meeting_day: date, delay_days: int) -> date:
    """The last day the convocations may be sent: ``delay_days`` full days before the meeting."""
    return meeting_day - timedelta(days=delay_days)


def quorum_needed(required: Fraction, entitled: int) -> int:
    """How many members present or represented the quorum asks for (0 when the statutes set none)."""
    if required <= 0:
        return 0
    needed = required * entitled
    return int(needed) if needed.denominator == 1 else int(needed) + 1


def quorum_reached(required: Fraction, present_or_represented: int, entitled: int) -> bool:
    return present_or_represented >= quorum_needed(required, entitled)


def check_votes(pour: int, contre: int, abstentions: int, voters: int) -> None:
    """The counts must be whole, non-negative, and not exceed the members present and represented."""
    if min(pour, contre, abstentions) < 0:
        raise ValidationError("votes", "Votes : les nombres ne peuvent pas être négatifs.")
    total = pour + contre + abstentions
    if total > voters:
        raise ValidationError(
            "votes", f"Votes : {total} voix décomptées pour {voters} membres présents ou représentés."
        )


def adopted(rule: Majority, pour: int, contre: int, abstentions: int) -> bool:
    """Whether a résolution passes.

    - majorité simple: more « pour » than « contre »; abstentions are not counted; a tie is rejected;
    - majorité absolue: more than half of all the votes taken part in, abstentions included;
    - majorité des deux tiers: at least two thirds of the votes cast (pour + contre).
    """
    cast = pour + contre
    if rule is Majority.SIMPLE:
        return pour > contre
    if rule is Majority.ABSOLUTE:
        return 2 * pour > cast + abstentions
    return cast > 0 and 3 * pour >= 2 * cast
