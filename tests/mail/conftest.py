"""A real SMTP server for the e-mail tests (aiosmtpd on 127.0.0.1), and a keyring kept in memory.

Fixtures:
- ``smtp_server``: STARTTLS with a self-signed certificate made for the run, AUTH LOGIN/PLAIN required
  after STARTTLS (login ``SMTP_LOGIN``, password ``SMTP_PASSWORD``); ``smtp_server.handler`` keeps the
  received messages and can refuse senders or recipients, answer temporarily, drop the connection or hold
  a message in flight.
- ``smtps_server``: the same behind implicit SSL/TLS (port « 465 » style).
- ``plain_server``: no TLS, no AUTH (a local relay).
- ``trusted_ca``: sets ``CPTS_SMTP_CAFILE`` to the test certificate, so the client verifies it as a real
  certificate; without it, the self-signed server is refused.
- ``memory_keyring`` (autouse): ``keyring.set_keyring`` to an in-memory backend; subprocesses get the
  ``fail`` backend through ``PYTHON_KEYRING_BACKEND``, so no test touches a real keyring.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

SMTP_LOGIN = "secretariat@cpts-exemple.fr"
SMTP_PASSWORD = "Mot-de-passe-d’essai-7Q"


@dataclass
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class RecordingHandler:
    """Keeps what it accepts; can be told to misbehave.

    ``refused``: senders or recipients answered « 550 » at MAIL or RCPT; ``temporary``: the next N messages are answered
    ``temporary_code`` (« 451 » by default, or « 421 ») at DATA; ``drop_after``: after that many
    accepted messages, the next DATA closes the connection without an answer (once); ``hold_after``:
    after that many, the next message is kept but its answer waits (``holding`` set) until ``release``."""

    received: list[Received] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    temporary: int = 0
    temporary_code: str = "451 4.3.0 Service momentanément indisponible"
    drop_after: int | None = None
    sessions: int = 0  # connections opened
    hold_after: int | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]):
        if address.lower() in self.refused:
            return "550 5.7.1 Expéditeur non autorisé"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]):
        if address.lower() in self.refused:
            return "550 5.1.1 Destinataire inconnu"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.hold_after is not None and len(self.received) >= self.hold_after:
            self.hold_after = None
            self._keep(envelope)  # the worst case: the server has the message, the client not the answer
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
            return "250 2.0.0 Ok: queued as TEST"
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            self.drop_after = None
            server.transport.close()
            return "421 4.4.2 Connexion interrompue"
        if self.temporary > 0:
            self.temporary -= 1
            return self.temporary_code
        self._keep(envelope)
        return "250 2.0.0 Ok: queued as TEST"

    def _keep(self, envelope: Envelope) -> None:
        parsed = BytesParser(policy=policy.default).parsebytes(envelope.content)  # type: ignore[arg-type]
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]

    def recipients(self) -> list[str]:
        return [address for item in self.received for address in item.rcpt_tos]


def _authenticator(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
    ok = (
        isinstance(data, LoginPassword)
        and data.login.decode() == SMTP_LOGIN
        and data.password.decode("utf-8") == SMTP_PASSWORD
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler
    certificate: Path


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path


@pytest.fixture(scope="session")
def smtp_certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for « localhost » and 127.0.0.1, made once for the run."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("smtp-tls")
    cert, key_path = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return Certificate(cert, key_path)


def _server_context(certificate: Certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate.cert, certificate.key)
    return context


class _Controller(Controller):
    def factory(self) -> SMTP:
        self.handler.sessions += 1  # one SMTP instance per connection
        with warnings.catch_warnings():  # « AUTH without requiring TLS »: the SSL variant is all TLS
            warnings.simplefilter("ignore", UserWarning)
            return super().factory()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(handler: RecordingHandler, certificate: Certificate, *, mode: str) -> Iterator[SmtpServer]:
    kwargs: dict[str, Any] = {}
    if mode == "starttls":
        kwargs = {"tls_context": _server_context(certificate), "require_starttls": True}
    elif mode == "ssl":
        kwargs = {"ssl_context": _server_context(certificate)}
    if mode != "plain":
        # behind implicit SSL aiosmtpd does not see the TLS layer: the whole connection is encrypted anyway
        kwargs |= {"authenticator": _authenticator, "auth_required": True, "auth_require_tls": mode == "starttls"}
    port = _free_port()
    controller = _Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs)
    controller.start()
    handler.sessions = 0  # start() opens one connection of its own to check the server answers
    try:
        yield SmtpServer("127.0.0.1", port, handler, certificate.cert)
    finally:
        handler.release.set()
        controller.stop()


@pytest.fixture
def smtp_server(smtp_certificate: Certificate) -> Iterator[SmtpServer]:
    yield from _run(RecordingHandler(), smtp_certificate, mode="starttls")


@pytest.fixture
def smtps_server(smtp_certificate: Certificate) -> Iterator[SmtpServer]:
    yield from _run(RecordingHandler(), smtp_certificate, mode="ssl")


@pytest.fixture
def plain_server(smtp_certificate: Certificate) -> Iterator[SmtpServer]:
    yield from _run(RecordingHandler(), smtp_certificate, mode="plain")


@pytest.fixture
def trusted_ca(smtp_certificate: Certificate, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The client trusts the test certificate (``CPTS_SMTP_CAFILE``), as it trusts a real one."""
    monkeypatch.setenv("CPTS_SMTP_CAFILE", str(smtp_certificate.cert))
    return smtp_certificate.cert


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that forgets everything at the end of the test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
