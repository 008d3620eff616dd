"""What the e-mail tests share: settings pointing at a test server, and small prepared messages."""

from __future__ import annotations

from collections.abc import Iterable

from cpts_desktop.domain.enums import MailKind, MailSecurity
from cpts_desktop.services.mail.compose import Attachment, build_message
from cpts_desktop.services.mail.outbox import Prepared
from cpts_desktop.services.mail.settings import MailConfig, save_mail_config
from cpts_desktop.store.engine import Database
from tests.mail.conftest import SMTP_LOGIN, SMTP_PASSWORD, SmtpServer

SENDER = "secretariat@cpts-val-oeuvre.fr"


def config_for(
    server: SmtpServer, security: MailSecurity = MailSecurity.STARTTLS, *, login: bool = True, per_minute: int = 10_000
) -> MailConfig:
    return MailConfig(
        serveur=server.host,
        port=server.port,
        securite=security,
        identifiant=SMTP_LOGIN if login else None,
        expediteur_nom="CPTS du Val d’Œuvre",
        expediteur_adresse=SENDER,
        repondre_a="bureau@cpts-val-oeuvre.fr",
        messages_par_minute=per_minute,
    )


def configure(
    database: Database, server: SmtpServer, security: MailSecurity = MailSecurity.STARTTLS, **kwargs: object
) -> MailConfig:
    config = config_for(server, security, **kwargs)  # type: ignore[arg-type]
    save_mail_config(database, config, SMTP_PASSWORD if config.identifiant else None)
    return config


def prepared(
    config: MailConfig, people: Iterable[tuple[str, str]], *, kind: MailKind = MailKind.CONVOCATION
) -> list[Prepared]:
    """One message per (name, address), with a PDF that names the person."""
    items = []
    for name, address in people:
        pdf = Attachment(f"convocation-{name.replace(' ', '-')}.pdf", f"%PDF-1.4 {name}".encode(), "application/pdf")
        message = build_message(
            config,
            address,
            name,
            "Convocation à l’assemblée générale – Œuvre",
            f"Bonjour {name},\nVous êtes convoqué(e).\n",
            attachments=[pdf],
        )
        items.append(Prepared(kind, address, name, message))
    return items


def people(count: int) -> list[tuple[str, str]]:
    return [(f"Adhérent{number} Fictif", f"adherent{number}@exemple.fr") for number in range(1, count + 1)]
