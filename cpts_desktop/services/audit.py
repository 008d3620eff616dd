"""The audit log: every create, update and delete of the records that matter is written, in the same
transaction, with who did it and the changed fields (before → after)."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from functools import cache

from sqlalchemy import Enum as SAEnum
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, object_mapper
from sqlalchemy.orm.attributes import instance_state

from cpts_desktop.config import data_dir, data_dir_path, private_file
from cpts_desktop.domain.enums import AuditAction
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.labels import field_label
from cpts_desktop.i18n import format_date_short, format_datetime, format_datetime_short
from cpts_desktop.services.failures import file_reason
from cpts_desktop.store.base import Base
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import (
    AciIndicator,
    AciYear,
    Association,
    AuditEntry,
    College,
    Commune,
    Expense,
    Funder,
    Grant,
    GrantDisbursement,
    HealthAction,
    Installment,
    Mandate,
    Meeting,
    Member,
    Obligation,
    Payment,
    Remuneration,
    Resolution,
    StatutesVersion,
    TimeEntry,
)

AUDITED = (
    Association,
    College,
    Commune,
    Member,
    Payment,
    Funder,
    Grant,
    Installment,
    GrantDisbursement,
    Expense,
    Obligation,
    AciYear,
    AciIndicator,
    HealthAction,
    TimeEntry,
    Remuneration,
    Meeting,
    Resolution,
    Mandate,
    StatutesVersion,
)
IGNORED = {"search_key", "updated_at", "created_at", "version"}
USER_ENV = "CPTS_USER"
USER_FILE = "utilisateur.txt"
SCRUBBED = "(anonymisé)"
SEPARATOR = " ; "


def stale_message(session: Session, model: type[Base], record_id: int) -> str:
    """« modifiée entre-temps par … », naming the last change the audit log holds for the record."""
    last = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.table_name == model.__tablename__, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.moment.desc(), AuditEntry.id.desc())
    ).first()
    who = f" par {last.utilisateur} (le {format_datetime(last.moment)})" if last else ""
    return f"Cette fiche a été modifiée entre-temps{who} : rechargez-la avant d’enregistrer."


@dataclass(frozen=True)
class AuditLine:
    moment: datetime
    user: str
    action: AuditAction
    table: str
    record_id: int | None
    summary: str


def saved_user_name() -> str:
    """The name set in Paramètres on this workstation (shared by the application and ``cpts``), or ""."""
    try:
        return " ".join((data_dir_path() / USER_FILE).read_text(encoding="utf-8").split())
    except (OSError, UnicodeDecodeError):
        return ""


def save_user_name(name: str) -> None:
    """Keep ``name`` as this workstation's author of changes; an empty name goes back to the login."""
    name = " ".join(name.split())
    path = data_dir() / USER_FILE  # the folder created if missing
    if not name:
        path.unlink(missing_ok=True)
        return
    partial = path.with_name(path.name + ".partiel")
    try:
        private_file(partial).write_text(name + "\n", encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CptsError(f"Impossible d’enregistrer votre nom ({file_reason(error)}).") from error


def current_user() -> str:
    """Who signs the journal: ``CPTS_USER`` if set, else the name set in Paramètres, else the operating
    system's login (« root » means nothing to the member reading their history)."""
    try:
        return os.environ.get(USER_ENV) or saved_user_name() or getpass.getuser()
    except (KeyError, OSError):
        return "inconnu"


def _text(value: object) -> str:
    """A value as the journal reads it: French dates and decimals, labels of closed lists."""
    if value is None:
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, datetime):
        return format_datetime_short(value)
    if isinstance(value, date):
        return format_date_short(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _changes(obj: object) -> list[str]:
    state = inspect(obj)
    table = state.mapper.local_table.name
    changes = []
    for attribute in state.mapper.column_attrs:
        if attribute.key in IGNORED:
            continue
        history = state.attrs[attribute.key].history
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before != after:
                changes.append(f"{field_label(table, attribute.key)} : {_text(before)} → {_text(after)}")
    return changes


@cache
def _enum_columns(model: type[Base]) -> dict[str, type[Enum]]:
    """The closed-list columns of ``model``: bulk inserts hand their stored values, not the members."""
    columns: dict[str, type[Enum]] = {}
    for attribute in inspect(model).column_attrs:
        kind = attribute.columns[0].type
        if isinstance(kind, SAEnum) and kind.enum_class is not None:
            columns[attribute.key] = kind.enum_class
    return columns


@cache
def _journalled_columns(model: type[Base]) -> tuple[str, ...]:
    """The columns the journal shows, in the model's order: every summary lists its fields so."""
    return tuple(a.key for a in inspect(model).column_attrs if a.key not in IGNORED)


def creation_summary(model: type[Base], values: dict[str, object]) -> str:
    """« Nom : Dupont ; Prénom : Léa… »: the fields a new record was given, as the journal shows them
    (in the columns' order, however ``values`` is ordered)."""
    table, enums = model.__tablename__, _enum_columns(model)
    parts = []
    for key in _journalled_columns(model):
        value = values.get(key)
        if value is None:
            continue
        if isinstance(value, str) and key in enums:
            value = enums[key](value)
        parts.append(f"{field_label(table, key)} : {_text(value)}")
    return " ; ".join(parts)


def log_created(session: Session, model: type[Base], records: list[tuple[int, dict[str, object]]]) -> None:
    """Journal records inserted in bulk (the importer's path, which the flush hook does not see)."""
    if records:
        user, moment = current_user(), datetime.now()
        session.connection().execute(
            insert(AuditEntry),
            [
                {
                    "moment": moment,
                    "utilisateur": user,
                    "action": AuditAction.CREATE.value,
                    "table_name": model.__tablename__,
                    "record_id": record_id,
                    "resume": creation_summary(model, {"id": record_id, **values}),
                }
                for record_id, values in records
            ],
        )


def _identity(obj: object) -> str:
    """The primary key of a deleted record, « ? » when it never had one."""
    identity = instance_state(obj).identity
    return str(identity[0]) if identity else "?"


def _after_flush(session: Session, _context: object) -> None:
    user = current_user()
    rows = []
    for obj in session.new:
        if isinstance(obj, AUDITED):
            values = {c.key: getattr(obj, c.key) for c in object_mapper(obj).column_attrs}
            rows.append((AuditAction.CREATE, obj, creation_summary(type(obj), values)))
    for obj in session.dirty:
        if isinstance(obj, AUDITED) and session.is_modified(obj):
            changed = _changes(obj)
            if changed:
                rows.append((AuditAction.UPDATE, obj, " ; ".join(changed)))
    for obj in session.deleted:
        if isinstance(obj, AUDITED):
            rows.append(
                (
                    AuditAction.DELETE,
                    obj,
                    f"suppression de l’enregistrement n° {_identity(obj)}",
                )
            )
    if rows:
        session.connection().execute(
            insert(AuditEntry),
            [
                {
                    "moment": datetime.now(),
                    "utilisateur": user,
                    "action": action.value,
                    "table_name": obj.__tablename__,
                    "record_id": getattr(obj, "id", None),
                    "resume": summary,
                }
                for action, obj, summary in rows
            ],
        )


def _scrubbed(summary: str, labels: list[str], kept: str) -> str:
    """« Nom : Dupont → Martin ; Email : a@b.fr » → « Nom : (anonymisé) ; Email : (anonymisé) ».

    Fields are journalled in the order of ``labels`` (the columns'), and a value may itself hold
    « ; Nom : … » (notes): only a part opening with the label of a later field starts a field. A
    summary that does not read as fields is replaced whole."""
    fields: list[str] = []
    last = -1
    for part in summary.split(SEPARATOR):
        later = [i for i in range(last + 1, len(labels)) if part.startswith(f"{labels[i]} : ")]
        if not later:
            if not fields:
                return SCRUBBED
            continue  # the rest of the previous field's value
        last = max(later, key=lambda i: len(labels[i]))
        fields.append(part if labels[last] == kept else f"{labels[last]} : {SCRUBBED}")
    return SEPARATOR.join(fields)


def scrub_record(session: Session, model: type[Base], record_id: int) -> int:
    """Remove the values the journal holds for one record (an anonymised member), in ``session``'s
    transaction; return how many entries were rewritten.

    The facts stay: when, who, which action on which record, which fields changed; only the values go.
    Flush first, so the change being made (the anonymisation itself) is scrubbed too."""
    session.flush()
    table = model.__tablename__
    labels = [field_label(table, key) for key in _journalled_columns(model)]
    kept = field_label(table, "id")
    count = 0
    for entry in session.scalars(
        select(AuditEntry).where(
            AuditEntry.table_name == table,
            AuditEntry.record_id == record_id,
            AuditEntry.action != AuditAction.DELETE,
        )
    ):
        summary = _scrubbed(entry.resume or "", labels, kept)
        if summary != entry.resume:
            entry.resume = summary
            count += 1
    session.flush()
    return count


def install(database: Database) -> None:
    """Log the changes made through this database's sessions (called once, when the base is opened).

    No ``event.contains`` guard: SQLAlchemy keys that registry by ``id()`` of the session class, which a new
    base's class can share with a closed one not yet collected — the likely cause of a journal left
    silent once in the test suite (a check that said « already listening » for a base that was not)."""
    event.listen(database.sessions, "after_flush", _after_flush)


def entries(
    database: Database,
    since: date | None = None,
    table: str | None = None,
    limit: int = 1000,
    until: date | None = None,
) -> list[AuditLine]:
    """The newest ``limit`` changes, from the day ``since`` to the day ``until`` included."""
    with database.snapshot() as session:
        query = select(AuditEntry).order_by(AuditEntry.moment.desc(), AuditEntry.id.desc()).limit(limit)
        if since is not None:
            query = query.where(AuditEntry.moment >= datetime(since.year, since.month, since.day))
        if until is not None:
            after = until + timedelta(days=1)
            query = query.where(AuditEntry.moment < datetime(after.year, after.month, after.day))
        if table:
            query = query.where(AuditEntry.table_name == table)
        return [
            AuditLine(e.moment, e.utilisateur, e.action, e.table_name, e.record_id, e.resume)
            for e in session.scalars(query)
        ]
