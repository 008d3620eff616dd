from dataclasses import replace
from datetime import date, timedelta

from cpts_desktop.domain.enums import AuditAction, BoardRole, MemberKind, PaymentMethod
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services.audit import entries
from cpts_desktop.services.board import add_mandate, end_mandate
from cpts_desktop.services.cotisations import add_payment, cancel_payment
from cpts_desktop.services.members import create_member, get_member, update_member


def test_changes_are_logged_with_who_and_before_after(database, monkeypatch):
    monkeypatch.setenv("CPTS_USER", "Secrétariat")
    member = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Lefèvre", prenom="Anaïs"))
    record = get_member(database, member)
    update_member(database, member, record.version, replace(record.data, nom="Lefèvre-Martin", telephone="0612345678"))
    payment = add_payment(database, member, "30", date(2026, 2, 1), PaymentMethod.CHEQUE)
    cancel_payment(database, payment.id, date(2026, 2, 2))
    mandate = add_mandate(database, member, BoardRole.TREASURER, date(2026, 1, 1))
    end_mandate(database, mandate, date.today() - timedelta(days=1))

    lines = list(reversed(entries(database)))
    assert {line.user for line in lines} == {"Secrétariat"}
    assert [(line.action, line.table) for line in lines] == [
        (AuditAction.CREATE, "members"),
        (AuditAction.UPDATE, "members"),
        (AuditAction.CREATE, "payments"),
        (AuditAction.CREATE, "payments"),
        (AuditAction.CREATE, "mandates"),
        (AuditAction.UPDATE, "mandates"),
    ]
    update = lines[1].summary
    assert "nom : Lefèvre → Lefèvre-Martin" in update and "telephone : ∅ → 06 12 34 56 78" in update
    assert "montant : -30.00" in lines[3].summary
    assert entries(database, table="mandates")[0].summary.startswith("date_fin : ∅ → ")
    assert entries(database, since=date.today() + timedelta(days=1)) == []
    assert entries(database, until=date.today() - timedelta(days=1)) == []
    assert len(entries(database, since=date.today(), until=date.today())) == len(lines)
