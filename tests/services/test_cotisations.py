from datetime import date
from decimal import Decimal

import pytest

from cpts_desktop.domain.enums import MemberKind, PaymentMethod
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services.cotisations import (
    add_payment,
    cancel_payment,
    fees,
    member_payments,
    parse_amount,
    set_fee,
    unpaid_members,
)
from cpts_desktop.services.members import create_member, list_rows


@pytest.fixture
def member_id(database):
    set_fee(database, 2026, Decimal("30"))
    return create_member(
        database, MemberData(kind=MemberKind.PERSON, nom="Garçon", prenom="Loïc", profession_code="70")
    )


def test_bareme_defaults_and_categories(database):
    lines = set_fee(database, 2026, Decimal("30"))
    assert [(x.categorie, x.montant) for x in lines] == [
        ("Professionnel de santé", Decimal("30.00")),
        ("Structure", Decimal("30.00")),
    ]
    set_fee(database, 2026, Decimal("100"), "Structure")
    set_fee(database, 2026, Decimal("10"), "Étudiant / retraité")
    assert {x.categorie: x.montant for x in fees(database, 2026)} == {
        "Professionnel de santé": Decimal("30.00"),
        "Structure": Decimal("100.00"),
        "Étudiant / retraité": Decimal("10.00"),
    }


def test_amounts_are_parsed_the_french_way():
    assert parse_amount("1 234,50 €") == Decimal("1234.50")
    assert parse_amount("30") == Decimal("30.00")
    for bad in ("-5", "trente", "1,234"):
        with pytest.raises(ValidationError):
            parse_amount(bad)


def test_partial_payments_add_up_and_receipts_are_sequential(database, member_id):
    first = add_payment(database, member_id, "15", date(2026, 2, 1), PaymentMethod.CHEQUE, "chq 1")
    assert first.numero_recu == "2026-0001"
    assert not list_rows(database, 2026)[0].up_to_date
    assert [r.id for r in unpaid_members(database, 2026)] == [member_id]
    second = add_payment(database, member_id, "15,00", date(2026, 3, 1), PaymentMethod.TRANSFER)
    assert second.numero_recu == "2026-0002"
    assert list_rows(database, 2026)[0].up_to_date
    assert unpaid_members(database, 2026) == []
    assert add_payment(database, member_id, "30", date(2027, 1, 5), PaymentMethod.CARD).numero_recu == "2027-0001"


def test_cancelling_keeps_history_and_never_reuses_numbers(database, member_id):
    paid = add_payment(database, member_id, "30", date(2026, 2, 1), PaymentMethod.CHEQUE)
    cancel_payment(database, paid.id, date(2026, 2, 2), "chèque sans provision")
    history = member_payments(database, member_id)
    assert len(history) == 2
    assert {h.montant for h in history} == {Decimal("30.00"), Decimal("-30.00")}
    assert next(h for h in history if h.id == paid.id).annulee
    assert not list_rows(database, 2026)[0].up_to_date
    with pytest.raises(CptsError, match="déjà annulé"):
        cancel_payment(database, paid.id, date(2026, 2, 3))
    assert add_payment(database, member_id, "30", date(2026, 2, 5), PaymentMethod.CASH).numero_recu == "2026-0002"
