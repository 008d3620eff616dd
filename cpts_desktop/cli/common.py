"""Helpers shared by the sub-commands: the open database, and argument types with French messages."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from cpts_desktop.domain.enums import LabelledEnum
from cpts_desktop.domain.text import search_key

if TYPE_CHECKING:
    from cpts_desktop.store.engine import Database


@contextmanager
def database_of(args: argparse.Namespace) -> Iterator[Database]:
    from cpts_desktop.services.database import open_database  # SQLAlchemy: only for the commands that open a base

    database = open_database(args.db)
    try:
        yield database
    finally:
        database.close()


def date_argument(text: str) -> date:
    """A date as the forms read it. A refused value raises the domain's ``ValidationError``, which argparse
    lets through: ``cpts`` reports it as any French refusal (exit code 1), not as a usage error."""
    from cpts_desktop.domain.validators import clean_date  # python-stdnum: only for the commands that take one

    return clean_date(text)


def year_argument(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"« {text} » n’est pas une année (ex. 2026).")
    return int(text)


def print_json(payload: object) -> None:
    import json  # not loaded for a command that prints no JSON (an export)

    print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def amount_argument(text: str) -> Decimal:
    """An amount as the forms read it (see ``date_argument`` for a refusal)."""
    from cpts_desktop.domain.validators import clean_amount

    return clean_amount(text)


def enum_argument(kind: type[LabelledEnum], aliases: dict[str, str] | None = None) -> Callable[[str], LabelledEnum]:
    """Accept a value (« frais_reunion », « frais-reunion »), its French label (« Frais de réunion »,
    accents and case ignored) or one of ``aliases``."""
    known = {search_key(m.value.replace("_", "-")): m for m in kind} | {search_key(m.label): m for m in kind}
    known |= {search_key(alias): kind(value) for alias, value in (aliases or {}).items()}

    def parse(text: str) -> LabelledEnum:
        found = known.get(search_key(text.replace("_", "-")))
        if found is None:
            choices = ", ".join(m.value.replace("_", "-") for m in kind)
            raise argparse.ArgumentTypeError(f"« {text} » : valeurs possibles {choices}.")
        return found

    parse.__name__ = kind.__name__  # what argparse names in its messages
    return parse
