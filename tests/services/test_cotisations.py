import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event

from cpts_desktop.domain.enums import MemberKind, PaymentMethod
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services.backups import restore
from cpts_desktop.services.cotisations import (
    add_payment,
    cancel_payment,
    fees,
    member_payments,
    next_receipt_number,
    set_fee,
    unpaid_members,
)
from cpts_desktop.services.database import open_database
from cpts_desktop.services.members import create_member, list_rows
from tests.store.test_migrations import old_base


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


def test_a_payment_rolled_back_after_taking_its_number_leaves_no_gap(database, member_id):
    with pytest.raises(RuntimeError), database.sessions.begin() as session:
        assert next_receipt_number(session, 2026) == "2026-0001"
        raise RuntimeError("le disque est plein")  # the payment is never recorded
    assert add_payment(database, member_id, "30", date(2026, 2, 1), PaymentMethod.CASH).numero_recu == "2026-0001"


def test_taking_a_number_reads_one_counter_not_the_payments(database, member_id):
    """Constant time: the year's counter row is moved up; the payments of the year are never read."""
    add_payment(database, member_id, "30", date(2026, 2, 1), PaymentMethod.CASH)
    statements: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with database.sessions.begin() as session:
        assert next_receipt_number(session, 2026) == "2026-0002"
    assert len(statements) == 1 and "payments" not in statements[0].lower()


def _version_0010_base(path: Path, numbers: list[str], floors: dict[int, int]) -> Path:
    """A base as version 0010 left it: payments numbered with the old rule, floors of a restore."""
    old_base(path, "0010")
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executemany(
            "INSERT INTO payments (member_id, annee, montant, date_paiement, mode, numero_recu, version) "
            "VALUES (7, ?, 30, '2025-02-01', 'cheque', ?, 1)",
            [(int(number[:4]), number) for number in numbers],
        )
        connection.executemany("INSERT INTO receipt_floors (annee, dernier_numero) VALUES (?, ?)", floors.items())
    return path


@pytest.mark.sqlite_only
def test_an_upgraded_base_numbers_on_from_its_receipts_and_floors(tmp_path: Path):
    path = _version_0010_base(tmp_path / "v10.sqlite", ["2025-0041", "2025-0007", "2024-0003"], {2024: 12})
    database = open_database(str(path))  # upgraded to the counters
    years = (2025, 2024, 2026)
    numbers = [add_payment(database, 7, "30", date(y, 3, 1), PaymentMethod.CASH).numero_recu for y in years]
    database.close()
    assert numbers == ["2025-0042", "2024-0013", "2026-0001"]


@pytest.mark.sqlite_only
def test_restoring_a_backup_of_an_older_version_never_reissues_a_number(db_path: Path, tmp_path: Path):
    database = open_database(str(db_path))
    member = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Caisse", prenom="Test"))
    issued = [add_payment(database, member, "10", date(2029, 3, 1), PaymentMethod.CASH).numero_recu for _ in range(3)]
    assert issued[-1] == "2029-0003"
    older = _version_0010_base(tmp_path / "ancienne-version.sqlite", ["2029-0001"], {2028: 9})
    restore(older, db_path, folder=tmp_path)  # the base stays open meanwhile
    numbers = [add_payment(database, 7, "10", date(y, 3, 2), PaymentMethod.CASH).numero_recu for y in (2029, 2028)]
    database.close()
    assert numbers == ["2029-0004", "2028-0010"]
