"""The outgoing mail server's settings, and its password.

The settings are one row of the base; the password never is. It goes to the operating system's keyring
(Windows Credential Manager, macOS Keychain, Secret Service) through ``keyring``; where no keyring can be
used, it is kept in this process's memory only, so it is asked once per session. It never reaches the
base, the settings file, a log, a command line or an error's message."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from sqlalchemy import select

from cpts_desktop.domain.enums import MailSecurity
from cpts_desktop.domain.errors import CptsError, InvalidFields, ValidationError
from cpts_desktop.domain.validators import clean_email
from cpts_desktop.i18n import format_number
from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import MailSettings

log = logging.getLogger(__name__)

KEYRING_SERVICE = "CPTS Desktop — serveur d’envoi"
MAX_PER_MINUTE = 10_000  # a local relay takes as many as it is given
# the usual port of each security: proposed when it is chosen
USUAL_PORTS = {MailSecurity.STARTTLS: 587, MailSecurity.TLS: 465, MailSecurity.NONE: 25}
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*\.?$")
_IPV6 = re.compile(r"^\[?[0-9A-Fa-f:.]+\]?$")
# passwords given this session where no keyring could keep them, by keyring user name
_session_passwords: dict[str, str] = {}


class MailNotConfigured(CptsError):
    """No mail server is set: sending must wait until the settings are filled in."""

    def __init__(self) -> None:
        super().__init__(
            "Aucun serveur d’envoi n’est réglé : renseignez-le dans Paramètres › Courrier électronique "
            "(ou « cpts mail configure »)."
        )


class PasswordNeeded(CptsError):
    """The server needs a password that neither the keyring nor this session holds."""

    def __init__(self, config: MailConfig) -> None:
        super().__init__(f"Le mot de passe du compte « {config.identifiant} » sur {config.serveur} est nécessaire.")


@dataclass(frozen=True)
class MailConfig:
    """How to reach the association's mail server and whom the messages come from."""

    serveur: str
    port: int
    securite: MailSecurity
    identifiant: str | None
    expediteur_nom: str | None
    expediteur_adresse: str
    repondre_a: str | None
    messages_par_minute: int = 30

    @property
    def keyring_user(self) -> str:
        """The keyring entry's name: the login on this server (two servers may share a login)."""
        return f"{self.identifiant}@{self.serveur.lower()}"


def mail_config(database: Database) -> MailConfig | None:
    """The saved settings, or None when no server has been set."""
    with database.snapshot() as session:
        row = session.scalars(select(MailSettings)).first()
        if row is None:
            return None
        return MailConfig(
            serveur=row.serveur,
            port=row.port,
            securite=row.securite,
            identifiant=row.identifiant,
            expediteur_nom=row.expediteur_nom,
            expediteur_adresse=row.expediteur_adresse,
            repondre_a=row.repondre_a,
            messages_par_minute=row.messages_par_minute,
        )


def _optional(text: str | None) -> str | None:
    stripped = (text or "").strip()
    return stripped or None


def _check_host(host: str, errors: list[ValidationError]) -> None:
    if not host:
        errors.append(ValidationError("serveur", "Le serveur d’envoi est obligatoire (par exemple smtp.orange.fr)."))
    elif not (_HOST.match(host) or _IPV6.match(host)):
        errors.append(ValidationError("serveur", f"« {host} » n’est pas un nom de serveur valide."))


def _check_number(field: str, label: str, value: int, low: int, high: int, errors: list[ValidationError]) -> None:
    if not low <= value <= high:
        errors.append(
            ValidationError(field, f"{label} doit être compris entre {format_number(low)} et {format_number(high)}.")
        )


def _check_address(field: str, label: str, value: str | None, errors: list[ValidationError]) -> str | None:
    if value is None:
        return None
    try:
        return clean_email(value, label)
    except ValidationError as error:
        errors.append(ValidationError(field, error.message))
        return value


def validated(config: MailConfig) -> MailConfig:
    """``config`` trimmed and checked; every wrong field is reported at once, in French."""
    errors: list[ValidationError] = []
    host = config.serveur.strip()
    _check_host(host, errors)
    _check_number("port", "Le port", config.port, 1, 65535, errors)
    _check_number(
        "messages_par_minute", "Le nombre de messages par minute", config.messages_par_minute, 1, MAX_PER_MINUTE, errors
    )
    if not config.expediteur_adresse.strip():
        errors.append(ValidationError("expediteur_adresse", "L’adresse de l’expéditeur est obligatoire."))
    sender = _check_address(
        "expediteur_adresse", "Adresse de l’expéditeur", _optional(config.expediteur_adresse), errors
    )
    reply_to = _check_address("repondre_a", "Adresse de réponse", _optional(config.repondre_a), errors)
    name = _optional(config.expediteur_nom)
    if name and any(char in name for char in "\r\n<>"):
        errors.append(
            ValidationError(
                "expediteur_nom", "Le nom de l’expéditeur ne peut contenir ni retour à la ligne ni chevrons."
            )
        )
    if errors:
        raise InvalidFields(errors)
    return replace(
        config,
        serveur=host,
        identifiant=_optional(config.identifiant),
        expediteur_nom=name,
        expediteur_adresse=sender or "",
        repondre_a=reply_to,
    )


def save_mail_config(database: Database, config: MailConfig, password: str | None = None) -> None:
    """Save the settings; ``password``, when given, goes to the keyring (or this session's memory)."""
    config = validated(config)
    previous = mail_config(database)
    with database.sessions.begin() as session:
        row = session.scalars(select(MailSettings)).first()
        if row is None:
            row = MailSettings()
            session.add(row)
        for name in (
            "serveur",
            "port",
            "securite",
            "identifiant",
            "expediteur_nom",
            "expediteur_adresse",
            "repondre_a",
            "messages_par_minute",
        ):
            setattr(row, name, getattr(config, name))
    if previous is not None and previous.identifiant and previous.keyring_user != config.keyring_user:
        forget_password(previous)
        _delete_from_keyring(previous)
    if password and config.identifiant:
        store_password(config, password)


def keyring_usable() -> bool:
    """Whether a real keyring backend is there (not the « fail » or « null » ones, nor an empty chain)."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:  # pragma: no cover - keyring is a dependency; a stripped build may lack it
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or type(backend).__module__ == "keyring.backends.null":
        return False
    return not (isinstance(backend, chainer.ChainerBackend) and not backend.backends)


def store_password(config: MailConfig, password: str) -> bool:
    """Keep the password in the keyring; where there is none, for this session. True when kept for good."""
    _session_passwords[config.keyring_user] = password
    if not keyring_usable():
        return False
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, config.keyring_user, password)
    except Exception as error:  # noqa: BLE001 - a locked or broken keyring: the session keeps it
        log.warning("Trousseau inutilisable (%s) : mot de passe gardé pour la session.", type(error).__name__)
        return False
    return True


def remember_password(config: MailConfig, password: str) -> None:
    """Keep the password in memory for this session only (asked when no keyring is there)."""
    _session_passwords[config.keyring_user] = password


def forget_password(config: MailConfig) -> None:
    """Drop this session's copy of the password (refused by the server: it will be asked again)."""
    _session_passwords.pop(config.keyring_user, None)


def _delete_from_keyring(config: MailConfig) -> None:
    """Remove the keyring entry of an account the settings no longer use."""
    if not keyring_usable():
        return
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, config.keyring_user)
    except PasswordDeleteError:
        pass
    except Exception as error:  # noqa: BLE001 - nothing to forget in a broken keyring
        log.warning("Trousseau inutilisable (%s).", type(error).__name__)


def password(config: MailConfig) -> str | None:
    """The account's password: given this session, else from the keyring; None when unknown."""
    if not config.identifiant:
        return None
    if config.keyring_user in _session_passwords:
        return _session_passwords[config.keyring_user]
    if not keyring_usable():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, config.keyring_user)
    except Exception as error:  # noqa: BLE001 - a locked keyring: the password is asked instead
        log.warning("Trousseau illisible (%s) : le mot de passe sera demandé.", type(error).__name__)
        return None


def required_password(config: MailConfig, given: str | None = None) -> str | None:
    """The password to log in with: ``given``, else the known one; PasswordNeeded when a login needs one."""
    if not config.identifiant:
        return None
    found = given or password(config)
    if not found:
        raise PasswordNeeded(config)
    return found
