"""The professions reference (codes of the national directory) and the structure types, read from
``resources/``, with the matching of the free text found in members' spreadsheets.

Kept as data files so that a new profession or synonym needs no code change. A synonym written
``pédiatre=Pédiatrie`` also gives the spécialité.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import NamedTuple

from cpts_desktop.domain.enums import LabelledEnum, StructureType
from cpts_desktop.domain.text import search_key


class ProfessionCategory(LabelledEnum):
    """Where the code de la santé publique puts a profession, or a title that is not one of its professions
    (ostéopathe, psychothérapeute, chiropracteur, psychologue: TRE_R95)."""

    MEDICAL = "medicale", "Profession médicale"
    PHARMACY = "pharmacie", "Pharmacie et physique médicale"
    PARAMEDICAL = "auxiliaire_medical", "Auxiliaire médical"
    ASSISTANT = "assistant", "Assistant ou aide (CSP livre III)"
    TITLE = "titre", "Titre (hors professions du CSP)"


# Named tuples, not dataclasses: ``cpts members export`` reads the reference, and importing dataclasses
# (inspect with it) cost that command 8 to 13 ms.
class Profession(NamedTuple):
    code: str
    label: str
    category: ProfessionCategory
    synonyms: tuple[str, ...]

    @property
    def paramedical(self) -> bool:
        return self.category is ProfessionCategory.PARAMEDICAL


class ProfessionMatch(NamedTuple):
    """What a cell of a « Profession » column means: a profession (with its spécialité) or a structure."""

    code: str | None = None
    specialite: str | None = None
    structure_type: StructureType | None = None


def _rows(path: Path) -> list[dict[str, str]]:
    """The « ; »-separated rows of ``path``; lines starting with « # » are notes for whoever edits it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader((line for line in lines if not line.startswith("#")), delimiter=";"))


def load_professions(path: Path) -> list[Profession]:
    """Read the reference file; one row per profession, synonyms separated by « | »."""
    return [
        Profession(
            code=row["code"].strip(),
            label=row["libelle"].strip(),
            category=ProfessionCategory(row["categorie"].strip()),
            synonyms=tuple(s.strip() for s in row["synonymes"].split("|") if s.strip()),
        )
        for row in _rows(path)
    ]


# Words that name a profession alone but not at the head of a longer text (« Docteur en pharmacie »).
NOT_A_PREFIX = {"docteur", "titulaire", "structure", "association", "etablissement", "usager", "ch", "cds", "csi"}
_FEMININE = (
    (r"ieres?$", "ier"),
    (r"iennes?$", "ien"),
    (r"trices?$", "teur"),
    (r"euses?$", "eur"),
    (r"ees?$", "e"),
)


def match_key(text: str) -> str:
    """Accent-, case-, punctuation-, gender- and plural-free form of a profession name."""
    key = search_key(text).replace("(e)", "").replace("(ne)", "").replace("(s)", "")
    words = []
    for word in re.split(r"[^a-z0-9]+", key):
        if not word:
            continue
        for pattern, replacement in _FEMININE:
            if re.search(pattern, word):
                word = re.sub(pattern, replacement, word)
                break
        else:
            if len(word) > 3 and word.endswith(("s", "x")):
                word = word[:-1]
        words.append(word)
    return " ".join(words)


class ProfessionMatcher:
    """Finds the profession or structure type behind « Infirmière libérale », « MK », « Labo d’analyses »…"""

    def __init__(self, professions: list[Profession], structure_synonyms_path: Path) -> None:
        self.professions = {p.code: p for p in professions}
        self._index: dict[str, ProfessionMatch] = {}
        for profession in professions:
            self._add(profession.label, ProfessionMatch(code=profession.code))
            self._add(profession.code, ProfessionMatch(code=profession.code))
            for synonym in profession.synonyms:
                name, _, specialite = synonym.partition("=")
                self._add(name, ProfessionMatch(code=profession.code, specialite=specialite.strip() or None))
        for row in _rows(structure_synonyms_path):
            kind = StructureType(row["type"].strip())
            self._add(kind.label, ProfessionMatch(structure_type=kind))
            for synonym in row["synonymes"].split("|"):
                self._add(synonym, ProfessionMatch(structure_type=kind))

    def _add(self, text: str, match: ProfessionMatch) -> None:
        key = match_key(text)
        if key:
            self._index.setdefault(key, match)

    def match(self, text: str) -> ProfessionMatch | None:
        """The meaning of ``text``, or None when it is not a known profession nor structure."""
        key = match_key(text)
        if not key:
            return None
        found = self._index.get(key)
        if found is not None:
            return found
        # « Infirmière DE », « Ostéopathe D.O. », « Médecin généraliste libéral »: the longest known beginning.
        return self._prefix(key.split(), len(key.split()) - 1)

    def structure_in_name(self, name: str) -> StructureType | None:
        """« Pharmacie du Marché », « EHPAD Les Glycines », « MSP des Tilleuls »: a name that says its type."""
        found = self._prefix(match_key(name).split(), 4)
        return found.structure_type if found else None

    def _prefix(self, words: list[str], longest: int) -> ProfessionMatch | None:
        for length in range(min(len(words), longest), 0, -1):
            key = " ".join(words[:length])
            if key not in NOT_A_PREFIX and key in self._index:
                return self._index[key]
        return None

    def label(self, code: str | None) -> str:
        profession = self.professions.get(code or "")
        return profession.label if profession else ""
