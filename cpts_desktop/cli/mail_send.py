"""``cpts mail send convocations|relances`` and ``cpts mail proof``: a sending prepared, shown
(``--dry-run``) or queued and sent at once; the « preuve d’envoi » of a meeting or a lot.

Registered by ``cli/mail.py`` under ``cpts mail``; the services and reportlab load only when run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cpts_desktop.cli.common import database_of, year_argument

if TYPE_CHECKING:
    from cpts_desktop.services.mail.sendings import Addressee, Sending
    from cpts_desktop.store.engine import Database


def register(mail_commands: argparse._SubParsersAction) -> None:
    send = mail_commands.add_parser("send", help="envoie des convocations ou des relances par courrier électronique")
    what = send.add_subparsers(dest="what", metavar="ENVOI", required=True)
    convocations = what.add_parser(
        "convocations", help="les convocations d’une réunion (convocation personnelle, pouvoir et .ics joints)"
    )
    convocations.add_argument("--meeting", type=int, required=True, metavar="ID", help="numéro de la réunion")
    convocations.set_defaults(handler=run_convocations)
    reminders = what.add_parser("relances", help="les relances de cotisation d’une année")
    reminders.add_argument("--year", type=year_argument, required=True, metavar="ANNÉE")
    reminders.set_defaults(handler=run_reminders)
    for command in (convocations, reminders):
        command.add_argument(
            "--dry-run", action="store_true", help="montre les destinataires et le premier message, n’envoie rien"
        )
    proof = mail_commands.add_parser("proof", help="preuve d’envoi (PDF) des convocations d’une réunion ou d’un envoi")
    which = proof.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", type=int, metavar="ID", help="numéro de la réunion")
    which.add_argument("--lot", metavar="LOT", help="numéro d’un envoi (cpts mail outbox)")
    proof.add_argument("-o", "--output", type=Path, metavar="FICHIER.pdf", help="par défaut dans le dossier courant")
    proof.set_defaults(handler=run_proof)


def run_convocations(args: argparse.Namespace) -> int:
    from cpts_desktop.services.mail.sendings import prepare_convocations

    return _run(args, lambda database: prepare_convocations(database, args.meeting))


def run_reminders(args: argparse.Namespace) -> int:
    from cpts_desktop.services.mail.sendings import prepare_reminders

    return _run(args, lambda database: prepare_reminders(database, args.year))


def _run(args: argparse.Namespace, prepare: Callable[[Database], Sending]) -> int:
    """Show the sending; unless ``--dry-run``, queue it (one transaction) and send the queue."""
    from cpts_desktop.cli.mail import _send
    from cpts_desktop.pdf.mail_attachments import DRAWINGS
    from cpts_desktop.services.mail.sendings import queue_sending

    with database_of(args) as database:
        sending = prepare(database)
        print(describe(sending, preview=args.dry_run))
        if args.dry_run:
            print("Rien n’a été mis dans la boîte d’envoi (--dry-run).")
            return 0
        if not sending.recipients:
            return 0
        queued = queue_sending(database, sending, DRAWINGS, progress=_progress("Préparation"))
        _end_line()
    print(_count(queued.queued, "message mis", "messages mis") + " dans la boîte d’envoi ; envoi…")
    return _send(args, queued.lot)


def _progress(label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{label} : {done} / {total}", end="", file=sys.stderr, flush=True)

    return show


def _end_line() -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)


def _count(count: int, one: str, many: str) -> str:
    from cpts_desktop.i18n import plural

    return plural(count, "{count} " + one, "{count} " + many)


def describe(sending: Sending, preview: bool) -> str:
    """What is about to leave: how many, who is left out, who needs a letter, and (``preview``) the first
    message as its recipient will read it."""
    lines = [sending.lot_libelle, _count(len(sending.recipients), "message à envoyer", "messages à envoyer") + "."]
    if sending.already:
        lines.append(
            _count(
                len(sending.already),
                "destinataire déjà convoqué par courrier électronique (envoyé ou en attente) est laissé de côté.",
                "destinataires déjà convoqués par courrier électronique (envoyés ou en attente) sont laissés de côté.",
            )
        )
    if sending.without_address:
        lines.append(
            _count(len(sending.without_address), "destinataire", "destinataires")
            + " sans adresse électronique (courrier à imprimer) :"
        )
        lines += [_unreachable(a) for a in sending.without_address]
    first = sending.preview
    if preview and first is not None:
        lines += [
            "",
            "Premier message :",
            f"À : {first.destinataire}",
            f"Objet : {first.objet}",
            f"Pièces jointes : {', '.join(first.pieces_jointes) or 'aucune'}",
            "",
            first.texte.rstrip(),
            "",
        ]
    return "\n".join(lines)


def _unreachable(addressee: Addressee) -> str:
    """« – Anaïs Lefèvre, 3 rue des Lilas, 39570 Montvallon (adresse électronique invalide : anais@) »."""
    line = f"  – {', '.join(addressee.address_lines) or addressee.nom}"
    if addressee.invalid_email:
        line += f" (adresse électronique invalide : {addressee.invalid_email})"
    return line


def run_proof(args: argparse.Namespace) -> int:
    from cpts_desktop.pdf.mail_proof import mail_proof_pdf
    from cpts_desktop.services.mail.proof import proof

    with database_of(args) as database:
        data = proof(database, meeting_id=args.meeting, lot=args.lot)
    default = f"preuve-envoi-reunion-{args.meeting}.pdf" if args.meeting is not None else "preuve-envoi.pdf"
    path = mail_proof_pdf(data, args.output or Path(default))
    print(f"Document enregistré : {path}")
    return 0
