"""``cpts audit [--since DATE] [--until DATE] [--table T] [--json]``: who changed what, newest first."""

from __future__ import annotations

import argparse

from cpts_desktop.cli.common import database_of, date_argument, print_json
from cpts_desktop.domain.labels import record_label
from cpts_desktop.i18n import format_datetime_short
from cpts_desktop.services.audit import entries


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help="journal des modifications")
    parser.add_argument("--since", type=date_argument, metavar="DATE", help="à partir de ce jour")
    parser.add_argument("--until", type=date_argument, metavar="DATE", help="jusqu’à ce jour inclus")
    parser.add_argument("--table", metavar="TABLE", help="members, payments, meetings, mandates…")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with database_of(args) as database:
        lines = entries(database, args.since, args.table, until=args.until)
    if args.json:
        print_json(
            [
                {
                    "moment": e.moment.isoformat(timespec="seconds"),
                    "user": e.user,
                    "action": e.action.value,
                    "table": e.table,
                    "id": e.record_id,
                    "changes": e.summary,
                }
                for e in lines
            ]
        )
        return 0
    for e in lines:
        record = f"{record_label(e.table)} n° {e.record_id}"
        print(f"{format_datetime_short(e.moment)}  {e.user:<12} {e.action.label:<13} {record:<22} {e.summary}")
    return 0
