"""Bulletin d’adhésion (blank or pre-filled), reçu de cotisation and attestation d’adhésion."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from cpts_desktop.domain.amount_words import amount_in_words
from cpts_desktop.domain.grammar import a, de
from cpts_desktop.i18n import format_date, format_money
from cpts_desktop.pdf.stamps import stamp
from cpts_desktop.pdf.style import ACCENT, LIGHT, MARGIN, PAGE_WIDTH, build, escape, styles
from cpts_desktop.services.association import Signatory
from cpts_desktop.services.documents import Attestation, MembershipForm, Receipt

BOX = "☐"
RGPD_TEXT = (
    "Les informations recueillies sont nécessaires à la gestion de votre adhésion. Elles sont destinées au "
    "bureau de l’association et ne sont transmises à aucun tiers. Elles sont conservées pendant la durée de "
    "l’adhésion puis trois ans. Vous pouvez y accéder, les faire rectifier ou effacer en écrivant à l’association."
)


def _field_table(rows: list[tuple[str, str]], s: dict) -> Table:
    """Label and value rows that grow with their content: a long address wraps inside its row; the
    padding gives an empty row about 7 mm to be written in by hand."""
    data = [
        [Paragraph(escape(label), s["cell_bold"]), Paragraph(escape(value) or "&nbsp;", s["cell"])]
        for label, value in rows
    ]
    table = Table(data, colWidths=[48 * mm, PAGE_WIDTH - 2 * MARGIN - 48 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
                ("LINEBELOW", (1, 0), (1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def signature_block(place_date: str, signatories: list[tuple[str, str | None]], s: dict) -> Table:
    cells: list[list[Paragraph | str]] = [
        [Paragraph(escape(place_date), s["body"]) if i == 0 else "" for i in range(len(signatories))],
        [Paragraph(f"<b>{escape(role)}</b><br/>{escape(name or '')}", s["body"]) for role, name in signatories],
        ["" for _ in signatories],
    ]
    # the place and the names take the height they need (a long name wraps); the box to sign is fixed
    table = Table(cells, rowHeights=[None, None, 22 * mm])
    table.setStyle(
        TableStyle([("BOX", (0, 2), (-1, 2), 0.5, colors.grey), ("INNERGRID", (0, 2), (-1, 2), 0.5, colors.grey)])
    )
    return table


def membership_form_pdf(form: MembershipForm, path: Path) -> Path:
    s = styles()
    m = form.member
    story: list = [Paragraph(f"Bulletin d’adhésion {form.year}", s["title"])]
    value = (lambda attr: getattr(m, attr) or "") if m else (lambda attr: "")
    civ = ("Madame" if value("civilite") == "Mme" else "Monsieur" if value("civilite") == "M." else "") if m else ""
    civilite = civ or f"{BOX} Madame   {BOX} Monsieur"
    rows = [
        ("Civilité", civilite),
        ("Nom ou raison sociale", value("nom")),
        ("Prénom", value("prenom")),
        ("Profession", value("profession")),
        ("Spécialité", value("specialite")),
        ("N° RPPS / ADELI / FINESS", value("identifiant")),
        (
            "Mode d’exercice",
            value("mode_exercice") or (f"{BOX} Libéral   {BOX} Salarié   {BOX} Mixte" if not m else ""),
        ),
        ("Structure d’exercice", value("structure_exercice")),
        ("Adresse", value("adresse")),
        ("Code postal et commune", " ".join(p for p in (value("code_postal"), value("commune")) if p)),
        ("Téléphone", value("telephone")),
        ("Email", value("email")),
    ]
    story += [_field_table(rows, s), Spacer(0, 2 * mm)]
    story.append(Paragraph("Collège", s["heading"]))
    chosen = m.college if m else None
    colleges = form.colleges or ["(collèges à définir par l’association)"]
    story.append(Paragraph("<br/>".join(f"{'☒' if c == chosen else BOX} {escape(c)}" for c in colleges), s["body"]))
    story.append(Paragraph(f"Cotisation {form.year}", s["heading"]))
    if form.fees:
        fee_rows = [
            [Paragraph(escape(f.categorie), s["cell"]), Paragraph(format_money(f.montant), s["cell"])]
            for f in form.fees
        ]
        fees = Table(fee_rows, colWidths=[90 * mm, 40 * mm], hAlign="LEFT")
        fees.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("ALIGN", (1, 0), (1, -1), "RIGHT")]))
        story += [fees, Spacer(0, 2 * mm)]
    else:
        story.append(Paragraph("Montant fixé par l’assemblée générale : ……………… €", s["body"]))
    story.append(
        Paragraph(f"Règlement : {BOX} chèque à l’ordre de l’association   {BOX} virement   {BOX} espèces", s["body"])
    )
    story.append(Paragraph("Données personnelles", s["heading"]))
    story.append(Paragraph(escape(RGPD_TEXT), s["small"]))
    story.append(
        Paragraph(f"{BOX} J’accepte que mes données soient utilisées pour la gestion de mon adhésion.", s["body"])
    )
    story.append(Spacer(0, 6 * mm))
    story.append(
        KeepTogether(signature_block("Fait à ………………………, le ……/……/………", [("Signature de l’adhérent", None)], s))
    )
    title = f"Bulletin d’adhésion {form.year}" + (f" – {m.display_name}" if m else "")
    return build(path, story, form.head, title)


def _amount_box(amount_text: str, words: str, s: dict) -> Table:
    box = Table(
        [[Paragraph(f"<b>{escape(amount_text)}</b>", s["title"])], [Paragraph(f"Soit {escape(words)}.", s["body"])]],
        colWidths=[None],
    )
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return box


def receipt_pdf(data: Receipt, path: Path, today: date | None = None) -> Path:
    """The reçu de cotisation; once its payment is cancelled, a paper titled and stamped « ANNULÉ » on every
    page that no longer reads as a receipt nor can be signed as one."""
    s = styles()
    cancelled = data.cancelled_on is not None
    title = f"Reçu de cotisation n° {escape(data.numero)}" + (" – ANNULÉ" if cancelled else "")
    story: list = [Paragraph(title, s["title"]), Paragraph(f"Exercice {data.annee}", s["subtitle"])]
    story.append(Paragraph("<br/>".join(escape(line) for line in data.member.address_lines), s["body"]))
    story.append(Spacer(0, 8 * mm))
    story += _cancellation(data, s) if cancelled else _acknowledgement(data, s)
    story.append(Spacer(0, 4 * mm))
    story.append(_amount_box(format_money(data.montant), amount_in_words(data.montant), s))
    story.append(Spacer(0, 4 * mm))
    details = [("Date du règlement", format_date(data.date_paiement)), ("Mode de règlement", data.mode)]
    if data.reference:
        details.append(("Référence", data.reference))
    story.append(_field_table(details, s))
    story.append(Spacer(0, 4 * mm))
    if cancelled:
        title_text = f"Reçu de cotisation {data.numero} – ANNULÉ"
        return build(path, story, data.head, title_text, on_page=stamp("ANNULÉ", f"annulé {_cancelled_words(data)}"))
    story.append(
        Paragraph(
            "Ce reçu atteste du paiement d’une cotisation à une association ; "
            "il ne constitue pas un reçu fiscal de don.",
            s["small"],
        )
    )
    story.append(Spacer(0, 8 * mm))
    story.append(signature_block(_made_on(data.head.commune, today), [(data.treasurer.role, data.treasurer.name)], s))
    return build(path, story, data.head, f"Reçu de cotisation {data.numero}")


def _cancelled_words(data: Receipt) -> str:
    """« le 21 mars 2026, écriture n° 57 »: when and by which entry the payment was cancelled."""
    entry = f", écriture n° {data.cancelled_by}" if data.cancelled_by else ""
    return f"le {format_date(data.cancelled_on)}{entry}" if data.cancelled_on else ""


def _acknowledgement(data: Receipt, s: dict) -> list:
    return [
        Paragraph(
            f"L’association {escape(data.head.nom)} reconnaît avoir reçu {escape(de(data.member.formal_name))} "
            f"la somme suivante au titre de sa cotisation pour l’exercice {data.annee} :",
            s["body"],
        )
    ]


def _cancellation(data: Receipt, s: dict) -> list:
    return [
        Paragraph(
            f"<b>Reçu annulé {escape(_cancelled_words(data))}.</b> Le paiement ci-dessous a été annulé par une "
            "écriture de montant opposé : ce document ne vaut ni reçu ni justificatif de paiement.",
            s["body"],
        ),
        Spacer(0, 3 * mm),
        Paragraph(
            f"Paiement annulé {escape(de(data.member.formal_name))}, cotisation de l’exercice {data.annee} :",
            s["body"],
        ),
    ]


def _made_on(town: str | None, today: date | None) -> str:
    day = format_date(today or date.today())
    return f"Fait {a(town)}, le {day}" if town else f"Le {day}"


def attestation_pdf(data: Attestation, path: Path, today: date | None = None) -> Path:
    s = styles()
    m = data.member
    signer: Signatory = data.president
    who = f"{escape(signer.name)}, {signer.role.lower()} de" if signer.name else "Le président de"
    state = (
        f"à jour de sa cotisation pour l’exercice {data.year}"
        if data.up_to_date
        else f"dont la cotisation de l’exercice {data.year} reste à régler"
    )
    since = f", depuis le {format_date(m.date_adhesion)}" if m.date_adhesion else ""
    details = ", ".join(p for p in (m.profession, m.identifiant, m.commune) if p)
    story: list = [
        Paragraph("Attestation d’adhésion", s["title"]),
        Paragraph(f"Exercice {data.year}", s["subtitle"]),
        Spacer(0, 6 * mm),
        Paragraph(
            f"{who} l’association {escape(data.head.nom)}, atteste que <b>{escape(m.formal_name)}</b>"
            f"{' (' + escape(details) + ')' if details else ''} est membre de l’association{since}, {state}.",
            s["body"],
        ),
        Spacer(0, 4 * mm),
        Paragraph("Cette attestation est délivrée pour servir et valoir ce que de droit.", s["body"]),
        Spacer(0, 12 * mm),
        signature_block(_made_on(data.head.commune, today), [(signer.role, signer.name)], s),
    ]
    return build(path, story, data.head, f"Attestation d’adhésion – {m.display_name}")
