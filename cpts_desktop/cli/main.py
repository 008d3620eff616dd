"""Entry point of ``cpts``: global options, sub-commands, and errors as one French line on stderr."""

from __future__ import annotations

import logging
import os
import sys

from cpts_desktop import __version__, config
from cpts_desktop.cli import (
    aci,
    association,
    audit,
    backup,
    fees,
    grants,
    info,
    init,
    meetings,
    members,
    payments,
    pdf,
    stats,
)
from cpts_desktop.cli.parser import FrenchArgumentParser
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.logs import setup_logging
from cpts_desktop.services.database import hide_password
from cpts_desktop.services.failures import EnvironmentProblem, explain, file_reason

log = logging.getLogger(__name__)
# Exit codes: 0 done, 1 refused (French message), 2 unexpected error or unreadable import file,
# 3 import aborted by --strict, 4 stopped by the surroundings (full disk, rights, lock, network).
ENVIRONMENT = 4


def build_parser() -> FrenchArgumentParser:
    parser = FrenchArgumentParser(prog="cpts", description="Administration d’une CPTS en ligne de commande.")
    parser.add_argument(
        "--version", action="version", version=f"cpts {__version__}", help="affiche la version et quitte"
    )
    parser.add_argument(
        "--db",
        metavar="CHEMIN",
        help=f"base à utiliser : fichier ou URL (sinon ${config.DB_ENV}, sinon la base par défaut)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True)
    for module in (init, info, association, members, fees, payments, meetings, grants, aci, stats, pdf, backup, audit):
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    config.private_by_default()
    try:
        args = build_parser().parse_args(argv)
    except CptsError as error:  # a value the domain refuses (amount, date): a French refusal, not a usage error
        print(f"Erreur : {error.message}", file=sys.stderr)
        return 1
    logging.raiseExceptions = False  # a log that cannot be written (full disk) prints no traceback
    try:
        log_path = setup_logging()
    except OSError as error:
        reason = explain(error) or f"journal technique impossible à écrire : {file_reason(error)}"
        print(f"Erreur : {reason}", file=sys.stderr)
        return ENVIRONMENT
    args.db = config.choose_database(args.db)
    try:
        code = args.handler(args)
        sys.stdout.flush()  # inside the try: a reader gone early is handled below
        return code
    except EnvironmentProblem as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return ENVIRONMENT
    except CptsError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader stopped early (« cpts audit | head »): not an error; silence the final flush
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 - the user gets one line, the log gets the traceback
        explained = explain(error, hide_password(args.db))
        # not argv: passwords, names
        log.exception("cpts %s : %s", args.command, "environnement" if explained else "erreur inattendue")
        if explained:
            print(f"Erreur : {explained}", file=sys.stderr)
            return ENVIRONMENT
        print(f"Erreur inattendue : le détail est enregistré dans « {log_path} ».", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
