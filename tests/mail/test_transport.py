"""Well-formed messages, the SMTP conversation's refusals in French, and the password's keeping."""

from __future__ import annotations

import socket
from email import policy
from email.parser import BytesParser

import pytest

from cpts_desktop.domain.enums import MailSecurity
from cpts_desktop.domain.errors import InvalidFields
from cpts_desktop.services.mail.compose import Attachment, build_message, message_bytes
from cpts_desktop.services.mail.settings import (
    KEYRING_SERVICE,
    MailNotConfigured,
    mail_config,
    password,
    save_mail_config,
)
from cpts_desktop.services.mail.transport import MailServerError, SmtpSession, send_test
from tests.mail.conftest import SMTP_LOGIN, SMTP_PASSWORD
from tests.mail.helpers import SENDER, config_for, configure


def test_message_is_well_formed(smtp_server):
    config = config_for(smtp_server)
    pdf = Attachment("convocation-Hélène-Lefèvre.pdf", b"%PDF-1.4", "application/pdf")
    message = build_message(
        config,
        "helene.lefevre@exemple.fr",
        "Hélène Lefèvre",
        "Convocation à l’assemblée générale – Œuvre",
        "Madame,\nVous êtes convoquée.\n",
        html="<p>Madame,</p>",
        attachments=[pdf],
        list_unsubscribe="mailto:secretariat@cpts-val-oeuvre.fr?subject=désinscription",
    )
    data = message_bytes(message)
    assert all(byte < 128 for byte in data) and b"\r\n" in data  # 7-bit, CRLF: any server takes it
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    assert parsed["Subject"] == "Convocation à l’assemblée générale – Œuvre"
    assert parsed["From"].addresses[0].display_name == "CPTS du Val d’Œuvre"
    assert parsed["From"].addresses[0].addr_spec == SENDER
    assert parsed["To"] == "Hélène Lefèvre <helene.lefevre@exemple.fr>"
    assert parsed["Reply-To"] == "bureau@cpts-val-oeuvre.fr"
    assert parsed["Message-ID"].endswith("@cpts-val-oeuvre.fr>")
    assert parsed["Date"].datetime.tzinfo is not None
    assert parsed["List-Unsubscribe"].startswith("<mailto:secretariat@cpts-val-oeuvre.fr")
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Madame,\nVous êtes convoquée.\n"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Madame,</p>"
    [attachment] = list(parsed.iter_attachments())
    assert b"filename*=utf-8''convocation-H%C3%A9l%C3%A8ne-Lef%C3%A8vre.pdf" in data  # RFC 2231
    assert attachment.get_filename() == "convocation-Hélène-Lefèvre.pdf"
    assert attachment.get_content_type() == "application/pdf"


def test_settings_checked_in_french(database):
    config = config_for_values(port=70000, serveur="smtp exemple", expediteur_adresse="pas-une-adresse")
    with pytest.raises(InvalidFields) as refused:
        save_mail_config(database, config)
    assert set(refused.value.by_field()) == {"serveur", "port", "expediteur_adresse"}
    assert "Le port doit être compris entre 1 et 65\u202f535." in refused.value.message
    assert mail_config(database) is None
    with pytest.raises(MailNotConfigured):
        send_test(database)


def config_for_values(**values):
    from dataclasses import replace

    from tests.mail.conftest import SmtpServer

    return replace(config_for(SmtpServer("127.0.0.1", 587, None, None)), **values)  # type: ignore[arg-type]


def test_password_in_the_keyring_never_in_the_base(db_path, smtp_server, trusted_ca, memory_keyring):
    from cpts_desktop.services.database import open_database

    database = open_database(str(db_path))
    config = configure(database, smtp_server)
    assert memory_keyring.secrets == {(KEYRING_SERVICE, f"{SMTP_LOGIN}@127.0.0.1"): SMTP_PASSWORD}
    memory_keyring_only = password(config)
    assert memory_keyring_only == SMTP_PASSWORD

    answer = send_test(database)
    database.close()

    assert answer.startswith(f"Message d’essai accepté par le serveur pour {SENDER} (réponse : 250")
    [received] = smtp_server.handler.received
    assert received.rcpt_tos == [SENDER] and received.message["Subject"].startswith("Message d’essai")
    stored = b"".join(path.read_bytes() for path in db_path.parent.glob(db_path.name + "*"))
    assert SMTP_PASSWORD.encode() not in stored and b"Mot-de-passe" not in stored


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("password", "Mot de passe refusé par le serveur (535"),
        ("sender", "Adresse d’expéditeur refusée par le serveur : 550"),
        ("certificate", "Certificat du serveur refusé (127.0.0.1:"),
        ("ssl_on_starttls_port", "La connexion chiffrée avec 127.0.0.1:"),
        ("starttls_on_relay", "ne propose pas STARTTLS"),
        ("no_login", "Le serveur demande une authentification : renseignez l’identifiant et le mot de passe (530"),
    ],
)
def test_refusals_said_in_french(database, smtp_server, plain_server, smtp_certificate, monkeypatch, setup, expected):
    monkeypatch.setenv("CPTS_SMTP_CAFILE", str(smtp_certificate.cert))
    secret = "pas-le-bon" if setup == "password" else None
    if setup == "certificate":
        monkeypatch.delenv("CPTS_SMTP_CAFILE")
    if setup == "sender":
        smtp_server.handler.refused.add(SENDER)
    server = plain_server if setup == "starttls_on_relay" else smtp_server
    security = MailSecurity.TLS if setup == "ssl_on_starttls_port" else MailSecurity.STARTTLS
    configure(database, server, security, login=setup not in ("starttls_on_relay", "no_login"))
    with pytest.raises(MailServerError) as refused:
        send_test(database, password=secret)
    assert expected in refused.value.message
    assert "pas-le-bon" not in refused.value.message
    assert smtp_server.handler.received == []


def test_unreachable_and_silent_servers(smtp_server):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    config = config_for(smtp_server)
    from dataclasses import replace

    with pytest.raises(MailServerError, match="Serveur injoignable") as unreachable:
        SmtpSession(replace(config, port=closed_port), SMTP_PASSWORD).open()
    assert unreachable.value.temporary
    with socket.socket() as silent:  # accepts connections (backlog) but never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        with pytest.raises(MailServerError, match="ne répond pas") as mute:
            SmtpSession(replace(config, port=silent.getsockname()[1]), SMTP_PASSWORD, timeout=0.2).open()
    assert mute.value.temporary


def test_a_locked_keyring_keeps_the_password_for_the_session_only(smtp_server, memory_keyring, monkeypatch):
    from keyring.errors import KeyringLocked

    from cpts_desktop.services.mail.settings import store_password

    def locked(*_args: object) -> None:
        raise KeyringLocked("verrouillé")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    monkeypatch.setattr(memory_keyring, "get_password", locked)
    monkeypatch.setattr("cpts_desktop.services.mail.settings._session_passwords", {})
    config = config_for(smtp_server)
    assert password(config) is None
    assert store_password(config, SMTP_PASSWORD) is False
    assert password(config) == SMTP_PASSWORD
