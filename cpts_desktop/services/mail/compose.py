"""Well-formed messages: UTF-8, a Message-ID of the sender's domain, the date, the sender's name, a
plain-text part (and an HTML one if wanted), attachments named in French (RFC 2231).

Headers are encoded by ``email`` (RFC 2047) and bodies in quoted-printable or base64, so a message goes
through any server, even one without 8BITMIME."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.services.mail.settings import MailConfig

# CRLF line ends as SMTP wants them; 7-bit bodies (quoted-printable or base64) for any server
SMTP_POLICY = policy.SMTP.clone(cte_type="7bit")


@dataclass(frozen=True)
class Attachment:
    """A file joined to a message: its name as the member sees it, its bytes, its MIME type."""

    filename: str
    content: bytes
    mimetype: str


def _address(name: str | None, address: str, field: str) -> Address:
    local, _, domain = address.strip().rpartition("@")
    if not local or not domain or any(char in address for char in "\r\n"):
        raise ValidationError(field, f"« {address} » n’est pas une adresse électronique valide.")
    return Address(
        display_name=(name or "").replace("\r", " ").replace("\n", " ").strip(), username=local, domain=domain
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def build_message(
    config: MailConfig,
    to_address: str,
    to_name: str | None,
    subject: str,
    text: str,
    *,
    html: str | None = None,
    attachments: Sequence[Attachment] = (),
    list_unsubscribe: str | None = None,
) -> EmailMessage:
    """One message to one person, ready to be queued (its bytes are what the server receives)."""
    sender = _address(config.expediteur_nom, config.expediteur_adresse, "expediteur_adresse")
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = sender
    message["To"] = _address(to_name, to_address, "destinataire")
    if config.repondre_a:
        message["Reply-To"] = _address(None, config.repondre_a, "repondre_a")
    message["Subject"] = _one_line(subject)
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain=sender.domain)
    if list_unsubscribe:
        target = list_unsubscribe.strip()
        message["List-Unsubscribe"] = target if target.startswith("<") else f"<{target}>"
    message.set_content(text, charset="utf-8")
    if html:
        message.add_alternative(html, subtype="html", charset="utf-8")
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype or "octet-stream", filename=attachment.filename
        )
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """The message as it goes on the wire (CRLF line ends)."""
    return message.as_bytes(policy=SMTP_POLICY)
