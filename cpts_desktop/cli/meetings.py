"""``cpts meetings add|list|recipients|ics``."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from cpts_desktop.cli.common import database_of, print_json
from cpts_desktop.domain.enums import MeetingType
from cpts_desktop.domain.validators import clean_datetime
from cpts_desktop.i18n import format_datetime_short, plural
from cpts_desktop.services import meetings
from cpts_desktop.services.spreadsheets import decode

TYPES = {
    "ago": MeetingType.ORDINARY_GENERAL,
    "age": MeetingType.EXTRAORDINARY_GENERAL,
    "ca": MeetingType.BOARD,
    "bureau": MeetingType.BUREAU,
    "autre": MeetingType.OTHER,
}


def moment_argument(text: str) -> datetime:
    """A date and time as the forms read it (see ``date_argument`` for a refusal)."""
    return clean_datetime(text, "Date")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("meetings", help="réunions : AG, CA, bureau")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="crée une réunion et affiche son numéro")
    add.add_argument("--type", choices=sorted(TYPES), required=True)
    add.add_argument(
        "--date", type=moment_argument, required=True, metavar="DATE_HEURE",
        help="«\u00a020/03/2027\u00a018:30\u00a0», «\u00a020/03/2027\u00a018h30\u00a0» "
        "ou «\u00a02027-03-20T18:30\u00a0»",
    )  # fmt: skip
    add.add_argument("--place", default="", metavar="LIEU")
    add.add_argument("--title", metavar="TITRE")
    add.add_argument("--agenda-file", type=Path, metavar="FICHIER", help="un point de l’ordre du jour par ligne")
    add.set_defaults(handler=run_add)
    lst = sub.add_parser("list", help="liste les réunions")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=run_list)
    rec = sub.add_parser("recipients", help="destinataires de la convocation, avec la raison")
    rec.add_argument("--meeting", type=int, required=True, metavar="ID")
    rec.add_argument("--json", action="store_true")
    rec.set_defaults(handler=run_recipients)
    cal = sub.add_parser("ics", help="fichier agenda (.ics) de la réunion")
    cal.add_argument("--meeting", type=int, required=True, metavar="ID")
    cal.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.ics")
    cal.set_defaults(handler=run_ics)


def run_add(args: argparse.Namespace) -> int:
    agenda = []
    if args.agenda_file:
        agenda = decode(args.agenda_file.read_bytes()).splitlines()
    with database_of(args) as database:
        meeting_id = meetings.create_meeting(database, TYPES[args.type], args.date, args.place, args.title, agenda)
    print(meeting_id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        rows = meetings.list_meetings(database)
    if args.json:
        print_json(
            [
                {
                    "id": m.id,
                    "type": m.type.value,
                    "titre": m.titre,
                    "date": m.date_heure.isoformat(timespec="minutes"),
                    "lieu": m.lieu,
                    "statut": m.statut.value,
                }
                for m in rows
            ]
        )
        return 0
    for m in rows:
        print(f"{m.id:>5}  {format_datetime_short(m.date_heure)}  {m.titre}  ({m.statut.label.lower()})")
    return 0


def run_recipients(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        rows = meetings.recipients(database, args.meeting)
    if args.json:
        print_json(
            [
                {"member_id": r.member_id, "nom": r.nom, "prenom": r.prenom, "convoque": r.included, "raison": r.reason}
                for r in rows
            ]
        )
        return 0
    for r in rows:
        print(f"{'✓' if r.included else '–'} {r.name:<40} {r.reason}")
    print(plural(sum(r.included for r in rows), "{count} convoqué.", "{count} convoqués."))
    return 0


def run_ics(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        meetings.write_ics(database, args.meeting, args.output)
    print(f"Fichier agenda enregistré : {args.output}")
    return 0
