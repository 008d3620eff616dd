"""``cpts grants …``: funders' grants, their disbursements, expenses, budget and deadlines, and the summary
the treasurer reads (amounts in JSON as decimal strings, so no cent is lost)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from cpts_desktop.cli.common import (
    amount_argument,
    database_of,
    date_argument,
    enum_argument,
    print_json,
    year_argument,
)
from cpts_desktop.domain.enums import ExpenseCategory, FunderType, GrantNature, GrantStatus, ObligationKind
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import format_date_short, format_money
from cpts_desktop.services import grants
from cpts_desktop.services.grant_exports import export_grants

FUNDER_ALIASES = {"fir": "ars", "conseil-regional": "region", "aci": "cpam", "assurance-maladie": "cpam"}
NATURE_ALIASES = {"projet-de-sante": "amorcage", "action": "projet"}
CATEGORIES = "personnel, prestations, frais-reunion, indemnisation, materiel, communication, autre"
# A funder's type guessed from its name when --funder-type is not given.
NAME_HINTS = (
    ("ars", FunderType.ARS),
    ("agence regionale de sante", FunderType.ARS),
    ("region", FunderType.REGION),
    ("conseil regional", FunderType.REGION),
    ("conseil departemental", FunderType.DEPARTMENT),
    ("cpam", FunderType.CPAM),
    ("assurance maladie", FunderType.CPAM),
    ("departement", FunderType.DEPARTMENT),
    ("urps", FunderType.URPS),
    ("fondation", FunderType.FOUNDATION),
    ("commune", FunderType.MUNICIPALITY),
    ("communaute de communes", FunderType.MUNICIPALITY),
    ("mairie", FunderType.MUNICIPALITY),
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("grants", help="subventions et financements")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="ajoute une subvention (le financeur est créé s’il est nouveau) ; affiche son n°")
    add.add_argument("--funder", required=True, metavar="FINANCEUR")
    add.add_argument(
        "--funder-type",
        type=enum_argument(FunderType, FUNDER_ALIASES),
        metavar="TYPE",
        help="ars, region, cpam, departement, commune, urps, fondation, autre (sinon déduit du nom)",
    )
    add.add_argument(
        "--nature",
        type=enum_argument(GrantNature, NATURE_ALIASES),
        metavar="NATURE",
        help="amorcage, fonctionnement, projet, aci (aci pour la CPAM, projet sinon)",
    )
    add.add_argument("--amount", type=amount_argument, metavar="MONTANT", help="montant accordé")
    add.add_argument("--requested", type=amount_argument, metavar="MONTANT", help="montant demandé")
    add.add_argument("--start", type=date_argument, metavar="DATE")
    add.add_argument("--end", type=date_argument, metavar="DATE")
    add.add_argument("--object", metavar="OBJET")
    add.add_argument("--reference", metavar="RÉF", help="référence de la convention")
    add.add_argument("--signed", type=date_argument, metavar="DATE", help="date de signature de la convention")
    add.add_argument("--status", type=enum_argument(GrantStatus), metavar="STATUT",
                     help="preparation, demandee, accordee, refusee, soldee (accordee si --amount)")  # fmt: skip
    add.add_argument("--conditions", metavar="TEXTE")
    add.set_defaults(handler=run_add)

    listing = sub.add_parser("list", help="liste des subventions avec reçu, dépensé, reste")
    listing.add_argument("--year", type=year_argument, metavar="ANNÉE")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    disbursement = sub.add_parser("disbursement", aliases=["receipt"], help="enregistre un versement reçu du financeur")
    disbursement.add_argument("--grant", type=int, required=True, metavar="ID")
    disbursement.add_argument("--amount", type=amount_argument, required=True, metavar="MONTANT")
    disbursement.add_argument("--date", type=date_argument, required=True, metavar="DATE")
    disbursement.add_argument("--reference", default="", metavar="RÉF", help="référence bancaire")
    disbursement.set_defaults(handler=run_disbursement)

    expense = sub.add_parser("expense", help="enregistre une dépense imputée à la subvention")
    expense.add_argument("--grant", type=int, required=True, metavar="ID")
    expense.add_argument("--amount", type=amount_argument, required=True, metavar="MONTANT")
    expense.add_argument("--date", type=date_argument, required=True, metavar="DATE")
    expense.add_argument(
        "--category", type=enum_argument(ExpenseCategory), required=True, metavar="CATÉGORIE", help=CATEGORIES
    )
    expense.add_argument("--label", required=True, metavar="LIBELLÉ")
    expense.add_argument("--supplier", default="", metavar="FOURNISSEUR")
    expense.add_argument("--piece", default="", metavar="N°", help="n° de pièce comptable ou de facture")
    expense.add_argument(
        "--outside-period", action="store_true", help="l’enregistre même datée hors de la période de la subvention"
    )
    expense.set_defaults(handler=run_expense)

    installment = sub.add_parser("installment", help="ajoute une échéance de versement attendue")
    installment.add_argument("--grant", type=int, required=True, metavar="ID")
    installment.add_argument("--amount", type=amount_argument, required=True, metavar="MONTANT")
    installment.add_argument("--date", type=date_argument, required=True, metavar="DATE")
    installment.add_argument("--label", default="", metavar="LIBELLÉ")
    installment.set_defaults(handler=run_installment)

    budget = sub.add_parser("budget", help="budget prévisionnel d’une catégorie de dépenses (0 l’efface)")
    budget.add_argument("--grant", type=int, required=True, metavar="ID")
    budget.add_argument("--category", type=enum_argument(ExpenseCategory), required=True, metavar="CATÉGORIE")
    budget.add_argument("--amount", type=amount_argument, required=True, metavar="MONTANT")
    budget.set_defaults(handler=run_budget)

    obligation = sub.add_parser("obligation", help="ajoute une justification due au financeur")
    obligation.add_argument("--grant", type=int, required=True, metavar="ID")
    obligation.add_argument("--kind", type=enum_argument(ObligationKind), required=True, metavar="TYPE",
                            help="compte-rendu-financier, rapport-activite, indicateurs, autre")  # fmt: skip
    obligation.add_argument("--due", type=date_argument, required=True, metavar="DATE")
    obligation.add_argument("--label", default="", metavar="LIBELLÉ")
    obligation.set_defaults(handler=run_obligation)

    submitted = sub.add_parser("submitted", help="note la remise d’une justification")
    submitted.add_argument("--obligation", type=int, required=True, metavar="ID")
    submitted.add_argument("--date", type=date_argument, required=True, metavar="DATE")
    submitted.set_defaults(handler=run_submitted)

    due = sub.add_parser("deadlines", help="justifications et versements en retard ou proches")
    due.add_argument("--within", type=int, default=60, metavar="JOURS", help="horizon en jours (60 par défaut)")
    due.add_argument("--json", action="store_true")
    due.set_defaults(handler=run_deadlines)

    summary = sub.add_parser("summary", help="par financeur : accordé, reçu, dépensé, reste")
    summary.add_argument("--year", type=year_argument, metavar="ANNÉE")
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(handler=run_summary)

    export = sub.add_parser("export", help="subventions, versements et dépenses pour l’expert-comptable")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.xlsx|.csv")
    export.add_argument("--year", type=year_argument, metavar="ANNÉE")
    export.set_defaults(handler=run_export)


def guess_funder_type(name: str) -> FunderType:
    words = f" {search_key(name)} "
    return next((kind for hint, kind in NAME_HINTS if f" {hint} " in words), FunderType.OTHER)


def run_add(args: argparse.Namespace) -> int:
    funder_type = args.funder_type or guess_funder_type(args.funder)
    nature = args.nature or (GrantNature.ACI if funder_type is FunderType.CPAM else GrantNature.PROJECT)
    data = grants.GrantData(
        funder=args.funder, funder_type=funder_type, nature=nature, objet=args.object or "",
        convention_reference=args.reference, date_signature=args.signed, periode_debut=args.start,
        periode_fin=args.end, montant_demande=args.requested, montant_accorde=args.amount, statut=args.status,
        conditions=args.conditions,
    )  # fmt: skip
    with database_of(args) as database:
        print(grants.create_grant(database, data))
    return 0


def _row_json(row: grants.GrantRow) -> dict[str, object]:
    return {
        "id": row.id,
        "funder": row.funder,
        "funder_type": row.funder_type.value,
        "object": row.objet,
        "nature": row.nature.value,
        "status": row.statut.value,
        "reference": row.convention_reference,
        "start": row.periode_debut.isoformat() if row.periode_debut else None,
        "end": row.periode_fin.isoformat() if row.periode_fin else None,
        "requested": str(row.montant_demande) if row.montant_demande is not None else None,
        "awarded": str(row.awarded),
        "received": str(row.received),
        "spent": str(row.spent),
        "remaining": str(row.remaining),
        "to_receive": str(row.to_receive),
        "consumption_percent": str(row.consumption) if row.consumption is not None else None,
        "late_installments": row.late_installments,
    }


def run_list(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        rows = grants.grant_rows(database, args.year)
    if args.json:
        print_json([_row_json(r) for r in rows])
        return 0
    if not rows:
        print("Aucune subvention enregistrée.")
    for r in rows:
        period = " – ".join(format_date_short(d) for d in (r.periode_debut, r.periode_fin) if d)
        print(f"{r.id:>4}  {r.label}  [{r.statut.label}] {period}")
        print(f"      accordé {format_money(r.awarded)} · reçu {format_money(r.received)} · "
              f"dépensé {format_money(r.spent)} · reste {format_money(r.remaining)}")  # fmt: skip
    return 0


def run_disbursement(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        print(grants.add_disbursement(database, args.grant, args.amount, args.date, args.reference))
    return 0


def run_expense(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        try:
            expense_id = grants.add_expense(
                database, args.grant, args.amount, args.date, args.category, args.label, args.supplier, args.piece,
                outside_period_ok=args.outside_period,
            )  # fmt: skip
        except grants.OutsidePeriod as refusal:
            hint = f"{refusal.message} L’option --outside-period l’enregistre quand même."
            raise ValidationError("date", hint) from None
    print(expense_id)
    return 0


def run_installment(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        print(grants.add_installment(database, args.grant, args.date, args.amount, args.label))
    return 0


def run_budget(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        grants.set_budget(database, args.grant, args.category, args.amount)
    print(f"Budget prévisionnel « {args.category.label} » : {format_money(args.amount)}.")
    return 0


def run_obligation(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        print(grants.add_obligation(database, args.grant, args.kind, args.due, args.label))
    return 0


def run_submitted(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        grants.submit_obligation(database, args.obligation, args.date)
    print(f"Remise notée le {format_date_short(args.date)}.")
    return 0


def run_deadlines(args: argparse.Namespace) -> int:
    today = date.today()
    with database_of(args) as database:
        found = grants.deadlines(database, args.within, today)
    if args.json:
        print_json(
            [
                {"grant": d.grant_id, "funder": d.funder, "grant_label": d.grant, "kind": d.kind,
                 "label": d.libelle, "due": d.due.isoformat(), "days": d.days, "overdue": d.overdue,
                 "amount": str(d.amount) if d.amount is not None else None}
                for d in found
            ]
        )  # fmt: skip
        return 0
    if not found:
        print(f"Aucune échéance en retard ni dans les {args.within} prochains jours.")
    for d in found:
        when = f"en retard de {-d.days} j" if d.overdue else f"dans {d.days} j"
        amount = f" ({format_money(d.amount)})" if d.amount is not None else ""
        print(f"{format_date_short(d.due)}  {when:<20} {d.libelle}{amount} – {d.grant}")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        result = grants.summary(database, args.year)
    if args.json:
        total = result.total.as_json()
        del total["funder"]
        print_json({"year": result.year, "funders": [f.as_json() for f in result.funders], "total": total})
        return 0
    print(f"Financements {result.year}" if result.year else "Financements, toutes années")
    for f in [*result.funders, result.total]:
        print(f"  {f.funder:<40} accordé {format_money(f.awarded):>15}  reçu {format_money(f.received):>15}  "
              f"dépensé {format_money(f.spent):>15}  reste {format_money(f.remaining):>15}")  # fmt: skip
    return 0


def run_export(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        written = export_grants(database, args.output, args.year)
    for path in written:
        print(f"Fichier enregistré : {path}")
    return 0
