"""What the association holds about one member, printed for them (RGPD right of access)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from cpts_desktop.domain.members import FIELD_LABELS
from cpts_desktop.i18n import format_date, format_money
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services.association import Letterhead
from cpts_desktop.services.gdpr import MemberFile

HEADERS = {"recu": "Reçu", "debut": "Début", "reunion": "Réunion", "presence": "Présence"}


def _cell(key: str, value: object) -> str:
    if value is None:
        return ""
    if key == "montant":
        return format_money(Decimal(str(value)))
    return str(value)


def member_file_pdf(head: Letterhead, data: MemberFile, path: Path, today: date | None = None) -> Path:
    s = styles()
    story: list = [
        Paragraph("Données personnelles détenues par l’association", s["title"]),
        Paragraph(f"{escape(data.name)} – état au {format_date(today or date.today())}", s["subtitle"]),
        Paragraph("Fiche", s["heading"]),
    ]
    rows = [["Champ", "Valeur"]] + [[FIELD_LABELS.get(k, k), v] for k, v in data.readable.items()]
    story.append(data_table(rows, [55 * mm, 115 * mm], s))
    for title, items in (
        ("Cotisations", data.payments),
        ("Mandats", data.mandates),
        ("Réunions", data.meetings),
        ("Historique des modifications", data.history),
    ):
        story.append(Paragraph(title, s["heading"]))
        if not items:
            story.append(Paragraph("Aucune donnée.", s["body"]))
            continue
        headers = list(items[0])
        width = 170 * mm / len(headers)
        body = [[_cell(h, i[h]) for h in headers] for i in items]
        story.append(data_table([[HEADERS.get(h, h.capitalize()) for h in headers], *body], [width] * len(headers), s))
    story += [
        Spacer(0, 6 * mm),
        Paragraph(
            "Pour toute rectification ou suppression, adressez-vous au secrétariat de l’association.", s["small"]
        ),
    ]
    return build(path, story, head, f"Données personnelles – {data.name}")
