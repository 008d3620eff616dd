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
    assert "Nom : Lefèvre → Lefèvre-Martin" in update and "Téléphone : (vide) → 06 12 34 56 78" in update
    assert "Montant : -30,00" in lines[3].summary and "Mode de paiement : Chèque" in lines[3].summary
    assert "Type d’adhérent : Professionnel de santé ; Nom : Lefèvre ; Prénom : Anaïs" in lines[0].summary
    yesterday = date.today() - timedelta(days=1)
    assert entries(database, table="mandates")[0].summary == f"Date de fin : (vide) → {yesterday:%d/%m/%Y}"
    assert entries(database, since=date.today() + timedelta(days=1)) == []
    assert entries(database, until=date.today() - timedelta(days=1)) == []
    assert len(entries(database, since=date.today(), until=date.today())) == len(lines)


def test_every_journalled_field_has_a_french_label():
    """A new column must get its line in resources/field_labels.csv, or the journal would show its name."""
    from sqlalchemy import inspect

    from cpts_desktop.domain.labels import has_label, record_label
    from cpts_desktop.services.audit import AUDITED, IGNORED

    missing = [
        f"{model.__tablename__}.{attribute.key}"
        for model in AUDITED
        for attribute in inspect(model).column_attrs
        if attribute.key not in IGNORED and not has_label(model.__tablename__, attribute.key)
    ]
    assert missing == []
    assert [model.__tablename__ for model in AUDITED if record_label(model.__tablename__) == model.__tablename__] == []


def test_scrubbing_a_record_keeps_which_fields_changed_not_the_values(database):
    from cpts_desktop.services.audit import creation_summary, scrub_record
    from cpts_desktop.store.models import Member

    notes = "Rappeler lundi ; Nom : Zébulon ; Email : faux@example.org"
    member = create_member(database, MemberData(kind=MemberKind.PERSON, nom="Lefèvre", prenom="Anaïs", notes=notes))
    record = get_member(database, member)
    update_member(database, member, record.version, replace(record.data, email="anais.lefevre@example.org"))
    with database.sessions.begin() as session:
        assert scrub_record(session, Member, member) == 2
    creation, update = reversed([line.summary for line in entries(database) if line.record_id == member])
    assert creation == (
        f"N° : {member} ; Type d’adhérent : (anonymisé) ; Nom : (anonymisé) ; Prénom : (anonymisé) ; "
        "Statut : (anonymisé) ; Notes : (anonymisé)"
    )
    assert update == "Email : (anonymisé)"
    # the importer's bulk path hands its values in another order: summaries follow the columns' all the same
    bulk = creation_summary(Member, {"prenom": "Léa", "nom": "Dupont", "id": 7})
    assert bulk == "N° : 7 ; Nom : Dupont ; Prénom : Léa"
