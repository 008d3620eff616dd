"""``cpts coverage …``: the territory's professionals (Annuaire Santé), the coverage rate per
profession, the invitation letters to non-members, and the oppositions to being contacted."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpts_desktop.cli.common import database_of, date_argument, print_json
from cpts_desktop.i18n import format_date, format_number, plural
from cpts_desktop.services import coverage


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("coverage", help="couverture du territoire : professionnels, adhérents, taux")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = sub.add_parser("import", help="charge l’extrait de l’Annuaire Santé (remplace la liste)")
    load.add_argument("file", type=Path, metavar="FICHIER")
    load.add_argument(
        "--date", type=date_argument, metavar="JJ/MM/AAAA", help="date de l’extrait (sinon celle du fichier)"
    )
    load.set_defaults(handler=run_import)
    show = sub.add_parser("show", help="taux de couverture par profession")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    report = sub.add_parser("pdf", help="document « Couverture du territoire »")
    report.add_argument("output", type=Path, metavar="FICHIER.pdf")
    report.set_defaults(handler=run_pdf)
    letters = sub.add_parser("invitations", help="lettres d’invitation aux professionnels non adhérents")
    letters.add_argument("output", type=Path, metavar="FICHIER.pdf")
    letters.add_argument("--profession", metavar="CODE", help="code national de la profession (ex. 10, 60)")
    letters.add_argument("--commune", metavar="COMMUNE", help="nom ou code postal de la commune d’exercice")
    letters.set_defaults(handler=run_invitations)
    oppose = sub.add_parser("opposition", help="enregistre le refus d’un professionnel d’être contacté")
    oppose.add_argument("identifier", metavar="IDENTIFIANT", help="RPPS, ADELI ou identifiant national")
    oppose.add_argument("--date", type=date_argument, metavar="JJ/MM/AAAA", help="date de la demande")
    oppose.set_defaults(handler=run_opposition)


def run_import(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        report = coverage.import_extract(database, args.file, args.date)
    print(coverage.describe_load(report))
    return 0


def run_show(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        report = coverage.coverage(database)
    if args.json:
        print_json(
            {
                "source": report.extract.source,
                "date_extrait": report.extract.extract_date,
                "communes": report.extract.communes,
                "professions": [_line_json(line) for line in report.lines],
                "total": _line_json(report.total),
            }
        )
        return 0
    if report.extract.extract_date is None:
        print("Aucun extrait chargé : « cpts coverage import FICHIER » avec l’extrait de l’Annuaire Santé.")
    else:
        print(f"Source : {report.extract.source}, extrait du {format_date(report.extract.extract_date)}.")
    print(f"{'Profession':<42} {'Territoire':>10} {'Adhérents':>10} {'Taux':>8} {'Hors liste':>10}")
    for line in [*report.lines, report.total]:
        print(
            f"{line.label:<42} {format_number(line.professionals):>10} {format_number(line.members):>10} "
            f"{coverage.format_rate(line.rate):>8} {format_number(line.outside):>10}"
        )
    return 0


def _line_json(line: coverage.CoverageLine) -> dict[str, object]:
    rate = None if line.rate is None else round(line.rate * 100, 1)
    return {
        "code": line.code,
        "profession": line.label,
        "professionnels": line.professionals,
        "adherents": line.members,
        "taux_pourcent": rate,
        "adherents_hors_liste": line.outside,
    }


def run_pdf(args: argparse.Namespace) -> int:
    from cpts_desktop.pdf.coverage import coverage_pdf

    with database_of(args) as database:
        path = coverage_pdf(coverage.coverage(database), args.output)
    print(f"Document écrit : {path}")
    return 0


def run_invitations(args: argparse.Namespace) -> int:
    from cpts_desktop.pdf.coverage import invitations_pdf

    with database_of(args) as database:
        data = coverage.invitations(database, args.profession, args.commune)
    path = invitations_pdf(data, args.output)
    print(plural(len(data.letters), "{count} lettre d’invitation", "{count} lettres d’invitation") + f" : {path}")
    return 0


def run_opposition(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        done = coverage.record_opposition(database, args.identifier, args.date)
    who = done.name or "ce professionnel (absent de la liste actuelle, l’opposition vaudra pour les extraits suivants)"
    if done.already:
        print(f"Opposition déjà enregistrée le {format_date(done.date_opposition)} pour {who}.")
    else:
        print(f"Opposition enregistrée pour {who} : plus aucune invitation ne lui sera adressée.")
    return 0
