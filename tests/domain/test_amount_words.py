from decimal import Decimal

import pytest

from cpts_desktop.domain.amount_words import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("30", "trente euros"),
        ("1", "un euro"),
        ("0.05", "cinq centimes"),
        ("21", "vingt et un euros"),
        ("71", "soixante et onze euros"),
        ("80", "quatre-vingts euros"),
        ("81", "quatre-vingt-un euros"),
        ("99", "quatre-vingt-dix-neuf euros"),
        ("200", "deux cents euros"),
        ("201", "deux cent un euros"),
        ("1234.50", "mille deux cent trente-quatre euros et cinquante centimes"),
        ("80000", "quatre-vingt mille euros"),
        ("200000", "deux cent mille euros"),
        ("2000000", "deux millions d’euros"),
        ("300.01", "trois cents euros et un centime"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words
