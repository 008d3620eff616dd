"""The association's RGPD information text (``resources/rgpd_information.txt``, or its own copy in the
data folder): its settings (référent, retention) and its sections.

Free of SQLAlchemy: the dashboard reads the retention from it before SQLAlchemy is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cpts_desktop.config import data_dir, resource
from cpts_desktop.domain.errors import CptsError

RETENTION_YEARS = 3  # when the RGPD text does not say
NOTICE_FILE = "rgpd_information.txt"
REFERENT_KEY = "référent"
RETENTION_KEY = "conservation"


@dataclass(frozen=True)
class Block:
    """One part of a section of the RGPD information: ``paragraphe`` (one text), ``liste`` (its items)
    or ``tableau`` (its rows, the header first)."""

    type: str
    contenu: list


@dataclass(frozen=True)
class Section:
    titre: str
    blocs: list[Block]


@dataclass(frozen=True)
class Notice:
    """The association's RGPD text (``resources/rgpd_information.txt``), placeholders not yet filled."""

    referent: str
    retention_years: int
    sections: list[Section]


def notice_path() -> Path:
    """The association's own copy in the data folder if it made one, else the text shipped."""
    own = data_dir() / NOTICE_FILE
    return own if own.is_file() else resource(NOTICE_FILE)


def read_notice(path: Path | None = None) -> Notice:
    """Parse the RGPD text: settings (« clé = valeur ») before the first « [Titre] », then sections."""
    path = path or notice_path()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CptsError(f"Le texte d’information RGPD « {path} » doit être enregistré en UTF-8.") from error
    except OSError as error:
        raise CptsError(f"Le texte d’information RGPD « {path} » est introuvable ou illisible.") from error
    settings: dict[str, str] = {}
    sections: list[Section] = []
    lines: list[str] = []
    for line in [*text.splitlines(), "[]"]:
        line = line.strip()
        if line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            if sections:
                sections[-1].blocs.extend(_blocks(lines))
            lines = []
            sections.append(Section(line[1:-1].strip(), []))
        elif not sections and "=" in line:
            key, _, value = line.partition("=")
            settings[key.strip().lower()] = value.strip()
        elif sections:
            lines.append(line)
    return Notice(settings.get(REFERENT_KEY, ""), _years(settings.get(RETENTION_KEY), path), sections[:-1])


def _years(value: str | None, path: Path) -> int:
    if value is None:
        return RETENTION_YEARS
    if not value.isdigit() or not 1 <= int(value) <= 99:
        raise CptsError(f"« {RETENTION_KEY} = {value} » dans « {path} » : indiquez un nombre d’années (1 à 99).")
    return int(value)


def _blocks(lines: list[str]) -> list[Block]:
    """Paragraphs (lines joined until a blank one), lists (« - » lines) and tables (« | » lines)."""
    blocks: list[Block] = []
    open_paragraph = False
    for line in lines:
        if not line:
            open_paragraph = False
            continue
        content: str | list[str]
        if line.startswith("- "):
            kind, content = "liste", line[2:].strip()
        elif "|" in line:
            kind, content = "tableau", [cell.strip() for cell in line.split("|")]
        else:
            kind, content = "paragraphe", line
        last = blocks[-1] if blocks else None
        if kind == "paragraphe" and open_paragraph and last is not None:
            last.contenu[0] = f"{last.contenu[0]} {line}"
        elif kind != "paragraphe" and last is not None and last.type == kind:
            last.contenu.append(content)
        else:
            blocks.append(Block(kind, [content]))
        open_paragraph = kind == "paragraphe"
    return blocks
