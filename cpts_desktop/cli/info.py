"""``cpts info [--json]``: where the database is, its schema revision, and what it holds."""

from __future__ import annotations

import argparse
import json

from cpts_desktop.i18n import plural
from cpts_desktop.services.database import RetiredProfession, describe, open_database, retired_professions

LABELS = {
    "association": "Association",
    "communes": "Communes du territoire",
    "colleges": "Collèges",
    "members": "Adhérents",
    "cotisation_rates": "Lignes du barème de cotisation",
    "payments": "Cotisations réglées",
    "mandates": "Mandats",
    "statutes_versions": "Versions des statuts",
    "meetings": "Réunions",
    "funders": "Financeurs",
    "grants": "Financements",
}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("info", help="affiche la base ouverte et son contenu")
    parser.add_argument("--json", action="store_true", help="sortie au format JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from cpts_desktop.services.territory import territory

    database = open_database(args.db)
    try:
        info = describe(database)
        land = territory(database)
        retired = retired_professions(database)
    finally:
        database.close()
    if args.json:
        payload = {
            "database": info.location,
            "revision": info.revision,
            "head": info.head,
            "counts": info.counts,
            "territoire": {
                "population": land.population,
                "population_source": land.population_source,
                "taille": land.taille.number,
            },
            "professions_retirees": [{"code": r.code, "libelle": r.label, "adherents": r.members} for r in retired],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(f"Base : {info.location}")
    print(f"Schéma : {info.revision}")
    width = max(len(label) for label in LABELS.values())
    for key, count in info.counts.items():
        print(f"  {LABELS[key]:<{width}}  {count:>7}")
    if land.communes:
        source = f" ({land.population_source})" if land.population_source else ""
        people = plural(land.population, "{count} habitant", "{count} habitants")
        print(f"Territoire : {people}{source}, taille ACI {land.taille.number}")
    for line in retired:
        print(_retired_line(line))
    return 0


def _retired_line(retired: RetiredProfession) -> str:
    """« 2 adhérents sous un code de profession retiré de la nomenclature (97 Conseiller en génétique) : à corriger »"""
    who = plural(retired.members, "{count} adhérent", "{count} adhérents")
    return f"{who} sous un code de profession retiré de la nomenclature ({retired.code} {retired.label}) : à corriger"
