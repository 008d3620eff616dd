"""``cpts stats [--year Y] [--json]``."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date

from cpts_desktop.cli.common import database_of, print_json, year_argument
from cpts_desktop.i18n import format_money
from cpts_desktop.services.stats import Count, statistics


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("stats", help="statistiques du registre")
    parser.add_argument("--year", type=year_argument, metavar="ANNÉE", help="exercice des cotisations")
    parser.add_argument("--active", action="store_true", help="ne compter que les adhérents actifs")
    parser.add_argument("--json", action="store_true", help="sortie au format JSON")
    parser.set_defaults(handler=run)


def _counts(counts: list[Count], with_code: bool = False) -> list[dict[str, object]]:
    return [
        {"code": c.code, "label": c.label, "count": c.count} if with_code else {"label": c.label, "count": c.count}
        for c in counts
    ]


def run(args: argparse.Namespace) -> int:
    year = args.year or date.today().year
    with database_of(args) as database:
        stats = statistics(database, year, active_only=args.active)
    if args.json:
        print_json(
            {
                "members_total": stats.members_total,
                "active_total": stats.active_total,
                "by_profession": _counts(stats.by_profession, with_code=True),
                "by_category": _counts(stats.by_category),
                "by_structure_type": _counts(stats.by_structure_type),
                "by_college": _counts(stats.by_college),
                "by_commune": _counts(stats.by_commune),
                "by_practice_mode": _counts(stats.by_practice_mode),
                "by_status": _counts(stats.by_status),
                "cotisations": {
                    k: str(v) if not isinstance(v, int) else v for k, v in asdict(stats.cotisations).items()
                },
            }
        )
        return 0
    print(f"Adhérents : {stats.members_total} (dont {stats.active_total} actifs)")
    for title, counts in (
        ("Par profession", stats.by_profession),
        ("Par catégorie de profession", stats.by_category),
        ("Par type de structure", stats.by_structure_type),
        ("Par collège", stats.by_college),
        ("Par commune", stats.by_commune),
        ("Par mode d’exercice", stats.by_practice_mode),
        ("Par statut", stats.by_status),
    ):
        print(f"\n{title}")
        for c in counts:
            print(f"  {c.label:<45} {c.count:>6}")
    cot = stats.cotisations
    print(f"\nCotisations {cot.year} : {format_money(cot.received)} reçus sur {format_money(cot.expected)} attendus")
    print(f"  {cot.members_up_to_date} adhérents actifs à jour sur {cot.members_due}")
    return 0
