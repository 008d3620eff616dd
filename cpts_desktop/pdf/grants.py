"""The treasurer's documents on grants: the fiche de suivi of one grant, the yearly report of all grants
for the AG, and the draft compte rendu financier laid out like the official form (CERFA n° 15059)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

from cpts_desktop.i18n import format_date, format_date_short, format_money, format_number
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services.finance_documents import GrantPapers, GrantsReport
from cpts_desktop.services.grants import Deadline, GrantDetail, GrantRow

WIDTH = 170 * mm


def _money(value: Decimal | None) -> str:
    return format_money(value) if value is not None else "–"


def _period(row: GrantRow) -> str:
    if row.periode_debut and row.periode_fin:
        return f"du {format_date(row.periode_debut)} au {format_date(row.periode_fin)}"
    if row.periode_debut or row.periode_fin:
        return format_date(row.periode_debut or row.periode_fin)  # type: ignore[arg-type]
    return "non précisée"


def _dotted(lines: int) -> str:
    """Room to write by hand under a heading."""
    return "".join("<br/>" + "." * 150 for _ in range(lines))


def _facts(pairs: list[tuple[str, str]], s: dict) -> Table:
    """Label / value lines of an identity block."""
    table = Table(
        [[Paragraph(escape(k), s["cell_bold"]), Paragraph(escape(v), s["cell"])] for k, v in pairs],
        colWidths=[55 * mm, WIDTH - 55 * mm],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _grant_facts(row: GrantRow) -> list[tuple[str, str]]:
    pairs = [
        ("Financeur", f"{row.funder} ({row.funder_type.label})"),
        ("Objet", row.objet),
        ("Nature", row.nature.label),
        ("Statut", row.statut.label),
        ("Convention", row.convention_reference or "–"),
        ("Signée le", format_date(row.date_signature) if row.date_signature else "–"),
        ("Période", _period(row)),
        ("Montant demandé", _money(row.montant_demande)),
        ("Montant accordé", _money(row.montant_accorde)),
    ]
    if row.conditions:
        pairs.append(("Conditions", row.conditions))
    return pairs


def _deadline_rows(deadlines: list[Deadline]) -> list[list[str]]:
    rows = [["Échéance", "Objet", "Subvention", "Montant", "État"]]
    for d in deadlines:
        state = f"en retard de {d.days * -1} j" if d.overdue else f"dans {d.days} j"
        rows.append([format_date_short(d.due), d.libelle, d.grant, _money(d.amount) if d.amount else "", state])
    return rows


def grant_sheet_pdf(papers: GrantPapers, path: Path, today: date | None = None) -> Path:
    """Fiche de suivi: the convention, its schedule, receipts, expenses, budget against actual, justifications."""
    s = styles()
    detail, head = papers.detail, papers.head
    row = detail.grant
    title = f"Fiche de suivi de subvention n° {row.id}"
    story: list = [
        Paragraph(escape(title), s["title"]),
        Paragraph(f"{escape(row.label)} – état au {format_date(today or date.today())}", s["subtitle"]),
        _facts(_grant_facts(row), s),
        Spacer(0, 3 * mm),
        Paragraph("Situation", s["heading"]),
        data_table(
            [
                ["Accordé", "Reçu", "Reste à recevoir", "Dépensé", "Reste à dépenser", "Consommé"],
                [
                    format_money(row.awarded),
                    format_money(row.received),
                    format_money(row.to_receive),
                    format_money(row.spent),
                    format_money(row.remaining),
                    f"{format_number(row.consumption, 1)} %" if row.consumption is not None else "–",
                ],
            ],
            [WIDTH / 6] * 6,
            s,
            numeric=range(6),
        ),  # fmt: skip
    ]
    if detail.installments:
        rows = [["Date prévue", "Échéance", "Montant prévu", "Couvert", "État"]]
        for i in detail.installments:
            state = "reçu" if i.settled else ("en retard" if i.late else "à venir")
            rows.append([format_date_short(i.date_prevue), i.libelle or "Versement", format_money(i.montant_prevu),
                         format_money(i.covered), state])  # fmt: skip
        story += [Paragraph("Échéancier des versements", s["heading"]),
                  data_table(rows, [25 * mm, 60 * mm, 30 * mm, 30 * mm, 25 * mm], s, numeric=(2, 3))]  # fmt: skip
    rows = [["Date", "Référence bancaire", "Montant"]]
    rows += [
        [format_date_short(r.date_reception), r.reference_bancaire or "", format_money(r.montant)]
        for r in detail.receipts
    ]
    rows.append(["Total reçu", "", format_money(row.received)])
    story += [
        Paragraph("Versements reçus", s["heading"]),
        data_table(rows, [25 * mm, 115 * mm, 30 * mm], s, (2,), True),
    ]
    rows = [["Date", "Libellé", "Catégorie", "Pièce", "Montant"]]
    rows += [
        [format_date_short(e.date_depense), e.libelle, e.categorie.label, e.piece or "", format_money(e.montant)]
        for e in detail.expenses
    ]
    rows.append(["Total dépensé", "", "", "", format_money(row.spent)])
    story += [
        CondPageBreak(40 * mm),
        Paragraph("Dépenses imputées", s["heading"]),
        data_table(rows, [22 * mm, 68 * mm, 35 * mm, 17 * mm, 28 * mm], s, (4,), True),
    ]
    story += [
        CondPageBreak(40 * mm),
        Paragraph("Budget prévisionnel et réalisé", s["heading"]),
        _budget_table(detail, s),
    ]
    if detail.obligations:
        rows = [["Justification", "Échéance", "Remise le"]]
        rows += [
            [
                o.title,
                format_date_short(o.date_echeance),
                format_date_short(o.date_remise) if o.date_remise else "à remettre",
            ]
            for o in detail.obligations
        ]
        story += [
            Paragraph("Justifications dues au financeur", s["heading"]),
            data_table(rows, [100 * mm, 35 * mm, 35 * mm], s),
        ]
    if detail.documents:
        story += [Paragraph("Pièces jointes", s["heading"])]
        story += [Paragraph(f"{escape(label)} : {escape(file)}", s["small"]) for _id, label, file in detail.documents]
    return build(path, story, head, title)


def _budget_table(detail: GrantDetail, s: dict) -> Table:
    rows = [["Catégorie", "Prévisionnel", "Réalisé", "Écart", "Réalisé / prévu"]]
    for b in detail.budget:
        share = f"{format_number(b.realise * 100 / b.prevu, 1)} %" if b.prevu else "–"
        rows.append([b.categorie.label, format_money(b.prevu), format_money(b.realise), format_money(b.ecart), share])
    planned = sum((b.prevu for b in detail.budget), Decimal("0.00"))
    actual = sum((b.realise for b in detail.budget), Decimal("0.00"))
    rows.append(["Total", format_money(planned), format_money(actual), format_money(actual - planned), ""])
    return data_table(rows, [58 * mm, 30 * mm, 30 * mm, 28 * mm, 24 * mm], s, numeric=(1, 2, 3, 4), total=True)


def grants_report_pdf(report: GrantsReport, path: Path, today: date | None = None) -> Path:
    """Rapport financier des subventions for the AG: per funder, per grant, the ACI year, what is due."""
    s = styles()
    summary, rows, deadlines, head = report.summary, report.rows, report.deadlines, report.head
    year = summary.year
    title = f"Rapport du trésorier – subventions {year}" if year else "Rapport du trésorier – subventions"
    story: list = [
        Paragraph(escape(title), s["title"]),
        Paragraph(f"Présenté à l’assemblée générale – état au {format_date(today or date.today())}", s["subtitle"]),
        Paragraph("Synthèse par financeur", s["heading"]),
    ]
    table = [["Financeur", "Accordé pour l’exercice", "Reçu", "Dépensé"]]
    for f in [*summary.funders, summary.total]:
        table.append([f.funder, format_money(f.awarded), format_money(f.received), format_money(f.spent)])
    story.append(data_table(table, [80 * mm, 30 * mm, 30 * mm, 30 * mm], s, (1, 2, 3), True))
    story.append(
        Paragraph(
            f"Versements reçus et dépenses comptés à leur date, du 1er janvier au 31 décembre {year} ; "
            "une subvention pluriannuelle ne compte dans « Accordé » que pour sa part de l’exercice.",
            s["small"],
        )
    )
    story.append(Paragraph(f"Situation au 31 décembre {year}", s["heading"]))
    table = [["Financeur", "Reste à recevoir", "Reste à dépenser"]]
    for f in [*summary.funders, summary.total]:
        table.append([f.funder, format_money(f.to_receive), format_money(f.remaining)])
    story.append(data_table(table, [110 * mm, 30 * mm, 30 * mm], s, (1, 2), True))
    story.append(Paragraph("Détail des subventions", s["heading"]))
    table = [["Subvention", "Période", "Accordé pour l’exercice", "Reçu", "Dépensé"]]
    for g in rows:
        r = g.grant
        period = " – ".join(format_date_short(d) for d in (r.periode_debut, r.periode_fin) if d)
        note = f" ; {g.share}, {format_money(r.awarded)} au total" if g.share else ""
        label = f"{r.label} ({r.statut.label.lower()}{note})"
        table.append([label, period, format_money(g.awarded), format_money(g.received), format_money(g.spent)])
    story.append(data_table(table, [64 * mm, 24 * mm, 30 * mm, 26 * mm, 26 * mm], s, (2, 3, 4)))
    for aci in report.aci_years:
        story += [
            CondPageBreak(30 * mm),
            Paragraph(f"Contrat ACI – année {aci.annee} (taille {aci.taille})", s["heading"]),
            Paragraph(
                f"Parts fixes {format_money(aci.fixed)} ; part variable obtenue {format_money(aci.variable_earned)} "
                f"sur {format_money(aci.variable_max)} ; total attendu {format_money(aci.expected)}, "
                f"versé {format_money(aci.verse)}, solde {format_money(aci.balance)}.",
                s["body"],
            ),
        ]
    story += [CondPageBreak(30 * mm), Paragraph("Justifications et versements attendus", s["heading"])]
    if deadlines:
        story.append(data_table(_deadline_rows(deadlines), [22 * mm, 46 * mm, 50 * mm, 28 * mm, 24 * mm], s, (3,)))
    else:
        story.append(Paragraph("Aucune justification ni aucun versement en attente.", s["body"]))
    story += [
        Spacer(0, 10 * mm),
        Paragraph(f"<b>{escape(report.treasurer.role)}</b><br/>{escape(report.treasurer.name or '')}", s["right"]),
    ]
    return build(path, story, head, title)


def financial_report_pdf(papers: GrantPapers, path: Path, today: date | None = None) -> Path:
    """Draft compte rendu financier following the three parts of CERFA n° 15059: the budget of the action
    against the actual by nature (with the écarts), the explanations, and the signed attestation."""
    s = styles()
    detail, head, president = papers.detail, papers.head, papers.president
    row = detail.grant
    title = "Compte rendu financier de subvention"
    identity = [
        ("Association", head.nom),
        ("N° RNA / SIRET", " / ".join(x for x in (head.rna, head.siret) if x) or "–"),
        ("Financeur", row.funder),
        ("Objet de la subvention", row.objet),
        ("Convention", row.convention_reference or "–"),
        ("Exercice / période", _period(row)),
        ("Montant accordé", _money(row.montant_accorde)),
    ]
    story: list = [
        Paragraph(title, s["title"]),
        Paragraph(
            "Projet établi d’après le modèle officiel (formulaire CERFA n° 15059), à reporter sur le formulaire "
            "ou à joindre à celui-ci. Il est dû dans les six mois suivant la fin de l’exercice au cours duquel "
            "la subvention a été attribuée.",
            s["subtitle"],
        ),
        _facts(identity, s),
        Paragraph("1. Tableau de synthèse", s["heading"]),
        Paragraph("<b>Charges</b> (par nature de dépense)", s["body"]),
        _budget_table(detail, s),
        Spacer(0, 3 * mm),
        Paragraph("<b>Produits</b>", s["body"]),
    ]
    products = [["Produit", "Prévisionnel", "Réalisé", "Écart"]]
    products.append([f"Subvention – {row.funder}", format_money(row.awarded), format_money(row.received),
                     format_money(row.received - row.awarded)])  # fmt: skip
    story += [data_table(products, [82 * mm, 30 * mm, 30 * mm, 28 * mm], s, (1, 2, 3)), Spacer(0, 3 * mm)]
    planned = sum((b.prevu for b in detail.budget), Decimal("0.00"))
    story.append(
        Paragraph(
            f"Total des charges réalisées : {format_money(row.spent)} pour un budget prévisionnel de "
            f"{format_money(planned)} ; subvention reçue : {format_money(row.received)}.",
            s["body"],
        )
    )
    story += [Paragraph("2. Données qualitatives et explication des écarts", s["heading"])]
    for b in detail.budget:
        if b.ecart:
            story.append(
                Paragraph(
                    f"<b>{escape(b.categorie.label)}</b> : écart de {format_money(b.ecart)}{_dotted(2)}",
                    s["small"],
                )
            )
    story += [
        Paragraph(f"Observations sur la réalisation de l’action{_dotted(4)}", s["small"]),
        Paragraph(f"Règles de répartition des charges indirectes{_dotted(3)}", s["small"]),
        CondPageBreak(50 * mm),
        Paragraph("3. Attestation", s["heading"]),
        Paragraph(
            f"Je soussigné(e), {escape(president.name or '……………………')}, représentant(e) légal(e) de "
            f"l’association {escape(head.nom)}, certifie exactes les informations du présent compte rendu.",
            s["body"],
        ),
        Spacer(0, 4 * mm),
        Paragraph(f"Fait à {escape(head.commune or '……………………')}, le {format_date(today or date.today())}", s["body"]),
        Spacer(0, 4 * mm),
        Paragraph("Signature", s["right"]),
    ]
    return build(path, story, head, title)
