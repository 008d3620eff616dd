"""Well-formed messages: UTF-8, a Message-ID of the sender's domain, the date, the sender's name, a
plain-text part (and an HTML one if wanted), attachments named in French (RFC 2231).

Headers are encoded by ``email`` (RFC 2047) and bodies in quoted-printable or base64, so a message goes
through any server, even one without 8BITMIME.

A convocation lot is a thousand messages of 70 KB: each one is built and written in about two
milliseconds instead of twelve. Headers are stored already folded (those a lot repeats — sender,
subject, a part's type — folded once by ``email``), bodies are encoded by ``binascii``/``base64`` as a
whole and written in one piece; what a server receives parses as the same message as ``email``'s own
``set_content``/``add_attachment`` would give."""

from __future__ import annotations

import base64
import binascii
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.charset import Charset
from email.generator import BytesGenerator
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage, MIMEPart
from email.policy import Policy
from email.utils import encode_rfc2231, format_datetime, formataddr, make_msgid, quote
from functools import lru_cache
from io import BytesIO

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.services.mail.settings import MailConfig


class _FoldedOnce(BaseHeader):
    """A header that keeps its folded form: those a lot shares (a part's type, the calendar file's
    name) are written a thousand times, and folding is ``email``'s slowest step. Headers are immutable
    (changing one replaces it), so the kept form stays right."""

    def fold(self, *, policy: Policy) -> str:
        key = (policy.linesep, policy.max_line_length, getattr(policy, "utf8", False))
        kept: dict[tuple[object, ...], str] = self.__dict__.setdefault("_kept_folds", {})
        if key not in kept:
            kept[key] = super().fold(policy=policy)
        return kept[key]


class _Headers(HeaderRegistry):
    """``email``'s registry, each header class made once (the standard one makes a new class for every
    header it parses, a tenth of a millisecond each) and folding once."""

    def __init__(self) -> None:
        super().__init__(base_class=_FoldedOnce)
        self._classes: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]


# CRLF line ends as SMTP wants them; 7-bit bodies (quoted-printable or base64) for any server
SMTP_POLICY = policy.SMTP.clone(cte_type="7bit", header_factory=_Headers())
_CRLF = SMTP_POLICY.linesep
_LINE = SMTP_POLICY.max_line_length or 78
_UTF8 = Charset("utf-8")
_NEWLINES = re.compile(r"\r\n|\r|\n")


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


@lru_cache(maxsize=1024)
def _folded(name: str, value: str) -> str:
    """``value`` encoded and folded by ``email`` as the header ``name`` (without « Name: »); a lot
    repeats most of them, so each distinct one is worked out once."""
    folded = SMTP_POLICY.header_factory(name, value).fold(policy=SMTP_POLICY)
    return str(folded)[len(name) + 2 : -len(_CRLF)]


@lru_cache(maxsize=512)
def _parsed(name: str, value: str) -> BaseHeader:
    """A header kept parsed (Content-Type: the generator reads it for every part); immutable, shared."""
    return SMTP_POLICY.header_factory(name, value)  # type: ignore[no-any-return]


def _mailbox(header: str, address: Address) -> str:
    """« Name <address> »: ASCII addresses (nearly all) written directly, the name in RFC 2047 when
    it is not ASCII; any other through ``email``."""
    if address.addr_spec.isascii() and len(address.display_name) < 40:
        return formataddr((address.display_name, address.addr_spec), charset=_UTF8)
    return _folded(header, str(address))


def _set(part: MIMEPart, name: str, value: str) -> None:
    """A header written as it will be sent: short ASCII as is, the rest folded by ``email``."""
    plain = value.isascii() and len(name) + 2 + len(value) <= _LINE and "\n" not in value and "\r" not in value
    part.set_raw(name, value if plain else _folded(name, value))


def _base64(content: bytes) -> str:
    """Base64 in lines of 76 characters, as ``email`` writes it (its own encoder goes line by line)."""
    return base64.encodebytes(content).decode("ascii")


def _text_body(text: str) -> tuple[str, str]:
    """(transfer encoding, body) of a UTF-8 text, chosen as ``email`` does: 7bit for short ASCII lines,
    else quoted-printable unless base64 is shorter."""
    lines = text.encode("utf-8").splitlines()
    body = b"\n".join(lines) + b"\n"
    if body.isascii() and all(len(line) <= _LINE for line in lines):
        return "7bit", body.decode("ascii")
    quoted = binascii.b2a_qp(body, istext=True).decode("ascii")
    based = _base64(b"\r\n".join(lines) + b"\r\n")  # as ``email`` does: base64 keeps CRLF inside
    return ("base64", based) if len(based) < len(quoted) else ("quoted-printable", quoted)


def _text_part(text: str, subtype: str) -> MIMEPart:
    encoding, body = _text_body(text)
    part = MIMEPart(policy=SMTP_POLICY)
    part.set_raw("Content-Type", _parsed("Content-Type", f'text/{subtype}; charset="utf-8"'))
    part.set_raw("Content-Transfer-Encoding", _parsed("Content-Transfer-Encoding", encoding))
    part.set_payload(body)
    return part


def _attachment_part(attachment: Attachment) -> MIMEPart:
    maintype, _, subtype = attachment.mimetype.partition("/")
    part = MIMEPart(policy=SMTP_POLICY)
    part.set_raw("Content-Type", _parsed("Content-Type", f"{maintype}/{subtype or 'octet-stream'}"))
    part.set_raw("Content-Transfer-Encoding", _parsed("Content-Transfer-Encoding", "base64"))
    part.set_raw("Content-Disposition", _disposition(attachment.filename))
    part.set_payload(_base64(attachment.content))
    return part


@lru_cache(maxsize=256)
def _disposition(filename: str) -> BaseHeader:
    """« attachment; filename*=utf-8''Convocation%20Ana%C3%AFs… »: RFC 2231 for a name that is not
    ASCII, written as ``email``'s ``set_param`` does."""
    if filename.isascii():
        return _parsed("Content-Disposition", f'attachment; filename="{quote(filename)}"')
    return _parsed("Content-Disposition", f"attachment; filename*={encode_rfc2231(filename, 'utf-8', '')}")


def _multipart(subtype: str, parts: Sequence[MIMEPart], into: MIMEPart) -> MIMEPart:
    """``parts`` under ``into`` with a boundary no body contains (checked, as ``email`` does)."""
    bodies = [str(leaf.get_payload()) for part in parts for leaf in part.walk() if not leaf.is_multipart()]
    while True:
        boundary = f"{'=' * 15}{random.randrange(sys.maxsize):019d}=="
        if not any(boundary in body for body in bodies):
            break
    into.set_raw(
        "Content-Type", SMTP_POLICY.header_factory("Content-Type", f'multipart/{subtype}; boundary="{boundary}"')
    )
    into.set_payload(list(parts))
    return into


def _body(text: str, html: str | None, attachments: Sequence[Attachment], message: EmailMessage) -> None:
    """The parts under ``message``: the text (with its HTML alternative), then the attachments."""
    content: MIMEPart = _text_part(text, "plain")
    if html:
        both = [content, _text_part(html, "html")]
        content = _multipart("alternative", both, message if not attachments else MIMEPart(policy=SMTP_POLICY))
    if attachments:
        _multipart("mixed", [content, *(_attachment_part(a) for a in attachments)], message)
    elif not html:
        for name, value in content.raw_items():
            message.set_raw(name, value)
        message.set_payload(content.get_payload())


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
    message.set_raw("From", _mailbox("From", sender))
    message.set_raw("To", _mailbox("To", _address(to_name, to_address, "destinataire")))
    if config.repondre_a:
        message.set_raw("Reply-To", _mailbox("Reply-To", _address(None, config.repondre_a, "repondre_a")))
    _set(message, "Subject", _one_line(subject))
    message.set_raw("Date", format_datetime(datetime.now().astimezone()))
    message.set_raw("Message-ID", make_msgid(domain=sender.domain))
    if list_unsubscribe:
        target = list_unsubscribe.strip()
        _set(message, "List-Unsubscribe", target if target.startswith("<") else f"<{target}>")
    message.set_raw("MIME-Version", "1.0")
    _body(text, html, attachments, message)
    return message


class _Generator(BytesGenerator):
    """``email``'s writer, a body written in one piece (it writes a PDF line by line otherwise)."""

    def _write_lines(self, lines: str) -> None:
        if "\r" not in lines:
            self.write(lines.replace("\n", _CRLF))
        elif lines:
            self.write(_NEWLINES.sub(_CRLF, lines))


def message_bytes(message: EmailMessage) -> bytes:
    """The message as it goes on the wire (CRLF line ends)."""
    out = BytesIO()
    _Generator(out, mangle_from_=False, policy=SMTP_POLICY).flatten(message)
    return out.getvalue()
