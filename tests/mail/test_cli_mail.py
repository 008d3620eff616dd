"""``cpts mail``: configure, test, send, list — and a sending process killed mid-batch."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from cpts_desktop.domain.enums import MailStatus
from cpts_desktop.services.database import open_database
from cpts_desktop.services.mail.outbox import outbox, queue, send_pending
from cpts_desktop.services.mail.settings import mail_config
from tests.cli import runner
from tests.mail.conftest import SMTP_LOGIN, SMTP_PASSWORD
from tests.mail.helpers import SENDER, configure, people, prepared


def cpts(*args: str, **env: str):
    return runner.run(list(args), dict(os.environ, **env))


def test_configure_test_send_and_list_without_keyring(db_path: Path, smtp_server, trusted_ca):
    db = str(db_path)
    env = {"CPTS_SMTP_PASSWORD": SMTP_PASSWORD}
    configured = cpts(
        "--db",
        db,
        "mail",
        "configure",
        "--serveur",
        "127.0.0.1",
        "--port",
        str(smtp_server.port),
        "--identifiant",
        SMTP_LOGIN,
        "--expediteur",
        SENDER,
        "--nom-expediteur",
        "CPTS du Val d’Œuvre",
        "--par-minute",
        "10000",
        **env,
    )
    assert configured.returncode == 0, configured.stderr
    assert f"port {smtp_server.port} — sécurité : STARTTLS." in configured.stdout
    assert "Aucun trousseau sur ce système" in configured.stdout  # PYTHON_KEYRING_BACKEND=fail

    tested = cpts("--db", db, "mail", "test", **env)
    assert tested.returncode == 0, tested.stderr
    assert tested.stdout.startswith(f"Message d’essai accepté par le serveur pour {SENDER}")

    database = open_database(db)
    queue(database, "Relances 2027", prepared(mail_config(database), people(2)))
    database.close()
    refused = cpts("--db", db, "mail", "send-pending", CPTS_SMTP_PASSWORD="pas-le-bon")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Erreur : Mot de passe refusé par le serveur (535")
    sent = cpts("--db", db, "mail", "send-pending", **env)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == "2 messages envoyés."
    assert len(smtp_server.handler.received) == 3

    listed = cpts("--db", db, "mail", "outbox", "--json")
    rows = json.loads(listed.stdout)
    assert [row["statut"] for row in rows] == ["envoye", "envoye"]
    assert rows[0]["reponse_serveur"].startswith("250") and rows[0]["pieces_jointes"][0]["nom"].endswith(".pdf")
    text = cpts("--db", db, "mail", "outbox", "--statut", "envoye")
    assert "2 messages dans la boîte d’envoi." in text.stdout and "Envoyé" in text.stdout

    secret = SMTP_PASSWORD.encode()
    assert all(secret not in path.read_bytes() for path in db_path.parent.glob(db_path.name + "*"))
    logs = Path(os.environ["CPTS_LOG_DIR"])
    assert all(secret not in path.read_bytes() for path in logs.rglob("*") if path.is_file())
    assert SMTP_PASSWORD not in listed.stdout + text.stdout + refused.stderr


def _send_then_die(db: str) -> None:
    from cpts_desktop.cli.main import main

    os._exit(main(["--db", db, "mail", "send-pending"]))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a process forked, then killed")
def test_process_killed_mid_batch_resumes_without_sending_twice(db_path: Path, smtp_server, trusted_ca, monkeypatch):
    database = open_database(str(db_path))
    config = configure(database, smtp_server)
    queue(database, "Convocations AG 2027", prepared(config, people(5)))
    monkeypatch.setenv("CPTS_SMTP_PASSWORD", SMTP_PASSWORD)
    smtp_server.handler.hold_after = 2  # the server takes the third message, its answer never arrives

    child = multiprocessing.get_context("fork").Process(target=_send_then_die, args=(str(db_path),))
    child.start()
    assert smtp_server.handler.holding.wait(60)
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    states = [row.statut for row in sorted(outbox(database), key=lambda row: row.id)]
    assert states == [MailStatus.SENT] * 2 + [MailStatus.SENDING] + [MailStatus.QUEUED] * 2
    smtp_server.handler.release.set()

    report = send_pending(database, password=SMTP_PASSWORD)
    database.close()

    assert report.sent == 3 and report.waiting == 0
    recipients = smtp_server.handler.recipients()
    counts = {address: recipients.count(address) for _name, address in people(5)}
    assert counts == {
        "adherent1@exemple.fr": 1,
        "adherent2@exemple.fr": 1,
        "adherent3@exemple.fr": 2,  # only the one in flight at the crash, as the README says
        "adherent4@exemple.fr": 1,
        "adherent5@exemple.fr": 1,
    }
