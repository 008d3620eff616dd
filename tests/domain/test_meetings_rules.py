from datetime import date
from fractions import Fraction

import pytest

from cpts_desktop.domain.enums import Majority, MeetingType
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.meetings import (
    BOARD_QUORUM,
    adopted,
    check_votes,
    convocation_days,
    convocation_deadline,
    majority_for,
    quorum_needed,
    quorum_of,
    quorum_reached,
    required_quorum,
    unanimous,
)
from cpts_desktop.domain.statutes import GovernanceParameters


def test_deadline():
    assert convocation_deadline(date(2027, 3, 20), 15) == date(2027, 3, 5)


@pytest.mark.parametrize(
    ("required", "entitled", "needed"),
    [
        (Fraction(0), 120, 0),
        (Fraction(1, 4), 120, 30),
        (Fraction(1, 4), 121, 31),
        (Fraction(1, 2), 7, 4),
        (Fraction(2, 3), 9, 6),
    ],
)
def test_quorum_needed(required, entitled, needed):
    assert quorum_needed(required, entitled) == needed
    assert quorum_reached(required, needed, entitled)
    assert needed == 0 or not quorum_reached(required, needed - 1, entitled)


@pytest.mark.parametrize(
    ("rule", "pour", "contre", "abstentions", "result"),
    [
        (Majority.SIMPLE, 10, 9, 30, True),
        (Majority.SIMPLE, 10, 10, 0, False),  # tie
        (Majority.SIMPLE, 0, 0, 5, False),
        (Majority.ABSOLUTE, 10, 5, 6, False),  # 10 of 21: abstentions count
        (Majority.ABSOLUTE, 11, 5, 5, True),
        (Majority.ABSOLUTE, 10, 10, 0, False),
        (Majority.TWO_THIRDS, 20, 10, 50, True),  # exactly two thirds of the votes cast
        (Majority.TWO_THIRDS, 19, 10, 0, False),
        (Majority.TWO_THIRDS, 0, 0, 12, False),
    ],
)
def test_majorities(rule, pour, contre, abstentions, result):
    assert adopted(rule, pour, contre, abstentions) is result


def test_votes_cannot_exceed_the_voters():
    check_votes(10, 5, 5, 20)
    with pytest.raises(ValidationError, match="21 voix décomptées pour 20"):
        check_votes(11, 5, 5, 20)
    with pytest.raises(ValidationError, match="négatifs"):
        check_votes(-1, 0, 0, 3)


PARAMETERS = GovernanceParameters(
    quorum_ago=Fraction(1, 4),
    quorum_age=Fraction(1, 2),
    majorite_ago=Majority.ABSOLUTE,
    majorite_age=Majority.TWO_THIRDS,
    delai_convocation_ag_jours=21,
    delai_convocation_ca_jours=8,
)


@pytest.mark.parametrize(
    ("kind", "quorum", "majority", "days"),
    [
        (MeetingType.ORDINARY_GENERAL, Fraction(1, 4), Majority.ABSOLUTE, 21),
        (MeetingType.EXTRAORDINARY_GENERAL, Fraction(1, 2), Majority.TWO_THIRDS, 21),
        (MeetingType.BOARD, BOARD_QUORUM, Majority.SIMPLE, 8),
        (MeetingType.BUREAU, BOARD_QUORUM, Majority.SIMPLE, 8),
        (MeetingType.OTHER, Fraction(0), Majority.SIMPLE, 8),
    ],
)
def test_each_meeting_type_has_its_quorum_majority_and_delay(kind, quorum, majority, days):
    assert required_quorum(kind, PARAMETERS) == quorum
    assert majority_for(kind, PARAMETERS) is majority
    assert convocation_days(kind, PARAMETERS) == days


def test_quorum_of_says_the_rule_and_whether_it_is_reached():
    state = quorum_of(MeetingType.ORDINARY_GENERAL, PARAMETERS, 121, 20, 10)
    assert (state.needed, state.voters, state.reached) == (31, 30, False)
    assert state.rule == "le quart des 121 membres convoqués"
    assert quorum_of(MeetingType.BOARD, PARAMETERS, 9, 4, 1).reached
    other = quorum_of(MeetingType.OTHER, PARAMETERS, 5, 0, 0)
    assert (other.needed, other.rule, other.reached) == (0, "aucun quorum requis", True)


def test_unanimity_needs_every_voter_for():
    assert unanimous(12, 0, 0, 12)
    assert not unanimous(11, 0, 0, 12)
    assert not unanimous(11, 0, 1, 12)
    assert not unanimous(0, 0, 0, 0)  # nobody voted: no unanimity to write in the minutes
