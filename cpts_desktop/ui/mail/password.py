"""The mail server's password when the system keeps none: asked once, remembered for the session."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from cpts_desktop.i18n import _
from cpts_desktop.services.mail.settings import MailConfig, password, remember_password


class PasswordRefused(Exception):
    """The user closed the password question: nothing is sent."""


def session_password(parent: QWidget, config: MailConfig) -> str | None:
    """The password to log in with (None when the server needs no login); asked if neither the keyring
    nor this session knows it. Raises PasswordRefused when the user cancels."""
    if not config.identifiant:
        return None
    known = password(config)
    if known:
        return known
    text, accepted = QInputDialog.getText(
        parent,
        _("Mot de passe du serveur d’envoi"),
        _(
            "Mot de passe de « {login} » sur {server}.\n"
            "Aucun trousseau du système ne le garde sur ce poste : il sera redemandé au prochain lancement."
        ).format(login=config.identifiant, server=config.serveur),
        QLineEdit.Password,
    )
    if not accepted or not text:
        raise PasswordRefused
    remember_password(config, text)
    return text
