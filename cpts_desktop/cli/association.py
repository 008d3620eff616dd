"""``cpts association show|set``, ``cpts communes import|postcodes|list``, ``cpts statutes list``."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpts_desktop.cli.common import database_of, print_json
from cpts_desktop.domain.errors import InvalidFields
from cpts_desktop.i18n import format_number, plural
from cpts_desktop.services.association import PROFILE_FIELDS, association_profile, update_association
from cpts_desktop.services.statutes import list_versions
from cpts_desktop.services.territory import Territory, import_communes, territory


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
    imp = csub.add_parser(
        "import",
        help="importe un fichier de communes : COG ou populations légales de l’INSEE, codes postaux de La Poste, "
        "ou « code INSEE ; nom ; population »",
    )
    imp.add_argument("file", metavar="FICHIER", type=Path, help="CSV ou classeur .xlsx, tel que téléchargé")
    imp.add_argument("--codes", default="", help="codes INSEE des communes du territoire, séparés par des virgules")
    imp.add_argument(
        "--departement", action="append", default=[], metavar="DEP", help="toutes les communes d’un département"
    )
    imp.add_argument(
        "--population",
        choices=("municipale", "totale"),
        default="municipale",
        help="chiffre retenu (municipale par défaut, celui que l’INSEE recommande pour un territoire)",
    )
    imp.add_argument("--annee", type=int, help="année des populations légales, si le fichier ne la dit pas")
    imp.set_defaults(handler=run_communes_import)
    postcodes = csub.add_parser(
        "postcodes", help="attache aux communes du territoire leurs codes postaux (base officielle de La Poste)"
    )
    postcodes.add_argument("file", metavar="FICHIER", type=Path)
    postcodes.set_defaults(handler=run_communes_import, codes="", departement=[], population="municipale", annee=None)
    listing = csub.add_parser("list", help="liste les communes du territoire, leur population et la taille ACI")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_communes_list)

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
    codes = [code for code in args.codes.replace(";", ",").replace(" ", ",").split(",") if code]
    with database_of(args) as database:
        report = import_communes(database, args.file, codes, args.departement, args.population, args.annee)
        land = territory(database)
    for line in report.lines():
        print(line)
    print(_summary(land))
    return 0


def _summary(land: Territory) -> str:
    """« 3 communes, 232 040 habitants (population municipale 2021) : CPTS de taille 4 (…). »"""
    source = f" ({land.population_source})" if land.population_source else ""
    if land.without_population:
        source += plural(
            land.without_population, ", {count} commune sans population", ", {count} communes sans population"
        )
    return (
        plural(len(land.communes), "{count} commune", "{count} communes")
        + ", "
        + plural(land.population, "{count} habitant", "{count} habitants")
        + f"{source} : CPTS de taille {land.taille.number} ({land.taille.bounds})."
    )


def run_communes_list(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        land = territory(database)
    if args.json:
        print_json(
            {
                "population": land.population,
                "population_source": land.population_source,
                "taille": land.taille.number,
                "communes": [
                    {
                        "code_insee": c.code_insee,
                        "nom": c.nom,
                        "departement": c.departement,
                        "codes_postaux": list(c.codes_postaux),
                        "population": c.population,
                        "population_type": c.population_type,
                        "population_annee": c.population_annee,
                        "adherents": c.members,
                    }
                    for c in land.communes
                ],
            }
        )
        return 0
    for c in land.communes:
        figure = format_number(c.population) + (f" ({c.population_source})" if c.population_source else "")
        print(f"{c.code_insee:<6} {c.nom:<32} {figure:<28} {', '.join(c.codes_postaux)}")
    print(_summary(land))
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
