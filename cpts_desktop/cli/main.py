"""Entry point of ``cpts``: global options, sub-commands, and errors as one French line on stderr."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from cpts_desktop import __version__, config
from cpts_desktop.cli.parser import FrenchArgumentParser
from cpts_desktop.domain.errors import CptsError

log = logging.getLogger(__name__)
# Exit codes: 0 done, 1 refused (French message), 2 unexpected error or unreadable import file,
# 3 import aborted by --strict, 4 stopped by the surroundings (full disk, rights, lock, network).
ENVIRONMENT = 4


# Each command, the module that defines it and its one-line help, so that ``cpts --help`` and
# ``--version`` import no command module (and none of SQLAlchemy, Alembic, reportlab, openpyxl), and a
# command imports only its own module. A test checks each module registers the help written here.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "crée la base ou la met à jour"),
    "info": ("info", "affiche la base ouverte et son contenu"),
    "association": ("association", "identité de l’association"),
    "communes": ("association", "communes du territoire"),
    "statutes": ("association", "statuts et règlement intérieur"),
    "declarations": ("declarations", "déclarations en préfecture et registre spécial"),
    "members": ("members", "registre des adhérents : import, export, liste"),
    "fees": ("fees", "barème des cotisations"),
    "payments": ("payments", "paiements de cotisation"),
    "meetings": ("meetings", "réunions : AG, CA, bureau"),
    "grants": ("grants", "subventions et financements"),
    "aci": ("aci", "contrat ACI"),
    "stats": ("stats", "statistiques du registre"),
    "coverage": ("coverage", "couverture du territoire : professionnels, adhérents, taux"),
    "pdf": ("pdf", "documents PDF"),
    "backup": ("backup", "sauvegardes de la base"),
    "audit": ("audit", "journal des modifications"),
    "mail": ("mail", "courrier électronique : serveur d’envoi, boîte d’envoi"),
}
_VALUED_OPTIONS = ("--db",)


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is neither a global option nor its value), None
    when the main help is asked before it (« cpts -h members »: argparse reads the options in order)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if not word.startswith("-"):
            return word
        if word == "-h" or (len(word) > 2 and "--help".startswith(word)):
            return None
        if "=" not in word and any(option.startswith(word) for option in _VALUED_OPTIONS if len(word) > 2):
            next(words, None)  # « --db CHEMIN » (or an abbreviation argparse accepts): skip the value
    return None


def build_parser(argv: Sequence[str] | None = None) -> FrenchArgumentParser:
    """The whole parser, or with ``argv`` one holding only the command ``argv`` names (listing each of the
    others cost as much as building that one); when it names none (``--help``, a mistyped name), every
    command is listed with its help, which is all argparse shows of them."""
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
    wanted = COMMANDS.get(chosen_command(argv) or "") if argv is not None else None
    loaded: set[str] = set()
    for name, (module, help_text) in COMMANDS.items():
        if argv is None or (wanted is not None and module == wanted[0]):
            if module not in loaded:
                import_module(f"cpts_desktop.cli.{module}").register(commands)
                loaded.add(module)
        elif wanted is None:
            commands.add_parser(name, help=help_text)
    return parser


def main(argv: list[str] | None = None) -> int:
    config.private_by_default()
    words = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser(words).parse_args(words)
    except CptsError as error:  # a value the domain refuses (amount, date): a French refusal, not a usage error
        print(f"Erreur : {error.message}", file=sys.stderr)
        return 1
    from cpts_desktop.logs import setup_logging
    from cpts_desktop.services.failures import EnvironmentProblem, explain, file_reason

    logging.raiseExceptions = False  # a log that cannot be written (full disk) prints no traceback
    try:
        log_path = setup_logging()
    except OSError as error:
        reason = explain(error) or f"journal technique impossible à écrire : {file_reason(error)}"
        print(f"Erreur : {reason}", file=sys.stderr)
        return ENVIRONMENT
    args.db = config.choose_database(args.db)
    try:
        code: int = args.handler(args)
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
        from cpts_desktop.services.database import hide_password

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
