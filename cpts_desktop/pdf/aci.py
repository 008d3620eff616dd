"""Synthèse ACI of a contract year: the missions signed, their fixed and variable parts, the indicators
with target and achievement, the total expected, what was paid and the balance."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from cpts_desktop.i18n import format_date, format_money, format_number
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services.finance_documents import AciPapers


def aci_summary_pdf(papers: AciPapers, path: Path, today: date | None = None) -> Path:
    s = styles()
    year, funder, head = papers.year, papers.funder, papers.head
    title = f"Synthèse ACI {year.annee}"
    story: list = [
        Paragraph(escape(title), s["title"]),
        Paragraph(
            f"Contrat avec {escape(funder)} – CPTS de taille {year.taille} – barème : {escape(year.accord or '–')}"
            + (f" ({escape(year.accord_status.label)})" if year.accord_status else "")
            + f" – état au {format_date(today or date.today())}",
            s["subtitle"],
        ),
        Paragraph("Missions et montants", s["heading"]),
    ]
    rows = [["Mission", "Part fixe", "Part variable maximale", "Part variable obtenue", "Total obtenu"]]
    for m in year.missions:
        rows.append([m.mission.label, format_money(m.part_fixe), format_money(m.part_variable),
                     format_money(m.variable_earned), format_money(m.earned)])  # fmt: skip
    rows.append(["Total", format_money(year.fixed), format_money(year.variable_max), format_money(year.variable_earned),
                 format_money(year.expected)])  # fmt: skip
    story.append(data_table(rows, [50 * mm, 30 * mm, 30 * mm, 30 * mm, 30 * mm], s, (1, 2, 3, 4), True))
    story += [
        Spacer(0, 3 * mm),
        data_table(
            [["Total attendu pour l’année", "Déjà versé", "Solde à recevoir"],
             [format_money(year.expected), format_money(year.verse), format_money(year.balance)]],
            [60 * mm, 55 * mm, 55 * mm], s, (0, 1, 2),
        ),
    ]  # fmt: skip
    crisis = year.conditional_line
    if crisis is not None:
        state = (
            f"crise reconnue par l’ARS le {format_date(crisis.condition_met_on)} : part variable due"
            if crisis.condition_met_on
            else "aucune crise reconnue par l’ARS à ce jour : 0 € dû"
        )
        story.append(Paragraph(
            f"{escape(crisis.mission.label)} : la part variable de {format_money(crisis.part_variable)} n’est due que "
            f"si l’ARS reconnaît une crise sanitaire ; {state}.", s["small"],
        ))  # fmt: skip
    for m in year.missions:
        if not m.indicators:
            continue
        rows = [["Indicateur", "Cible", "Atteint", "Atteinte", "Poids"]]
        for i in m.indicators:
            rows.append([
                i.libelle + (" (tout ou rien)" if i.mode.value == "tout_ou_rien" else ""),
                format_number(i.cible), format_number(i.realise) if i.realise is not None else "non mesuré",
                f"{format_number(i.result.achievement * 100, 0)} %", format_number(i.poids),
            ])  # fmt: skip
        story += [
            CondPageBreak(30 * mm),
            Paragraph(f"Indicateurs – {escape(m.mission.label)}", s["heading"]),
            data_table(rows, [82 * mm, 22 * mm, 24 * mm, 22 * mm, 20 * mm], s, (1, 2, 3, 4)),
        ]
    story.append(
        Paragraph(
            "La part variable de chaque mission est proportionnelle à l’atteinte pondérée de ses indicateurs, "
            "plafonnée à la cible ; un indicateur « tout ou rien » ne compte que s’il atteint sa cible.",
            s["small"],
        )
    )
    return build(path, story, head, title)
