"""« Preuve d’envoi »: for a meeting's file (or one sending), who was sent what, at which address, when
the server took it and what it answered, and the SHA-256 of each attachment; failures listed apart."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from cpts_desktop.i18n import format_datetime, format_number
from cpts_desktop.pdf.style import build, escape, long_table, styles
from cpts_desktop.services.mail.proof import MessageLine, Proof

SHORT_HASH = 10  # hex digits of an attachment's SHA-256 shown in the table; the whole one follows it
WIDTHS = [34 * mm, 50 * mm, 28 * mm, 32 * mm, 26 * mm]
FAILED_WIDTHS = [40 * mm, 50 * mm, 80 * mm]


def _messages(count: int) -> str:
    return f"{format_number(count)} message" + ("s" if count > 1 else "")


def _name(line: MessageLine) -> str:
    return line.destinataire_nom or line.destinataire


def _short(line: MessageLine) -> str:
    """The first attachment's fingerprint, begun (the member's own document; the others are listed after)."""
    return f"{line.pieces_jointes[0].sha256[:SHORT_HASH]}…" if line.pieces_jointes else "—"


def _sent_table(lines: list[MessageLine], s: dict) -> Flowable:
    rows = [["Destinataire", "Adresse", "Remis au serveur le", "Réponse du serveur", "Pièce jointe (SHA-256)"]]
    rows += [
        [
            _name(line),
            line.destinataire,
            format_datetime(line.envoye_le) if line.envoye_le else "",
            line.reponse_serveur or "",
            _short(line),
        ]
        for line in lines
    ]
    return long_table(rows, WIDTHS, s)


def _hashes(lines: list[MessageLine], s: dict) -> list[Flowable]:
    """Each attachment's whole SHA-256, in small type: what a copy of the file can be checked against."""
    story: list[Flowable] = [Paragraph("Empreintes complètes des pièces jointes (SHA-256)", s["heading"])]
    shared = Counter((a.nom, a.sha256) for line in lines for a in line.pieces_jointes)
    listed: set[tuple[str, str]] = set()  # a file joined to several messages (the meeting's .ics) once
    for line in lines:
        for attachment in line.pieces_jointes:
            key = (attachment.nom, attachment.sha256)
            if key in listed:
                continue
            listed.add(key)
            who = f"Joint à {format_number(shared[key])} messages" if shared[key] > 1 else escape(_name(line))
            story.append(Paragraph(f"{who} – {escape(attachment.nom)} : {attachment.sha256}", s["small"]))
    return story


def _failed(lines: list[MessageLine], s: dict) -> list[Flowable]:
    rows = [["Destinataire", "Adresse", "Motif"]]
    rows += [[_name(line), line.destinataire, line.reponse_serveur or "échec"] for line in lines]
    return [
        Paragraph(f"Envois en échec – {_messages(len(lines))}", s["heading"]),
        long_table(rows, FAILED_WIDTHS, s),
    ]


def mail_proof_pdf(data: Proof, path: Path) -> Path:
    """The « preuve d’envoi » of ``data``: sent messages first (in the order they left), then failures
    and the messages still waiting, then every attachment's whole fingerprint."""
    s = styles()
    subtitle = escape(data.titre)
    if data.date_reunion is not None:
        subtitle = f"Convocations à la réunion « {escape(data.reunion or '')} » du {format_datetime(data.date_reunion)}"
    story: list[Flowable] = [
        Paragraph("Preuve d’envoi", s["title"]),
        Paragraph(subtitle, s["subtitle"]),
        Paragraph(
            f"{_messages(len(data.sent))} remis au serveur de messagerie de l’association "
            f"{escape(data.head.nom)}. Chaque ligne donne l’heure où le serveur a accepté le message et sa "
            "réponse ; l’empreinte SHA-256 identifie la pièce jointe envoyée (voir en fin de document).",
            s["body"],
        ),
        Spacer(0, 4 * mm),
    ]
    if data.sent:
        story.append(_sent_table(data.sent, s))
    if data.failed:
        story += [Spacer(0, 4 * mm), *_failed(data.failed, s)]
    if data.waiting:
        story += [
            Spacer(0, 4 * mm),
            Paragraph(f"{_messages(len(data.waiting))} encore en attente d’envoi.", s["body"]),
        ]
    if any(line.pieces_jointes for line in data.sent):
        story += [Spacer(0, 4 * mm), *_hashes(data.sent, s)]
    return build(path, story, data.head, f"Preuve d’envoi – {data.titre}")
