"""``cpts association show|set``, ``cpts communes import``, ``cpts statutes list``."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpts_desktop.cli.common import database_of, print_json
from cpts_desktop.domain.errors import InvalidFields
from cpts_desktop.i18n import plural
from cpts_desktop.services.association import PROFILE_FIELDS, association_profile, update_association
from cpts_desktop.services.statutes import list_versions
from cpts_desktop.services.territory import import_communes


def register(commands: argparse._SubParsersAction) -> None:
    association = commands.add_parser("association", help="identité de l’association")
    sub = association.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="affiche l’identité")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    setter = sub.add_parser("set", help="modifie un champ (une valeur vide l’efface)")
    setter.add_argument("field", metavar="CHAMP", choices=sorted(PROFILE_FIELDS))
    setter.add_argument("value", metavar="VALEUR")
    setter.set_defaults(handler=run_set)

    communes = commands.add_parser("communes", help="communes du territoire")
    csub = communes.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = csub.add_parser("import", help="importe un CSV « code INSEE ; nom ; population »")
    imp.add_argument("file", metavar="FICHIER.csv", type=Path)
    imp.set_defaults(handler=run_communes_import)

    statutes = commands.add_parser("statutes", help="statuts et règlement intérieur")
    ssub = statutes.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = ssub.add_parser("list", help="liste les versions")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=run_statutes_list)


def run_show(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        profile = association_profile(database)
    if args.json:
        print_json({name: value for name, value in profile.values.items()})
        return 0
    for name, (label, _cleaner) in PROFILE_FIELDS.items():
        value = profile.values.get(name)
        print(f"{label:<36} {value if value is not None else ''}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        try:
            profile = update_association(database, {args.field: args.value})
        except InvalidFields as invalid:
            raise invalid.errors[0] from invalid
    print(f"{PROFILE_FIELDS[args.field][0]} : {profile.values[args.field] or '(vide)'}")
    return 0


def run_communes_import(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        report = import_communes(database, args.file)
    print(
        plural(report.created, "{count} commune ajoutée", "{count} communes ajoutées")
        + ", "
        + plural(report.updated, "{count} mise à jour", "{count} mises à jour")
        + ", "
        + plural(len(report.rejected), "{count} refusée.", "{count} refusées.")
    )
    for row, reason in report.rejected:
        print(f"  ligne {row} : {reason}")
    return 0


def run_statutes_list(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        versions = list_versions(database)
    if args.json:
        print_json(
            [
                {
                    "id": v.id,
                    "kind": v.kind.value,
                    "numero": v.numero,
                    "statut": v.statut.value,
                    "titre": v.titre,
                    "date_adoption": v.date_adoption.isoformat() if v.date_adoption else None,
                    "date_declaration": v.date_declaration.isoformat() if v.date_declaration else None,
                }
                for v in versions
            ]
        )
        return 0
    for v in versions:
        print(f"{v.id:>4}  {v.label}  {v.titre}")
    return 0
