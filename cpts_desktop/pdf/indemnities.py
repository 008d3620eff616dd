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
from cpts_desktop.services.indemnities import MemberTotal, YearTotal


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
        Paragraph(_year_line(papers.year, end.year), s["body"]),
        Paragraph(
            "Indemnisation du temps consacré par les professionnels de santé aux missions de la CPTS "
            "(décret n° 2022-375), dans la limite annuelle du plafond de la sécurité sociale, qui compte les "
            "indemnités et les rémunérations versées par la CPTS (art. D.1434-44 du code de la santé publique).",
            s["small"],
        ),
        Spacer(0, 8 * mm),
        Paragraph(f"Établi le {format_date(today or date.today())}", s["body"]),
        Paragraph(f"<b>{escape(papers.treasurer.role)}</b><br/>{escape(papers.treasurer.name or '')}", s["right"]),
    ]
    return build(path, story, papers.head, f"{title} – {member}")


def _year_line(year: YearTotal, number: int) -> str:
    """« En 2026 : indemnités …, rémunérations …, total … ; plafond … : reste … » (or how far past it)."""
    parts = (
        f"En {number} : indemnités {format_money(year.indemnities)}, rémunérations "
        f"{format_money(year.remunerations)}, total <b>{format_money(year.total)}</b> ; plafond annuel "
        f"{format_money(year.ceiling)}"
    )
    if year.remainder < 0:
        return f"{parts} : <b>dépassé de {format_money(-year.remainder)}</b>."
    return f"{parts} : reste {format_money(year.remainder)}."


def indemnities_summary_pdf(totals: list[MemberTotal], start: date, end: date, head: Letterhead, path: Path) -> Path:
    """The period's indemnités per professional, then the calendar year's indemnités and rémunérations
    against the cap of art. D.1434-44, each professional past it named in a warning under the table."""
    s = styles()
    title = "Indemnisation des professionnels – récapitulatif"
    year = end.year
    table = [
        ["Professionnel", "Heures", "Indemnités", "Reste à verser", f"Rémunérations {year}", f"Total {year}",
         "Reste sous le plafond"],
    ]  # fmt: skip
    ordered = sorted(totals, key=lambda t: collation_key(t.member))
    for t in ordered:
        amounts = (t.amount, t.due, t.remunerations, t.year_total)
        table.append([t.member, format_number(t.hours), *(format_money(a) for a in amounts), _remainder(t)])
    names = ("amount", "due", "remunerations", "year_total")
    sums = (sum((getattr(t, n) for t in totals), Decimal("0.00")) for n in names)
    hours = sum((t.hours for t in totals), Decimal(0))
    table.append(["Total", format_number(hours), *(format_money(a) for a in sums), ""])
    widths = [35 * mm, 14 * mm, 24 * mm, 22 * mm, 31 * mm, 22 * mm, 22 * mm]
    story: list = [
        Paragraph(title, s["title"]),
        Paragraph(f"Période {_period(start, end)}", s["subtitle"]),
        data_table(table, widths, s, (1, 2, 3, 4, 5, 6), True),
    ]
    if ordered:
        story.append(Spacer(0, 3 * mm))
        story.append(
            Paragraph(
                f"Plafond annuel par professionnel (PASS {year}) : {format_money(ordered[0].ceiling)}. Le total "
                f"{year} compte les indemnités et les rémunérations versées par la CPTS sur toute l’année civile "
                "(art. D.1434-44 du code de la santé publique).",
                s["small"],
            )
        )
    for t in ordered:
        if t.over_ceiling:
            story.append(
                Paragraph(
                    f"<b>Plafond dépassé</b> : {escape(t.member)} a reçu {format_money(t.year_total)} en {year}, "
                    f"soit {format_money(-t.remainder)} au-delà du plafond.",
                    s["body"],
                )
            )
    return build(path, story, head, title)


def _remainder(total: MemberTotal) -> str:
    return "dépassé" if total.over_ceiling else format_money(total.remainder)
