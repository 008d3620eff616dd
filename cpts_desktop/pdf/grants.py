"""The treasurer's documents on grants: the fiche de suivi of one grant, the yearly report of all grants
for the AG, and the compte rendu financier laid out like the official form (CERFA n° 15059*02)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cpts_desktop.domain.cerfa import CHARGE_NATURES, Line
from cpts_desktop.domain.enums import ExpenseCategory
from cpts_desktop.i18n import format_date, format_date_short, format_money, format_number
from cpts_desktop.pdf.stamps import stamp
from cpts_desktop.pdf.style import build, data_table, escape, styles
from cpts_desktop.services import financial_reports
from cpts_desktop.services.finance_documents import GrantPapers, GrantsReport
from cpts_desktop.services.financial_reports import FinancialReportPapers
from cpts_desktop.services.grants import Deadline, GrantDetail, GrantRow

WIDTH = 170 * mm


def _money(value: Decimal | None) -> str:
    return format_money(value) if value is not None else "–"


def _period(row: GrantRow) -> str:
    if row.periode_debut and row.periode_fin:
        return f"du {format_date(row.periode_debut)} au {format_date(row.periode_fin)}"
    known = row.periode_debut or row.periode_fin
    return format_date(known) if known else "non précisée"


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
    """Fiche de suivi: the convention, its schedule, disbursements, expenses, budget against actual, justifications."""
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
        [format_date_short(r.date_versement), r.reference_bancaire or "", format_money(r.montant)]
        for r in detail.disbursements
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
        data_table(rows, [22 * mm, 56 * mm, 30 * mm, 34 * mm, 28 * mm], s, (4,), True),  # « PIECE-2026-0026-9 » whole
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


def financial_report_pdf(papers: FinancialReportPapers, path: Path, today: date | None = None) -> Path:
    """The compte rendu financier as the three feuillets of CERFA n° 15059*02: bilan qualitatif, tableau de
    synthèse (balanced, prévisionnel against réalisé with écarts) and annexe, then the signed attestation.
    Before the exercice is closed it is a provisional report, stamped « PROJET » on every page."""
    s = styles()
    today = today or date.today()
    title = f"Compte rendu financier de subvention – exercice {papers.annee}"
    story: list = [
        Paragraph(escape(title), s["title"]),
        Paragraph(_report_subtitle(papers), s["subtitle"]),
        _facts(_report_facts(papers), s),
        Paragraph("1. Bilan qualitatif de l’action", s["heading"]),
        *_report_qualitative(papers, s),
        CondPageBreak(90 * mm),
        Paragraph("2. Tableau de synthèse", s["heading"]),
        *_synthesis_tables(papers, s),
        CondPageBreak(60 * mm),
        Paragraph("3. Données chiffrées : annexe", s["heading"]),
        *_report_annex(papers, s),
        KeepTogether(_attestation(papers, today, s)),
    ]
    stamp_on = stamp("PROJET", f"exercice {papers.annee} non clos") if papers.provisional else None
    return build(path, story, papers.head, title, on_page=stamp_on)


def _report_subtitle(papers: FinancialReportPapers) -> str:
    state = "Compte rendu provisoire : l’exercice n’est pas clos. " if papers.provisional else ""
    return (
        f"{state}Établi d’après le formulaire CERFA n° 15059*02, à remettre au financeur dans les six mois "
        "suivant la fin de l’exercice au cours duquel la subvention a été attribuée."
    )


def _report_facts(papers: FinancialReportPapers) -> list[tuple[str, str]]:
    row, head = papers.grant, papers.head
    covered = " au ".join(format_date(d) for d in (papers.start, papers.end) if d)
    return [
        ("Association", head.nom),
        ("N° RNA", head.rna or "–"),
        ("N° SIRET", head.siret or "–"),
        ("Financeur", f"{row.funder} ({row.funder_type.label})"),
        ("Objet de la subvention", row.objet),
        ("Référence de la convention", row.convention_reference or "–"),
        ("Exercice", f"{papers.annee}" + (f" – période couverte du {covered}" if papers.start and papers.end else "")),
        ("Subvention accordée pour l’exercice", format_money(papers.grant_line.realise)),
    ]


def _written(text: str, lines: int) -> str:
    """The treasurer's text (line breaks kept), or room to write by hand."""
    if text.strip():
        return "<br/>".join(escape(line) for line in text.splitlines())
    return "<br/>".join("." * 140 for _ in range(lines))


def _report_qualitative(papers: FinancialReportPapers, s: dict) -> list:
    t = papers.texts
    parts = (
        ("Mise en œuvre de l’action : ce qui a été réalisé, les dates et la durée", t.bilan_actions, 5),
        ("Public bénéficiaire (nombre approximatif de personnes) et territoire", t.bilan_public, 3),
        ("Indicateurs et méthodes d’évaluation utilisés, résultats obtenus", t.bilan_indicateurs, 4),
    )
    story: list = []
    for label, text, lines in parts:
        story += [Paragraph(f"<b>{escape(label)}</b>", s["body"]), Paragraph(_written(text, lines), s["body"]),
                  Spacer(0, 2 * mm)]  # fmt: skip
    return story


def _amount(value: Decimal | None) -> str:
    return "—" if value is None else format_money(value)


def _synthesis_row(line: Line, forecast: bool) -> list[str]:
    percent = line.ecart_percent
    return [
        line.code,
        line.label,
        _amount(line.prevu) if forecast else "—",
        format_money(line.realise),
        _amount(line.ecart) if forecast else "—",
        f"{format_number(percent, 1)} %" if forecast and percent is not None else "—",
    ]


SYNTHESIS_WIDTHS = [13 * mm, 56 * mm, 27 * mm, 27 * mm, 27 * mm, 20 * mm]


def _synthesis_table(heading: str, lines: list[Line], total: Line, forecast: bool, s: dict) -> Table:
    rows = [["Compte", heading, "Prévision", "Réalisation", "Écart", "Écart %"]]
    rows += [_synthesis_row(line, forecast) for line in lines]
    rows.append(_synthesis_row(total, forecast))
    return data_table(rows, SYNTHESIS_WIDTHS, s, numeric=(2, 3, 4, 5), total=True)


def _synthesis_tables(papers: FinancialReportPapers, s: dict) -> list:
    table, forecast = papers.synthesis, papers.synthesis.forecast
    charges = [*table.charges] + ([table.excess] if _shown(table.excess) else [])
    produits = [*table.produits] + ([table.shortfall] if _shown(table.shortfall) else [])
    volunteer = table.contributions
    both = [Line("86", "Emplois des contributions volontaires en nature", volunteer.prevu, volunteer.realise),
            Line("87", "Contributions volontaires en nature", volunteer.prevu, volunteer.realise)]  # fmt: skip
    share = papers.grant_share
    story = [
        Paragraph(
            "<b>Charges</b> : charges directes affectées à l’action par nature, puis charges indirectes", s["body"]
        ),
        _synthesis_table("Charges", charges, table.total_charges, forecast, s),
        Spacer(0, 3 * mm),
        Paragraph("<b>Produits</b> : ressources par type (74 : subventions d’exploitation par financeur)", s["body"]),
        _synthesis_table("Produits", produits, table.total_produits, forecast, s),
        Spacer(0, 3 * mm),
        _synthesis_table("Contributions volontaires en nature", both, table.grand_total, forecast, s),
        Spacer(0, 2 * mm),
        Paragraph(
            f"Total des charges = total des produits : {format_money(table.total_charges.realise)} réalisés"
            + (
                f" pour {format_money(table.total_charges.prevu)} prévus"
                if forecast and table.total_charges.prevu is not None
                else ""
            )
            + (
                f". La subvention représente {format_number(share, 1)} % du total des produits."
                if share is not None
                else "."
            ),
            s["body"],
        ),  # fmt: skip
    ]
    if not forecast:
        story.append(Paragraph("Aucun budget prévisionnel n’a été saisi pour cette subvention : « — ».", s["small"]))
    return story


def _shown(line: Line) -> bool:
    return bool(line.realise or line.prevu)


def _report_annex(papers: FinancialReportPapers, s: dict) -> list:
    t, table = papers.texts, papers.synthesis
    gaps = [(line, gap) for line in (*table.charges, *table.produits) if (gap := line.ecart)]
    story: list = [Paragraph("<b>Explication des écarts entre le prévisionnel et le réalisé</b>", s["body"])]
    if t.annexe_ecarts.strip() or not gaps:
        story.append(Paragraph(_written(t.annexe_ecarts, 3) if gaps or t.annexe_ecarts.strip() else
                               "Pas d’écart à expliquer.", s["body"]))  # fmt: skip
    else:
        story += [Paragraph(f"{escape(line.code)} {escape(line.label)} : écart de {format_money(gap)}"
                            f"{_dotted(1)}", s["small"]) for line, gap in gaps]  # fmt: skip
    story += [
        Spacer(0, 2 * mm),
        Paragraph("<b>Règles de répartition des charges indirectes affectées à l’action</b>", s["body"]),
        Paragraph(_written(t.annexe_charges_indirectes, 2), s["body"]),
        Spacer(0, 2 * mm),
        Paragraph("<b>Rangement des dépenses de l’association par nature de charges</b>", s["body"]),
        data_table(
            [["Catégorie de dépense", "Nature du formulaire", "Compte"]]
            + [
                [c.label, f"{code} – {CHARGE_NATURES[code].split(' (')[0]}", account]
                for c, code, account in _natures_used()
            ],
            [55 * mm, 85 * mm, 30 * mm],
            s,
        ),  # fmt: skip
        Spacer(0, 4 * mm),
    ]
    return story


def _natures_used() -> list[tuple[ExpenseCategory, str, str]]:
    rules = financial_reports.mapping()
    return [(c, rules.natures[c.value], rules.accounts[c.value]) for c in ExpenseCategory]


def _attestation(papers: FinancialReportPapers, today: date, s: dict) -> list:
    head, who = papers.head, papers.signatory
    name = escape(who.name) if who.name else "……………………"
    feminine = who.role.endswith(("ente", "ière", "trice"))
    signed, legal = ("soussignée", "représentante légale") if feminine else ("soussigné(e)", "représentant(e) légal(e)")
    return [
        Paragraph("Attestation", s["heading"]),
        Paragraph(
            f"Je {signed}, {name}, {escape(who.role.lower())}, {legal} de l’association "
            f"{escape(head.nom)}, certifie exactes les informations du présent compte rendu.",
            s["body"],
        ),
        Spacer(0, 4 * mm),
        Paragraph(f"Fait à {escape(head.commune or '……………………')}, le {format_date(today)}", s["body"]),
        Spacer(0, 4 * mm),
        Paragraph(f"Signature<br/>{escape(who.role)}", s["right"]),
    ]
