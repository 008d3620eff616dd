"""Statutes (title page, articles, « Certifié conforme ») and the board documents: liste des dirigeants
for the préfecture and the bank, and the composition of the conseil d’administration."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from cpts_desktop.domain.grammar import a
from cpts_desktop.domain.statutes import Article
from cpts_desktop.i18n import format_date, plural
from cpts_desktop.pdf.membership import signature_block
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services.association import Letterhead, Signatory
from cpts_desktop.services.board import CollegeRow, MandateRow, declarable_board
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
    story = statutes_story(head, version, articles, president, secretary, today)
    return build(path, story, head, f"{version.kind.label} – version {version.numero}")


def statutes_story(
    head: Letterhead,
    version: VersionSummary,
    articles: list[Article],
    president: Signatory,
    secretary: Signatory,
    today: date | None = None,
) -> list:
    """The statutes from their title page to the signed certification, for a document of their own or
    for the dossier of their déclaration en préfecture."""
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
    # the certification and the signatures stay with the last paragraph (with its heading when the last
    # article has one paragraph): no detachable signature page, no page left nearly empty before it
    groups = [_article(article, s) for article in articles]
    for group in groups[:-1]:
        story += _kept_heading(group)
    last = groups[-1] if groups else []
    closing = last if len(last) <= 2 else last[-1:]
    story += _kept_heading(last[: len(last) - len(closing)])
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
    return story


def _article(article: Article, s: dict) -> list:
    """An article's heading then its paragraphs, spaced."""
    paragraphs = [p for p in article.texte.split("\n\n") if p.strip()]
    flowables: list = [Paragraph(f"Article {escape(article.numero)} – {escape(article.titre)}", s["heading"])]
    for index, text in enumerate(paragraphs):
        flowables += ([Spacer(0, 2 * mm)] if index else []) + [Paragraph(escape(text), s["body"])]
    return flowables


def _kept_heading(flowables: list) -> list:
    """The heading kept with the article's first paragraph; a KeepTogether is never nested in another
    (reportlab measures one as taller than any page, which would push the signatures a page further)."""
    return [KeepTogether(flowables[:2]), *flowables[2:]] if flowables else []


# nom et prénom, fonction, profession, domicile, nationalité: the whole A4 text width (170 mm)
OFFICERS_WIDTHS = [40 * mm, 29 * mm, 34 * mm, 44 * mm, 23 * mm]


def officers_pdf(
    head: Letterhead, board: list[MandateRow], president: Signatory, path: Path, today: date | None = None
) -> Path:
    """The « liste des dirigeants » with what loi 1901 art. 5 and CERFA 13971*03 ask of each person who
    runs the association; refused (identity first, then the board) rather than certified incomplete."""
    day = today or date.today()
    return build(path, officers_story(head, board, president, day), head, "Liste des dirigeants")


TO_COMPLETE = "à compléter"


def officers_story(
    head: Letterhead,
    board: list[MandateRow],
    president: Signatory,
    day: date,
    signed: date | None = None,
    *,
    gaps_allowed: bool = False,
) -> list:
    """The liste des dirigeants in office on ``day`` (a decision's), certified by the président on
    ``signed`` (the same day unless told); with ``gaps_allowed`` (a declaration's dossier, completed by
    hand before it is signed and filed) a missing field reads « à compléter » instead of refusing."""
    check_identity(head)
    declarable_board(board, day, gaps_allowed=gaps_allowed)
    s = styles()
    rows = [["Nom et prénom", "Fonction", "Profession", "Domicile", "Nationalité"]]
    rows += [
        [
            m.declared_name,
            m.function,
            m.profession or TO_COMPLETE,
            m.adresse if m.declaration.has_domicile else TO_COMPLETE,
            m.declaration.nationalite or TO_COMPLETE,
        ]
        for m in board
    ]
    when = format_date(signed or day)
    place = f"Fait {a(head.commune)}, le {when}" if head.commune else f"Le {when}"
    closing = [
        Paragraph("Certifié exact.", s["body"]),
        Spacer(0, 3 * mm),
        signature_block(place, [(president.role, president.name)], s),
    ]
    story: list = [
        Paragraph("Liste des dirigeants", s["title"]),
        Paragraph(
            "Personnes chargées de l’administration de l’association (loi du 1er juillet 1901, article 5), "
            f"en fonction au {format_date(day)}",
            s["subtitle"],
        ),
        _ending_with(data_table([*rows, [""] * len(rows[0])], OFFICERS_WIDTHS, s), closing),
    ]
    return story


def _ending_with(table: Table, closing: list) -> Table:
    """The certification and its signature as the table's last row, across it and never split from the
    director above: they cannot be left alone at the top of a page."""
    # reportlab has no public way to set a cell's content, and its stubs do not list the private one
    table._cellvalues[-1][0] = closing  # type: ignore[attr-defined]
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, -1), (-1, -1)),
                ("NOSPLIT", (0, -2), (-1, -1)),
                ("TOPPADDING", (0, -1), (-1, -1), 10 * mm),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.white),
            ]
        )
    )
    return table


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
