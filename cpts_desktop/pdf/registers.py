"""Liste des adhérents (grouped, with totals) and the lettres de relance, one per member not à jour."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from cpts_desktop.domain.enums import MemberStatus
from cpts_desktop.i18n import collation_key, format_date, format_money, format_number
from cpts_desktop.pdf.mailmerge import MergeParagraphs
from cpts_desktop.pdf.style import build, build_letters, escape, letter_opening, long_table, styles
from cpts_desktop.services.documents import MembersList, Reminder, Reminders


def members_list_pdf(data: MembersList, path: Path, today: date | None = None) -> Path:
    s = styles()
    by = "collège" if data.by == "college" else "profession"
    story: list = [
        Paragraph("Liste des adhérents", s["title"]),
        Paragraph(
            f"Par {by} – état au {format_date(today or date.today())} – "
            f"{format_number(data.total)} adhérent{'s' if data.total > 1 else ''}",
            s["subtitle"],
        ),
    ]
    second = "Profession" if data.by == "college" else "Collège"
    widths = [38 * mm, 30 * mm, 46 * mm, 40 * mm, 16 * mm]
    for group, rows in sorted(data.groups, key=lambda g: collation_key(g[0])):
        table_rows = [["Nom", "Prénom", second, "Commune", f"Cotis. {data.year}"]]
        for r in rows:
            other = r.profession if data.by == "college" else r.college
            status = "à jour" if r.up_to_date else "due"
            if r.statut is not MemberStatus.ACTIVE:
                status = r.statut.label.lower()
            table_rows.append([r.nom, r.prenom, other, r.commune, status])
        # the group's heading is the table's first row: it comes back, with the columns, on each page
        heading = Paragraph(f"{escape(group)} – {format_number(len(rows))}", s["heading"])
        story += [CondPageBreak(35 * mm), long_table(table_rows, widths, s, heading=heading), Spacer(0, 3 * mm)]
    story.append(
        Paragraph(f"<b>Total : {format_number(data.total)} adhérent{'s' if data.total > 1 else ''}</b>", s["body"])
    )
    return build(path, story, data.head, "Liste des adhérents")


def reminders_pdf(data: Reminders, path: Path, today: date | None = None) -> Path:
    """One letter per member not à jour, each numbered from its own first page."""
    s = styles()
    title = f"Relances de cotisation {data.year}"
    if not data.letters:
        text = f"Tous les adhérents actifs sont à jour de leur cotisation {data.year}."
        return build(path, [Paragraph(text, s["body"])], data.head, title)
    paragraph = MergeParagraphs()
    day = today or date.today()
    letters = (_reminder(data, letter, s, day, paragraph) for letter in data.letters)
    return build_letters(path, letters, data.head, title)


def _reminder(data: Reminders, letter: Reminder, s: dict, day: date, paragraph: MergeParagraphs) -> list[Flowable]:
    m = letter.member
    amount = f" de {format_money(letter.due)}" if letter.due is not None else ""
    rest = letter.due - letter.paid if letter.due is not None and letter.paid else None
    return [
        *letter_opening(data.head, m.address_lines, m.salutation, f"cotisation {data.year}", day, s, paragraph),
        paragraph(
            f"Sauf erreur de notre part, votre cotisation {data.year}{amount} à l’association "
            f"{escape(data.head.nom)} n’a pas encore été réglée"
            + (f" (il reste {format_money(rest)} à régler)" if rest else "")
            + ". Elle permet à la CPTS de mener ses missions et vous donne voix à l’assemblée générale.",
            s["body"],
        ),
        Spacer(0, 3 * mm),
        paragraph(_how_to_pay(data), s["body"]),
        Spacer(0, 3 * mm),
        paragraph(
            "Si vous avez réglé votre cotisation entre-temps, merci de ne pas tenir compte de ce courrier. "
            "Nous vous prions d’agréer l’expression de nos salutations distinguées.",
            s["body"],
        ),
        Spacer(0, 10 * mm),
        paragraph(f"<b>{escape(data.president.role)}</b><br/>{escape(data.president.name or '')}", s["right"]),
    ]


def _how_to_pay(data: Reminders) -> str:
    text = "Vous pouvez la régler par chèque à l’ordre de l’association"
    if data.head.iban:
        text += (
            f" ou par virement (IBAN {escape(data.head.iban)}"
            + (f", BIC {escape(data.head.bic)}" if data.head.bic else "")
            + ")"
        )
    return text + "."
