"""``cpts fees set|list``: the barème of cotisations of an exercice."""

from __future__ import annotations

import argparse

from cpts_desktop.cli.common import amount_argument, database_of, print_json, year_argument
from cpts_desktop.i18n import format_money
from cpts_desktop.services.cotisations import fees, set_fee


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("fees", help="barème des cotisations")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    setter = sub.add_parser("set", help="fixe le montant de la cotisation d’une année")
    setter.add_argument("--year", type=year_argument, required=True, metavar="ANNÉE")
    setter.add_argument("--amount", type=amount_argument, required=True, metavar="MONTANT")
    setter.add_argument("--category", metavar="CATÉGORIE", help="sinon, toutes les catégories de l’année")
    setter.set_defaults(handler=run_set)
    lister = sub.add_parser("list", help="affiche le barème d’une année")
    lister.add_argument("--year", type=year_argument, required=True, metavar="ANNÉE")
    lister.add_argument("--json", action="store_true")
    lister.set_defaults(handler=run_list)


def run_set(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        lines = set_fee(database, args.year, args.amount, args.category)
    for line in lines:
        print(f"{line.annee}  {line.categorie:<30} {format_money(line.montant)}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        lines = fees(database, args.year)
    if args.json:
        print_json([{"annee": x.annee, "categorie": x.categorie, "montant": str(x.montant)} for x in lines])
    else:
        for line in lines:
            print(f"{line.annee}  {line.categorie:<30} {format_money(line.montant)}")
    return 0
