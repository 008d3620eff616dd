"""An edge base: the demo CPTS pushed to what recipients' documents must survive.

Long names and addresses, rare letters (Œ ő ễ ß ę Ø ’), amounts up to 12 345 678,90 €, a cancelled
payment, a meeting to come, a draft procès-verbal and some 500 members to convene and remind, so a
mail-merge runs over hundreds of letters. Built on a copy of the demo template in a few seconds.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from cpts_desktop.domain.enums import (
    AttendanceStatus,
    Civility,
    ExpenseCategory,
    FunderType,
    GrantNature,
    GrantStatus,
    MeetingType,
    MemberKind,
    PaymentMethod,
)
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services import grants, indemnities, meetings
from cpts_desktop.services.association import update_association
from cpts_desktop.services.cotisations import add_payment, cancel_payment
from cpts_desktop.services.database import open_database
from cpts_desktop.services.members import insert_checked
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Attendance, College, Mandate, Meeting, Member

NEW_MEMBERS = 440  # with the demo's members: over 500 convened, about 500 reminded
HUGE = Decimal("12345678.90")
LONG_NAME = "Communauté Professionnelle Territoriale de Santé des Vallées de Bourgogne-Franche-Comté et d’Œuilly"
LONG_TOWN = "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson-lès-Œuilly"
LONG_ADDRESS = "Résidence Les Œillets de la Côte-d’Or, bâtiment Ø, escalier ß, 1234 chemin des Grands-Peupliers-Fictifs"
SURNAMES = ("Œuvray-Kovács-Szőke", "Nguyễn-Dąbrowska-Fictive", "Straßburger-Øvergaard", "L’Hôpital-d’Ébène")
FIRST_NAMES = ("Anne-Éléonore", "Ødegård", "Łucja-Bérénice", "Jean-Hervé-Ễ")


@dataclass(frozen=True)
class EdgeBase:
    """The edge database and the records its documents are drawn from."""

    database: Database
    today: date
    member_id: int
    payment_id: int
    cancelled_payment_id: int
    future_meeting_id: int
    draft_meeting_id: int
    grant_id: int


def build_edge_base(template: Path, path: Path, today: date) -> EdgeBase:
    """Copy the demo base to ``path`` and make every record its documents print as long as it gets."""
    shutil.copyfile(template, path)
    database = open_database(str(path))
    update_association(
        database,
        {
            "nom": LONG_NAME,
            "adresse": LONG_ADDRESS,
            "commune": LONG_TOWN,
        },
    )
    _lengthen_board(database)
    ids = _add_members(database, today)
    _convene(database, ids, today)
    member = ids[0]
    payment = add_payment(
        database, member, HUGE, date(today.year, 1, 5), PaymentMethod.TRANSFER, "VIR-PIECE-2026-0001-ŒØß"
    )
    cancelled = add_payment(database, member, Decimal("1234567.89"), date(today.year, 1, 6), PaymentMethod.CHEQUE)
    cancel_payment(database, cancelled.id, date(today.year, 1, 20), "Chèque n° 1234567 sans provision")
    return EdgeBase(
        database,
        today,
        member,
        payment.id,
        cancelled.id,
        _future_meeting(database, today),
        _draft_meeting(database, today),
        _grant(database, member, today),
    )


def _lengthen_board(database: Database) -> None:
    """Board members with the longest names and addresses; the president a woman."""
    with database.sessions.begin() as session:
        holders = session.scalars(select(Member).join(Mandate, Mandate.member_id == Member.id).distinct())
        for index, member in enumerate(holders):
            member.nom = SURNAMES[index % len(SURNAMES)] + ("" if index < len(SURNAMES) else f"-{index}")
            if member.kind is MemberKind.PERSON:
                member.prenom = FIRST_NAMES[index % len(FIRST_NAMES)]
                member.civilite = Civility.MADAME if index % 2 == 0 else Civility.MONSIEUR
            member.adresse, member.commune = LONG_ADDRESS, LONG_TOWN


def _add_members(database: Database, today: date) -> list[int]:
    """Hundreds of members who owe their cotisation, each with a long name and address."""
    with database.sessions.begin() as session:
        college = session.scalars(select(College.id).order_by(College.ordre)).first()
        batch = [
            (
                MemberData(
                    kind=MemberKind.PERSON,
                    nom=f"{SURNAMES[n % len(SURNAMES)]}-{n:03d}",
                    prenom=FIRST_NAMES[n % len(FIRST_NAMES)],
                    civilite=Civility.MADAME if n % 2 else Civility.MONSIEUR,
                    profession_code="60",
                    adresse=LONG_ADDRESS,
                    code_postal="39100",
                    commune=LONG_TOWN,
                    email=f"membre{n}@example.org",
                    college_id=college,
                    date_adhesion=date(today.year - 1, 3, 1),
                ),
                None,
            )
            for n in range(NEW_MEMBERS)
        ]
        return insert_checked(session, batch)


def _convene(database: Database, member_ids: list[int], today: date) -> None:
    """The new members added by hand to the demo's AG to come (they owe their cotisation, so the
    statutes' rule leaves them out): its convocations, two pages a letter, run to over 1 000 pages."""
    with database.sessions.begin() as session:
        meeting = session.scalars(select(Meeting.id).where(Meeting.date_heure > datetime.combine(today, time()))).one()
        session.add_all(Attendance(meeting_id=meeting, member_id=m, convoque=True, manuel=True) for m in member_ids)


def _future_meeting(database: Database, today: date) -> int:
    """A board meeting to come (the demo's own AG to come convenes the 500 members)."""
    day = today + timedelta(days=30)
    return meetings.create_meeting(
        database,
        MeetingType.BOARD,
        datetime(day.year, day.month, day.day, 18, 30),
        f"Salle polyvalente Œ-ß, {LONG_ADDRESS}, {LONG_TOWN}",
        titre="Conseil d’administration extraordinaire de préparation de la modification des statuts",
        agenda=[
            "Modification de l’article 12 des statuts relatif à la composition du conseil d’administration",
            "Questions diverses",
        ],
    )


def _draft_meeting(database: Database, today: date) -> int:
    """A board meeting held last month whose procès-verbal is written but not approved."""
    day = today - timedelta(days=30)
    meeting = meetings.create_meeting(
        database,
        MeetingType.BOARD,
        datetime(day.year, day.month, day.day, 20, 0),
        LONG_ADDRESS,
        agenda=["Budget 2027 de 12 345 678,90 €", "Questions diverses"],
    )
    for recipient in [r for r in meetings.recipients(database, meeting) if r.included][:6]:
        meetings.set_attendance(database, meeting, recipient.member_id, AttendanceStatus.PRESENT)
    meetings.save_minutes(database, meeting, meetings.draft_minutes(database, meeting))
    return meeting


def _grant(database: Database, member: int, today: date) -> int:
    """A grant of 12 345 678,90 € with large expenses, disbursements and a professional's indemnities."""
    year = today.year
    grant = grants.create_grant(
        database,
        grants.GrantData(
            funder="Conseil régional de Bourgogne-Franche-Comté – Direction de la santé et de l’Œuvre sociale",
            nature=GrantNature.PROJECT,
            objet="Déploiement pluriprofessionnel du parcours insuffisance cardiaque sur le territoire d’Œuilly",
            funder_type=FunderType.REGION,
            convention_reference="PIECE-2026-0001-CONVENTION-ŒØ",
            date_signature=date(year, 1, 10),
            periode_debut=date(year, 1, 1),
            periode_fin=date(year, 12, 31),
            montant_demande=HUGE,
            montant_accorde=HUGE,
            statut=GrantStatus.AWARDED,
        ),
    )
    grants.set_budget(database, grant, ExpenseCategory.STAFF, Decimal("9876543.21"))
    grants.add_installment(database, grant, date(year, 2, 1), Decimal("9876543.12"), "Premier versement")
    grants.add_disbursement(database, grant, Decimal("9876543.12"), date(year, 2, 3), "VIR-PIECE-2026-0026-9")
    grants.add_expense(
        database,
        grant,
        Decimal("7654321.98"),
        date(year, 3, 1),
        ExpenseCategory.STAFF,
        "Coordination du parcours – salaires et charges de l’équipe pluriprofessionnelle",
        "Groupement d’employeurs de Bourgogne-Franche-Comté",
        "PIECE-2026-0026-9",
    )
    rate = indemnities.save_rate(
        database, "Réunion pluriprofessionnelle de coordination territoriale", Decimal("95.50")
    )
    for offset in range(3):
        indemnities.add_time(
            database, member, date(year, 2, 5 + offset), rate, Decimal("12.5"), "Concertation – Œ", grant_id=grant
        )
    return grant
