"""Other association tools' exports (Galette, Paheko, HelloAsso, Dolibarr, AssoConnect) read in one step.

Their headers name the member's own columns beside the payer's and the order's (« Email » and « Email
payeur », « Statut de la commande »); their value columns hold words of their own (« Membre actif »,
« Président », Dolibarr's « 1 »): a value the application does not know never refuses a row, it is said
once in the report. HelloAsso's orders become cotisation payments, once however often the file is read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpts_desktop.config import reference_rows
from cpts_desktop.domain.enums import PaymentMethod
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.members import is_board_function, parse_practice_mode, parse_status
from cpts_desktop.domain.names import in_capitals, leading_civility_and_title
from cpts_desktop.domain.text import search_key
from cpts_desktop.domain.validators import clean_amount, clean_date, clean_datetime
from cpts_desktop.services.cotisations import next_receipt_number
from cpts_desktop.services.spreadsheets import Cell, cell_text
from cpts_desktop.store.models import Payment

# Fields of the order a line of an online platform's export carries (not the member's).
PAYMENT_FIELDS = {
    "paiement_reference": "N° de commande",
    "paiement_date": "Date du paiement",
    "paiement_montant": "Montant payé",
    "paiement_statut": "Statut de la commande",
}
# Words that make a header the payer's, the order's or the member's (« Email payeur », « Nom adhérent »).
_PAYER_WORDS = frozenset({"payeur", "payeuse", "acheteur", "acheteuse", "facturation"})
_ORDER_WORDS = frozenset(
    {"commande", "transaction", "facture", "paiement", "reglement", "tarif", "formule", "campagne", "promo"}
)
_OTHER_PERSON_WORDS = frozenset({"urgence", "parent", "parents", "tuteur", "tutrice", "representant", "legal"})
_MEMBER_WORDS = frozenset({"adherent", "adherente", "membre", "participant", "participante", "beneficiaire"})
_FILLER_WORDS = frozenset({"de", "du", "des", "d", "l", "la", "le"})
# Fields a file may give in several columns (Dolibarr's « Tél pro. », « Tél perso. », « Tél portable »).
MULTI_COLUMN_FIELDS = ("telephone", "email")
EXACT, PREFIX, PAYER = 3, 2, 1
_VALIDATED_ORDERS = frozenset({"valide", "validee", "paye", "payee", "autorise", "autorisee", "effectue", "ok"})


def _words(header: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", search_key(header).replace("n°", "n"))


def header_score(header: str, synonyms: dict[str, str]) -> tuple[str, int] | None:
    """The field a header names and how surely: exactly (« Nom adhérent » is the member's « Nom »), by its
    longest known beginning (« Téléphone mobile »), or as the payer's (« Email payeur »: used only when the
    file has no column of the member's own). An order's or another person's column (« Statut de la
    commande », « Téléphone d’urgence ») names no field of the member unless a synonym says it exactly."""
    key = "".join(_words(header))
    if not key:
        return None
    if key in synonyms:
        return synonyms[key], EXACT
    words = _words(header)
    if _ORDER_WORDS & set(words) or _OTHER_PERSON_WORDS & set(words):
        return None
    own = "".join(w for w in words if w not in _MEMBER_WORDS | _FILLER_WORDS)
    payer = "".join(w for w in words if w not in _PAYER_WORDS | _FILLER_WORDS)
    if _PAYER_WORDS & set(words):
        return (synonyms[payer], PAYER) if payer in synonyms else None
    if own and own != key and own in synonyms:
        return synonyms[own], EXACT
    candidates = [known for known in synonyms if len(known) >= 5 and key.startswith(known)]
    return (synonyms[max(candidates, key=len)], PREFIX) if candidates else None


def match_columns(headers: list[str], synonyms: dict[str, str]) -> tuple[dict[int, str], list[str]]:
    """Each field to its surest column (the first of equals); a telephone or email given in several
    columns of the member's own keeps them all, the surest first. Returns (index → field, headers left)."""
    scored = [
        (index, found) for index, header in enumerate(headers) if header and (found := header_score(header, synonyms))
    ]
    columns: dict[int, str] = {}
    for index, (name, score) in sorted(scored, key=lambda item: (-item[1][1], item[0])):
        if name not in columns.values() or name in MULTI_COLUMN_FIELDS and score >= PREFIX:
            columns[index] = name
    unknown = [header for index, header in enumerate(headers) if header and index not in columns]
    return columns, unknown


# Names ---------------------------------------------------------------------------------------------------


@functools.cache
def first_names() -> frozenset[str]:
    """Usual French first names (resources/prenoms.csv), by search key."""
    return frozenset(search_key(row["prenom"]) for row in reference_rows("prenoms.csv"))


def is_first_name(word: str) -> bool:
    """« Marie », « Jean-Marc », « Marie-Ève » (each part known)."""
    known = first_names()
    key = search_key(word)
    return key in known or all(part in known for part in key.split("-") if part) and "-" in key


def surname_first(text: str, default: bool) -> bool:
    """Whether « text » reads « Nom Prénom »: when capitals mark no nom, the first names list tells
    « Marie Dupont » from « Dupont Marie »; either both or neither known, the column's order (``default``)."""
    _civility, _title, words = leading_civility_and_title(text.split())
    if len(words) < 2:
        return default
    capitals = [in_capitals(w) and len(w) > 1 for w in words]
    if any(capitals) and not all(capitals):
        return default
    first, last = is_first_name(words[0]), is_first_name(words[-1])
    if first != last:
        return last
    return default


# Values the application does not know --------------------------------------------------------------------


@dataclass
class ValuesLeft:
    """A column whose values were left out (all, or some): said once, with a few examples."""

    column: str
    examples: list[str] = field(default_factory=list)
    rows: int = 0
    read: int = 0

    def add(self, value: str) -> None:
        self.rows += 1
        if value not in self.examples and len(self.examples) < 3:
            self.examples.append(value)

    def sentence(self) -> str:
        shown = ", ".join(f"« {v} »" for v in self.examples)
        if not self.read:
            return f"Colonne « {self.column} » ignorée : valeurs inconnues de l’application ({shown}…)."
        lines = "ligne" if self.rows == 1 else "lignes"
        return f"Colonne « {self.column} » : valeur inconnue laissée de côté sur {self.rows} {lines} ({shown})."


@dataclass
class ValueNotes:
    """The value columns' notes of one import: unknown values, board functions read as « actif »."""

    left: dict[str, ValuesLeft] = field(default_factory=dict)
    board: dict[str, list[str]] = field(default_factory=dict)

    def unknown(self, column: str, value: str) -> None:
        self.left.setdefault(column, ValuesLeft(column)).add(value)

    def known(self, column: str, value: str, status_field: bool) -> None:
        self.left.setdefault(column, ValuesLeft(column)).read += 1
        if status_field and is_board_function(value):
            examples = self.board.setdefault(column, [])
            if value not in examples and len(examples) < 3:
                examples.append(value)

    def sentences(self) -> list[str]:
        notes = [left.sentence() for left in self.left.values() if left.rows]
        for column, examples in self.board.items():
            shown = ", ".join(f"« {v} »" for v in examples)
            notes.append(
                f"Colonne « {column} » : les fonctions ({shown}) sont lues comme « Actif » ; "
                "le bureau n’est pas modifié par l’import (les mandats se saisissent dans Gouvernance)."
            )
        return notes


# Orders become payments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderLine:
    """One paid order of the file, for the member of its row."""

    row: int
    reference: str
    day: date
    amount: Decimal


def order_line(number: int, text: dict[str, str], raw: dict[str, object]) -> OrderLine | ValidationError | None:
    """The payment a row records; None when it records none (no order, an order not validated, 0 €)."""
    reference, amount_text = text.get("paiement_reference", "").strip(), text.get("paiement_montant", "").strip()
    if not reference or not amount_text:
        return None
    status = search_key(text.get("paiement_statut", "")).strip(" .")
    if status and re.sub(r"[^a-z]", "", status) not in _VALIDATED_ORDERS:
        return None
    try:
        amount = clean_amount(_amount_text(raw.get("paiement_montant")), "Montant payé")
        day = _day(raw.get("paiement_date") or text.get("paiement_date", ""))
    except ValidationError as error:
        return error
    return OrderLine(number, reference, day, amount) if amount else None


def _amount_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value if value is not None else "")


def _day(value: object) -> date:
    """« 15/01/2027 », « 15/01/2027 10:32 », « 2027-01-15 10:32:11 » or an Excel date."""
    if not str(value).strip():
        raise ValidationError("paiement_date", "Date du paiement : obligatoire pour enregistrer le paiement.")
    try:
        return clean_date(value, "Date du paiement")
    except ValidationError:
        return clean_datetime(value, "Date du paiement").date()


class Payments:
    """The orders of one import, recorded as payments « HelloAsso » once the members have their ids;
    an order already recorded for that member (same reference) is not recorded again."""

    def __init__(self) -> None:
        self.lines: list[tuple[object, OrderLine]] = []

    def add(self, member: object, line: OrderLine) -> None:
        self.lines.append((member, line))

    def write(self, session: Session) -> int:
        """Insert the new payments, each with the next receipt number of its year; returns how many."""
        resolved = [(member_id, line) for member, line in self.lines if (member_id := _member_id(member))]
        if not resolved:
            return 0
        references = {line.reference for _member, line in resolved}
        query = select(Payment.member_id, Payment.reference).where(Payment.reference.in_(references))
        known = {(member_id, reference) for member_id, reference in session.execute(query)}
        created = 0
        for member_id, line in _in_order(resolved):
            if (member_id, line.reference) in known:
                continue
            known.add((member_id, line.reference))
            session.add(
                Payment(
                    member_id=member_id,
                    annee=line.day.year,
                    montant=line.amount,
                    date_paiement=line.day,
                    mode=PaymentMethod.HELLOASSO,
                    reference=line.reference[:100],
                    numero_recu=next_receipt_number(session, line.day.year),
                )
            )
            created += 1
        session.flush()
        self.lines = []
        return created


def _member_id(member: object) -> int | None:
    """A stored member's id, or the id a member inserted by this import received."""
    if isinstance(member, int):
        return member
    found = getattr(member, "id", None)
    return found if isinstance(found, int) else None


def _in_order(lines: list[tuple[int, OrderLine]]) -> Iterator[tuple[int, OrderLine]]:
    """By date then row: receipt numbers follow the order the payments were made."""
    yield from sorted(lines, key=lambda item: (item[1].day, item[1].row))


def preview_notes(headers: list[str], rows: list[tuple[int, list[Cell]]], columns: dict[int, str]) -> list[str]:
    """What the wizard says before importing: value columns read in part or not at all, and whether
    the file's orders will become payments."""
    values = ValueNotes()
    parsers: dict[str, Callable[[str], object]] = {"statut": parse_status, "mode_exercice": parse_practice_mode}
    for index, name in columns.items():
        parser = parsers.get(name)
        if parser is None or index >= len(headers):
            continue
        for text in {cell_text(cells[index]).strip() for _number, cells in rows if index < len(cells)} - {""}:
            try:
                parser(text)
            except ValidationError:
                values.unknown(headers[index], text)
            else:
                values.known(headers[index], text, status_field=name == "statut")
    notes = values.sentences()
    if {"paiement_reference", "paiement_montant"} <= set(columns.values()):
        notes.append(ORDERS_NOTE)
    return notes


ORDERS_NOTE = (
    "Commandes en ligne reconnues : chaque commande validée sera enregistrée comme paiement de cotisation "
    "«\u00a0HelloAsso\u00a0», avec son numéro de reçu, une seule fois même si le fichier est importé à nouveau."
)


def payments_sentence(count: int) -> str | None:
    if not count:
        return None
    if count == 1:
        return "1 paiement «\u00a0HelloAsso\u00a0» enregistré, avec son reçu."
    return f"{count} paiements «\u00a0HelloAsso\u00a0» enregistrés, avec leurs reçus."
