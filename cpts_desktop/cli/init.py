"""``cpts init [--demo]``: create or migrate the database, optionally with the fictional CPTS."""

from __future__ import annotations

import argparse

from cpts_desktop.services.database import describe, open_database
from cpts_desktop.services.demo import load_demo


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("init", help="crée la base ou la met à jour")
    parser.add_argument("--demo", action="store_true", help="ajoute une CPTS fictive de démonstration")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=True)
    try:
        info = describe(database)
        print(f"Base prête : {info.location} (schéma {info.revision})")
        if args.demo:
            added = load_demo(database)
            if any((added.communes, added.colleges, added.members, added.payments)):
                print(
                    f"Démonstration chargée : {added.communes} communes, {added.colleges} collèges, "
                    f"{added.members} adhérents, {added.payments} cotisations."
                )
            else:
                print("Les données de démonstration étaient déjà présentes : rien n’a été ajouté.")
    finally:
        database.close()
    return 0
