"""The wording of each kind of e-mail: a shipped default in ``resources/modeles/mail_<nature>.txt`` (first
line « Objet : … »), replaced by the association's own version once it is saved.

Fields are written « {prenom} ». Only the fields a kind of message can fill are accepted, so that a
template never silently prints an empty place. When a member has no value for a field (no amount
owed, a meeting without a place), the body's line holding it is left out and the subject simply drops
it: « Lieu : » alone never reaches a member."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from string import Formatter

from sqlalchemy.orm import Session

from cpts_desktop.config import resource
from cpts_desktop.domain.enums import MailKind
from cpts_desktop.domain.errors import CptsError, ValidationError
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import MailTemplate

SUBJECT = "Objet :"
MAX_SUBJECT = 300

# field → what it holds, as the template editor lists them
FIELDS: dict[str, str] = {
    "formule": "formule d’appel (« Madame, », « Docteur, »)",
    "civilite": "civilité (« Mme », « M. »)",
    "prenom": "prénom",
    "nom": "nom",
    "association": "nom de l’association",
    "signataire": "signataire (« Anaïs Lefèvre, présidente »)",
    "annee": "année de cotisation",
    "montant_du": "montant restant dû",
    "montant": "montant du paiement",
    "date_paiement": "date du paiement",
    "numero_recu": "numéro du reçu",
    "reunion": "titre de la réunion",
    "date_reunion": "date de la réunion",
    "heure_reunion": "heure de la réunion",
    "lieu": "lieu de la réunion",
}
_PERSON = ("formule", "civilite", "prenom", "nom", "association", "signataire")
KIND_FIELDS: dict[MailKind, tuple[str, ...]] = {
    MailKind.CONVOCATION: (*_PERSON, "reunion", "date_reunion", "heure_reunion", "lieu"),
    MailKind.REMINDER: (*_PERSON, "annee", "montant_du"),
    MailKind.RECEIPT: (*_PERSON, "annee", "montant", "date_paiement", "numero_recu"),
    MailKind.ATTESTATION: (*_PERSON, "annee"),
    MailKind.FREE: _PERSON,
    MailKind.TEST: ("association",),
}
# fields that name the person: left empty inline (« {prenom} {nom} » of a structure keeps its name)
_INLINE = {"civilite", "prenom", "nom"}


class UnknownField(CptsError):
    """A template names a field that does not exist, or that this kind of message cannot fill."""


@dataclass(frozen=True)
class Template:
    objet: str
    corps: str


def default_template(nature: MailKind) -> Template:
    """The shipped wording of ``nature``."""
    return _parse(_shipped(nature))


@cache
def _shipped(nature: MailKind) -> str:
    return resource("modeles", f"mail_{nature.value}.txt").read_text(encoding="utf-8")


def _parse(text: str) -> Template:
    first, _, rest = text.partition("\n")
    subject = first.removeprefix(SUBJECT).strip() if first.startswith(SUBJECT) else ""
    body = rest if subject else text
    return Template(subject, body.strip("\n") + "\n")


def template(database: Database, nature: MailKind) -> Template:
    """The association's wording of ``nature``, else the shipped one."""
    with database.snapshot() as session:
        return template_in(session, nature)


def template_in(session: Session, nature: MailKind) -> Template:
    row = session.get(MailTemplate, nature)
    return Template(row.objet, row.corps) if row is not None else default_template(nature)


def is_custom(database: Database, nature: MailKind) -> bool:
    """Whether the association has its own wording of ``nature`` (the editor offers to reset it)."""
    with database.snapshot() as session:
        return session.get(MailTemplate, nature) is not None


def save_template(database: Database, nature: MailKind, objet: str, corps: str) -> Template:
    """Keep the association's wording of ``nature``, after checking every field can be filled."""
    saved = check_template(nature, Template(objet.strip(), corps.strip("\n") + "\n"))
    with database.sessions.begin() as session:
        row = session.get(MailTemplate, nature)
        if row is None:
            session.add(MailTemplate(nature=nature, objet=saved.objet, corps=saved.corps))
        else:
            row.objet, row.corps = saved.objet, saved.corps
    return saved


def reset_template(database: Database, nature: MailKind) -> Template:
    """Back to the shipped wording of ``nature``."""
    with database.sessions.begin() as session:
        row = session.get(MailTemplate, nature)
        if row is not None:
            session.delete(row)
    return default_template(nature)


def check_template(nature: MailKind, draft: Template) -> Template:
    """``draft`` if its subject and body are usable for ``nature``; else a French refusal naming the field."""
    if not draft.objet.strip():
        raise ValidationError("objet", "L’objet du message est vide.")
    if len(draft.objet) > MAX_SUBJECT:
        raise ValidationError("objet", f"L’objet du message dépasse {MAX_SUBJECT} caractères.")
    if "\n" in draft.objet.strip():
        raise ValidationError("objet", "L’objet du message tient sur une ligne.")
    if not draft.corps.strip():
        raise ValidationError("corps", "Le texte du message est vide.")
    allowed = KIND_FIELDS[nature]
    for part, text in (("l’objet", draft.objet), ("le texte", draft.corps)):
        for name in fields_of(text, part):
            if name not in FIELDS:
                raise UnknownField(
                    f"Champ inconnu dans {part} : « {{{name}}} ». Champs possibles : {_listed(allowed)}."
                )
            if name not in allowed:
                raise UnknownField(
                    f"Le champ « {{{name}}} » n’a pas de valeur dans un message « {nature.label.lower()} ». "
                    f"Champs possibles : {_listed(allowed)}."
                )
    return draft


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(f"{{{name}}}" for name in names)


def fields_of(text: str, part: str = "le texte") -> list[str]:
    """The field names ``text`` uses, in order; a stray brace is refused (« {{ » writes a brace)."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError as error:
        raise UnknownField(
            f"Accolade mal fermée dans {part} : un champ s’écrit « {{prenom}} », une accolade seule « {{{{ »."
        ) from error
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name or spec or conversion or not re.fullmatch(r"[a-z_]+", name):
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise UnknownField(f"Champ mal écrit dans {part} : « {{{shown}}} » (exemple : « {{prenom}} »).")
        names.append(name)
    return names


def render(draft: Template, values: Mapping[str, str | None]) -> Template:
    """``draft`` filled with ``values``; a body line whose field has no value is left out."""
    return Template(_fill_line(draft.objet, values, keep=True) or "", _fill_body(draft.corps, values))


def _fill_body(text: str, values: Mapping[str, str | None]) -> str:
    lines = (_fill_line(line, values) for line in text.split("\n"))
    return "\n".join(line for line in lines if line is not None)


def _fill_line(line: str, values: Mapping[str, str | None], keep: bool = False) -> str | None:
    """The line with its fields filled; None when a field other than a name part has no value (unless
    ``keep``: the subject stays, without the missing value)."""
    out = []
    for literal, name, _spec, _conversion in Formatter().parse(line):
        out.append(literal)
        if name is None:
            continue
        value = (values.get(name) or "").strip()
        if not value and name not in _INLINE and not keep:
            return None
        out.append(value)
    text = "".join(out)
    return re.sub(r"(?<=\S) {2,}", " ", text).replace(" ,", ",").strip(" ") if text.strip() else text
