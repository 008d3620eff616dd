from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from cpts_desktop.domain.enums import MemberKind
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.identifiers import is_valid_finess, is_valid_rpps
from cpts_desktop.domain.validators import clean_iban, clean_rna, clean_siret
from cpts_desktop.services.database import describe
from cpts_desktop.services.demo import load_demo
from cpts_desktop.store.models import Association, Member, Payment


def test_demo_fills_a_whole_cpts_and_a_second_load_adds_nothing(database):
    """One test for both (a demo load is the slowest step of the service tests, on each back end)."""
    added = load_demo(database, today=date(2026, 11, 24))
    assert added.communes == 12 and added.colleges == 4
    assert 140 <= added.members <= 160
    assert added.payments > 100
    with database.sessions() as session:
        association = session.scalars(select(Association)).one()
        members = session.scalars(select(Member)).all()
    assert association.nom.startswith("CPTS")
    assert clean_rna(association.rna) == association.rna
    assert clean_siret(association.siret) == association.siret
    assert clean_iban(association.iban) == association.iban
    persons = [m for m in members if m.kind is MemberKind.PERSON]
    structures = [m for m in members if m.kind is MemberKind.STRUCTURE]
    assert len(structures) >= 10
    assert all(m.rpps and is_valid_rpps(m.rpps) for m in persons)
    assert all(m.finess and is_valid_finess(m.finess) for m in structures)
    professions = Counter(m.profession_code for m in persons)
    assert professions["60"] > professions["10"] > professions["50"] > 0  # infirmiers first, as in real CPTS
    assert len({(m.nom, m.prenom) for m in persons}) == len(persons)
    assert all(m.email.endswith("@example.org") for m in members)
    assert all(m.telephone.startswith(("06 39 98", "03 53 01")) for m in members)
    before = describe(database).counts
    again = load_demo(database, today=date(2026, 11, 24))
    assert (again.communes, again.colleges, again.members, again.payments) == (0, 0, 0, 0)
    assert describe(database).counts == before


def test_demo_refuses_a_real_register(database):
    with database.sessions.begin() as session:
        session.add(Association(nom="CPTS de la Vraie Vie"))
    with pytest.raises(CptsError, match="CPTS de la Vraie Vie"):
        load_demo(database)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0


def test_payments_are_decimal_and_match_the_bareme(demo_database):
    with demo_database.sessions() as session:
        amounts = set(session.scalars(select(Payment.montant)))
    assert {str(a) for a in amounts} <= {"30.00", "100.00"}
