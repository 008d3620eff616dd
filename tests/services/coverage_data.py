"""A small fictional territory for the coverage tests: two communes, professionals of the Annuaire
Santé (built as its reader gives them, or written as an extract in the real layout), a few members."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cpts_desktop.domain.enums import Civility, MemberKind, MemberStatus
from cpts_desktop.domain.identifiers import luhn_check_digit
from cpts_desktop.domain.members import MemberData
from cpts_desktop.services.annuaire import EXTRACT_HEADERS, Professional, Site
from cpts_desktop.services.members import create_member
from cpts_desktop.services.territory import save_commune
from cpts_desktop.store.engine import Database

EXTRACT_DAY = date(2026, 11, 2)
COMMUNES = (("39300", "Champagnole", "39300"), ("39250", "Nozeroy", "39250"))


def rpps(n: int) -> str:
    body = f"1{n:09d}"
    return body + luhn_check_digit(body)


def adeli(n: int) -> str:
    return f"39{n:07d}"


def site(commune: int = 0, raison_sociale: str | None = None) -> Site:
    code, name, postcode = COMMUNES[commune]
    return Site(raison_sociale, None, None, f"{commune + 3} rue des Tilleuls", postcode, code, name, None, None)


def person(
    number: str, nom: str, code: str, commune: int = 0, kind: str = "RPPS", prenom: str = "Camille"
) -> Professional:
    woman = prenom in ("Camille", "Léa", "Inès")
    return Professional(
        kind,
        number,
        Civility.MADAME if woman else Civility.MONSIEUR,
        nom,
        prenom,
        code,
        None,
        None,
        (site(commune, "Cabinet du Lac" if code == "10" else None),),
        "Dr" if code == "10" else None,
    )


# 7 médecins, 3 infirmiers, 2 kinés, 1 psychologue (ADELI)
LISTED = [
    *(person(rpps(i), f"Médecin{i}", "10", i % 2) for i in range(1, 8)),
    *(person(rpps(20 + i), f"Infirmier{i}", "60", prenom="Léo") for i in range(1, 4)),
    *(person(rpps(30 + i), f"Kiné{i}", "70", 1, prenom="Inès") for i in range(1, 3)),
    person(adeli(1), "Psy", "93", kind="ADELI", prenom="Léa"),
]


def territory(database: Database) -> None:
    for code, name, postcode in COMMUNES:
        save_commune(database, code, name, 1000, postcode)


def member(database: Database, nom: str, code: str, **identifiers: object) -> int:
    status = identifiers.pop("statut", MemberStatus.ACTIVE)
    data = MemberData(MemberKind.PERSON, nom, "Alex", profession_code=code, statut=status, **identifiers)  # type: ignore[arg-type]
    return create_member(database, data)


def members(database: Database) -> None:
    """2 active médecins of the list and a third who left, 1 infirmier, 1 psychologue by ADELI, and a
    kiné who is not in the list (practises elsewhere)."""
    member(database, "Médecin1", "10", rpps=rpps(1))
    member(database, "Médecin2", "10", rpps=rpps(2))
    member(database, "Médecin3", "10", rpps=rpps(3), statut=MemberStatus.RESIGNED, date_sortie=date(2026, 1, 5))
    member(database, "Infirmier1", "60", rpps=rpps(21))
    member(database, "Psy", "93", adeli=adeli(1))
    member(database, "Ailleurs", "70", rpps=rpps(99))


def write_extract(path: Path, people: list[tuple[Professional, list[str]]], encoding: str = "utf-8") -> Path:
    """The extract as downloaded: « | »-separated with a trailing « | », one row per (person, commune
    code) pair — a person with two sites has two rows."""
    names = {code: name for code, name, _postcode in COMMUNES} | {"75056": "Paris"}
    lines = ["|".join(EXTRACT_HEADERS) + "|"]
    for pro, codes in people:
        for code in codes:
            values = dict.fromkeys(EXTRACT_HEADERS, "")
            values |= {
                "Type d'identifiant PP": "8" if pro.identifier_type == "RPPS" else "0",
                "Identifiant PP": pro.identifier,
                "Identification nationale PP": ("8" if pro.identifier_type == "RPPS" else "0") + pro.identifier,
                "Code civilité": "MME" if pro.civilite is Civility.MADAME else "M",
                "Code civilité d'exercice": "DR" if pro.titre else "",
                "Nom d'exercice": pro.nom.upper(),
                "Prénom d'exercice": (pro.prenom or "").upper(),
                "Code profession": pro.profession_code or "",
                "Libellé Voie (coord. structure)": "des Tilleuls",
                "Code postal (coord. structure)": "75001" if code == "75056" else code,
                "Code commune (coord. structure)": code,
                "Libellé commune (coord. structure)": names[code].upper(),
            }
            lines.append("|".join(values[h] for h in EXTRACT_HEADERS) + "|")
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path
