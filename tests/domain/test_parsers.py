"""The one date-time parser and the one amount parser the forms, the command line and the importer share,
and the identifiers checked by python-stdnum."""

from datetime import datetime
from decimal import Decimal

import pytest
from stdnum import luhn

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.identifiers import luhn_check_digit, luhn_is_valid
from cpts_desktop.domain.validators import clean_amount, clean_bic, clean_datetime

MEETING = datetime(2027, 3, 20, 18, 30)


@pytest.mark.parametrize(
    "text",
    [
        "20/03/2027 18:30",
        "20/03/2027 18h30",
        "20/03/2027 18H30",
        "20/03/2027 18 h 30",
        "20/03/2027 à 18h30",
        " 20/03/2027\u00a0 18:30 ",
        "20.03.27 18:30",
        "2027-03-20T18:30",
        "2027-03-20 18:30",
        "2027-03-20T18:30:00",
    ],
)
def test_every_way_of_writing_a_meeting_moment(text):
    assert clean_datetime(text) == MEETING


def test_a_round_hour_and_a_datetime_from_code():
    assert clean_datetime("20/03/2027 à 9h") == datetime(2027, 3, 20, 9, 0)
    assert clean_datetime(MEETING) is MEETING


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("demain", "« demain » n’est pas une date et une heure (ex. 20/03/2027 18:30)"),
        ("20/03/2027", "n’est pas une date et une heure"),
        ("20/03/2027 18", "n’est pas une date et une heure"),
        ("2027-03-20T18:30:00Z", "n’est pas une date et une heure"),
        ("20/03/2027 24:00", "l’heure n’existe pas"),
        ("20/03/2027 18:60", "l’heure n’existe pas"),
        ("31/02/2027 18:30", "n’est pas une date valide"),
        ("20/03/0027 18:30", "de 1900 à 2100"),
    ],
)
def test_a_moment_refused_in_french(text, reason):
    with pytest.raises(ValidationError) as error:
        clean_datetime(text, "Date et heure")
    assert error.value.message.startswith("Date et heure : ")
    assert reason in error.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50", "1234.50"),
        ("1234.50", "1234.50"),
        ("1 234,50 €", "1234.50"),
        ("1\u202f234,50\u00a0€", "1234.50"),
        ("30 EUR", "30.00"),
    ],
)
def test_every_way_of_writing_an_amount(text, expected):
    assert clean_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1,234", "1.234", "1.234,50", "EUR", "30 USD", "trente"])
def test_an_ambiguous_amount_is_refused(text):
    with pytest.raises(ValidationError):
        clean_amount(text)


def test_luhn_is_stdnum_luhn_on_ascii_digits():
    for number in ("79927398713", "10000000009", "390001234", "0"):
        assert luhn_is_valid(number) is luhn.is_valid(number)
    assert not luhn_is_valid("７９９２７３９８７１３")  # full-width digits are not a number we store
    assert not luhn_is_valid("")
    assert luhn_check_digit("7992739871") == "3"
    with pytest.raises(ValueError):
        luhn_check_digit("12a")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("AGRI", "8 ou 11 caractères"),
        ("AGRI12PP", "4 lettres pour la banque, 2 pour le pays, puis 2 ou 5 lettres ou chiffres"),
        ("AGRIQQPP", "« QQ » n’est pas un code de pays"),
    ],
)
def test_bic_refusals_say_why(text, reason):
    with pytest.raises(ValidationError) as error:
        clean_bic(text)
    assert error.value.message == f"BIC : « {text} » n’est pas un BIC ({reason})."


def test_bic_keeps_its_branch():
    assert clean_bic("bnpa-fr-pp xxx") == "BNPAFRPPXXX"
