from datetime import date, datetime
from decimal import Decimal

import pytest

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.identifiers import luhn_check_digit
from cpts_desktop.domain.validators import (
    clean_adeli,
    clean_amount,
    clean_date,
    clean_email,
    clean_finess,
    clean_phone,
    clean_postal_code,
    clean_rpps,
    clean_siret,
    clean_text,
)

VALID_RPPS = "10000000009"
VALID_FINESS = "39000123" + luhn_check_digit("39000123")


@pytest.mark.parametrize("value", [VALID_RPPS, "100 0000 0009", " 10000000009 "])
def test_valid_rpps(value):
    assert clean_rpps(value) == VALID_RPPS


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10000000008", "clé de contrôle"),
        ("1000000000", "11 chiffres"),
        ("1000000000A", "11 chiffres"),
        ("", "11 chiffres"),
    ],
)
def test_invalid_rpps(value, message):
    with pytest.raises(ValidationError, match=message) as error:
        clean_rpps(value)
    assert error.value.field == "RPPS"
    assert error.value.message.startswith("RPPS :")


def test_finess():
    assert clean_finess(VALID_FINESS) == VALID_FINESS
    assert clean_finess("2a 000 1234") == "2A0001234"
    wrong = VALID_FINESS[:-1] + str((int(VALID_FINESS[-1]) + 1) % 10)
    with pytest.raises(ValidationError, match="clé de contrôle"):
        clean_finess(wrong)
    with pytest.raises(ValidationError, match="9 caractères"):
        clean_finess("12345")


def test_siret_and_siren():
    assert clean_siret("732 829 320 00074") == "73282932000074"
    assert clean_siret("732829320") == "732829320"
    with pytest.raises(ValidationError, match="pas un numéro valide"):
        clean_siret("73282932000075")
    with pytest.raises(ValidationError, match="14 chiffres"):
        clean_siret("1234")


def test_adeli_format():
    assert clean_adeli("39 123 4567") == "391234567"
    with pytest.raises(ValidationError, match="9 chiffres"):
        clean_adeli("12345")


@pytest.mark.parametrize("value", ["anais.lefevre@example.org", "Jean-Noel@Example.ORG", "a+b@sub.example.fr"])
def test_valid_email(value):
    assert "@" in clean_email(value)


@pytest.mark.parametrize("value", ["paul@example", "sans-arobase.example.org", "a@@b.fr", "a b@c.fr", "a..b@c.fr"])
def test_invalid_email(value):
    with pytest.raises(ValidationError, match="adresse électronique"):
        clean_email(value)


def test_postal_code():
    assert clean_postal_code("39570") == "39570"
    assert clean_postal_code("1000") == "01000"
    assert clean_postal_code("20 000") == "20000"
    for bad in ("395", "ABCDE", "00123", "99999"):
        with pytest.raises(ValidationError, match="code postal"):
            clean_postal_code(bad)


@pytest.mark.parametrize(
    "value",
    [
        "06 12 34 56 78",
        "0612345678",
        "+33 6 12 34 56 78",
        "0033612345678",
        "06.12.34.56.78",
        "612345678",
        "+33 (0)6 12 34 56 78",
    ],
)
def test_phone_is_normalised(value):
    assert clean_phone(value) == "06 12 34 56 78"


@pytest.mark.parametrize("value", ["01 23", "+44 20 7946 0000", "06123456789", "téléphone"])
def test_invalid_phone(value):
    with pytest.raises(ValidationError, match="numéro français"):
        clean_phone(value)


def test_dates():
    assert clean_date("20/03/2027") == date(2027, 3, 20)
    assert clean_date("2027-03-20") == date(2027, 3, 20)
    assert clean_date("1/2/2024") == date(2024, 2, 1)
    assert clean_date(datetime(2024, 5, 6, 0, 0)) == date(2024, 5, 6)
    assert clean_date(45000) == date(2023, 3, 15)  # Excel serial number
    for bad in ("31/02/2026", "2026-02-29", "hier", "13/13/2020"):
        with pytest.raises(ValidationError, match="date"):
            clean_date(bad, "Date d’adhésion")


@pytest.mark.parametrize("text", ["0001-01-01", "01/01/1899", "31/12/2101", "1/1/20227", "0000"])
def test_dates_outside_1900_2100_are_refused_in_french(text):
    with pytest.raises(ValidationError) as error:
        clean_date(text, "Date du paiement")
    assert error.value.message.startswith("Date du paiement : « ")


def test_date_bounds_hold_for_date_objects_and_excel_serials():
    assert clean_date("01/01/1900") == date(1900, 1, 1)
    assert clean_date("31/12/2100") == date(2100, 12, 31)
    with pytest.raises(ValidationError, match="de 1900 à 2100"):
        clean_date(date(1, 1, 1))
    with pytest.raises(ValidationError, match="de 1900 à 2100"):
        clean_date(datetime(2500, 6, 1, 12, 0))
    with pytest.raises(ValidationError, match="de 1900 à 2100"):
        clean_date(79_999)  # an Excel serial number in 2119


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50 €", "1234.50"),
        ("30", "30.00"),
        ("+12,5", "12.50"),
        ("9\u202f999\u202f999\u202f999,99", "9999999999.99"),
    ],
)
def test_amounts_typed_the_french_way(text, expected):
    assert clean_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1e20", "n’est pas un montant"),
        ("1E3", "n’est pas un montant"),
        ("NaN", "n’est pas un montant"),
        ("Infinity", "n’est pas un montant"),
        ("12,345", "plus de deux décimales"),
        ("-5", "positif"),
        ("10000000000", "dépasse le maximum"),
        ("12345678901234567,89", "dépasse le maximum"),
        ("1.234,50", "n’est pas un montant"),
        ("", "n’est pas un montant"),
    ],
)
def test_bad_amounts_are_refused_in_french(text, reason):
    with pytest.raises(ValidationError) as error:
        clean_amount(text, "Montant reçu")
    assert error.value.message.startswith(f"Montant reçu : « {text} »")
    assert reason in error.value.message


def test_amount_values_from_code_obey_the_same_bounds():
    assert clean_amount(Decimal("-3.5"), negative=True) == Decimal("-3.50")
    for value in (Decimal("1E+20"), 10**12, Decimal("sNaN"), Decimal("-Infinity"), Decimal("0.001"), 1.5, True):
        with pytest.raises(ValidationError):
            clean_amount(value, negative=True)


def test_text_keeps_letters_of_any_script_and_refuses_control_characters():
    assert clean_text("  Nguyễn\t  Thị  ", "Nom") == "Nguyễn Thị"
    assert clean_text("مريم 😀 Łukasz", "Nom") == "مريم 😀 Łukasz"
    assert clean_text(" ligne 1\r\nligne 2 ", "Notes", multiline=True) == "ligne 1\nligne 2"
    for bad in ("Du\x00pont", "Du\x01pont", "Du\x7fpont", "Du\x9bpont", "Du\ufffepont"):
        with pytest.raises(ValidationError) as error:
            clean_text(bad, "Nom")
        assert error.value.message.startswith("Nom : la valeur contient un caractère invisible (U+")
        assert "\x00" not in error.value.message
