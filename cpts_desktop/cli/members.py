"""``cpts members import|export|list``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cpts_desktop.cli.common import database_of, print_json, year_argument
from cpts_desktop.domain.enums import MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import format_number, plural

# Each action imports its services when it runs: an export reads a SQLite base with sqlite3 alone and
# needs neither SQLAlchemy, nor the importer, nor reportlab (imports were most of the command's time).
if TYPE_CHECKING:
    from cpts_desktop.services.imports import ImportReport
    from cpts_desktop.services.members import MemberRow

EXIT_UNREADABLE = 2
EXIT_STRICT = 3


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("members", help="registre des adhérents : import, export, liste")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help="importe un fichier XLSX ou CSV d’adhérents")
    imp.add_argument("file", metavar="FICHIER", type=Path)
    imp.add_argument("--sheet", metavar="FEUILLE", help="feuille du classeur (par défaut la première)")
    imp.add_argument("--dry-run", action="store_true", help="vérifie le fichier sans rien enregistrer")
    imp.add_argument("--strict", action="store_true", help="n’importe rien si une ligne est refusée")
    imp.add_argument(
        "--include-hidden",
        "--masquees",
        dest="hidden",
        action="store_true",
        help="importe aussi les lignes et colonnes masquées du classeur (laissées de côté par défaut)",
    )
    imp.add_argument("--progress", action="store_true", help="affiche l’avancement sur la sortie d’erreur")
    imp.add_argument("--on-duplicate", choices=("update", "skip"), default="update", help="adhérent déjà connu")
    imp.add_argument("--report", metavar="REJETS.csv", type=Path, help="écrit les lignes refusées dans ce fichier")
    imp.add_argument("--json", action="store_true", help="résultat au format JSON")
    imp.set_defaults(handler=run_import)

    exp = sub.add_parser("export", help="exporte le registre en XLSX ou CSV")
    exp.add_argument("file", metavar="FICHIER", type=Path)
    exp.set_defaults(handler=run_export)

    export = sub.add_parser("gdpr-export", help="tout ce que la base contient sur un adhérent (JSON et PDF)")
    export.add_argument("--member", type=int, required=True, metavar="ID")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="DOSSIER")
    export.set_defaults(handler=run_gdpr_export)
    anonymise = sub.add_parser("anonymise", help="efface l’identité d’un adhérent parti (paiements et votes conservés)")
    anonymise.add_argument("--member", type=int, required=True, metavar="ID")
    anonymise.set_defaults(handler=run_anonymise)

    lst = sub.add_parser("list", help="liste les adhérents")
    lst.add_argument("--json", action="store_true", help="sortie au format JSON")
    lst.add_argument("--search", metavar="TEXTE", help="nom, prénom, email, identifiant ou commune")
    lst.add_argument("--profession", metavar="NOM")
    lst.add_argument("--college", metavar="NOM")
    lst.add_argument("--unpaid", metavar="ANNÉE", type=year_argument, help="actifs dont la cotisation n’est pas réglée")
    lst.set_defaults(handler=run_list)


def _show_progress(done: int, total: int) -> bool:
    """« 1 000 / 12 000 lignes » every thousand rows, for big files read from a terminal or a script."""
    if done % 1000 == 0 or done == total:
        print(f"{format_number(done)} / {format_number(total)} lignes", file=sys.stderr, flush=True)
    return True


def run_import(args: argparse.Namespace) -> int:
    from cpts_desktop.services.imports import ImportAborted, ImportOptions, import_members, write_rejections
    from cpts_desktop.services.spreadsheets import UnreadableFile

    options = ImportOptions(
        sheet=args.sheet,
        strict=args.strict,
        on_duplicate=args.on_duplicate,
        dry_run=args.dry_run,
        hidden=args.hidden,
    )
    with database_of(args) as database:
        try:
            report = import_members(database, args.file, options, _show_progress if args.progress else None)
            code = 0
        except UnreadableFile as error:
            print(f"Erreur : {error.message}", file=sys.stderr)
            return EXIT_UNREADABLE
        except ImportAborted as aborted:
            report, code = aborted.report, EXIT_STRICT
            print(f"Erreur : {aborted.message}", file=sys.stderr)
    if args.report:
        write_rejections(report, args.report)
    if args.json:
        print_json(report.as_json())
    else:
        _print_report(report, code)
    return code


def _print_report(report: ImportReport, code: int) -> None:
    prefix = "Vérification (rien n’est enregistré) : " if report.dry_run else ""
    if code == 0:
        print(
            f"{prefix}{plural(report.created, '{count} créé', '{count} créés')}, {report.updated} mis à jour, "
            f"{plural(report.unchanged, '{count} inchangé', '{count} inchangés')}, "
            f"{plural(report.skipped, '{count} ignoré', '{count} ignorés')}, {len(report.rejected)} refus."
        )
    for r in report.rejected:
        column = f", colonne « {r.column} »" if r.column else ""
        print(f"  ligne {r.row}{column} : {r.reason}")
    if report.corrected:
        print(
            plural(
                len(report.corrected), "{count} valeur corrigée à l’import :", "{count} valeurs corrigées à l’import :"
            )
        )
    for r in report.corrected:
        print(f"  ligne {r.row}, colonne « {r.column} » : {r.reason}")
    if report.unknown_columns:
        print("Colonnes non reconnues, ignorées : " + ", ".join(f"« {c} »" for c in report.unknown_columns))
    if report.colleges_created:
        print("Collèges créés : " + ", ".join(f"« {c} »" for c in report.colleges_created))
    for note in report.notes():
        print(note)


def run_export(args: argparse.Namespace) -> int:
    from cpts_desktop.services.exports import export_register

    count = export_register(args.db, args.file)
    print(plural(count, "{count} adhérent exporté", "{count} adhérents exportés") + f" dans {args.file}")
    return 0


def filter_rows(rows: list[MemberRow], args: argparse.Namespace) -> list[MemberRow]:
    if args.search:
        words = search_key(args.search).split()
        rows = [r for r in rows if all(w in r.search for w in words)]
    if args.profession:
        from cpts_desktop.services.members import profession_matcher

        found = profession_matcher().match(args.profession)
        if found is None:
            raise CptsError(f"Profession inconnue : « {args.profession} ».")
        if found.code:
            rows = [r for r in rows if r.profession_code == found.code]
        elif found.structure_type is not None:
            rows = [r for r in rows if r.profession == found.structure_type.label]
    if args.college:
        key = search_key(args.college)
        rows = [r for r in rows if key == search_key(r.college)]
    if args.unpaid:
        rows = [r for r in rows if r.statut is MemberStatus.ACTIVE and not r.up_to_date]
    return rows


def run_list(args: argparse.Namespace) -> int:
    from cpts_desktop.services.members import list_rows

    with database_of(args) as database:
        rows = filter_rows(list_rows(database, args.unpaid or date.today().year), args)
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "nom": r.nom,
                    "prenom": r.prenom,
                    "profession": r.profession,
                    "profession_code": r.profession_code,
                    "commune": r.commune,
                    "college": r.college,
                    "statut": r.statut.value,
                    "email": r.email,
                    "a_jour": r.up_to_date,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        print(
            f"{r.id:>6}  {r.nom} {r.prenom}".ljust(40) + f"{r.profession[:28]:<30}{r.commune[:24]:<26}{r.statut.label}"
        )
    print(plural(len(rows), "{count} adhérent", "{count} adhérents"))
    return 0


def run_gdpr_export(args: argparse.Namespace) -> int:
    from cpts_desktop.pdf.gdpr import member_file_pdf
    from cpts_desktop.services.association import letterhead
    from cpts_desktop.services.gdpr import export_folder, member_file, write_member_json

    with database_of(args) as database:
        data = member_file(database, args.member)
        head = letterhead(database)
    stem = export_folder(args.output) / f"donnees-adherent-{data.member_id}"
    write_member_json(data, stem.with_suffix(".json"))
    member_file_pdf(head, data, stem.with_suffix(".pdf"))
    print(f"Données exportées : {stem}.json et {stem}.pdf")
    return 0


def run_anonymise(args: argparse.Namespace) -> int:
    from cpts_desktop.services.gdpr import anonymise

    with database_of(args) as database:
        anonymise(database, args.member)
    print(f"Adhérent n° {args.member} anonymisé ; ses paiements et votes sont conservés.")
    return 0
