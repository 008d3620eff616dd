"""The SMTP conversation: one session per batch, STARTTLS, SSL/TLS or none, AUTH when a login is set,
and every failure said in French and sorted into what stops the batch and what concerns one message.

The server's certificate is always verified against the system's authorities. A server whose certificate
comes from a private authority (a local relay, the tests' server) is trusted by naming that authority's
certificate file in the environment variable ``CPTS_SMTP_CAFILE``: no setting lets a user switch the
verification off, since a refused certificate is exactly what a hijacked network looks like."""

from __future__ import annotations

import base64
import os
import smtplib
import socket
import ssl
from datetime import datetime
from email.message import EmailMessage
from functools import cache
from types import TracebackType

from cpts_desktop.domain.enums import MailSecurity
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.mail.compose import build_message, message_bytes
from cpts_desktop.services.mail.settings import (
    MailConfig,
    MailNotConfigured,
    mail_config,
    remember_password,
    required_password,
)
from cpts_desktop.store.engine import Database

CAFILE_ENV = "CPTS_SMTP_CAFILE"
TIMEOUT_SECONDS = 30.0


class MailServerError(CptsError):
    """The server cannot be used now: the batch stops and its messages wait. ``temporary`` when trying
    later may succeed (unreachable, timeout), not when a setting must change (password, certificate)."""

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


class PasswordRefused(MailServerError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"Mot de passe refusé par le serveur ({detail}).", temporary=False)


class MessageFailure(CptsError):
    """One message was not accepted. ``temporary`` (4xx, connection lost): it is tried again later;
    otherwise (5xx, refused recipient) it has failed, with ``message`` as the reason."""

    def __init__(self, message: str, *, temporary: bool, connection_lost: bool = False) -> None:
        super().__init__(message)
        self.temporary = temporary
        self.connection_lost = connection_lost


def _answer(code: int, text: bytes | str) -> str:
    """« 250 2.0.0 Ok » as the server said it, on one line."""
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}".strip()


@cache
def _local_name() -> str:
    """The name given in EHLO, looked up once (a slow DNS would otherwise delay every connection)."""
    return socket.getfqdn()


def tls_context() -> ssl.SSLContext:
    """The system's authorities, or only the one named by ``CPTS_SMTP_CAFILE``; names always checked."""
    return ssl.create_default_context(cafile=os.environ.get(CAFILE_ENV) or None)


def _timed_out(error: BaseException) -> bool:
    """A timeout, also when smtplib reports it as a closed connection."""
    return isinstance(error, TimeoutError) or (
        isinstance(error, smtplib.SMTPServerDisconnected) and isinstance(error.__context__, TimeoutError)
    )


def _connection_error(config: MailConfig, error: BaseException) -> MailServerError:
    where = f"{config.serveur}:{config.port}"
    if isinstance(error, ssl.SSLCertVerificationError):
        reason = error.verify_message or "non reconnu"
        return MailServerError(f"Certificat du serveur refusé ({where} : {reason}).", temporary=False)
    if isinstance(error, ssl.SSLError):
        return MailServerError(
            f"La connexion chiffrée avec {where} a échoué : vérifiez le port et la sécurité choisis "
            "(STARTTLS sur le port 587, SSL/TLS sur le port 465).",
            temporary=False,
        )
    if isinstance(error, socket.gaierror):
        return MailServerError(f"Serveur injoignable : le nom « {config.serveur} » est inconnu.", temporary=True)
    if _timed_out(error):
        return MailServerError(f"Le serveur {where} ne répond pas (délai dépassé).", temporary=True)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return MailServerError(
            f"Le serveur {where} ne propose pas STARTTLS : choisissez une autre sécurité.", temporary=False
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return MailServerError(
            f"Le serveur {where} refuse la connexion : {_answer(error.smtp_code, error.smtp_error)}.",
            temporary=error.smtp_code < 500,
        )
    if isinstance(error, ConnectionRefusedError):
        return MailServerError(
            f"Serveur injoignable ({where}) : connexion refusée, vérifiez le serveur et le port.", temporary=True
        )
    return MailServerError(f"Serveur injoignable ({where}).", temporary=True)


class SmtpSession:
    """One SMTP connection for a batch; ``send`` raises MessageFailure for one message, MailServerError
    when the whole batch must stop. Reconnects by itself after a dropped connection."""

    def __init__(self, config: MailConfig, password: str | None, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.config = config
        self._password = password
        self._timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSession:
        self.open()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def open(self) -> None:
        """Connect, secure and log in; MailServerError in French when the server cannot be used."""
        self.close()
        config = self.config
        try:
            if config.securite is MailSecurity.TLS:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    config.serveur,
                    config.port,
                    local_hostname=_local_name(),
                    timeout=self._timeout,
                    context=tls_context(),
                )
            else:
                smtp = smtplib.SMTP(config.serveur, config.port, local_hostname=_local_name(), timeout=self._timeout)
            self._smtp = smtp
            smtp.ehlo()
            if config.securite is MailSecurity.STARTTLS:
                smtp.starttls(context=tls_context())
                smtp.ehlo()
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise _connection_error(config, error) from None
        if config.identifiant:
            self._login(config.identifiant, self._password or "")

    def _login(self, login: str, password: str) -> None:
        """AUTH PLAIN, else LOGIN, in UTF-8 (smtplib's own refuses a password with an accent)."""
        smtp = self._smtp
        assert smtp is not None
        methods = smtp.esmtp_features.get("auth", "").upper().split()
        try:
            if "PLAIN" in methods:
                token = b"\0" + login.encode() + b"\0" + password.encode()
                code, text = smtp.docmd("AUTH", "PLAIN " + base64.b64encode(token).decode("ascii"))
            elif "LOGIN" in methods:
                code, text = smtp.docmd("AUTH", "LOGIN")
                for step in (login, password):
                    if code != 334:
                        break
                    code, text = smtp.docmd(base64.b64encode(step.encode()).decode("ascii"))
            else:
                self.close()
                raise MailServerError(
                    f"Le serveur {self.config.serveur} ne propose pas l’authentification : vérifiez la sécurité "
                    "choisie, ou laissez l’identifiant vide pour un relais local.",
                    temporary=False,
                )
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise _connection_error(self.config, error) from None
        if code != 235:
            self.close()
            if code >= 500:
                raise PasswordRefused(_answer(code, text))
            raise MailServerError(
                f"Authentification impossible pour l’instant : {_answer(code, text)}.", temporary=True
            )

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()

    def send(self, recipient: str, data: bytes) -> str:
        """Send one prepared message to one address; the server's answer (« 250 2.0.0 Ok… »)."""
        if self._smtp is None:
            self.open()
        smtp = self._smtp
        assert smtp is not None
        try:
            return self._transaction(smtp, recipient, data)
        except MessageFailure as failure:
            if failure.connection_lost:
                self.close()
            raise
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self.close()
            reason = "délai dépassé" if _timed_out(error) else "connexion interrompue"
            raise MessageFailure(
                f"Envoi interrompu ({reason}) : nouvel essai prévu.", temporary=True, connection_lost=True
            ) from None

    def _transaction(self, smtp: smtplib.SMTP, recipient: str, data: bytes) -> str:
        code, text = smtp.mail(self.config.expediteur_adresse)
        if code != 250:
            self._refused(smtp, code, text, sender=True)
        code, text = smtp.rcpt(recipient)
        if code not in (250, 251):
            self._refused(smtp, code, text, sender=False)
        code, text = smtp.data(data)
        if code != 250:
            self._refused(smtp, code, text, sender=False, what="message refusé par le serveur")
        return _answer(code, text)

    def _refused(self, smtp: smtplib.SMTP, code: int, text: bytes, *, sender: bool, what: str = "") -> None:
        answer = _answer(code, text)
        if code == 421:  # the server closes the connection: try again on a new one
            raise MessageFailure(
                f"Serveur momentanément indisponible : {answer}.", temporary=True, connection_lost=True
            )
        try:
            smtp.rset()
        except (OSError, smtplib.SMTPException):
            raise MessageFailure(
                f"Connexion interrompue après : {answer}.", temporary=True, connection_lost=True
            ) from None
        if sender and code == 530:
            raise MailServerError(
                f"Le serveur demande une authentification : renseignez l’identifiant et le mot de passe ({answer}).",
                temporary=False,
            )
        if sender and code >= 500:
            raise MailServerError(f"Adresse d’expéditeur refusée par le serveur : {answer}.", temporary=False)
        if code < 500:
            raise MessageFailure(f"Refus temporaire du serveur : {answer}.", temporary=True)
        what = what or ("adresse d’expéditeur refusée" if sender else "adresse du destinataire refusée")
        raise MessageFailure(f"{what[0].upper()}{what[1:]} : {answer}.", temporary=False)


def test_message(config: MailConfig, association: str) -> EmailMessage:
    """The message « Envoyer un message d’essai » sends to the sender's own address."""
    moment = datetime.now().strftime("%d/%m/%Y à %H:%M")
    return build_message(
        config,
        config.expediteur_adresse,
        config.expediteur_nom,
        f"Message d’essai — {association}",
        f"Ce message d’essai a été envoyé le {moment} par CPTS Desktop à travers {config.serveur}.\n\n"
        "S’il vous parvient, l’envoi des convocations, relances et reçus par courrier électronique est prêt.\n",
    )


def send_test(database: Database, password: str | None = None) -> str:
    """Send a message to the sender's own address; the server's answer, in French."""
    from cpts_desktop.services.association import letterhead

    config = mail_config(database)
    if config is None:
        raise MailNotConfigured()
    secret = required_password(config, password)
    message = test_message(config, letterhead(database).nom or "CPTS")
    with SmtpSession(config, secret) as session:
        try:
            answer = session.send(config.expediteur_adresse, message_bytes(message))
        except MessageFailure as failure:
            raise MailServerError(failure.message, temporary=failure.temporary) from None
    if password and config.identifiant:
        remember_password(config, password)
    return f"Message d’essai accepté par le serveur pour {config.expediteur_adresse} (réponse : {answer})."
