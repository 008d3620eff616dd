"""``cpts declarations list|show|pdf|add|decision|file|receipt|scan|registre``: déclarations en préfecture."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cpts_desktop.cli.common import database_of, date_argument, enum_argument, print_json
from cpts_desktop.domain.declarations import ChangeSubject
from cpts_desktop.i18n import format_date, format_date_short
from cpts_desktop.services import declarations
from cpts_desktop.services.declarations import DeclarationRow


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("declarations", help="déclarations en préfecture et registre spécial")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="les déclarations, à déposer, déposées, avec récépissé")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=run_list)
    show = sub.add_parser("show", help="une déclaration et ce qu’elle change")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    papers = sub.add_parser("pdf", help="dossier à déposer : relevé, liste des dirigeants, statuts certifiés")
    papers.add_argument("id", type=int, metavar="ID")
    papers.add_argument("-o", "--output", type=Path, metavar="FICHIER.pdf")
    papers.set_defaults(handler=run_pdf)
    add = sub.add_parser("add", help="déclaration d’un changement saisi à la main (adresse de gestion, dissolution…)")
    add.add_argument(
        "--objet",
        type=enum_argument(ChangeSubject),
        required=True,
        metavar="OBJET",
        help="titre, objet, siege, adresse-gestion, statuts ou dissolution",
    )
    add.add_argument("--date", type=date_argument, required=True, metavar="JJ/MM/AAAA", help="date de la décision")
    add.add_argument("--ancien", default="", metavar="TEXTE", help="ancienne rédaction")
    add.add_argument("--nouveau", default="", metavar="TEXTE", help="nouvelle rédaction")
    add.set_defaults(handler=run_add)
    decided = sub.add_parser("decision", help="corrige la date de la décision (la date limite suit)")
    decided.add_argument("id", type=int, metavar="ID")
    decided.add_argument("--date", type=date_argument, required=True, metavar="JJ/MM/AAAA")
    decided.set_defaults(handler=run_decision)
    filed = sub.add_parser("file", help="enregistre la date du dépôt (clôt le rappel)")
    filed.add_argument("id", type=int, metavar="ID")
    filed.add_argument("--date", type=date_argument, required=True, metavar="JJ/MM/AAAA")
    filed.set_defaults(handler=run_file)
    receipt = sub.add_parser("receipt", help="enregistre le récépissé de la préfecture")
    receipt.add_argument("id", type=int, metavar="ID")
    receipt.add_argument("--numero", required=True, metavar="NUMÉRO")
    receipt.add_argument("--date", type=date_argument, required=True, metavar="JJ/MM/AAAA")
    receipt.add_argument("--scan", type=Path, metavar="FICHIER", help="récépissé numérisé (PDF ou image)")
    receipt.set_defaults(handler=run_receipt)
    scan = sub.add_parser("scan", help="enregistre dans un fichier le récépissé numérisé joint")
    scan.add_argument("id", type=int, metavar="ID")
    scan.add_argument("-o", "--output", type=Path, metavar="FICHIER")
    scan.set_defaults(handler=run_scan)
    book = sub.add_parser("registre", help="registre spécial (facultatif depuis 2015) en PDF")
    book.add_argument("-o", "--output", type=Path, metavar="FICHIER.pdf")
    book.set_defaults(handler=run_register)


def _payload(row: DeclarationRow, today: date) -> dict[str, object]:
    return {
        "id": row.id,
        "formulaire": row.formulaire.value,
        "formulaire_libelle": row.formulaire.label,
        "date_decision": row.date_decision.isoformat(),
        "decision": row.decision,
        "date_limite": row.date_limite.isoformat(),
        "statut": row.status.value,
        "statut_libelle": row.status.label,
        "en_retard": row.late(today),
        "date_depot": row.date_depot.isoformat() if row.date_depot else None,
        "recepisse_numero": row.recepisse_numero or None,
        "recepisse_date": row.recepisse_date.isoformat() if row.recepisse_date else None,
        "recepisse_fichier": row.recepisse_nom_fichier or None,
        "changements": [
            {"objet": c.objet.value, "libelle": c.libelle, "ancien": c.ancien or None, "nouveau": c.nouveau or None}
            for c in row.changes
        ],
    }


def _state(row: DeclarationRow, today: date) -> str:
    if row.recepisse_date:
        return f"récépissé n° {row.recepisse_numero} du {format_date_short(row.recepisse_date)}"
    if row.date_depot:
        return f"déposée le {format_date_short(row.date_depot)}"
    late = " – EN RETARD" if row.late(today) else ""
    return f"à déposer avant le {format_date_short(row.date_limite)}{late}"


def run_list(args: argparse.Namespace) -> int:
    today = date.today()
    with database_of(args) as database:
        rows = declarations.list_declarations(database)
    if args.json:
        print_json([_payload(r, today) for r in rows])
        return 0
    if not rows:
        print("Aucune déclaration en préfecture enregistrée.")
    for r in rows:
        decided = format_date_short(r.date_decision)
        print(f"{r.id:>4}  CERFA {r.formulaire.value}  {decided}  {r.subjects}  ({_state(r, today)})")
    return 0


def run_show(args: argparse.Namespace) -> int:
    today = date.today()
    with database_of(args) as database:
        row = declarations.get_declaration(database, args.id)
    if args.json:
        print_json(_payload(row, today))
        return 0
    print(f"Déclaration n° {row.id} – {row.formulaire.label}")
    print(f"Décision : {row.decision}")
    print(f"À déposer avant le {format_date(row.date_limite)}")
    waiting = "en retard" if row.late(today) else "à déposer"
    print(f"État : {_state(row, today) if row.date_depot else waiting}")
    for change in row.changes:
        print(f"  • {change.libelle}")
        if change.ancien or change.nouveau:
            print(f"      ancienne rédaction : {change.ancien or '—'}")
            print(f"      nouvelle rédaction : {change.nouveau or '—'}")
    if row.recepisse_nom_fichier:
        print(f"Récépissé numérisé joint : {row.recepisse_nom_fichier}")
    return 0


def run_pdf(args: argparse.Namespace) -> int:
    from cpts_desktop.pdf.declarations import dossier_pdf  # reportlab: only for the command that prints

    with database_of(args) as database:
        papers = declarations.papers(database, args.id)
    output = args.output or Path(f"declaration-{args.id}-{papers.declaration.date_decision.isoformat()}.pdf")
    print(f"Document enregistré : {dossier_pdf(papers, output)}")
    for gap in papers.gaps:
        print(f"À compléter avant le dépôt : {gap}", file=sys.stderr)
    return 0


def run_add(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        declaration_id = declarations.record_change(database, args.objet, args.date, args.ancien, args.nouveau)
        row = declarations.get_declaration(database, declaration_id)
    print(f"Déclaration n° {row.id} ({row.formulaire.label}) : à déposer avant le {format_date(row.date_limite)}.")
    return 0


def run_decision(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        declarations.set_decision(database, args.id, args.date)
        row = declarations.get_declaration(database, args.id)
    due = format_date(row.date_limite)
    print(f"Déclaration n° {args.id} : décision du {format_date(args.date)}, à déposer avant le {due}.")
    return 0


def run_file(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        declarations.file_declaration(database, args.id, args.date)
    print(f"Déclaration n° {args.id} déposée le {format_date(args.date)}.")
    return 0


def run_receipt(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        declarations.record_receipt(database, args.id, args.numero, args.date, args.scan)
    joined = f", copie numérisée « {args.scan.name} » jointe" if args.scan else ""
    print(f"Récépissé n° {args.numero.strip()} du {format_date(args.date)} enregistré{joined}.")
    return 0


def run_scan(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        output = args.output or Path(declarations.scan(database, args.id)[0])
        declarations.save_scan(database, args.id, output)
    print(f"Récépissé numérisé enregistré : {output}")
    return 0


def run_register(args: argparse.Namespace) -> int:
    from cpts_desktop.pdf.declarations import register_pdf
    from cpts_desktop.services.association import letterhead

    with database_of(args) as database:
        rows, head = declarations.register(database), letterhead(database)
    print(f"Document enregistré : {register_pdf(head, rows, args.output or Path('registre-special.pdf'))}")
    return 0
