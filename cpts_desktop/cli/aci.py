"""``cpts aci taille|simulate|maxima|versions|years|open-year|achieved|crisis|paid``: the ACI taille of a
territory, the yearly maximum it can earn on a date (always with the version of the amounts table it
comes from, its status and source), and the contract years the treasurer follows."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from cpts_desktop.cli.common import amount_argument, database_of, date_argument, print_json, year_argument
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.validators import clean_amount
from cpts_desktop.i18n import format_date, format_date_short, format_money, format_number
from cpts_desktop.services.aci import (
    AccordRow,
    AciYearSummary,
    Simulation,
    Version,
    contract_year,
    contract_years,
    maxima,
    open_year,
    parse_missions,
    set_achieved,
    set_condition_met,
    set_paid,
    simulate,
    tailles,
    versions,
)
from cpts_desktop.store.engine import Database, sqlite_path, to_url


def register(commands: argparse._SubParsersAction) -> None:
    aci = commands.add_parser("aci", help="contrat ACI")
    sub = aci.add_subparsers(dest="action", metavar="ACTION", required=True)
    taille = sub.add_parser(
        "taille", aliases=["tier"], help="taille ACI d’après la population ; son maximum à une date"
    )
    taille.add_argument("--population", type=int, required=True, metavar="HABITANTS")
    _when_arguments(taille)
    taille.add_argument("--json", action="store_true")
    taille.set_defaults(handler=run_taille)
    sim = sub.add_parser("simulate", help="montant annuel maximal, fixe et variable, par mission, à une date")
    size = sim.add_mutually_exclusive_group(required=True)
    size.add_argument("--population", type=int, metavar="HABITANTS")
    size.add_argument("--taille", type=int, metavar="N", help="taille de la CPTS (1 à 4) au lieu de la population")
    sim.add_argument(
        "--missions", metavar="LISTE", help="missions signées, ex. « 1,2,3,4,qualite » (par défaut toutes)"
    )
    _when_arguments(sim)
    sim.add_argument("--json", action="store_true")
    sim.set_defaults(handler=run_simulate)
    table = sub.add_parser("maxima", help="maximum annuel de chaque taille à une date, selon le barème en vigueur")
    _when_arguments(table)
    table.add_argument("--json", action="store_true")
    table.set_defaults(handler=run_maxima)
    listing = sub.add_parser("versions", help="versions du barème : date d’effet, statut, source, total par taille")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_versions)
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
    crisis = sub.add_parser(
        "crisis", help="crise sanitaire reconnue par l’ARS : la part variable de la mission 4 est due"
    )
    crisis.add_argument("--year-id", type=int, required=True, metavar="N", help="n° de l’année (voir « years »)")
    when = crisis.add_mutually_exclusive_group(required=True)
    when.add_argument("--recognised-on", type=date_argument, metavar="DATE", help="date de la reconnaissance")
    when.add_argument("--none", action="store_true", help="aucune crise reconnue (retire la date)")
    crisis.set_defaults(handler=run_crisis)
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


def _when_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=date_argument, metavar="DATE", help="date du barème (par défaut aujourd’hui)")
    parser.add_argument(
        "--signed-on",
        type=date_argument,
        metavar="DATE",
        help="date de signature du contrat ACI",
    )


@contextmanager
def _source(args: argparse.Namespace) -> Iterator[Database | None]:
    """The base's amounts table; the shipped versions when the base does not exist yet."""
    path = sqlite_path(to_url(args.db))
    if path is not None and not path.exists():
        yield None
        return
    with database_of(args) as database:
        yield database


def _version_json(version: AccordRow) -> dict:
    return {
        "name": version.nom,
        "in_force": version.en_vigueur_le.isoformat(),
        "status": version.statut.value,
        "status_label": version.statut.label,
        "source": version.source,
        "signed_before": version.signe_avant.isoformat() if version.signe_avant else None,
        "concerns": version.condition or "toutes les CPTS",
    }


def _simulation_json(result: Simulation) -> dict:
    return {
        "date": result.on.isoformat(),
        "taille": result.taille.number,
        "population_min": result.taille.population_min,
        "population_max": result.taille.population_max,
        "accord": result.accord,
        "version": _version_json(result.version),
        "max_total": str(result.max_total),
        "fixed": str(result.fixed),
        "variable": str(result.variable),
        "variable_conditional": str(result.conditional_variable),
        "letter_of_intent_aid": None if result.letter_of_intent is None else str(result.letter_of_intent),
        "warning": result.warning,
        "missions": [
            {
                "mission": r.mission.value,
                "label": r.mission.label,
                "fixed": str(r.part_fixe),
                "variable": str(r.part_variable),
                "total": str(r.total),
                "variable_condition": r.variable_condition,
            }
            for r in result.lines
        ],
    }


def _print_version(version: AccordRow, indent: str = "") -> None:
    print(f"{indent}Barème : {version.description}")
    if version.source:
        print(f"{indent}Source : {version.source}")


def _print_maximum(result: Simulation) -> None:
    line = f"Maximum annuel au {format_date(result.on)} : {format_money(result.max_total)}"
    line += f" (fixe {format_money(result.fixed)}, variable {format_money(result.variable)}"
    if result.conditional_variable:
        line += f", dont {format_money(result.conditional_variable)} seulement si l’ARS reconnaît une crise sanitaire"
    print(line + ")")
    if result.warning:
        print(f"Attention : {result.warning}")


def _check_population(args: argparse.Namespace) -> None:
    if args.population is not None and args.population < 0:
        raise ValidationError("population", f"Population : « {args.population} » ne peut pas être négative.")


def run_taille(args: argparse.Namespace) -> int:
    _check_population(args)
    with _source(args) as database:
        result = simulate(database, args.population, on=args.date, signed_on=args.signed_on)
    if args.json:
        print_json({"population": args.population, **_simulation_json(result)})
        return 0
    print(f"Taille {result.taille.number} ({result.taille.bounds})")
    _print_maximum(result)
    _print_version(result.version)
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    _check_population(args)
    missions = parse_missions(args.missions) if args.missions else None
    with _source(args) as database:
        result = simulate(database, args.population, missions, args.date, args.signed_on, args.taille)
    if args.json:
        print_json({"population": args.population, **_simulation_json(result)})
        return 0
    print(f"Taille {result.taille.number} ({result.taille.bounds}) – au {format_date(result.on)}")
    _print_version(result.version)
    for r in result.lines:
        condition = f"  (si {r.variable_condition})" if r.variable_condition else ""
        print(
            f"  {r.mission.label:<52} fixe {format_money(r.part_fixe):>14}"
            f"   variable {format_money(r.part_variable):>14}{condition}"
        )
    _print_maximum(result)
    if result.letter_of_intent is not None:
        print(f"Avant le contrat, au stade de la lettre d’intention : aide de {format_money(result.letter_of_intent)}.")
    return 0


def run_maxima(args: argparse.Namespace) -> int:
    with _source(args) as database:
        found = maxima(database, args.date, args.signed_on)
    if args.json:
        print_json([_simulation_json(result) for result in found])
        return 0
    print(f"Maximum annuel par taille au {format_date(found[0].on)} (somme du barème en vigueur) :")
    for result in found:
        print(f"  Taille {result.taille.number} ({result.taille.bounds}) : {format_money(result.max_total)}")
        _print_version(result.version, "      ")
        if result.warning:
            print(f"      Attention : {result.warning}")
    return 0


def _versions_json(found: list[Version]) -> list[dict]:
    return [
        {**_version_json(v.accord), "totals": {str(t.number): str(v.total(t.number)) for t in tailles()
                                                if any(r.taille == t.number for r in v.lines)}}
        for v in found
    ]  # fmt: skip


def run_versions(args: argparse.Namespace) -> int:
    with _source(args) as database:
        found = sorted(versions(database), key=lambda v: (v.accord.en_vigueur_le, v.accord.id))
    if args.json:
        print_json(_versions_json(found))
        return 0
    for v in found:
        print(f"{v.accord.nom} – en vigueur le {format_date_short(v.accord.en_vigueur_le)} – {v.accord.statut.label}")
        if v.accord.condition:
            print(f"    Concerne les {v.accord.condition}")
        if v.accord.source:
            print(f"    Source : {v.accord.source}")
        totals = [f"taille {t.number} : {format_money(v.total(t.number))}" for t in tailles()
                  if any(r.taille == t.number for r in v.lines)]  # fmt: skip
        print("    Total annuel : " + (" ; ".join(totals) if totals else "aucun montant"))
    return 0


def _year_json(year: AciYearSummary) -> dict:
    return {
        "id": year.id,
        "grant_id": year.grant_id,
        "year": year.annee,
        "taille": year.taille,
        "accord": year.accord,
        "accord_status": year.accord_status.value if year.accord_status else None,
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
                "variable_condition": line.variable_condition,
                "condition_met_on": line.condition_met_on.isoformat() if line.condition_met_on else None,
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
              f" – barème : {_accord_text(year)}")  # fmt: skip
        for line in year.missions:
            variable = (
                f"{format_money(line.variable_earned):>14} sur {format_money(line.part_variable)}"
                if line.part_variable
                else f"{'—':>14}"
            )
            print(f"  {line.mission.label:<52} fixe {format_money(line.part_fixe):>14}   variable {variable}")
            if line.variable_condition and line.part_variable:
                state = _condition_state(line.condition_met_on)
                print(f"      part variable due si {line.variable_condition} : {state}")
            for i in line.indicators:
                done = "non mesuré" if i.realise is None else format_number(i.realise)
                print(f"      indicateur n° {i.id} : {i.libelle} – {done} / {format_number(i.cible)}")
        print(f"  Attendu {format_money(year.expected)} ; versé {format_money(year.verse)} ;"
              f" solde {format_money(year.balance)}")  # fmt: skip
    return 0


def _accord_text(year: AciYearSummary) -> str:
    status = f" ({year.accord_status.label})" if year.accord_status else ""
    return f"{year.accord or '—'}{status}"


def _condition_state(met_on: date | None) -> str:
    return f"reconnue le {format_date(met_on)}" if met_on else "pas encore (0 € dû) ; cpts aci crisis pour la dater"


def run_open_year(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        year_id = open_year(database, args.grant, args.year, parse_missions(args.missions), args.population)
        year = contract_year(database, year_id)
    print(f"Année {year.annee} ouverte (n° {year.id}) : {len(year.missions)} lignes, "
          f"jusqu’à {format_money(year.fixed + year.variable_max)} ; barème : {_accord_text(year)}.")  # fmt: skip
    return 0


def run_achieved(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        set_achieved(database, args.indicator, args.value)
    print("Valeur enregistrée." if args.value is not None else "Indicateur marqué « non mesuré ».")
    return 0


def run_crisis(args: argparse.Namespace) -> int:
    recognised: date | None = None if args.none else args.recognised_on
    with database_of(args) as database:
        set_condition_met(database, args.year_id, recognised)
        year = contract_year(database, args.year_id)
    crisis = next(line for line in year.missions if line.variable_condition)
    state = (
        f"crise reconnue par l’ARS le {format_date(recognised)}" if recognised else "aucune crise reconnue par l’ARS"
    )
    print(f"Année {year.annee} : {state} ; part variable de la mission 4 due : "
          f"{format_money(crisis.variable_earned)} sur {format_money(crisis.part_variable)}.")  # fmt: skip
    return 0


def run_paid(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        set_paid(database, args.year_id, args.amount)
        year = contract_year(database, args.year_id)
    print(f"Versé : {format_money(year.verse)} ; solde attendu : {format_money(year.balance)}.")
    return 0
