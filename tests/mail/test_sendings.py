"""Sendings against a real SMTP server: a meeting's convocations with each member's own PDF and the
meeting's calendar file, never twice; the relances of a year with what remains due."""

from __future__ import annotations

import io
import os
from datetime import date, datetime, timedelta
from email import policy
from email.parser import BytesParser

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from cpts_desktop.domain.enums import MailKind, MailSecurity, MeetingStatus, MeetingType, MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.pdf.mail_attachments import DRAWINGS
from cpts_desktop.services import meetings
from cpts_desktop.services.board import current_board
from cpts_desktop.services.database import open_database
from cpts_desktop.services.mail.outbox import Timing, send_pending
from cpts_desktop.services.mail.sendings import (
    Selection,
    prepare_convocations,
    prepare_free,
    prepare_receipt,
    prepare_reminders,
    queue_sending,
)
from cpts_desktop.services.mail.templates import Template
from cpts_desktop.store.models import Meeting, Member, OutgoingMessage, Payment
from tests.mail.helpers import configure

NO_WAIT = Timing(sleep=lambda _seconds: None)


def _members(database, count: int) -> list[Member]:
    with database.snapshot() as session:
        query = select(Member).where(Member.statut == MemberStatus.ACTIVE, Member.prenom.is_not(None))
        return list(session.scalars(query.order_by(Member.id).limit(count)))


def _meeting_with(database, members: list[Member]) -> int:
    """A meeting « sur invitation » in three weeks, the members chosen by hand."""
    when = datetime.combine(date.today() + timedelta(days=21), datetime.min.time()).replace(hour=19)
    meeting_id = meetings.create_meeting(
        database, MeetingType.OTHER, when, "Maison de santé, 4 rue des Lilas", "Groupe soins non programmés"
    )
    for member in members:
        meetings.set_recipient(database, meeting_id, member.id, True)
    return meeting_id


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_convocations_received_with_personal_pdf_and_calendar_never_twice(demo_database, plain_server):
    database = demo_database
    configure(database, plain_server, MailSecurity.NONE, login=False)
    first, second, unreachable = _members(database, 3)
    with database.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == unreachable.id).values(email="a.martin@"))  # mistyped
    meeting_id = _meeting_with(database, [first, second, unreachable])

    sending = prepare_convocations(database, meeting_id)
    assert sorted(a.member_id for a in sending.recipients) == sorted([first.id, second.id])
    assert [(a.member_id, a.invalid_email) for a in sending.without_address] == [(unreachable.id, "a.martin@")]
    assert sending.preview is not None and sending.preview.objet == "Convocation – Groupe soins non programmés"
    queued = queue_sending(database, sending, DRAWINGS)
    report = send_pending(database, timing=NO_WAIT)

    assert (queued.queued, report.sent, report.failed) == (2, 2, 0)
    received = {item.rcpt_tos[0]: item.message for item in plain_server.handler.received}
    assert set(received) == {first.email, second.email}
    for member in (first, second):
        message = received[member.email]
        assert message["Subject"] == "Convocation – Groupe soins non programmés"
        text = message.get_body(("plain",)).get_content()
        assert "Groupe soins non programmés" in text and "Lieu : Maison de santé, 4 rue des Lilas" in text
        pdf, calendar = list(message.iter_attachments())
        assert pdf.get_filename() == f"Convocation {member.prenom} {member.nom}.pdf"
        assert f"{member.prenom} {member.nom}" in " ".join(_pdf_text(pdf.get_content()).split())
        assert calendar.get_filename() == "Groupe soins non programmés.ics"
        assert "BEGIN:VEVENT" in calendar.get_content()
    with database.snapshot() as session:
        assert session.get(Meeting, meeting_id).statut is MeetingStatus.CONVENED

    again = prepare_convocations(database, meeting_id)  # a second sending offers only the others
    assert again.recipients == [] and sorted(a.member_id for a in again.already) == sorted([first.id, second.id])
    with pytest.raises(CptsError, match="déjà reçu leur convocation"):
        queue_sending(database, again, DRAWINGS)
    assert meetings.convocation_warning(database, meeting_id) is None


def test_relances_say_what_remains_due(demo_database, plain_server):
    database = demo_database
    configure(database, plain_server, MailSecurity.NONE, login=False)
    year = date.today().year
    sending = prepare_reminders(database, year)
    assert sending.recipients and sending.preview is not None
    assert "Montant restant dû : " in sending.preview.texte and "€" in sending.preview.texte

    queued = queue_sending(database, sending, DRAWINGS)
    assert queued.queued == len(sending.recipients)
    with database.snapshot() as session:
        rows = session.scalars(select(OutgoingMessage).where(OutgoingMessage.lot == queued.lot)).all()
    assert {row.nature for row in rows} == {MailKind.REMINDER}
    body = BytesParser(policy=policy.default).parsebytes(rows[0].message).get_body(("plain",)).get_content()
    assert f"votre cotisation {year}" in body and "Montant restant dû" in body


def test_cli_dry_run_shows_the_first_message_and_queues_nothing(demo_path):
    from tests.cli import runner

    env = {k: v for k, v in os.environ.items() if k != "CPTS_DB"}
    result = runner.run(
        ["--db", str(demo_path), "mail", "send", "relances", "--year", str(date.today().year), "--dry-run"], env
    )

    assert result.returncode == 0, result.stderr
    assert "messages à envoyer." in result.stdout and "Premier message :" in result.stdout
    assert "Montant restant dû : " in result.stdout and "Rien n’a été mis dans la boîte d’envoi" in result.stdout
    database = open_database(str(demo_path))
    with database.snapshot() as session:
        assert session.scalars(select(OutgoingMessage)).first() is None
    database.close()


def test_receipt_attached_to_its_member_and_past_meeting_refused(demo_database, plain_server):
    database = demo_database
    configure(database, plain_server, MailSecurity.NONE, login=False)
    with database.snapshot() as session:
        payment = session.scalars(
            select(Payment).join(Member).where(Payment.numero_recu.is_not(None), Member.email.is_not(None))
        ).first()
        past = session.scalars(select(Meeting).where(Meeting.date_heure < datetime.now())).first()
    with pytest.raises(CptsError, match="a déjà eu lieu"):
        prepare_convocations(database, past.id)

    sending = prepare_receipt(database, payment.id)
    assert sending.preview is not None and sending.preview.pieces_jointes == (f"Reçu {payment.numero_recu}.pdf",)
    queued = queue_sending(database, sending, DRAWINGS)
    with database.snapshot() as session:
        row = session.scalars(select(OutgoingMessage).where(OutgoingMessage.lot == queued.lot)).one()
    message = BytesParser(policy=policy.default).parsebytes(row.message)
    (pdf,) = message.iter_attachments()
    assert row.payment_id == payment.id and row.nature is MailKind.RECEIPT
    assert payment.numero_recu in _pdf_text(pdf.get_content())
    assert f"le reçu n° {payment.numero_recu}" in message.get_body(("plain",)).get_content()


def test_free_message_to_the_board_can_be_unsubscribed(demo_database, plain_server):
    database = demo_database
    configure(database, plain_server, MailSecurity.NONE, login=False)
    draft = Template("Réunion de rentrée – {association}", "{formule}\n\nBonjour {prenom},\nÀ bientôt.\n")
    sending = prepare_free(database, Selection(board=True), draft)
    board = {m.member_id for m in current_board(database)}
    assert {a.member_id for a in sending.recipients} | {a.member_id for a in sending.without_address} == board

    queued = queue_sending(database, sending, DRAWINGS)
    with database.snapshot() as session:
        row = session.scalars(select(OutgoingMessage).where(OutgoingMessage.lot == queued.lot)).first()
    message = BytesParser(policy=policy.default).parsebytes(row.message)
    assert str(message["List-Unsubscribe"]).strip().startswith("<mailto:contact@")  # the association's address
    assert "À bientôt." in message.get_body(("plain",)).get_content()
