"""The outbox against a real SMTP server: what arrives, what fails, what resumes, and the password."""

from __future__ import annotations

import pytest

from cpts_desktop.domain.enums import MailSecurity, MailStatus
from cpts_desktop.services.mail import outbox as box
from cpts_desktop.services.mail.outbox import Timing, cancel, outbox, queue, retry, send_pending
from cpts_desktop.services.mail.settings import PasswordNeeded, mail_config, remember_password
from cpts_desktop.services.mail.transport import MailServerError
from tests.mail.conftest import SMTP_LOGIN
from tests.mail.helpers import configure, people, prepared


class FakeTime:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        from datetime import datetime

        self.start = datetime(2027, 3, 1, 9, 0)
        self.seconds = 0.0
        self.slept: list[float] = []

    def timing(self) -> Timing:
        from datetime import timedelta

        return Timing(
            clock=lambda: self.seconds, now=lambda: self.start + timedelta(seconds=self.seconds), sleep=self.sleep
        )

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.seconds += seconds


def statuses(database) -> list[MailStatus]:
    return [row.statut for row in sorted(outbox(database), key=lambda row: row.id)]


def test_batch_received_with_recipients_subject_and_attachments(database, smtp_server, trusted_ca):
    config = configure(database, smtp_server)
    lot = queue(
        database,
        "Convocations AG 2027",
        prepared(config, [("Hélène Lefèvre", "helene@exemple.fr"), ("Zoé Œuvrard", "zoe@exemple.fr")]),
    )
    seen: list[tuple[int, int]] = []
    report = send_pending(database, progress=lambda done, total: seen.append((done, total)))

    assert (report.sent, report.failed, report.waiting) == (2, 0, 0)
    assert report.summary == "2 messages envoyés"
    assert seen == [(0, 2), (1, 2), (2, 2)]
    received = smtp_server.handler.received
    assert [item.rcpt_tos for item in received] == [["helene@exemple.fr"], ["zoe@exemple.fr"]]
    assert smtp_server.handler.sessions == 1  # one SMTP session for the batch
    first = received[0].message
    assert first["Subject"] == "Convocation à l’assemblée générale – Œuvre"
    assert "Hélène Lefèvre" in first.get_body(("plain",)).get_content()
    [pdf] = list(first.iter_attachments())
    assert pdf.get_filename() == "convocation-Hélène-Lefèvre.pdf"
    assert pdf.get_content() == "%PDF-1.4 Hélène Lefèvre".encode()
    rows = outbox(database, lot=lot)
    assert {row.statut for row in rows} == {MailStatus.SENT}
    assert all(row.envoye_le and row.reponse_serveur.startswith("250") for row in rows)
    assert rows[0].pieces_jointes[0].nom == "convocation-Hélène-Lefèvre.pdf"
    assert len(rows[0].pieces_jointes[0].sha256) == 64
    assert send_pending(database).sent == 0  # nothing is sent twice


def test_refused_recipients_fail_with_the_reason_others_are_sent(database, smtp_server, trusted_ca):
    config = configure(database, smtp_server)
    queue(database, "Relances 2027", prepared(config, [*people(3), ("Sans Domaine", "sans.domaine@exemple")]))
    smtp_server.handler.refused.add("adherent2@exemple.fr")

    report = send_pending(database)

    assert (report.sent, report.failed) == (2, 1)
    [malformed] = [row for row in outbox(database) if row.destinataire == "sans.domaine@exemple"]
    assert malformed.statut is MailStatus.FAILED and "n’est pas une adresse électronique valide" in (
        malformed.reponse_serveur
    )
    assert smtp_server.handler.recipients() == ["adherent1@exemple.fr", "adherent3@exemple.fr"]
    [failed] = [row for row in outbox(database, statut=MailStatus.FAILED) if row.destinataire.endswith(".fr")]
    assert failed.destinataire == "adherent2@exemple.fr"
    assert failed.reponse_serveur.startswith("Adresse du destinataire refusée : 550")

    smtp_server.handler.refused.clear()
    assert retry(database, [failed.id]) == 1
    assert send_pending(database).sent == 1
    assert smtp_server.handler.recipients()[-1] == "adherent2@exemple.fr"


def test_dropped_connection_resumes_without_sending_twice(database, smtp_server, trusted_ca):
    config = configure(database, smtp_server)
    queue(database, "Convocations", prepared(config, people(5)))
    smtp_server.handler.drop_after = 2

    seen: list[tuple[int, int]] = []
    report = send_pending(database, progress=lambda done, total: seen.append((done, total)))

    assert (report.sent, report.failed, report.waiting) == (5, 0, 0)
    recipients = smtp_server.handler.recipients()
    assert sorted(recipients) == sorted(address for _name, address in people(5))
    assert smtp_server.handler.sessions == 2
    assert seen[-1] == (5, 5)


def test_temporary_failures_are_retried_with_backoff_then_fail(database, smtp_server, trusted_ca):
    config = configure(database, smtp_server)
    queue(database, "Reçus", prepared(config, people(1)))
    clock = FakeTime()
    smtp_server.handler.temporary = 2
    report = send_pending(database, timing=clock.timing())
    assert report.sent == 1 and len(smtp_server.handler.received) == 1
    assert sum(clock.slept) == pytest.approx(30 + 120)  # 30 s then 2 min, waited for in the same run

    queue(database, "Reçus", prepared(config, people(1)))
    smtp_server.handler.temporary = 99
    report = send_pending(database, timing=clock.timing())
    assert (report.sent, report.failed, report.waiting) == (0, 0, 1)  # the next try is 8 min away
    [row] = outbox(database, statut=MailStatus.QUEUED)
    assert row.tentatives == 3 and row.reponse_serveur.startswith("Refus temporaire du serveur : 451")
    clock.seconds += 3600
    report = send_pending(database, timing=clock.timing())
    clock.seconds += 3600
    report = send_pending(database, timing=clock.timing())
    assert report.failed == 1
    [row] = outbox(database, statut=MailStatus.FAILED)
    assert row.tentatives == box.MAX_ATTEMPTS and "(5 essais)" in row.reponse_serveur


def test_throttle_and_cancel(database, smtp_server, trusted_ca):
    config = configure(database, smtp_server, per_minute=20)
    queue(database, "Message libre", prepared(config, people(4)))
    clock = FakeTime()
    report = send_pending(database, timing=clock.timing(), cancelled=lambda: len(smtp_server.handler.received) >= 3)
    assert report.cancelled and (report.sent, report.waiting) == (3, 1)
    assert clock.seconds == pytest.approx(6.0)  # 3 s between messages at 20 per minute
    assert cancel(database, [row.id for row in outbox(database, statut=MailStatus.QUEUED)]) == 1
    assert send_pending(database).sent == 0
    assert statuses(database).count(MailStatus.CANCELLED) == 1


def test_wrong_password_stops_everything_nothing_marked(database, smtp_server, trusted_ca):
    config = configure(database, smtp_server)
    queue(database, "Convocations", prepared(config, people(2)))
    with pytest.raises(MailServerError) as refused:
        send_pending(database, password="pas-le-bon")
    assert refused.value.message.startswith("Mot de passe refusé par le serveur (535")
    assert "pas-le-bon" not in str(refused.value)
    assert statuses(database) == [MailStatus.QUEUED, MailStatus.QUEUED]
    assert [row.tentatives for row in outbox(database)] == [0, 0]
    assert smtp_server.handler.received == []


def test_password_needed_without_keyring_then_remembered_for_the_session(
    database, smtp_server, trusted_ca, memory_keyring, monkeypatch
):
    config = configure(database, smtp_server)
    memory_keyring.secrets.clear()
    monkeypatch.setattr("cpts_desktop.services.mail.settings._session_passwords", {})
    queue(database, "Convocations", prepared(config, people(1)))
    with pytest.raises(PasswordNeeded, match=SMTP_LOGIN):
        send_pending(database)
    from tests.mail.conftest import SMTP_PASSWORD

    remember_password(mail_config(database), SMTP_PASSWORD)
    assert send_pending(database).sent == 1
    assert memory_keyring.secrets == {}  # remembered for the session only


@pytest.mark.parametrize("fixture", ["smtps_server", "plain_server"])
def test_ssl_and_local_relay(database, fixture, request, trusted_ca):
    server = request.getfixturevalue(fixture)
    security = MailSecurity.TLS if fixture == "smtps_server" else MailSecurity.NONE
    config = configure(database, server, security, login=fixture == "smtps_server")
    queue(database, "Essai", prepared(config, people(1)))
    assert send_pending(database).sent == 1
    assert server.handler.recipients() == ["adherent1@exemple.fr"]


def test_self_signed_certificate_refused_without_its_authority(database, smtp_server):
    config = configure(database, smtp_server)
    queue(database, "Convocations", prepared(config, people(1)))
    with pytest.raises(MailServerError, match="Certificat du serveur refusé"):
        send_pending(database)
    assert statuses(database) == [MailStatus.QUEUED]


def test_sender_refused_stops_the_batch_and_keeps_the_messages_waiting(database, smtp_server, trusted_ca):
    config = configure(database, smtp_server)
    queue(database, "Convocations", prepared(config, people(2)))
    smtp_server.handler.refused.add(config.expediteur_adresse)

    report = send_pending(database)

    assert (report.sent, report.failed, report.waiting) == (0, 0, 2)
    assert report.summary == (
        "0 message envoyé, 2 en attente. Envoi arrêté : Adresse d’expéditeur refusée par le serveur : "
        "550 5.7.1 Expéditeur non autorisé"
    )
    assert statuses(database) == [MailStatus.QUEUED, MailStatus.QUEUED]
    assert [row.tentatives for row in outbox(database)] == [0, 0]


def test_a_server_closing_with_421_is_left_and_the_message_sent_on_a_new_connection(database, smtp_server, trusted_ca):
    config = configure(database, smtp_server)
    queue(database, "Reçus", prepared(config, people(2)))
    smtp_server.handler.temporary, smtp_server.handler.temporary_code = 1, "421 4.3.2 Trop de connexions"
    clock = FakeTime()

    report = send_pending(database, timing=clock.timing())

    assert report.sent == 2 and sum(clock.slept) < 1  # tried again at once (no backoff), on a new connection
    assert smtp_server.handler.sessions == 2
    assert smtp_server.handler.recipients() == ["adherent2@exemple.fr", "adherent1@exemple.fr"]
