"""What each entry point sends, as a ``Recipe`` for the send dialog: the services that prepare and
queue it, and the paper letters of those without an address."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from cpts_desktop.domain.enums import MailKind
from cpts_desktop.i18n import _
from cpts_desktop.services import documents
from cpts_desktop.services.mail import sendings
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.mail.send_dialog import Recipe
from cpts_desktop.ui.pdf_preview import preview_document


def convocations(database: Database, meeting_id: int) -> Recipe:
    def print_letters(parent: QWidget, member_ids: list[int]) -> object:
        from cpts_desktop.pdf.meetings import convocations_pdf

        def render(path):  # noqa: ANN001, ANN202 - the preview's target
            papers = documents.meeting_papers(database, meeting_id)
            return convocations_pdf(replace(papers, convened=[c for c in papers.convened if c.id in member_ids]), path)

        return preview_document(parent, "convocations-sans-adresse.pdf", render)

    return Recipe(
        MailKind.CONVOCATION,
        _("Convocations par e-mail"),
        lambda: sendings.convocations(database, meeting_id),
        lambda: sendings.queue_convocations(database, meeting_id),
        print_letters,
    )


def reminders(database: Database, year: int) -> Recipe:
    def print_letters(parent: QWidget, member_ids: list[int]) -> object:
        from cpts_desktop.pdf.registers import reminders_pdf

        return preview_document(
            parent,
            f"relances-{year}-sans-adresse.pdf",
            lambda p: reminders_pdf(documents.reminders(database, year, member_ids), p),
        )

    return Recipe(
        MailKind.REMINDER,
        _("Relances de cotisation {year} par e-mail").format(year=year),
        lambda: sendings.reminders(database, year),
        lambda: sendings.queue_reminders(database, year),
        print_letters,
    )


def receipt(database: Database, payment_id: int) -> Recipe:
    return Recipe(
        MailKind.RECEIPT,
        _("Reçu par e-mail"),
        lambda: sendings.receipt(database, payment_id),
        lambda: sendings.queue_receipt(database, payment_id),
    )


def attestation(database: Database, member_id: int, year: int) -> Recipe:
    return Recipe(
        MailKind.ATTESTATION,
        _("Attestation par e-mail"),
        lambda: sendings.attestation(database, member_id, year),
        lambda: sendings.queue_attestation(database, member_id, year),
    )


def free_message(database: Database, member_ids: list[int], title: str) -> Recipe:
    return Recipe(
        MailKind.FREE,
        title,
        lambda: sendings.free_message(database, member_ids),
        lambda: sendings.queue_free_message(database, member_ids),
    )
