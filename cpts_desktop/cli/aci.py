"""``cpts aci taille|simulate|years|open-year|achieved|paid``: the ACI taille of a territory, the
yearly maximum it can earn, and the contract years the treasurer follows (missions, indicators, amounts)."""

from __future__ import annotations

import argparse
from decimal import Decimal

from cpts_desktop.cli.common import amount_argument, database_of, print_json, year_argument
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.validators import clean_amount
from cpts_desktop.i18n import format_money, format_number
from cpts_desktop.services.aci import (
    AciYearSummary,
    Simulation,
    contract_year,
    contract_years,
    open_year,
    parse_missions,
    set_achieved,
    set_paid,
    simulate,
    simulate_example,
)
from cpts_desktop.services.territory import aci_taille
from cpts_desktop.store.engine import sqlite_path, to_url


def register(commands: argparse._SubParsersAction) -> None:
    aci = commands.add_parser("aci", help="contrat ACI")
    sub = aci.add_subparsers(dest="action", metavar="ACTION", required=True)
    taille = sub.add_parser("taille", aliases=["tier"], help="taille ACI d’après la population du territoire")
    taille.add_argument("--population", type=int, required=True, metavar="HABITANTS")
    taille.add_argument("--json", action="store_true")
    taille.set_defaults(handler=run_taille)
    sim = sub.add_parser("simulate", help="montant annuel maximal, fixe et variable, par mission")
    sim.add_argument("--population", type=int, required=True, metavar="HABITANTS")
    sim.add_argument(
        "--missions", metavar="LISTE", help="missions signées, ex. « 1,2,3,4,qualite » (par défaut toutes)"
    )
    sim.add_argument("--json", action="store_true")
    sim.set_defaults(handler=run_simulate)
    years = sub.add_parser("years", help="années du contrat : missions, indicateurs, montant attendu et versé")
    years.add_argument("--grant", type=int, metavar="N", help="subvention ACI (par défaut toutes)")
    years.add_argument("--year", type=year_argument, metavar="ANNÉE")
    years.add_argument("--json", action="store_true")
    years.set_defaults(handler=run_years)
    opening = sub.add_parser("open-year", help="ouvrir une année du contrat (montants du barème en vigueur)")
    opening.add_argument("--grant", type=int, required=True, metavar="N", help="subvention ACI")
    opening.add_argument("--year", type=year_argument, required=True, metavar="ANNÉE")
    opening.add_argument("--missions", required=True, metavar="LISTE", help="missions signées, ex. « 1,2,3,4 »")
    opening.add_argument("--population", type=int, metavar="HABITANTS", help="par défaut celle du territoire")
    opening.set_defaults(handler=run_open_year)
    achieved = sub.add_parser("achieved", help="valeur atteinte d’un indicateur")
    achieved.add_argument("--indicator", type=int, required=True, metavar="N")
    achieved.add_argument("--value", type=_number, metavar="VALEUR", help="sans --value : « non mesuré »")
    achieved.set_defaults(handler=run_achieved)
    paid = sub.add_parser("paid", help="montant versé par la CPAM pour une année du contrat")
    paid.add_argument("--year-id", type=int, required=True, metavar="N", help="n° de l’année (voir « years »)")
    paid.add_argument("--amount", type=amount_argument, required=True, metavar="MONTANT")
    paid.set_defaults(handler=run_paid)


def _number(text: str) -> Decimal:
    """An indicator's value: a number written as amounts are (two decimals at most, no exponent)."""
    try:
        return clean_amount(text, "Valeur")
    except ValidationError as error:
        message = f"Valeur : « {text} » n’est pas un nombre (ex. 40 ou 12,5 ; deux décimales au plus)."
        raise ValidationError("valeur", message) from error


def run_taille(args: argparse.Namespace) -> int:
    taille = aci_taille(args.population)
    if args.json:
        print_json(
            {
                "population": args.population,
                "taille": taille.number,
                "population_min": taille.population_min,
                "population_max": taille.population_max,
                "yearly_maximum_2019": str(taille.yearly_maximum),
            }
        )
        return 0
    print(
        f"Taille {taille.number} ({taille.bounds}) – plafond annuel de l’accord de 2019 : "
        f"{format_money(taille.yearly_maximum)}"
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
                "taille": result.taille.number,
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
    print(f"Taille {result.taille.number} ({result.taille.bounds}) – barème : {result.accord}")
    for r in result.lines:
        print(
            f"  {r.mission.label:<52} fixe {format_money(r.part_fixe):>14}"
            f"   variable {format_money(r.part_variable):>14}"
        )
    print(f"Maximum annuel : {format_money(result.max_total)} (fixe {format_money(result.fixed)}, "
          f"variable {format_money(result.variable)})")  # fmt: skip
    return 0


def _year_json(year: AciYearSummary) -> dict:
    return {
        "id": year.id,
        "grant_id": year.grant_id,
        "year": year.annee,
        "taille": year.taille,
        "accord": year.accord,
        "fixed": str(year.fixed),
        "variable_max": str(year.variable_max),
        "variable_earned": str(year.variable_earned),
        "expected": str(year.expected),
        "paid": str(year.verse),
        "balance": str(year.balance),
        "missions": [
            {
                "id": line.id,
                "mission": line.mission.value,
                "label": line.mission.label,
                "fixed": str(line.part_fixe),
                "variable_max": str(line.part_variable),
                "variable_earned": str(line.variable_earned),
                "indicators": [
                    {
                        "id": i.id,
                        "label": i.libelle,
                        "target": str(i.cible),
                        "achieved": None if i.realise is None else str(i.realise),
                        "weight": str(i.poids),
                        "mode": i.mode.value,
                    }
                    for i in line.indicators
                ],
            }
            for line in year.missions
        ],
    }


def run_years(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        found = contract_years(database, grant_id=args.grant, annee=args.year)
    if args.json:
        print_json([_year_json(year) for year in found])
        return 0
    if not found:
        print("Aucune année du contrat ACI ne correspond.")
    for year in found:
        print(f"Année {year.annee} (n° {year.id}, subvention n° {year.grant_id}) – taille {year.taille}"
              f" – barème : {year.accord or '—'}")  # fmt: skip
        for line in year.missions:
            variable = (
                f"{format_money(line.variable_earned):>14} sur {format_money(line.part_variable)}"
                if line.part_variable
                else f"{'—':>14}"
            )
            print(f"  {line.mission.label:<52} fixe {format_money(line.part_fixe):>14}   variable {variable}")
            for i in line.indicators:
                done = "non mesuré" if i.realise is None else format_number(i.realise)
                print(f"      indicateur n° {i.id} : {i.libelle} – {done} / {format_number(i.cible)}")
        print(f"  Attendu {format_money(year.expected)} ; versé {format_money(year.verse)} ;"
              f" solde {format_money(year.balance)}")  # fmt: skip
    return 0


def run_open_year(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        year_id = open_year(database, args.grant, args.year, parse_missions(args.missions), args.population)
        year = contract_year(database, year_id)
    print(f"Année {year.annee} ouverte (n° {year.id}) : {len(year.missions)} lignes, "
          f"jusqu’à {format_money(year.fixed + year.variable_max)}.")  # fmt: skip
    return 0


def run_achieved(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        set_achieved(database, args.indicator, args.value)
    print("Valeur enregistrée." if args.value is not None else "Indicateur marqué « non mesuré ».")
    return 0


def run_paid(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        set_paid(database, args.year_id, args.amount)
        year = contract_year(database, args.year_id)
    print(f"Versé : {format_money(year.verse)} ; solde attendu : {format_money(year.balance)}.")
    return 0
