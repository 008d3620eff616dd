"""``cpts mail configure|test|outbox|retry|send-pending``: the mail server and the outbox.

The password is never an argument (it would show in the process list and the shell's history): it is
read from the keyring, else from ``CPTS_SMTP_PASSWORD`` (for scripts), else asked with ``getpass``."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING

from cpts_desktop.cli.common import database_of, enum_argument, print_json
from cpts_desktop.domain.enums import MailSecurity, MailStatus
from cpts_desktop.domain.errors import CptsError

if TYPE_CHECKING:
    from cpts_desktop.services.mail.outbox import OutboxRow
    from cpts_desktop.services.mail.settings import MailConfig

PASSWORD_ENV = "CPTS_SMTP_PASSWORD"
_SECURITY_ALIASES = {"tls": "ssl", "ssl-tls": "ssl", "none": "aucune"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("mail", help="courrier électronique : serveur d’envoi, boîte d’envoi")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    _register_configure(sub)
    tester = sub.add_parser("test", help="envoie un message d’essai à l’adresse de l’expéditeur")
    tester.set_defaults(handler=run_test)
    box = sub.add_parser("outbox", help="affiche la boîte d’envoi")
    box.add_argument(
        "--statut",
        type=enum_argument(MailStatus),
        metavar="STATUT",
        help="en-attente, en-cours, envoye, echec ou annule",
    )
    box.add_argument("--lot", metavar="LOT", help="les messages d’un seul envoi")
    box.add_argument("--json", action="store_true")
    box.set_defaults(handler=run_outbox)
    again = sub.add_parser("retry", help="remet les messages en échec dans la file et envoie la file")
    again.add_argument("--id", type=int, action="append", dest="ids", metavar="ID", help="un message (répétable)")
    again.set_defaults(handler=run_retry)
    pending = sub.add_parser("send-pending", help="envoie les messages en attente")
    pending.add_argument("--lot", metavar="LOT", help="les messages d’un seul envoi")
    pending.set_defaults(handler=run_send_pending)
    if find_spec("cpts_desktop.cli.mail_send") is not None:  # « mail send convocations|relances »
        import_module("cpts_desktop.cli.mail_send").register(sub)


def _register_configure(sub: argparse._SubParsersAction) -> None:
    configure = sub.add_parser(
        "configure",
        help="règle le serveur d’envoi (mot de passe demandé, ou lu dans $CPTS_SMTP_PASSWORD)",
    )
    configure.add_argument("--serveur", metavar="HÔTE", help="par exemple smtp.orange.fr")
    configure.add_argument("--port", type=int, metavar="PORT", help="par défaut 587, 465 en SSL/TLS, 25 sans")
    configure.add_argument(
        "--securite",
        type=enum_argument(MailSecurity, _SECURITY_ALIASES),
        metavar="SÉCURITÉ",
        help="starttls, ssl ou aucune",
    )
    configure.add_argument("--identifiant", metavar="IDENTIFIANT", help="vide (« ») : pas d’authentification")
    configure.add_argument("--expediteur", metavar="ADRESSE", help="adresse de l’expéditeur")
    configure.add_argument("--nom-expediteur", metavar="NOM")
    configure.add_argument("--repondre-a", metavar="ADRESSE")
    configure.add_argument("--par-minute", type=int, metavar="N", help="messages par minute au plus (30 par défaut)")
    configure.set_defaults(handler=run_configure)


def _configured(args: argparse.Namespace, current: MailConfig | None) -> MailConfig:
    """The settings after this command: the saved ones changed by the options given."""
    from cpts_desktop.services.mail.settings import USUAL_PORTS, MailConfig

    security = args.securite or (current.securite if current else MailSecurity.STARTTLS)
    base = current or MailConfig(
        serveur="",
        port=USUAL_PORTS[security],
        securite=security,
        identifiant=None,
        expediteur_nom=None,
        expediteur_adresse="",
        repondre_a=None,
    )
    changes = {
        "serveur": args.serveur,
        "securite": args.securite,
        "identifiant": args.identifiant,
        "expediteur_adresse": args.expediteur,
        "expediteur_nom": args.nom_expediteur,
        "repondre_a": args.repondre_a,
        "messages_par_minute": args.par_minute,
        "port": args.port,
    }
    if args.port is None and args.securite and (not current or current.port == USUAL_PORTS[current.securite]):
        changes["port"] = USUAL_PORTS[security]  # a default port follows the security chosen
    return replace(base, **{name: value for name, value in changes.items() if value is not None})


def _ask_password(config: MailConfig, prompt: str) -> str | None:
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        return None
    from getpass import getpass

    return getpass(prompt) or None


def _password_for(config: MailConfig) -> str | None:
    """The password to log in with: keyring or session, else $CPTS_SMTP_PASSWORD, else asked."""
    from cpts_desktop.services.mail.settings import password

    if not config.identifiant:
        return None
    known = os.environ.get(PASSWORD_ENV) or password(config)
    if known:
        return known
    asked = _ask_password(config, f"Mot de passe de « {config.identifiant} » sur {config.serveur} : ")
    if not asked:
        raise CptsError(
            f"Le mot de passe du compte « {config.identifiant} » est nécessaire : aucun trousseau ne le garde ; "
            f"donnez-le dans la variable d’environnement {PASSWORD_ENV} ou lancez la commande dans un terminal."
        )
    return asked


def run_configure(args: argparse.Namespace) -> int:
    from cpts_desktop.services.mail.settings import keyring_usable, mail_config, password, save_mail_config, validated

    with database_of(args) as database:
        config = validated(_configured(args, mail_config(database)))
        secret = None
        if config.identifiant:
            secret = _ask_password(config, f"Mot de passe de « {config.identifiant} » (vide : inchangé) : ")
        save_mail_config(database, config, secret)
    print(f"Serveur d’envoi : {config.serveur}, port {config.port} — sécurité : {config.securite.label}.")
    print(
        f"Expéditeur : {config.expediteur_nom + ' ' if config.expediteur_nom else ''}<{config.expediteur_adresse}>"
        f", {config.messages_par_minute} messages par minute au plus."
    )
    if not config.identifiant:
        print("Sans authentification (relais local).")
    elif secret and keyring_usable():
        print("Mot de passe gardé dans le trousseau du système.")
    elif secret:
        print(
            f"Aucun trousseau sur ce système : le mot de passe sera demandé à chaque envoi (ou lu dans {PASSWORD_ENV})."
        )
    elif password(config):
        print("Mot de passe inchangé.")
    else:
        print(f"Aucun mot de passe gardé : il sera demandé à chaque envoi (ou lu dans {PASSWORD_ENV}).")
    return 0


def run_test(args: argparse.Namespace) -> int:
    from cpts_desktop.services.mail.settings import MailNotConfigured, mail_config
    from cpts_desktop.services.mail.transport import send_test

    with database_of(args) as database:
        config = mail_config(database)
        if config is None:
            raise MailNotConfigured()
        print(send_test(database, _password_for(config)))
    return 0


def _row_payload(row: OutboxRow) -> dict[str, object]:
    return {
        "id": row.id,
        "lot": row.lot,
        "lot_libelle": row.lot_libelle,
        "nature": row.nature.value,
        "destinataire": row.destinataire,
        "destinataire_nom": row.destinataire_nom,
        "objet": row.objet,
        "statut": row.statut.value,
        "tentatives": row.tentatives,
        "prochain_essai": row.prochain_essai.isoformat() if row.prochain_essai else None,
        "cree_le": row.cree_le.isoformat() if row.cree_le else None,
        "envoye_le": row.envoye_le.isoformat() if row.envoye_le else None,
        "reponse_serveur": row.reponse_serveur,
        "member_id": row.member_id,
        "meeting_id": row.meeting_id,
        "pieces_jointes": [{"nom": item.nom, "sha256": item.sha256} for item in row.pieces_jointes],
    }


def _row_line(row: OutboxRow) -> str:
    from cpts_desktop.i18n import format_datetime_short

    moment = row.envoye_le or row.prochain_essai or row.cree_le
    when = format_datetime_short(moment) if moment else ""
    to = f"{row.destinataire_nom} <{row.destinataire}>" if row.destinataire_nom else row.destinataire
    line = f"{row.id:>6}  {row.statut.label:<16} {when:<16}  {to}  — {row.objet}"
    if row.statut in (MailStatus.FAILED, MailStatus.QUEUED) and row.reponse_serveur:
        line += f"\n        {row.reponse_serveur}"
    return line


def run_outbox(args: argparse.Namespace) -> int:
    from cpts_desktop.i18n import plural
    from cpts_desktop.services.mail.outbox import outbox

    with database_of(args) as database:
        rows = outbox(database, statut=args.statut, lot=args.lot)
    if args.json:
        print_json([_row_payload(row) for row in rows])
        return 0
    for row in rows:
        print(_row_line(row))
    print(plural(len(rows), "{count} message", "{count} messages") + " dans la boîte d’envoi.")
    return 0


def _send(args: argparse.Namespace, lot: str | None = None) -> int:
    from cpts_desktop.services.mail.outbox import send_pending
    from cpts_desktop.services.mail.settings import MailNotConfigured, mail_config

    with database_of(args) as database:
        config = mail_config(database)
        if config is None:
            raise MailNotConfigured()

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{done} / {total}", end="", file=sys.stderr, flush=True)

        report = send_pending(database, password=_password_for(config), progress=progress, lot=lot)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    nothing = not (report.sent or report.failed or report.waiting or report.interruption)
    print("Aucun message en attente." if nothing else report.summary + ".")
    return 1 if report.interruption else 0


def run_send_pending(args: argparse.Namespace) -> int:
    return _send(args, args.lot)


def run_retry(args: argparse.Namespace) -> int:
    from cpts_desktop.i18n import plural
    from cpts_desktop.services.mail.outbox import retry

    with database_of(args) as database:
        count = retry(database, args.ids)
    print(plural(count, "{count} message remis", "{count} messages remis") + " dans la file.")
    return _send(args)
