"""The outbox: messages queued whole in the base, sent one by one with their state committed around each
sending, so that quitting, a crash or a lost network resumes where it stopped.

A message is marked « en cours » and committed before it leaves, then « envoyé » with the server's answer
and time right after. After a crash, the « en cours » ones are sent again: the only message a member may
receive twice is the one in flight at the crash. Temporary failures (4xx, dropped connection) are tried
again later with a growing delay; permanent ones (5xx, refused recipient) end « échec » with the server's
reason. A refused password or certificate stops the batch before anything is marked.

Time is injectable (``clock`` for the throttle, ``now`` for the retry times, ``sleep``), so that tests of
throttling and backoff take no real time."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Table, Update, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from cpts_desktop.domain.enums import MailKind, MailStatus
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.validators import clean_email
from cpts_desktop.services.mail.compose import message_bytes
from cpts_desktop.services.mail.settings import (
    MailConfig,
    MailNotConfigured,
    forget_password,
    mail_config,
    remember_password,
    required_password,
)
from cpts_desktop.services.mail.transport import MailServerError, MessageFailure, PasswordRefused, SmtpSession
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import OutgoingMessage

MAX_ATTEMPTS = 5
FIRST_DELAY = timedelta(seconds=30)
BACKOFF_FACTOR = 4  # 30 s, 2 min, 8 min, 32 min
# retries due within this delay are waited for in the same run; later ones wait for the next run
WAIT_IN_RUN = timedelta(minutes=2)
_SLICE_SECONDS = 0.5  # a wait is cut in slices so that « Interrompre » answers at once
WAITING = (MailStatus.QUEUED, MailStatus.SENDING)
_FLUSH_EVERY = 100


@dataclass
class Prepared:
    """One message ready to queue, with what it is about (for the proof and the member card)."""

    nature: MailKind
    destinataire: str
    destinataire_nom: str | None
    message: EmailMessage
    member_id: int | None = None
    meeting_id: int | None = None
    payment_id: int | None = None


@dataclass(frozen=True)
class SentAttachment:
    nom: str
    sha256: str


@dataclass(frozen=True)
class OutboxRow:
    """A message of the outbox as lists show it (not its bytes)."""

    id: int
    lot: str
    lot_libelle: str
    nature: MailKind
    destinataire: str
    destinataire_nom: str | None
    objet: str
    statut: MailStatus
    tentatives: int
    prochain_essai: datetime | None
    cree_le: datetime
    envoye_le: datetime | None
    reponse_serveur: str | None
    member_id: int | None
    meeting_id: int | None
    payment_id: int | None
    pieces_jointes: tuple[SentAttachment, ...] = ()


@dataclass(frozen=True)
class SendReport:
    """What a run did: sent, failed for good, still waiting (a later retry, or stopped by ``interruption``)."""

    sent: int
    failed: int
    waiting: int
    interruption: str | None = None
    cancelled: bool = False

    @property
    def summary(self) -> str:
        """« 12 messages envoyés, 1 en échec, 2 en attente » (no final stop: the caller ends the sentence)."""
        parts = [_count(self.sent, "message envoyé", "messages envoyés")]
        if self.failed:
            parts.append(f"{self.failed} en échec")
        if self.waiting:
            parts.append(f"{self.waiting} en attente")
        text = ", ".join(parts)
        return f"{text}. {self.interruption.rstrip('.')}" if self.interruption else text


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number <= 1 else many}"


@dataclass
class Timing:
    """The clocks and the sleep a run uses; tests give fake ones."""

    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = datetime.now
    sleep: Callable[[float], None] = time.sleep


def _attachments(message: EmailMessage) -> list[dict[str, str]]:
    found = []
    for part in message.iter_attachments():
        content = part.get_payload(decode=True)
        if isinstance(content, bytes):
            found.append({"nom": part.get_filename() or "", "sha256": hashlib.sha256(content).hexdigest()})
    return found


def _checked_address(address: str) -> tuple[str, str | None]:
    """The address as it will be sent to, and why it cannot be (a malformed address fails its own
    message, shown in the outbox, instead of holding back the whole sending)."""
    try:
        return clean_email(address, "Adresse du destinataire"), None
    except ValidationError as error:
        return address.strip()[:254], error.message


def queue_in(session: Session, lot_libelle: str, prepared: Iterable[Prepared]) -> str:
    """Put messages in the outbox inside the caller's transaction; the lot's id. A message to a malformed
    address is kept already « échec », with the reason."""
    lot = str(uuid.uuid4())
    moment = datetime.now().replace(microsecond=0)
    for count, item in enumerate(prepared, start=1):
        message = item.message
        if message["Message-ID"] is None:
            message["Message-ID"] = make_msgid()
        attachments = _attachments(message)
        address, refusal = _checked_address(item.destinataire)
        session.add(
            OutgoingMessage(
                lot=lot,
                lot_libelle=lot_libelle[:300],
                nature=item.nature,
                member_id=item.member_id,
                meeting_id=item.meeting_id,
                payment_id=item.payment_id,
                destinataire=address,
                destinataire_nom=item.destinataire_nom,
                objet=str(message["Subject"] or "")[:300],
                message=message_bytes(message),
                message_id=str(message["Message-ID"]),
                pieces_jointes=json.dumps(attachments, ensure_ascii=False) if attachments else None,
                statut=MailStatus.FAILED if refusal else MailStatus.QUEUED,
                reponse_serveur=refusal,
                tentatives=0,
                cree_le=moment,
            )
        )
        if count % _FLUSH_EVERY == 0:
            session.flush()  # written, the messages leave the session: 10,000 are never all in memory
    session.flush()
    return lot


def queue(database: Database, lot_libelle: str, prepared: Iterable[Prepared]) -> str:
    """Put messages in the outbox in one transaction; the lot's id."""
    with database.sessions.begin() as session:
        return queue_in(session, lot_libelle, prepared)


def _row(message: OutgoingMessage) -> OutboxRow:
    attachments = json.loads(message.pieces_jointes) if message.pieces_jointes else []
    return OutboxRow(
        id=message.id,
        lot=message.lot,
        lot_libelle=message.lot_libelle,
        nature=message.nature,
        destinataire=message.destinataire,
        destinataire_nom=message.destinataire_nom,
        objet=message.objet,
        statut=message.statut,
        tentatives=message.tentatives,
        prochain_essai=message.prochain_essai,
        cree_le=message.cree_le,
        envoye_le=message.envoye_le,
        reponse_serveur=message.reponse_serveur,
        member_id=message.member_id,
        meeting_id=message.meeting_id,
        payment_id=message.payment_id,
        pieces_jointes=tuple(SentAttachment(item["nom"], item["sha256"]) for item in attachments),
    )


def outbox(
    database: Database,
    *,
    statut: MailStatus | None = None,
    lot: str | None = None,
    member_id: int | None = None,
    meeting_id: int | None = None,
) -> list[OutboxRow]:
    """The messages, newest lot first, in the order they were queued within a lot."""
    query = select(OutgoingMessage).order_by(OutgoingMessage.cree_le.desc(), OutgoingMessage.id)
    for column, value in (
        (OutgoingMessage.statut, statut),
        (OutgoingMessage.lot, lot),
        (OutgoingMessage.member_id, member_id),
        (OutgoingMessage.meeting_id, meeting_id),
    ):
        if value is not None:
            query = query.where(column == value)
    with database.snapshot() as session:
        return [_row(message) for message in session.scalars(query)]


def _changed(session: Session, statement: Update) -> int:
    """How many rows an UPDATE changed."""
    result = cast("CursorResult[Any]", session.execute(statement))
    return result.rowcount or 0


def retry(database: Database, ids: Sequence[int] | None = None) -> int:
    """Put failed messages (all, or those of ``ids``) back in the queue, due now; how many."""
    statement = (
        update(OutgoingMessage)
        .where(OutgoingMessage.statut == MailStatus.FAILED)
        .values(statut=MailStatus.QUEUED, tentatives=0, prochain_essai=None)
    )
    if ids is not None:
        statement = statement.where(OutgoingMessage.id.in_(list(ids)))
    with database.sessions.begin() as session:
        return _changed(session, statement)


def cancel(database: Database, ids: Sequence[int]) -> int:
    """Withdraw messages not sent yet (waiting, failed, or left « en cours » by a crash); how many."""
    statement = (
        update(OutgoingMessage)
        .where(OutgoingMessage.id.in_(list(ids)))
        .where(OutgoingMessage.statut.in_((*WAITING, MailStatus.FAILED)))
        .values(statut=MailStatus.CANCELLED, prochain_essai=None)
    )
    with database.sessions.begin() as session:
        return _changed(session, statement)


def _due(database: Database, lot: str | None, moment: datetime) -> list[int]:
    query = (
        select(OutgoingMessage.id)
        .where(OutgoingMessage.statut.in_(WAITING))
        .where(or_(OutgoingMessage.prochain_essai.is_(None), OutgoingMessage.prochain_essai <= moment))
        .order_by(OutgoingMessage.id)
    )
    if lot is not None:
        query = query.where(OutgoingMessage.lot == lot)
    with database.snapshot() as session:
        return list(session.scalars(query))


def _in_flight(database: Database, lot: str | None) -> set[int]:
    query = select(OutgoingMessage.id).where(OutgoingMessage.statut == MailStatus.SENDING)
    if lot is not None:
        query = query.where(OutgoingMessage.lot == lot)
    with database.snapshot() as session:
        return set(session.scalars(query))


def _next_retry(database: Database, lot: str | None) -> datetime | None:
    query = select(func.min(OutgoingMessage.prochain_essai)).where(OutgoingMessage.statut == MailStatus.QUEUED)
    if lot is not None:
        query = query.where(OutgoingMessage.lot == lot)
    with database.snapshot() as session:
        return session.scalar(query)


def waiting(database: Database, lot: str | None = None) -> int:
    """Messages still to send (queued, or in flight when a run stopped): the window offers to resume."""
    query = select(func.count()).select_from(OutgoingMessage).where(OutgoingMessage.statut.in_(WAITING))
    if lot is not None:
        query = query.where(OutgoingMessage.lot == lot)
    with database.snapshot() as session:
        return session.scalar(query) or 0


def backoff(attempts: int) -> timedelta:
    """The delay before the next try after ``attempts`` failed ones: 30 s, 2 min, 8 min, 32 min."""
    return FIRST_DELAY * int(BACKOFF_FACTOR ** max(attempts - 1, 0))


_MESSAGES = cast(Table, OutgoingMessage.__table__)
# built once: a run of 10,000 messages executes them 20,000 times


def _taking(allowed: ColumnElement[bool]) -> Update:
    """« en cours » for a message still in an ``allowed`` status; its address, bytes and tries."""
    return (
        update(_MESSAGES)
        .where(_MESSAGES.c.id == bindparam("ident"), allowed)
        .values(statut=MailStatus.SENDING, tentatives=_MESSAGES.c.tentatives + 1)
        .returning(_MESSAGES.c.destinataire, _MESSAGES.c.message, _MESSAGES.c.tentatives)
    )


_TAKE_QUEUED = _taking(_MESSAGES.c.statut == MailStatus.QUEUED)
_TAKE_STALE = _taking(_MESSAGES.c.statut.in_(WAITING))
_SETTLE_UNSENT = (
    update(_MESSAGES)
    .where(_MESSAGES.c.id == bindparam("ident"))
    .values(statut=bindparam("statut"), reponse_serveur=bindparam("answer"), prochain_essai=bindparam("retry_at"))
)
_SETTLE = _SETTLE_UNSENT.values(envoye_le=bindparam("sent_at"))


@dataclass
class _Run:
    """One call of ``send_pending``: its connection, its counters, its clocks."""

    database: Database
    config: MailConfig
    connection: SmtpSession
    timing: Timing
    progress: Callable[[int, int], None] | None
    cancelled: Callable[[], bool] | None
    sent: int = 0
    failed: int = 0
    expected: set[int] = field(default_factory=set)
    finished: set[int] = field(default_factory=set)
    last_start: float | None = None
    stale: set[int] = field(default_factory=set)  # left « en cours » by a crash, found at the start

    def stop_asked(self) -> bool:
        return bool(self.cancelled and self.cancelled())

    def wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` in slices; False when cancelled meanwhile."""
        end = self.timing.clock() + seconds
        while (left := end - self.timing.clock()) > 0:
            if self.stop_asked():
                return False
            self.timing.sleep(min(left, _SLICE_SECONDS))
        return not self.stop_asked()

    def throttle(self) -> bool:
        """Keep to ``messages_par_minute``: wait until the interval since the last message is over."""
        if self.last_start is not None:
            interval = 60.0 / self.config.messages_par_minute
            if not self.wait(self.last_start + interval - self.timing.clock()):
                return False
        self.last_start = self.timing.clock()
        return True

    def report_progress(self) -> None:
        """(messages settled, messages of this run): a retry waited for counts once."""
        if self.progress:
            self.progress(len(self.finished), len(self.expected))

    def take(self, message_id: int) -> tuple[str, bytes, int] | None:
        """Mark the message « en cours » (committed before it leaves); its address, bytes and tries.

        One UPDATE guarded by the status, so that two runs (the window and ``cpts mail send-pending``)
        never both take a message; one left « en cours » by a crash is taken only by a run that found
        it so when it started."""
        statement = _TAKE_STALE if message_id in self.stale else _TAKE_QUEUED
        with self.database.engine.begin() as connection:
            taken = connection.execute(statement, {"ident": message_id}).first()
        if taken is None:  # cancelled, or taken by another run meanwhile
            return None
        address, data, attempts = taken
        return address, data, attempts

    def release(self, message_id: int) -> None:
        """Back in the queue, this try not counted: the batch stopped before the message could leave."""
        with self.database.sessions.begin() as session:
            message = session.get(OutgoingMessage, message_id)
            if message is not None and message.statut is MailStatus.SENDING:
                message.statut = MailStatus.QUEUED
                message.tentatives = max(message.tentatives - 1, 0)

    def settle(self, message_id: int, status: MailStatus, answer: str, retry_at: datetime | None = None) -> None:
        """The outcome of a try, in one UPDATE (the message's bytes are not read back)."""
        sent_at = self.timing.now().replace(microsecond=0) if status is MailStatus.SENT else None
        values = {"ident": message_id, "statut": status, "answer": answer, "retry_at": retry_at, "sent_at": sent_at}
        with self.database.engine.begin() as connection:
            connection.execute(_SETTLE if sent_at else _SETTLE_UNSENT, values)

    def send_one(self, message_id: int) -> None:
        taken = self.take(message_id)
        if taken is None:
            self.expected.discard(message_id)
            return
        address, data, attempts = taken
        try:
            answer = self.connection.send(address, data)
        except MailServerError:
            self.release(message_id)
            raise
        except MessageFailure as failure:
            self.failure(message_id, failure, attempts)
        else:
            self.settle(message_id, MailStatus.SENT, answer)
            self.sent += 1
            self.finished.add(message_id)
        self.report_progress()

    def failure(self, message_id: int, failure: MessageFailure, attempts: int) -> None:
        if failure.temporary and attempts < MAX_ATTEMPTS:
            # a dropped connection is tried again at once on a new one; a 4xx answer after a delay
            delay = timedelta(0) if failure.connection_lost and attempts == 1 else backoff(attempts)
            self.settle(message_id, MailStatus.QUEUED, failure.message, self.timing.now() + delay)
            return
        reason = failure.message if not failure.temporary else f"{failure.message} ({attempts} essais)"
        self.settle(message_id, MailStatus.FAILED, reason)
        self.failed += 1
        self.finished.add(message_id)

    def run(self, lot: str | None) -> bool:
        """Send what is due, then the retries due soon; False when cancelled."""
        while True:
            due = _due(self.database, lot, self.timing.now())
            self.expected.update(due)
            self.report_progress()
            for message_id in due:
                if not self.throttle():
                    return False
                self.send_one(message_id)
            upcoming = _next_retry(self.database, lot)
            if upcoming is None or upcoming - self.timing.now() > WAIT_IN_RUN:
                return True
            if not self.wait(max((upcoming - self.timing.now()).total_seconds(), 0.0)):
                return False


def send_pending(
    database: Database,
    *,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    lot: str | None = None,
    timing: Timing | None = None,
) -> SendReport:
    """Send the waiting messages (of one ``lot``, or all) through one SMTP session.

    Raises MailNotConfigured, PasswordNeeded, or MailServerError when the server cannot be used at all
    (nothing is then marked); a server lost during the run stops it with ``interruption`` said."""
    config = mail_config(database)
    if config is None:
        raise MailNotConfigured()
    secret = required_password(config, password)
    timing = timing or Timing()
    if not _due(database, lot, timing.now()):
        return SendReport(0, 0, waiting(database, lot))
    connection = SmtpSession(config, secret)
    try:
        connection.open()
    except PasswordRefused:
        forget_password(config)  # this session's copy only: the next run asks again
        raise
    if password and config.identifiant:
        remember_password(config, password)
    work = _Run(database, config, connection, timing, progress, cancelled, stale=_in_flight(database, lot))
    interruption = None
    try:
        finished = work.run(lot)
    except MailServerError as error:
        finished, interruption = True, f"Envoi arrêté : {error.message}"
    finally:
        connection.close()
    return SendReport(work.sent, work.failed, waiting(database, lot), interruption, cancelled=not finished)
