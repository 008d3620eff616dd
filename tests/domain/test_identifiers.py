import pytest

from cpts_desktop.domain.identifiers import is_valid_finess, is_valid_rpps, luhn_check_digit, luhn_is_valid


def test_luhn_known_values():
    assert luhn_is_valid("79927398713")
    assert not luhn_is_valid("79927398710")
    assert not luhn_is_valid("12a4")


@pytest.mark.parametrize("body", ["1000000000", "1098765432", "390001234", "12345678"])
def test_check_digit_makes_valid_numbers(body):
    digit = luhn_check_digit(body)
    assert luhn_is_valid(body + digit)
    wrong = str((int(digit) + 1) % 10)
    assert not luhn_is_valid(body + wrong)


def test_rpps():
    body = "1000000000"
    good = body + luhn_check_digit(body)
    assert is_valid_rpps(good)
    assert not is_valid_rpps(good[:-1])
    assert not is_valid_rpps(good[:-1] + str((int(good[-1]) + 5) % 10))


def test_finess_including_corsica_format():
    body = "39000123"
    assert is_valid_finess(body + luhn_check_digit(body))
    assert is_valid_finess("2A0001234")
    assert not is_valid_finess("2C0001234")
    assert not is_valid_finess("3900012")
