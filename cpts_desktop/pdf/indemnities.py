"""Indemnisation des professionnels: the statement sent to one member for a period, and the treasurer's
summary of what is due to each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from cpts_desktop.i18n import collation_key, format_date, format_date_short, format_money, format_number
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services.association import Letterhead
from cpts_desktop.services.finance_documents import Statement
from cpts_desktop.services.indemnities import MemberTotal


def _period(start: date, end: date) -> str:
    return f"du {format_date(start)} au {format_date(end)}"


def statement_pdf(papers: Statement, path: Path, today: date | None = None) -> Path:
    s = styles()
    member, rows, start, end = papers.member, papers.rows, papers.start, papers.end
    title = "Relevé d’indemnisation"
    table = [["Date", "Activité", "Objet", "Heures", "Montant", "Payé"]]
    for r in rows:
        table.append([format_date_short(r.jour), r.activite, r.description, format_number(r.heures),
                      format_money(r.montant), "oui" if r.paid else "non"])  # fmt: skip
    hours = sum((r.heures for r in rows), Decimal(0))
    amount = sum((r.montant for r in rows), Decimal("0.00"))
    paid = sum((r.montant for r in rows if r.paid), Decimal("0.00"))
    table.append(["Total", "", "", format_number(hours), format_money(amount), ""])
    story: list = [
        Paragraph(title, s["title"]),
        Paragraph(f"{escape(member)} – temps consacré aux missions de la CPTS {_period(start, end)}", s["subtitle"]),
        data_table(table, [20 * mm, 40 * mm, 52 * mm, 16 * mm, 26 * mm, 16 * mm], s, (3, 4), True),
        Spacer(0, 4 * mm),
        Paragraph(
            f"Montant total : <b>{format_money(amount)}</b> ; déjà versé : {format_money(paid)} ; "
            f"reste à verser : <b>{format_money(amount - paid)}</b>.",
            s["body"],
        ),
        Paragraph(
            "Indemnisation du temps consacré par les professionnels de santé aux missions de la CPTS "
            "(décret n° 2022-375), dans la limite annuelle du plafond de la sécurité sociale.",
            s["small"],
        ),
        Spacer(0, 8 * mm),
        Paragraph(f"Établi le {format_date(today or date.today())}", s["body"]),
        Paragraph(f"<b>{escape(papers.treasurer.role)}</b><br/>{escape(papers.treasurer.name or '')}", s["right"]),
    ]
    return build(path, story, papers.head, f"{title} – {member}")


def indemnities_summary_pdf(totals: list[MemberTotal], start: date, end: date, head: Letterhead, path: Path) -> Path:
    s = styles()
    title = "Indemnisation des professionnels – récapitulatif"
    table = [["Professionnel", "Heures", "Montant", "Versé", "Reste dû", f"Cumul {end.year}"]]
    for t in sorted(totals, key=lambda t: collation_key(t.member)):
        name = t.member + (" (plafond dépassé)" if t.over_ceiling else "")
        amounts = (t.amount, t.paid, t.due, t.year_total)
        table.append([name, format_number(t.hours), *(format_money(a) for a in amounts)])
    sums = (sum((getattr(t, n) for t in totals), Decimal("0.00")) for n in ("amount", "paid", "due"))
    hours = sum((t.hours for t in totals), Decimal(0))
    table.append(["Total", format_number(hours), *(format_money(a) for a in sums), ""])
    ceiling = totals[0].ceiling if totals else None
    story: list = [
        Paragraph(title, s["title"]),
        Paragraph(f"Période {_period(start, end)}", s["subtitle"]),
        data_table(table, [54 * mm, 18 * mm, 25 * mm, 25 * mm, 24 * mm, 24 * mm], s, (1, 2, 3, 4, 5), True),
    ]
    if ceiling is not None:
        story.append(
            Paragraph(f"Plafond annuel par professionnel (PASS {end.year}) : {format_money(ceiling)}.", s["small"])
        )
    return build(path, story, head, title)
