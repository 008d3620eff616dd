"""Fictional registers at benchmark sizes: the same people each run, as a spreadsheet or in a database.

Names combine the demo's first and last names (double-barrelled past the simple pairs), so every
person is distinct; RPPS numbers pass their check digit; e-mails use the reserved example.org domain;
phones stay in the range ARCEP keeps for works of fiction (06 39 98 …).
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import insert

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import MemberKind, MemberStatus
from cpts_desktop.domain.identifiers import luhn_check_digit
from cpts_desktop.domain.members import MemberData
from cpts_desktop.domain.text import search_key
from cpts_desktop.services.database import open_database
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Member

SEED = 20261124
HEADERS = ["Nom", "Prénom", "Profession", "RPPS", "Email", "Téléphone", "Code postal", "Commune", "Date d'adhésion"]
PROFESSIONS = [
    ("60", "Infirmier"),
    ("10", "Médecin"),
    ("70", "Masseur-kinésithérapeute"),
    ("21", "Pharmacien"),
    ("50", "Sage-femme"),
    ("91", "Orthophoniste"),
]


def _demo() -> dict:
    return json.loads(resource("demo.json").read_text(encoding="utf-8"))


def _names() -> Iterator[tuple[str, str]]:
    """(last name, first name), never twice."""
    demo = _demo()
    firsts = demo["first_names_f"] + demo["first_names_m"]
    lasts = demo["last_names"]
    yield from ((last, first) for last in lasts for first in firsts)
    for one, two in itertools.permutations(lasts, 2):
        for first in firsts:
            yield f"{one}-{two}", first


def _ascii(text: str) -> str:
    return search_key(text).replace(" ", "").replace("'", "").replace("’", "")


def people(count: int) -> list[list[object]]:
    """``count`` spreadsheet rows under ``HEADERS``, in a shuffled but fixed order."""
    rng = random.Random(SEED)
    communes = _demo()["communes"]
    rows = []
    for number, (last, first) in zip(range(count), _names(), strict=False):
        _code, profession = PROFESSIONS[number % len(PROFESSIONS)]
        _insee, commune, postal, _population = communes[number % len(communes)]
        body = f"1{number + 100_000_000:09d}"
        rows.append(
            [
                last,
                first,
                profession,
                body + luhn_check_digit(body),
                f"{_ascii(first)}.{_ascii(last)}.{number}@example.org",
                f"06 39 98 {number // 100 % 100:02d} {number % 100:02d}",
                postal,
                commune,
                date(2020 + number % 6, 1 + number % 12, 1 + number % 28),
            ]
        )
    rng.shuffle(rows)
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Adhérents")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def make_register(location: str, count: int) -> Database:
    """A migrated database holding ``count`` members, written in bulk (no journal: it is a fixture)."""
    database = open_database(location, create=True)
    codes = {label: code for code, label in PROFESSIONS}
    records = []
    for last, first, profession, rpps, email, phone, postal, commune, joined in people(count):
        data = MemberData(kind=MemberKind.PERSON, nom=last, prenom=first, rpps=rpps, email=email, commune=commune)
        records.append(
            {
                "kind": MemberKind.PERSON,
                "nom": last,
                "prenom": first,
                "profession_code": codes[profession],
                "rpps": rpps,
                "email": email,
                "telephone": phone,
                "code_postal": postal,
                "commune": commune,
                "date_adhesion": joined,
                "statut": MemberStatus.ACTIVE,
                "search_key": data.search_key(),
                "version": 1,
            }
        )
    with database.sessions.begin() as session:
        for start in range(0, len(records), 5000):
            session.execute(insert(Member), records[start : start + 5000])
    return database
