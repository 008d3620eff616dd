"""A fictional CPTS to discover the application: identity, territory, collèges, members, cotisations.

Every name is drawn from lists of first and last names at random with a fixed seed, so the same
members come back each time; records are matched on their natural key (code INSEE, collège name,
RPPS, FINESS, member and year), so loading twice adds nothing. Phone numbers use the ranges ARCEP
reserves for works of fiction; e-mail addresses use reserved example domains.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import (
    AttendanceStatus,
    BoardRole,
    Civility,
    ConvocationChannel,
    MeetingType,
    MemberKind,
    MemberStatus,
    PaymentMethod,
    PracticeMode,
    ResolutionLink,
    StatutesKind,
    StructureType,
)
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.identifiers import luhn_check_digit
from cpts_desktop.domain.text import search_key
from cpts_desktop.services.cotisations import next_receipt_number
from cpts_desktop.services.demo_finance import load_finance_demo
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Association, College, Commune, CotisationRate, Mandate, Member, Payment

SEED = 20210315
DEPARTEMENT = "39"


@dataclass(frozen=True)
class DemoResult:
    """How many rows the load added (all zero when the demo was already there)."""

    communes: int
    colleges: int
    members: int
    payments: int


def load_demo(database: Database, today: date | None = None) -> DemoResult:
    """Fill ``database`` with the fictional CPTS, in one transaction.

    Refused when the database already holds another association: demo members must never mix with
    a real register.
    """
    today = today or date.today()
    data = json.loads(resource("demo.json").read_text(encoding="utf-8"))
    with database.sessions.begin() as session:
        _ensure_association(session, data["association"])
        communes, new_communes = _ensure_communes(session, data["communes"])
        colleges, new_colleges = _ensure_colleges(session, data["colleges"])
        rates = _ensure_rates(session, data["rates"], today.year)
        members, new_members = _ensure_members(session, data, communes, colleges, today)
        new_payments = _ensure_payments(session, members, rates, today)
        _ensure_board(session, members, colleges, today)
    _ensure_statutes(database, today)
    _ensure_meetings(database, today)
    load_finance_demo(database, today)
    return DemoResult(new_communes, new_colleges, new_members, new_payments)


def _ensure_association(session: Session, identity: dict[str, str]) -> None:
    existing = session.scalars(select(Association)).first()
    if existing is not None:
        if existing.nom != identity["nom"]:
            raise CptsError(
                f"Cette base contient déjà l’association « {existing.nom} » : les données de démonstration "
                "ne se chargent que dans une base vide. Créez une nouvelle base pour les découvrir."
            )
        return
    siren = identity["siren"]
    session.add(
        Association(
            nom=identity["nom"],
            sigle=identity["sigle"],
            objet=identity["objet"],
            adresse=identity["adresse"],
            code_postal=identity["code_postal"],
            commune=identity["commune"],
            rna=identity["rna"],
            siret=_siret(siren),
            prefecture=identity["prefecture"],
            date_declaration=date.fromisoformat(identity["date_declaration"]),
            date_publication_joafe=date.fromisoformat(identity["date_publication_joafe"]),
            email=identity["email"],
            telephone=identity["telephone"],
            site_web=identity["site_web"],
            iban=identity["iban"],
            bic=identity["bic"],
        )
    )


def _siret(siren: str) -> str:
    body = siren + "0001"
    return body + luhn_check_digit(body)


def _ensure_communes(session: Session, rows: list[list[Any]]) -> tuple[list[Commune], int]:
    existing = {c.code_insee: c for c in session.scalars(select(Commune))}
    added = 0
    for code, nom, postal, population in rows:
        if code not in existing:
            existing[code] = Commune(code_insee=code, nom=nom, codes_postaux=postal, population=population)
            session.add(existing[code])
            added += 1
    return [existing[row[0]] for row in rows], added


def _ensure_colleges(session: Session, rows: list[list[Any]]) -> tuple[list[College], int]:
    existing = {c.nom: c for c in session.scalars(select(College))}
    added = 0
    for order, (nom, description, seats) in enumerate(rows, start=1):
        if nom not in existing:
            existing[nom] = College(nom=nom, description=description, sieges_ca=seats, ordre=order)
            session.add(existing[nom])
            added += 1
    session.flush()
    return [existing[row[0]] for row in rows], added


def _ensure_rates(session: Session, rows: list[list[str]], year: int) -> dict[tuple[int, MemberKind], Decimal]:
    rates: dict[tuple[int, MemberKind], Decimal] = {}
    for annee in (year - 1, year):
        existing = {r.libelle for r in session.scalars(select(CotisationRate).where(CotisationRate.annee == annee))}
        for libelle, kind, amount in rows:
            rates[(annee, MemberKind(kind))] = Decimal(amount)
            if libelle not in existing:
                session.add(
                    CotisationRate(annee=annee, libelle=libelle, member_kind=MemberKind(kind), montant=Decimal(amount))
                )
    return rates


def _ensure_members(
    session: Session,
    data: dict[str, Any],
    communes: list[Commune],
    colleges: list[College],
    today: date,
) -> tuple[list[Member], int]:
    rng = random.Random(SEED)
    wanted = _people(rng, data, communes, colleges, today) + _structures(rng, data, communes, colleges, today)
    by_rpps = {m.rpps: m for m in session.scalars(select(Member).where(Member.rpps.is_not(None)))}
    by_finess = {m.finess: m for m in session.scalars(select(Member).where(Member.finess.is_not(None)))}
    members, added = [], 0
    for member in wanted:
        found = by_rpps.get(member.rpps) if member.rpps else by_finess.get(member.finess)
        if found is None:
            session.add(member)
            found = member
            added += 1
        members.append(found)
    session.flush()
    return members, added


def _people(
    rng: random.Random, data: dict[str, Any], communes: list[Commune], colleges: list[College], today: date
) -> list[Member]:
    people: list[Member] = []
    used: set[tuple[str, str]] = set()
    for code, count, share_women, _ in data["professions"]:
        for _ in range(count):
            woman = rng.random() < share_women
            prenom, nom = _unused_name(rng, data["first_names_f"] if woman else data["first_names_m"], data, used)
            commune = rng.choice(communes)
            mode = rng.choices(list(PracticeMode), weights=(80, 10, 10))[0]
            status, left = _status(rng, today)
            joined = _joined(rng, today)
            if left is not None and left <= joined:
                joined, left = left, joined
            member = Member(
                kind=MemberKind.PERSON,
                civilite=Civility.MADAME if woman else Civility.MONSIEUR,
                nom=nom,
                prenom=prenom,
                profession_code=code,
                specialite=rng.choice(data["specialites"]) if code == "10" else None,
                rpps=_rpps(rng),
                mode_exercice=mode,
                email=f"{_mail_part(prenom)}.{_mail_part(nom)}@example.org",
                telephone=f"06 39 98 {rng.randrange(100):02d} {rng.randrange(100):02d}",
                college_id=colleges[2 if mode is PracticeMode.SALARIED else 0].id,
                date_adhesion=joined,
                date_sortie=left,
                statut=status,
                rgpd_consentement=joined if rng.random() < 0.9 else None,
            )
            _address(rng, data, member, commune)
            people.append(member)
    return people


def _unused_name(
    rng: random.Random, first_names: list[str], data: dict[str, Any], used: set[tuple[str, str]]
) -> tuple[str, str]:
    """A first and last name not given yet, so that no two demo members look like duplicates."""
    while True:
        pair = (rng.choice(first_names), rng.choice(data["last_names"]))
        if pair not in used:
            used.add(pair)
            return pair


def _structures(
    rng: random.Random, data: dict[str, Any], communes: list[Commune], colleges: list[College], today: date
) -> list[Member]:
    structures = []
    for nom, kind, college_number in data["structures"]:
        commune = rng.choice(communes)
        member = Member(
            kind=MemberKind.STRUCTURE,
            nom=nom,
            structure_type=StructureType(kind),
            finess=_finess(rng),
            email=f"contact.{_mail_part(nom)[:30]}@example.org",
            telephone=f"03 53 01 {rng.randrange(100):02d} {rng.randrange(100):02d}",
            college_id=colleges[college_number - 1].id,
            date_adhesion=_joined(rng, today),
            statut=MemberStatus.ACTIVE,
        )
        _address(rng, data, member, commune)
        structures.append(member)
    return structures


def _address(rng: random.Random, data: dict[str, Any], member: Member, commune: Commune) -> None:
    member.adresse = f"{rng.randint(1, 120)} {rng.choice(data['streets'])}"
    member.code_postal = commune.codes_postaux
    member.commune = commune.nom
    member.commune_id = commune.id
    member.search_key = search_key(member.nom, member.prenom, member.email, member.rpps, member.finess, commune.nom)


def _status(rng: random.Random, today: date) -> tuple[MemberStatus, date | None]:
    draw = rng.random()
    if draw < 0.04:
        return MemberStatus.RESIGNED, today - timedelta(days=rng.randint(30, 400))
    if draw < 0.05:
        return MemberStatus.STRUCK_OFF, today - timedelta(days=rng.randint(30, 400))
    return MemberStatus.ACTIVE, None


def _joined(rng: random.Random, today: date) -> date:
    start = date(2021, 3, 15)
    return start + timedelta(days=rng.randint(0, max(0, (today - start).days - 30)))


def _rpps(rng: random.Random) -> str:
    body = "10" + "".join(str(rng.randrange(10)) for _ in range(8))
    return body + luhn_check_digit(body)


def _finess(rng: random.Random) -> str:
    body = DEPARTEMENT + "".join(str(rng.randrange(10)) for _ in range(6))
    return body + luhn_check_digit(body)


def _mail_part(text: str) -> str:
    return "".join(c for c in search_key(text).replace(" ", "-") if c.isalnum() or c == "-")


def _ensure_payments(
    session: Session, members: list[Member], rates: dict[tuple[int, MemberKind], Decimal], today: date
) -> int:
    """Two years of cotisations, numbered in date order as a treasurer would have issued the receipts."""
    rng = random.Random(SEED + 1)
    paid = {tuple(row) for row in session.execute(select(Payment.member_id, Payment.annee))}
    planned: list[Payment] = []
    for member in members:
        for annee, share in ((today.year - 1, 0.85), (today.year, 0.7)):
            pays = rng.random() < share
            day = date(annee, 1, 15) + timedelta(days=rng.randint(0, 150))
            method = rng.choice((PaymentMethod.CHEQUE, PaymentMethod.TRANSFER, PaymentMethod.TRANSFER))
            if not pays or member.statut is not MemberStatus.ACTIVE or day > today:
                continue
            if member.date_adhesion and member.date_adhesion.year > annee:
                continue
            if (member.id, annee) in paid:
                continue
            planned.append(
                Payment(
                    member_id=member.id,
                    annee=annee,
                    montant=rates[(annee, member.kind)],
                    date_paiement=day,
                    mode=method,
                )
            )
    for payment in sorted(planned, key=lambda p: (p.annee, p.date_paiement, p.member_id)):
        payment.numero_recu = next_receipt_number(session, payment.annee)
        session.add(payment)
        session.flush()
    return len(planned)


BOARD = (
    (BoardRole.PRESIDENT, 0),
    (BoardRole.VICE_PRESIDENT, 0),
    (BoardRole.SECRETARY, 0),
    (BoardRole.TREASURER, 0),
    (BoardRole.DIRECTOR, 0),
    (BoardRole.DIRECTOR, 0),
    (BoardRole.DIRECTOR, 1),
    (BoardRole.DIRECTOR, 1),
    (BoardRole.DIRECTOR, 2),
    (BoardRole.DIRECTOR, 3),
)


# the natural persons the structures on the board designate (fictional), by type of structure, and
# one director's nationality
REPRESENTATIVES = {
    StructureType.USERS_ASSOCIATION: [(Civility.MADAME, "Hélène", "Marchand", "présidente")],
    StructureType.MSP: [
        (Civility.MONSIEUR, "Julien", "Roche", "médecin coordinateur"),
        (Civility.MADAME, "Agathe", "Lefèvre", "coordinatrice"),
    ],
}
OTHER_NATIONALITY = (1, "belge")


def _ensure_board(session: Session, members: list[Member], colleges: list[College], today: date) -> None:
    """A complete board elected at the last renewal, one administrator's mandate ending within weeks;
    each director's nationalité filled and each structure's representative named, as the préfecture asks."""
    if session.scalars(select(Mandate.id)).first() is not None:
        return
    elected = date(today.year - 1, 6, 15)
    taken: set[int] = set()
    representatives: dict[StructureType | None, list[tuple[Civility, str, str, str]]] = {
        kind: list(people) for kind, people in REPRESENTATIVES.items()
    }
    for index, (role, college_index) in enumerate(BOARD):
        college = colleges[college_index]
        member = next(
            m for m in members if m.college_id == college.id and m.statut is MemberStatus.ACTIVE and m.id not in taken
        )
        taken.add(member.id)
        end = today + timedelta(days=40) if index == len(BOARD) - 1 else date(elected.year + 3, 6, 14)
        mandate = Mandate(member_id=member.id, role=role, college_id=college.id, date_debut=elected, date_fin=end)
        member.nationalite = OTHER_NATIONALITY[1] if index == OTHER_NATIONALITY[0] else "française"
        if member.kind is MemberKind.STRUCTURE:
            people = representatives.get(member.structure_type) or [(Civility.MADAME, "Claire", "Morel", "directrice")]
            civilite, prenom, nom, fonction = people.pop(0)
            mandate.representant_civilite, mandate.representant_prenom = civilite, prenom
            mandate.representant_nom, mandate.representant_fonction = nom, fonction
        session.add(mandate)


def _ensure_statutes(database: Database, today: date) -> None:
    """Statutes in two versions (the second adopted and declared) and a règlement intérieur."""
    from cpts_desktop.domain.statutes import Article
    from cpts_desktop.services import statutes

    if statutes.list_versions(database):
        return
    first = statutes.create_from_template(database, StatutesKind.STATUTES)
    statutes.adopt(database, first, date(2021, 3, 1))
    statutes.declare(database, first, date(2021, 3, 15))
    second = statutes.new_draft(database, StatutesKind.STATUTES)
    detail = statutes.get_version(database, second)
    articles = [
        Article(a.numero, a.titre, a.texte.replace("au moins trois fois par an", "au moins quatre fois par an"))
        for a in detail.articles
    ]
    parameters = replace(detail.parameters, delai_convocation_ag_jours=21, pouvoirs_max=3)
    statutes.save_draft(database, second, detail.version, articles, parameters)
    adopted = date(today.year - 1, 6, 15)
    statutes.adopt(database, second, adopted)
    statutes.declare(database, second, adopted + timedelta(days=20))
    rules = statutes.create_from_template(database, StatutesKind.INTERNAL_RULES)
    statutes.adopt(database, rules, date(2021, 3, 1))


def _ensure_meetings(database: Database, today: date) -> None:
    """A past AG with attendance, pouvoirs, votes and an approved PV; a past CA; an AG to convene."""
    from cpts_desktop.services import meetings
    from cpts_desktop.services.board import current_board

    if meetings.list_meetings(database):
        return
    year = today.year if today >= date(today.year, 7, 1) else today.year - 1
    ag = meetings.create_meeting(
        database,
        MeetingType.ORDINARY_GENERAL,
        datetime(year, 6, 20, 18, 30),
        "Salle des fêtes, 2 place de la Mairie, Montvallon",
        agenda=[
            "Rapport moral du président",
            "Rapport financier et approbation des comptes",
            "Montant de la cotisation",
            "Questions diverses",
        ],
    )
    convened = [r for r in meetings.recipients(database, ag) if r.included]
    meetings.record_convocation(database, ag, date(year, 5, 25), ConvocationChannel.EMAIL)
    # a few calls of several members each: every call reads the list of the convened
    present = convened[: len(convened) * 2 // 5]
    meetings.set_attendances(database, ag, [r.member_id for r in present], AttendanceStatus.PRESENT)
    givers = convened[len(present) : len(present) + 10]
    for index, recipient in enumerate(givers):
        meetings.set_attendance(
            database, ag, recipient.member_id, AttendanceStatus.REPRESENTED, present[index % len(present)].member_id
        )
    excused = convened[len(present) + len(givers) :: 3]
    meetings.set_attendances(database, ag, [r.member_id for r in excused], AttendanceStatus.EXCUSED)
    detail = meetings.get_meeting(database, ag)
    voters = len(present) + len(givers)
    texts = (
        "L’assemblée générale approuve le rapport moral du président.",
        "L’assemblée générale approuve les comptes de l’exercice écoulé et donne quitus au trésorier.",
        "L’assemblée générale maintient la cotisation à 30 € pour les professionnels et 100 € pour les structures.",
    )
    for item, text, votes in zip(
        detail.agenda, texts, ((voters, 0, 0), (voters - 3, 1, 2), (voters - 6, 4, 2)), strict=False
    ):
        resolution = meetings.add_resolution(
            database, item.id, text, ResolutionLink.ACCOUNTS if "comptes" in text else ResolutionLink.NONE
        )
        meetings.record_vote(database, resolution, *votes, unanimous=votes == (voters, 0, 0))
    officers = {m.role: m.member_id for m in current_board(database, date(year, 6, 20))}
    meetings.set_session_officers(
        database, ag, officers.get(BoardRole.PRESIDENT), officers.get(BoardRole.SECRETARY), "20:40"
    )
    meetings.save_minutes(database, ag, meetings.draft_minutes(database, ag))
    meetings.approve_minutes(database, ag, date(year, 9, 10))

    ca = meetings.create_meeting(
        database,
        MeetingType.BOARD,
        datetime(year, 9, 10, 20, 0),
        "Maison de santé des Tilleuls",
        agenda=["Approbation du procès-verbal de l’assemblée générale", "Plan d’action prévention"],
    )
    meetings.record_convocation(database, ca, date(year, 8, 30), ConvocationChannel.EMAIL)
    board_present = [r.member_id for r in meetings.recipients(database, ca) if r.included][:7]
    meetings.set_attendances(database, ca, board_present, AttendanceStatus.PRESENT)
    upcoming = today + timedelta(days=25)
    meetings.create_meeting(
        database,
        MeetingType.ORDINARY_GENERAL,
        datetime(upcoming.year, upcoming.month, upcoming.day, 18, 30),
        "Salle des fêtes, 2 place de la Mairie, Montvallon",
        titre="Assemblée générale ordinaire de fin d’année",
        agenda=[
            "Bilan des actions de l’année",
            "Budget prévisionnel",
            "Élection des administrateurs",
            "Questions diverses",
        ],
    )
