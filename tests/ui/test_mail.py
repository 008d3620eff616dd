"""E-mail screens, driven as a secretary does, against a real SMTP server (STARTTLS, AUTH) started by the
tests: the server's settings and a test message; the convocations of a meeting sent from Réunions, shown
« Envoyé » in the outbox and dated per recipient on the convocation tab."""

from __future__ import annotations

from datetime import date, datetime

import keyring
import pytest
from PySide6.QtWidgets import QInputDialog, QLabel

from cpts_desktop.domain.enums import MailSecurity, MailStatus, MeetingType
from cpts_desktop.services import meetings
from cpts_desktop.services.mail.outbox import outbox
from cpts_desktop.services.mail.settings import MailConfig, mail_config, save_mail_config
from cpts_desktop.ui import sections
from cpts_desktop.ui.mail.outbox_window import OutboxWindow
from cpts_desktop.ui.mail.send_dialog import SendDialog
from cpts_desktop.ui.mail.settings_dialog import MailSettingsDialog
from tests.mail.conftest import (  # noqa: F401 - the SMTP server's fixtures
    SMTP_LOGIN,
    SMTP_PASSWORD,
    memory_keyring,
    smtp_certificate,
    smtp_server,
    trusted_ca,
)
from tests.ui.conftest import open_section
from tests.ui.person import choose, click, click_row, go_to, open_tab, opened, retype, type_text

pytestmark = pytest.mark.usefixtures("synchronous_jobs", "trusted_ca")


def _settings_dialog(qtbot, window, server, password: str = "") -> MailSettingsDialog:  # noqa: ANN001
    """Paramètres › Serveur d’envoi…, filled as the secretary types it."""
    go_to(qtbot, window, sections.SETTINGS)
    click(qtbot, window.settings_page, "Serveur d’envoi…")
    dialog = opened(window, MailSettingsDialog)
    type_text(qtbot, dialog.server, server.host)
    choose(dialog.security, MailSecurity.STARTTLS)
    retype(qtbot, dialog.port, str(server.port))
    type_text(qtbot, dialog.login, SMTP_LOGIN)
    type_text(qtbot, dialog.password, password)
    type_text(qtbot, dialog.sender_name, "CPTS du Val d’Essai")
    type_text(qtbot, dialog.sender_address, SMTP_LOGIN)
    return dialog


def test_the_server_is_set_and_a_test_message_reaches_the_sender(qtbot, settings, db_path, smtp_server, memory_keyring):  # noqa: F811
    window = open_section(qtbot, settings, db_path, 0)
    dialog = _settings_dialog(qtbot, window, smtp_server, SMTP_PASSWORD)
    click(qtbot, dialog, "Envoyer un message d’essai")

    assert [r.rcpt_tos for r in smtp_server.handler.received] == [[SMTP_LOGIN]]
    assert "accepté par le serveur" in dialog.answer.text()
    config = mail_config(window.database)
    assert (config.serveur, config.port, config.securite, config.identifiant) == (
        smtp_server.host,
        smtp_server.port,
        MailSecurity.STARTTLS,
        SMTP_LOGIN,
    )
    assert SMTP_PASSWORD in memory_keyring.secrets.values()
    assert SMTP_PASSWORD.encode() not in db_path.read_bytes()
    click(qtbot, dialog, "Enregistrer")
    assert smtp_server.host in window.settings_page.mail_state.text()


def test_without_a_keyring_the_password_is_asked_once_per_session(qtbot, settings, db_path, smtp_server, monkeypatch):  # noqa: F811
    from keyring.backends import fail

    from cpts_desktop.services.mail import settings as mail_settings

    keyring.set_keyring(fail.Keyring())  # the memory keyring's fixture puts the previous one back
    monkeypatch.setattr(mail_settings, "_session_passwords", {})
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda _p, title, *a, **k: asked.append(title) or (SMTP_PASSWORD, True)
    )
    window = open_section(qtbot, settings, db_path, 0)
    dialog = _settings_dialog(qtbot, window, smtp_server)
    assert "pas de trousseau" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    click(qtbot, dialog, "Envoyer un message d’essai")
    click(qtbot, dialog, "Envoyer un message d’essai")

    assert len(smtp_server.handler.received) == 2
    assert asked == ["Mot de passe du serveur d’envoi"]
    assert SMTP_PASSWORD.encode() not in db_path.read_bytes()


def test_convocations_sent_from_reunions_are_received_and_shown_sent(qtbot, settings, demo_path, smtp_server):  # noqa: F811
    window = open_section(qtbot, settings, demo_path, 0)
    database = window.database
    save_mail_config(
        database,
        MailConfig(
            smtp_server.host, smtp_server.port, MailSecurity.STARTTLS, SMTP_LOGIN, "CPTS", SMTP_LOGIN, None, 1000
        ),
        SMTP_PASSWORD,
    )
    when = datetime(date.today().year + 1, 1, 15, 19, 0)
    meeting_id = meetings.create_meeting(database, MeetingType.BOARD, when, "Maison de santé", agenda=["Budget"])
    go_to(qtbot, window, sections.MEETINGS)
    page = window.meetings_page
    page.reload()
    click_row(qtbot, page.meetings_view, next(i for i, m in enumerate(page.meetings.rows) if m.id == meeting_id))
    tab = open_tab(qtbot, page.tabs, "Convocation")
    convened = [r for r in tab.recipients.rows if r.included]
    click(qtbot, tab, "Envoyer par e-mail…")
    dialog = opened(window, SendDialog)
    assert dialog.preview_subject.text() not in ("", "—")
    assert ".pdf" in dialog.preview_attachments.text() and ".ics" in dialog.preview_attachments.text()
    with_address = len(dialog.sending.recipients)
    assert with_address and dialog.count.text().startswith(str(with_address))
    click(qtbot, dialog, "Mettre en file et envoyer")

    assert len(smtp_server.handler.received) == with_address
    window_ = opened(window, OutboxWindow)
    statuses = {window_.messages.index(row, 2).data() for row in range(window_.messages.rowCount())}
    assert statuses == {MailStatus.SENT.label}
    assert {m.statut for m in outbox(database, meeting_id=meeting_id)} == {MailStatus.SENT}
    dated = [tab.recipients.index(row, 4).data() for row in range(tab.recipients.rowCount())]
    assert sum(1 for text in dated if text) == with_address <= len(convened)
    assert "par courrier électronique dans le délai des statuts" in tab.convocation_state.text()
    window_.close()


def test_messages_left_waiting_by_a_crash_are_offered_when_the_base_is_opened(qtbot, settings, db_path, smtp_server):  # noqa: F811
    from cpts_desktop.services.database import open_database
    from cpts_desktop.services.mail.outbox import queue
    from tests.mail.helpers import configure, people, prepared

    database = open_database(str(db_path))
    queue(database, "Convocations", prepared(configure(database, smtp_server), people(2)))
    database.close()

    window = open_section(qtbot, settings, db_path, 0)
    qtbot.waitUntil(lambda: window.findChild(OutboxWindow) is not None and window.findChild(OutboxWindow).isVisible())
    assert "2 messages attendent dans la boîte d’envoi" in window.statusBar().currentMessage()
    box = window.findChild(OutboxWindow)
    click(qtbot, box, "Envoyer les messages en attente")
    qtbot.waitUntil(lambda: len(smtp_server.handler.received) == 2)
    box.close()
