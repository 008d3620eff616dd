"""``cpts aci tier|simulate``: the ACI size tier of a territory and the yearly maximum it can earn."""

from __future__ import annotations

import argparse

from cpts_desktop.cli.common import database_of, print_json
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.i18n import format_money
from cpts_desktop.services.aci import Simulation, parse_missions, simulate, simulate_example
from cpts_desktop.services.territory import aci_tier
from cpts_desktop.store.engine import sqlite_path, to_url


def register(commands: argparse._SubParsersAction) -> None:
    aci = commands.add_parser("aci", help="contrat ACI")
    sub = aci.add_subparsers(dest="action", metavar="ACTION", required=True)
    tier = sub.add_parser("tier", help="taille ACI d’après la population du territoire")
    tier.add_argument("--population", type=int, required=True, metavar="HABITANTS")
    tier.add_argument("--json", action="store_true")
    tier.set_defaults(handler=run_tier)
    sim = sub.add_parser("simulate", help="montant annuel maximal, fixe et variable, par mission")
    sim.add_argument("--population", type=int, required=True, metavar="HABITANTS")
    sim.add_argument(
        "--missions", metavar="LISTE", help="missions signées, ex. « 1,2,3,4,qualite » (par défaut toutes)"
    )
    sim.add_argument("--json", action="store_true")
    sim.set_defaults(handler=run_simulate)


def run_tier(args: argparse.Namespace) -> int:
    tier = aci_tier(args.population)
    if args.json:
        print_json(
            {
                "population": args.population,
                "tier": tier.number,
                "population_min": tier.population_min,
                "population_max": tier.population_max,
                "yearly_maximum_2019": str(tier.yearly_maximum),
            }
        )
        return 0
    print(
        f"Taille {tier.number} ({tier.bounds}) – plafond annuel de l’accord de 2019 : "
        f"{format_money(tier.yearly_maximum)}"
    )
    return 0


def _simulation(args: argparse.Namespace) -> Simulation:
    """From the base's table in force; from the example table when the base does not exist yet."""
    if args.population < 0:
        raise ValidationError("population", f"Population : « {args.population} » ne peut pas être négative.")
    missions = parse_missions(args.missions) if args.missions else None
    path = sqlite_path(to_url(args.db))
    if path is not None and not path.exists():
        return simulate_example(args.population, missions)
    with database_of(args) as database:
        return simulate(database, args.population, missions)


def run_simulate(args: argparse.Namespace) -> int:
    result = _simulation(args)
    if args.json:
        print_json(
            {
                "population": args.population,
                "tier": result.tier.number,
                "accord": result.accord,
                "max_total": str(result.max_total),
                "fixed": str(result.fixed),
                "variable": str(result.variable),
                "missions": [
                    {
                        "mission": r.mission.value,
                        "label": r.mission.label,
                        "fixed": str(r.part_fixe),
                        "variable": str(r.part_variable),
                        "total": str(r.total),
                    }
                    for r in result.lines
                ],
            }  # fmt: skip
        )
        return 0
    print(f"Taille {result.tier.number} ({result.tier.bounds}) – barème : {result.accord}")
    for r in result.lines:
        print(
            f"  {r.mission.label:<52} fixe {format_money(r.part_fixe):>14}"
            f"   variable {format_money(r.part_variable):>14}"
        )
    print(f"Maximum annuel : {format_money(result.max_total)} (fixe {format_money(result.fixed)}, "
          f"variable {format_money(result.variable)})")  # fmt: skip
    return 0
