"""Convocations by e-mail: 1,000 members of an AG, each sent the message, their own convocation and
pouvoir (PDF) and the meeting's .ics, through a local SMTP server (aiosmtpd in a process of its own).

Our whole path (prepare, draw and queue in one transaction, send through the outbox with its commits
per message) against a bare ``smtplib`` loop sending the same prepared messages in one session, plus
the time to draw the same 1,000 PDFs. Both are measured in wall and CPU seconds of this process (the
server's work is in its own process); the target bounds the wall-clock ratio."""

from __future__ import annotations

import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.common import Result
from benchmarks.data import make_register
from cpts_desktop.domain.enums import MailSecurity, MeetingType
from cpts_desktop.pdf.mail_attachments import DRAWINGS
from cpts_desktop.services import documents, meetings
from cpts_desktop.services.database import open_database
from cpts_desktop.services.demo import load_demo
from cpts_desktop.services.mail.outbox import Timing, send_pending
from cpts_desktop.services.mail.sendings import prepare_convocations, queue_sending
from cpts_desktop.services.mail.settings import MailConfig, save_mail_config
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import Attendance, Member, OutgoingMessage

LETTERS = 1000
SENDER = "secretariat@cpts-exemple.fr"


class _Throttle:
    """A clock that moves only when slept on: the provider's limit per minute is not what is measured."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def sleep(self, seconds: float) -> None:
        self.seconds += seconds

    def timing(self) -> Timing:
        return Timing(clock=lambda: self.seconds, sleep=self.sleep)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server(port: int) -> subprocess.Popen:
    """aiosmtpd accepting everything (``Sink``), ready when it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("le serveur SMTP de mesure ne répond pas")


def _register(folder: Path, port: int) -> tuple[Database, int]:
    """The demo association with 1,000 more members, and an AG in a month that convenes those alone."""
    location = str(folder / "mail.sqlite")
    database = open_database(location, create=True)
    load_demo(database)
    with database.snapshot() as session:
        demo = set(session.scalars(select(Member.id)))
    database.close()
    database = make_register(location, LETTERS)
    when = datetime.combine(date.today() + timedelta(days=30), datetime.min.time()).replace(hour=18)
    meeting_id = meetings.create_meeting(
        database, MeetingType.ORDINARY_GENERAL, when, "Salle des fêtes", None, ["Rapport moral"]
    )
    with database.sessions.begin() as session:
        rows = [
            {"meeting_id": meeting_id, "member_id": member_id, "convoque": member_id not in demo, "manuel": True}
            for member_id in session.scalars(select(Member.id))
        ]
        session.execute(insert(Attendance), rows)
    config = MailConfig("127.0.0.1", port, MailSecurity.NONE, None, "CPTS", SENDER, None, messages_par_minute=1000)
    save_mail_config(database, config)
    return database, meeting_id


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``work``."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _ours(database: Database, meeting_id: int) -> None:
    sending = prepare_convocations(database, meeting_id)
    assert len(sending.recipients) == LETTERS
    queue_sending(database, sending, DRAWINGS)
    report = send_pending(database, timing=_Throttle().timing())
    assert report.sent == LETTERS, report


def _bare(database: Database, meeting_id: int, port: int) -> None:
    """The same 1,000 PDFs drawn, then the same messages (as queued) sent by a plain smtplib loop."""
    papers = documents.meeting_papers(database, meeting_id)
    for card in papers.convened:
        DRAWINGS.convocation(papers, card)
    with database.snapshot() as session:
        messages = session.execute(select(OutgoingMessage.destinataire, OutgoingMessage.message)).all()
    with smtplib.SMTP("127.0.0.1", port) as server:
        for address, message in messages:
            server.sendmail(SENDER, [address], message)


def measure() -> Result:
    port = _free_port()
    server = _server(port)
    try:
        with tempfile.TemporaryDirectory() as work:
            database, meeting_id = _register(Path(work), port)
            ours_wall, ours_cpu = _timed(lambda: _ours(database, meeting_id))
            bare_wall, bare_cpu = _timed(lambda: _bare(database, meeting_id, port))
            database.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    note = f"CPU {ours_cpu:.1f} s contre {bare_cpu:.1f} s ({ours_cpu / bare_cpu:.2f} x)"
    return Result("mail_convocations_1000", ours_wall, "s", bare_wall, 2.0, "ratio", note)


if __name__ == "__main__":
    print(measure().line())
