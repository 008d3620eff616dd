"""``cpts backup create|list|restore``. A passphrase is read from ``CPTS_PASSPHRASE`` or asked at the
terminal, never taken on the command line (other users could read it in the process list)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from cpts_desktop.cli.common import database_of, print_json
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import format_datetime_short
from cpts_desktop.services.backups import (
    COUNTED,
    BackupInfo,
    check_passphrase,
    create_backup,
    describe_backup,
    list_backups,
    restore,
)
from cpts_desktop.store.engine import sqlite_path, to_url

PASSPHRASE_ENV = "CPTS_PASSPHRASE"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("backup", help="sauvegardes de la base")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="sauvegarde la base maintenant")
    create.add_argument("--to", type=Path, metavar="DOSSIER", help="dossier de destination (clé USB, disque externe…)")
    create.add_argument(
        "--encrypt", action="store_true", help=f"chiffre la sauvegarde (phrase de passe : ${PASSPHRASE_ENV} ou saisie)"
    )
    create.set_defaults(handler=run_create)
    lst = sub.add_parser("list", help="liste les sauvegardes")
    lst.add_argument("--from", dest="folder", type=Path, metavar="DOSSIER")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=run_list)
    res = sub.add_parser("restore", help="remplace la base par une sauvegarde (la base actuelle est sauvegardée avant)")
    res.add_argument("file", metavar="FICHIER", type=Path)
    res.add_argument("--yes", action="store_true", help="ne demande pas de confirmation")
    res.set_defaults(handler=run_restore)


def _passphrase(confirm: bool) -> str:
    """The passphrase; ``confirm`` (a new backup) also asks it twice and checks its length, while an
    older backup made with a shorter one still opens."""
    value = os.environ.get(PASSPHRASE_ENV) or ""
    typed = not value
    if typed:
        if not sys.stdin.isatty():
            raise CptsError(f"Phrase de passe manquante : définissez la variable {PASSPHRASE_ENV}.")
        value = getpass.getpass("Phrase de passe : ")
    if confirm:
        check_passphrase(value)
        if typed and getpass.getpass("Confirmez la phrase de passe : ") != value:
            raise CptsError("Les deux phrases de passe diffèrent.")
    return value


def _describe(info: BackupInfo) -> str:
    counts = (
        ", ".join(f"{info.counts[k]} {label}" for k, label in COUNTED.items()) if info.counts else "contenu chiffré"
    )
    return f"{format_datetime_short(info.created)}  {info.path.name}  ({counts})"


def run_create(args: argparse.Namespace) -> int:
    passphrase = _passphrase(confirm=True) if args.encrypt else None
    with database_of(args) as database:
        info = create_backup(database, args.to, passphrase)
    print(f"Sauvegarde créée : {info.path}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    backups = list_backups(args.folder)
    if args.json:
        print_json(
            [
                {
                    "file": str(b.path),
                    "created": b.created.isoformat(timespec="seconds"),
                    "encrypted": b.encrypted,
                    "revision": b.revision,
                    "counts": b.counts,
                }
                for b in backups
            ]
        )
        return 0
    for backup in backups:
        print(_describe(backup))
    if not backups:
        print("Aucune sauvegarde.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    target = sqlite_path(to_url(args.db))
    if target is None:
        raise CptsError("La restauration ne concerne qu’une base enregistrée dans un fichier.")
    if not args.file.is_file():
        raise CptsError(f"La sauvegarde « {args.file} » est introuvable.")
    info = describe_backup(args.file)
    print(f"Sauvegarde : {_describe(info)}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise CptsError("Confirmation requise : relancez avec --yes pour remplacer la base.")
        if input(f"Remplacer la base « {target} » par cette sauvegarde ? (oui/non) ").strip().lower() not in (
            "o",
            "oui",
        ):
            print("Restauration abandonnée.")
            return 1
    passphrase = _passphrase(confirm=False) if info.encrypted else None
    safety = restore(args.file, target, passphrase)
    if safety is not None:
        print(f"La base remplacée est conservée dans : {safety.path}")
    print(f"Base restaurée : {target}")
    return 0
