"""``cpts payments add|cancel``: cotisations received, each with its receipt number."""

from __future__ import annotations

import argparse

from cpts_desktop.cli.common import amount_argument, database_of, date_argument, year_argument
from cpts_desktop.domain.enums import PaymentMethod
from cpts_desktop.i18n import format_money
from cpts_desktop.services.cotisations import add_payment, cancel_payment

MODES = {m.value.replace("_", "-"): m for m in PaymentMethod}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("payments", help="paiements de cotisation")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="enregistre un paiement et affiche le numéro de reçu")
    add.add_argument("--member", type=int, required=True, metavar="ID")
    add.add_argument("--amount", type=amount_argument, required=True, metavar="MONTANT")
    add.add_argument("--date", type=date_argument, required=True, metavar="DATE")
    add.add_argument("--mode", choices=sorted(MODES), required=True)
    add.add_argument("--reference", metavar="RÉF", help="n° de chèque, de virement…")
    add.add_argument("--year", type=year_argument, metavar="ANNÉE", help="exercice (par défaut l’année du paiement)")
    add.set_defaults(handler=run_add)
    cancel = sub.add_parser("cancel", help="annule un paiement par une écriture inverse")
    cancel.add_argument("--payment", type=int, required=True, metavar="ID")
    cancel.add_argument("--date", type=date_argument, required=True, metavar="DATE")
    cancel.add_argument("--reason", metavar="MOTIF")
    cancel.set_defaults(handler=run_cancel)


def run_add(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        line = add_payment(database, args.member, args.amount, args.date, MODES[args.mode], args.reference, args.year)
    print(line.numero_recu)
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        line = cancel_payment(database, args.payment, args.date, args.reason)
    print(f"Paiement n° {args.payment} annulé ({format_money(line.montant)}).")
    return 0
