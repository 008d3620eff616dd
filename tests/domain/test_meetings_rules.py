from datetime import date
from fractions import Fraction

import pytest

from cpts_desktop.domain.enums import Majority
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.meetings import adopted, check_votes, convocation_deadline, quorum_needed, quorum_reached


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
