"""A member as entered or imported, and the rules it must satisfy before it is saved."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, TypeVar

from cpts_desktop.domain.enums import Civility, MemberKind, MemberStatus, PracticeMode, StructureType
from cpts_desktop.domain.errors import InvalidFields, ValidationError
from cpts_desktop.domain.names import clean_title
from cpts_desktop.domain.text import search_key, too_long
from cpts_desktop.domain.validators import (
    clean_adeli,
    clean_email,
    clean_finess,
    clean_phone,
    clean_postal_code,
    clean_rpps,
    clean_siret,
    clean_text,
)

# French name of each field, as messages and column headers show it.
FIELD_LABELS = {
    "kind": "Type",
    "civilite": "Civilité",
    "titre": "Titre",
    "nom": "Nom",
    "prenom": "Prénom",
    "profession_code": "Profession",
    "specialite": "Spécialité",
    "rpps": "RPPS",
    "adeli": "ADELI",
    "mode_exercice": "Mode d’exercice",
    "structure_exercice": "Structure d’exercice",
    "structure_type": "Type de structure",
    "finess": "FINESS",
    "siret": "SIRET",
    "representant_id": "Représentant",
    "adresse": "Adresse",
    "code_postal": "Code postal",
    "commune": "Commune",
    "telephone": "Téléphone",
    "email": "Email",
    "college_id": "Collège",
    "date_adhesion": "Date d’adhésion",
    "date_sortie": "Date de sortie",
    "statut": "Statut",
    "rgpd_consentement": "Consentement RGPD",
    "notes": "Notes",
    "categorie_cotisation": "Catégorie de cotisation",
}

# Longest text each field may hold, as the database columns declare it (PostgreSQL enforces it;
# a cell pasted by mistake — a whole letter in « Prénom » — is refused with its row, not stored).
TEXT_LIMITS = {
    "titre": 10,
    "nom": 200,
    "prenom": 100,
    "specialite": 100,
    "structure_exercice": 200,
    "adresse": 200,
    "code_postal": 10,
    "commune": 100,
    "telephone": 20,
    "email": 200,
    "categorie_cotisation": 100,
}


@dataclass(frozen=True)
class MemberData:
    """Plain values of a member; ``nom`` is the surname of a person or the raison sociale of a structure."""

    kind: MemberKind
    nom: str
    prenom: str | None = None
    civilite: Civility | None = None
    titre: str | None = None
    profession_code: str | None = None
    specialite: str | None = None
    rpps: str | None = None
    adeli: str | None = None
    mode_exercice: PracticeMode | None = None
    structure_exercice: str | None = None
    structure_type: StructureType | None = None
    finess: str | None = None
    siret: str | None = None
    representant_id: int | None = None
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    telephone: str | None = None
    email: str | None = None
    college_id: int | None = None
    date_adhesion: date | None = None
    date_sortie: date | None = None
    statut: MemberStatus = MemberStatus.ACTIVE
    rgpd_consentement: date | None = None
    notes: str | None = None
    categorie_cotisation: str | None = None

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.prenom, self.nom) if p)

    def search_key(self, commune: str | None = None) -> str:
        return search_key(
            self.nom,
            self.prenom,
            self.email,
            self.rpps,
            self.adeli,
            self.finess,
            self.siret,
            commune or self.commune,
        )


def different_people(first: tuple[str | None, str | None], second: tuple[str | None, str | None]) -> bool:
    """Two records whose RPPS (or ADELI) numbers both exist and differ are two professionals, even with
    the same name in the same commune (a father and his son, two namesakes): never duplicates.
    Each side is (rpps, adeli)."""
    return any(mine and theirs and mine != theirs for mine, theirs in zip(first, second, strict=True))


class InvalidMember(InvalidFields):
    """The member cannot be saved as entered."""


_CLEANERS: dict[str, Callable[[str, str], str]] = {
    "rpps": clean_rpps,
    "adeli": clean_adeli,
    "finess": clean_finess,
    "siret": clean_siret,
    "email": clean_email,
    "telephone": clean_phone,
    "code_postal": clean_postal_code,
    "titre": clean_title,
}


def clean_member(data: MemberData) -> MemberData:
    """The member with text trimmed and identifiers normalised; raises ``InvalidMember`` listing every error."""
    values: dict[str, Any] = {}  # field name → cleaned value, of that field's own type
    errors: list[ValidationError] = []
    for field in fields(data):
        value = getattr(data, field.name)
        if isinstance(value, str):
            try:
                value = clean_text(value, FIELD_LABELS[field.name], multiline=field.name == "notes") or None
            except ValidationError as error:
                errors.append(ValidationError(field.name, error.message))
                values[field.name] = value
                continue
        limit = TEXT_LIMITS.get(field.name)
        if limit and isinstance(value, str) and len(value) > limit:
            errors.append(ValidationError(field.name, too_long(FIELD_LABELS[field.name], len(value), limit)))
        elif (cleaner := _CLEANERS.get(field.name)) and value:
            try:
                value = cleaner(value, FIELD_LABELS[field.name])
            except ValidationError as error:
                errors.append(ValidationError(field.name, error.message))
        values[field.name] = value
    if not values["nom"]:
        label = "Raison sociale" if data.kind is MemberKind.STRUCTURE else "Nom"
        errors.append(ValidationError("nom", f"{label} : obligatoire."))
    start, end = values["date_adhesion"], values["date_sortie"]
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors.append(ValidationError("date_sortie", "Date de sortie : antérieure à la date d’adhésion."))
    if errors:
        raise InvalidMember(errors)
    values["nom"] = values["nom"] or ""
    return replace(data, **values)


_Choice = TypeVar("_Choice")

# Functions on the board, as other tools write them in their « Statut » column: the person is an active
# member; the board itself is elected, never created from an import.
BOARD_FUNCTIONS = (
    "president",
    "presidente",
    "vice president",
    "vice presidente",
    "co president",
    "co presidente",
    "tresorier",
    "tresoriere",
    "tresorier adjoint",
    "tresoriere adjointe",
    "secretaire",
    "secretaire adjoint",
    "secretaire adjointe",
    "secretaire general",
    "secretaire generale",
    "administrateur",
    "administratrice",
    "membre du bureau",
    "membre du ca",
    "membre du conseil d administration",
)
# Other tools' words and codes (Galette, Dolibarr 1 / 0 / -1 / -2, HelloAsso « Validé »…). A row that is
# not, or not yet, a member in good standing (« Non-membre », Dolibarr's draft « Brouillon ») is kept as a
# former member: it stays out of quorums and cotisation calls without being lost.
_STATUS_WORDS = {
    MemberStatus.ACTIVE: (
        "actif",
        "active",
        "actifs",
        "oui",
        "a jour",
        "a jour de cotisation",
        "cotisation a jour",
        "adherent",
        "adherente",
        "adherent actif",
        "membre",
        "membre actif",
        "membre active",
        "membre adherent",
        "membre bienfaiteur",
        "bienfaiteur",
        "membre d honneur",
        "membre fondateur",
        "fondateur",
        "en cours",
        "en regle",
        "valide",
        "validee",
        "valide e",
        "paye",
        "payee",
        "inscrit",
        "inscrite",
        "1",
        *BOARD_FUNCTIONS,
    ),
    MemberStatus.RESIGNED: (
        "demissionnaire",
        "demission",
        "demissionne",
        "inactif",
        "inactive",
        "sorti",
        "sortie",
        "parti",
        "partie",
        "resilie",
        "resiliee",
        "resiliation",
        "ancien membre",
        "ancien adherent",
        "ancienne adherente",
        "non renouvele",
        "non renouvelee",
        "expire",
        "expiree",
        "non",
        "non membre",
        "brouillon",
        "en attente",
        "0",
        "-1",
    ),
    MemberStatus.STRUCK_OFF: ("radie", "radiee", "radiation", "exclu", "exclue", "-2"),
    MemberStatus.DECEASED: ("decede", "decedee", "deces"),
}
_CIVILITY_WORDS = {
    Civility.MONSIEUR: ("m", "mr", "monsieur", "m.", "mister", "homme", "h", "masculin"),
    Civility.MADAME: (
        "mme",
        "madame",
        "mlle",
        "melle",
        "mle",
        "mademoiselle",
        "mrs",
        "ms",
        "miss",
        "femme",
        "f",
        "feminin",
    ),
}
_MODE_WORDS = {
    PracticeMode.LIBERAL: ("liberal", "liberale", "lib", "independant", "installe", "remplacant", "remplacante"),
    PracticeMode.SALARIED: ("salarie", "salariee", "sal", "hospitalier", "hospitaliere", "fonctionnaire"),
    PracticeMode.MIXED: ("mixte", "liberal et salarie", "liberal salarie", "liberale et salariee"),
}


def _choice_key(text: str) -> str:
    """« Non-membre », « Valide(e) », « Membre d’honneur » → « non membre », « valide e », « membre d honneur »;
    a signed code (« -1 ») keeps its sign."""
    key = search_key(text).strip(" .")
    if re.fullmatch(r"[+-]?\d+", key):
        return key.lstrip("+")
    return " ".join(re.sub(r"[^a-z0-9.]+", " ", key).split())


def is_board_function(text: str) -> bool:
    """« Président », « Trésorière »…: a function on the board written where a status was expected."""
    return _choice_key(text) in BOARD_FUNCTIONS


def _lookup(table: Mapping[_Choice, tuple[str, ...]], text: str) -> _Choice | None:
    key = _choice_key(text)
    for value, words in table.items():
        if key in words:
            return value
    return None


def parse_status(text: str) -> MemberStatus:
    found = _lookup(_STATUS_WORDS, text)
    if found is None:
        raise ValidationError("statut", f"Statut : « {text} » inconnu (actif, démissionnaire, radié ou décédé).")
    return found


def parse_civility(text: str) -> Civility | None:
    """« M. », « Mme », « Madame »…; a title such as « Dr » gives no civility rather than an error."""
    return _lookup(_CIVILITY_WORDS, text)


def parse_practice_mode(text: str) -> PracticeMode:
    found = _lookup(_MODE_WORDS, text)
    if found is None:
        raise ValidationError("mode_exercice", f"Mode d’exercice : « {text} » inconnu (libéral, salarié ou mixte).")
    return found
