"""What the association holds about one member, printed for them with what article 15 of the RGPD
requires beside the data (controller, purposes, recipients, retention, source, rights, CNIL)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from cpts_desktop.i18n import format_date, format_datetime, format_money, format_number
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services.association import Letterhead
from cpts_desktop.services.gdpr import Block, MemberFile, Section

WIDTH = 170 * mm
SHORT_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
# (title, attribute of MemberFile, columns: (key, header, width in mm))
TABLES = (
    (
        "Cotisations",
        "payments",
        (
            ("exercice", "Exercice", 22),
            ("date", "Date", 30),
            ("montant", "Montant", 26),
            ("mode", "Mode", 26),
            ("recu", "Reçu", 26),
            ("remarque", "Remarque", 40),
        ),
    ),
    ("Mandats", "mandates", (("fonction", "Fonction", 70), ("debut", "Début", 50), ("fin", "Fin", 50))),
    (
        "Réunions",
        "meetings",
        (
            ("reunion", "Réunion", 58),
            ("date", "Date", 48),
            ("presence", "Présence", 24),
            ("pouvoir_donne_a", "Pouvoir donné à", 40),
        ),
    ),
    (
        "Actions du projet de santé pilotées",
        "actions",
        (("action", "Action", 85), ("mission", "Mission", 55), ("statut", "État", 30)),
    ),
    (
        "Temps consacré aux missions",
        "time",
        (("jour", "Jour", 34), ("heures", "Heures", 20), ("montant", "Montant", 30), ("objet", "Objet", 86)),
    ),
    (
        "Rémunérations versées par la CPTS",
        "remunerations",
        (("jour", "Jour", 34), ("montant", "Montant", 30), ("libelle", "Libellé", 106)),
    ),
    (
        "Historique des modifications de votre fiche",
        "history",
        (("quand", "Quand", 30), ("qui", "Qui", 28), ("action", "Action", 26), ("modifications", "Modifications", 86)),
    ),
)
NUMERIC = {"montant", "heures"}


def _cell(key: str, value: object) -> str:
    """A value as the member reads it: « 20 mars 2027 », « 1 234,50 € », « 1,50 »."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_money(value) if key == "montant" else format_number(value, 2)
    text = str(value)  # phone numbers, amounts and dates are held together by pdf.typography
    if key == "modifications":
        return SHORT_DATE.sub(lambda m: format_date(date(int(m[3]), int(m[2]), int(m[1]))), text)
    return text


def _table(title: str, items: list[dict[str, object]], columns: tuple, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    heading = Paragraph(escape(title), s["heading"])
    if not items:
        return [KeepTogether([heading, Paragraph("Aucune donnée.", s["body"])])]
    keys = [key for key, _, _ in columns]
    rows = [[header for _, header, _ in columns]] + [[_cell(k, item.get(k)) for k in keys] for item in items]
    numeric = [i for i, key in enumerate(keys) if key in NUMERIC]
    return [heading, data_table(rows, [width * mm for _, _, width in columns], s, numeric=numeric)]


def _block(block: Block, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    if block.type == "tableau":
        count = max(len(row) for row in block.contenu)
        rows = [[*row, *[""] * (count - len(row))] for row in block.contenu]
        return [data_table(rows, [WIDTH / count] * count, s), Spacer(0, 2 * mm)]
    if block.type == "liste":
        items = [Paragraph(escape(item), s["bullet"], bulletText="•") for item in block.contenu]
        return [*items, Spacer(0, 2 * mm)]
    return [Paragraph(escape(text), s["paragraph"]) for text in block.contenu]


def _section(section: Section, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    flowables = [flowable for block in section.blocs for flowable in _block(block, s)]
    heading = Paragraph(escape(section.titre), s["heading"])
    return [KeepTogether([heading, *flowables[:1]]), *flowables[1:]]


def _styles() -> dict[str, ParagraphStyle]:
    s = styles()
    s["paragraph"] = ParagraphStyle("paragraph", parent=s["body"], spaceAfter=4)
    s["bullet"] = ParagraphStyle("bullet", parent=s["body"], leftIndent=5 * mm, bulletIndent=1.5 * mm, spaceAfter=1)
    return s


def member_file_pdf(head: Letterhead, data: MemberFile, path: Path, today: date | None = None) -> Path:
    s = _styles()
    story: list[Flowable] = [
        Paragraph("Vos données personnelles", s["title"]),
        Paragraph(f"{escape(data.name)} – état au {format_date(today or data.established)}", s["subtitle"]),
        Paragraph(
            f"En réponse à votre demande d’accès (article 15 du règlement général sur la protection des données), "
            f"voici les données que {escape(data.controller.nom)} détient à votre sujet, puis les informations "
            "sur leur traitement.",
            s["paragraph"],
        ),
        Paragraph("Fiche", s["heading"]),
        data_table(
            [["Champ", "Valeur"]] + [[f["libelle"], _cell(f["champ"], f["valeur"])] for f in data.card],
            [55 * mm, 115 * mm],
            s,
        ),
    ]
    for title, attribute, columns in TABLES:
        story += _table(title, getattr(data, attribute), columns, s)
    story += [Spacer(0, 4 * mm), Paragraph("Informations sur le traitement de vos données", s["title"])]
    for section in data.information:
        story += _section(section, s)
    return build(path, story, head, f"Données personnelles – {data.name}")
