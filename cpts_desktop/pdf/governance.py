"""Statutes (title page, articles, « Certifié conforme ») and the board documents: liste des dirigeants
for the préfecture and the bank, and the composition of the conseil d’administration."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from cpts_desktop.domain.grammar import a
from cpts_desktop.domain.statutes import Article
from cpts_desktop.i18n import format_date, plural
from cpts_desktop.pdf.membership import signature_block
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services.association import Letterhead, Signatory
from cpts_desktop.services.board import CollegeRow, MandateRow
from cpts_desktop.services.documents import check_identity
from cpts_desktop.services.statutes import VersionSummary


def statutes_pdf(
    head: Letterhead,
    version: VersionSummary,
    articles: list[Article],
    president: Signatory,
    secretary: Signatory,
    path: Path,
    today: date | None = None,
) -> Path:
    check_identity(head)
    s = styles()
    kind = version.kind.label
    story: list = [Spacer(0, 50 * mm), Paragraph(escape(head.nom), s["title"])]
    story.append(Paragraph(escape(kind), s["title"]))
    if version.date_adoption:
        verb = "adoptés" if kind == "Statuts" else "adopté"
        assembly = "l’assemblée générale extraordinaire" if kind == "Statuts" else "l’assemblée générale"
        story.append(Paragraph(f"{kind} {verb} par {assembly} du {format_date(version.date_adoption)}", s["subtitle"]))
    else:
        story.append(Paragraph(f"Projet – version {version.numero}, non adopté", s["subtitle"]))
    if version.date_declaration:
        story.append(Paragraph(f"Déclarés en préfecture le {format_date(version.date_declaration)}", s["subtitle"]))
    story.append(PageBreak())
    story += _articles(articles, s)
    # the certification and the signatures stay with the end of the text: no detachable signature page
    closing = story[-2:] if articles else []
    del story[len(story) - len(closing) :]
    closing.append(Spacer(0, 8 * mm))
    if version.date_adoption:
        closing.append(Paragraph("<b>Certifié conforme à l’original.</b>", s["body"]))
    town = f"Fait {a(head.commune)}, le " if head.commune else "Le "
    closing.append(Spacer(0, 4 * mm))
    closing.append(
        signature_block(
            f"{town}{format_date(today or date.today())}",
            [(president.role, president.name), (secretary.role, secretary.name)],
            s,
        )
    )
    story.append(KeepTogether(closing))
    return build(path, story, head, f"{kind} – version {version.numero}")


def _articles(articles: list[Article], s: dict) -> list:
    """Each article's heading kept with its first paragraph; its last paragraph is the story's last item."""
    story: list = []
    for article in articles:
        paragraphs = [p for p in article.texte.split("\n\n") if p.strip()]
        heading = Paragraph(f"Article {escape(article.numero)} – {escape(article.titre)}", s["heading"])
        story.append(
            KeepTogether([heading, *[Paragraph(escape(paragraphs[0]), s["body"])]] if paragraphs else [heading])
        )
        for text in paragraphs[1:]:
            story += [Spacer(0, 2 * mm), Paragraph(escape(text), s["body"])]
    return story


def officers_pdf(
    head: Letterhead, board: list[MandateRow], president: Signatory, path: Path, today: date | None = None
) -> Path:
    """The « liste des dirigeants » in the form the préfecture and the bank ask for."""
    check_identity(head)
    s = styles()

    day = today or date.today()
    rows = [["Nom et prénom", "Fonction", "Profession", "Adresse", "Élu(e) le"]]
    for m in board:
        rows.append([f"{m.nom} {m.prenom}".strip(), m.function, m.profession, m.adresse, format_date(m.date_debut)])
    story: list = [
        Paragraph("Liste des dirigeants", s["title"]),
        Paragraph(f"Membres du conseil d’administration et du bureau en fonction au {format_date(day)}", s["subtitle"]),
        data_table(rows, [36 * mm, 31 * mm, 28 * mm, 51 * mm, 24 * mm], s),
        Spacer(0, 10 * mm),
        # the certification is never separated from its signature
        KeepTogether(
            [
                Paragraph("Certifié exact.", s["body"]),
                Spacer(0, 3 * mm),
                signature_block(
                    f"Fait {a(head.commune)}, le {format_date(day)}" if head.commune else f"Le {format_date(day)}",
                    [(president.role, president.name)],
                    s,
                ),
            ]
        ),
    ]
    return build(path, story, head, "Liste des dirigeants")


def board_pdf(
    head: Letterhead, board: list[MandateRow], colleges: list[CollegeRow], path: Path, today: date | None = None
) -> Path:
    """Composition of the conseil d’administration by collège, with seats and mandate ends, then the bureau."""
    s = styles()
    day = today or date.today()
    story: list = [
        Paragraph("Composition du conseil d’administration", s["title"]),
        Paragraph(f"Au {format_date(day)}", s["subtitle"]),
        Paragraph("Bureau", s["heading"]),
    ]
    bureau = [m for m in board if m.role.value != "administrateur"]
    rows = [["Fonction", "Nom et prénom", "Collège", "Fin du mandat"]]
    rows += [
        [m.function, f"{m.nom} {m.prenom}".strip(), m.college, format_date(m.date_fin) if m.date_fin else "—"]
        for m in bureau
    ]
    story.append(data_table(rows, [34 * mm, 50 * mm, 56 * mm, 30 * mm], s))
    for college in colleges:
        members = [m for m in board if m.college == college.nom]
        seated = plural(len(members), "{count} administrateur", "{count} administrateurs")
        seats = plural(college.sieges_ca, "{count} siège", "{count} sièges")
        story.append(Paragraph(f"{escape(college.nom)} – {seated} pour {seats}", s["heading"]))
        rows = [["Nom et prénom", "Fonction", "Profession", "Fin du mandat"]]
        rows += [
            [f"{m.nom} {m.prenom}".strip(), m.function, m.profession, format_date(m.date_fin) if m.date_fin else "—"]
            for m in members
        ]
        story.append(data_table(rows, [50 * mm, 34 * mm, 56 * mm, 30 * mm], s))
    story.append(Spacer(0, 4 * mm))
    total = plural(len(board), "{count} membre", "{count} membres")
    story.append(Paragraph(f"<b>Total : {total} du conseil d’administration.</b>", s["body"]))
    return build(path, story, head, "Composition du conseil d’administration")
