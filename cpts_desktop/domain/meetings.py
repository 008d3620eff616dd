"""The rules of a meeting: délai de convocation, quorum, majorities, proxies. Pure functions, so the
GUI, the CLI and the tests share one definition of each: which quorum and which majority a meeting's
type asks under the statutes in force, whether the members present and represented reach it, and
whether a résolution passes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from cpts_desktop.domain.enums import Majority, MeetingType
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.statutes import GovernanceParameters, fraction_words

GENERAL = (MeetingType.ORDINARY_GENERAL, MeetingType.EXTRAORDINARY_GENERAL)
# A bureau deliberates when half of its members take part: the usual rule (the statutes set the CA's).
BOARD_QUORUM = Fraction(1, 2)


@dataclass(frozen=True)
class Quorum:
    """The quorum of a meeting as recorded: who could take part, who did, and whether that suffices."""

    entitled: int
    present: int
    represented: int
    needed: int
    rule: str
    reached: bool

    @property
    def voters(self) -> int:
        """The members who vote: present, or represented by a pouvoir."""
        return self.present + self.represented


def required_quorum(kind: MeetingType, parameters: GovernanceParameters) -> Fraction:
    """The share of the convened members a meeting of ``kind`` needs: the statutes' own for an AGO or
    an AGE or a conseil, half for a bureau, none for another meeting."""
    if kind is MeetingType.ORDINARY_GENERAL:
        return parameters.quorum_ago
    if kind is MeetingType.EXTRAORDINARY_GENERAL:
        return parameters.quorum_age
    if kind is MeetingType.BOARD:
        return parameters.quorum_ca
    return Fraction(0) if kind is MeetingType.OTHER else BOARD_QUORUM


def majority_for(kind: MeetingType, parameters: GovernanceParameters) -> Majority:
    """The majority a résolution of a meeting of ``kind`` needs: the statutes' for an AGO or an AGE,
    a simple one elsewhere."""
    if kind is MeetingType.ORDINARY_GENERAL:
        return parameters.majorite_ago
    if kind is MeetingType.EXTRAORDINARY_GENERAL:
        return parameters.majorite_age
    return Majority.SIMPLE


def convocation_days(kind: MeetingType, parameters: GovernanceParameters) -> int:
    """The délai de convocation, in days: the AG's for an assemblée générale, the CA's otherwise."""
    return parameters.delai_convocation_ag_jours if kind in GENERAL else parameters.delai_convocation_ca_jours


def quorum_of(
    kind: MeetingType, parameters: GovernanceParameters, entitled: int, present: int, represented: int
) -> Quorum:
    """The quorum a meeting of ``kind`` asks of its ``entitled`` convened members, and whether the
    members present and represented reach it."""
    required = required_quorum(kind, parameters)
    needed = quorum_needed(required, entitled)
    rule = "aucun quorum requis" if not needed else f"{fraction_words(required)} des {entitled} membres convoqués"
    return Quorum(entitled, present, represented, needed, rule, present + represented >= needed)


def unanimous(pour: int, contre: int, abstentions: int, voters: int) -> bool:
    """Every voter, one at least, voted for: the procès-verbal then says « à l’unanimité »."""
    return contre == 0 and abstentions == 0 and pour == voters > 0


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
