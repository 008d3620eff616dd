"""What each entry point sends, as a ``Recipe`` for the send dialog: the service that prepares it and
the paper letters of those without an address."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QWidget

from cpts_desktop.domain.enums import MailKind
from cpts_desktop.i18n import _
from cpts_desktop.services import documents
from cpts_desktop.services.mail import sendings
from cpts_desktop.services.mail.sendings import Selection
from cpts_desktop.services.members import form_choices
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.mail.send_dialog import Recipe
from cpts_desktop.ui.pdf_preview import preview_document


def convocations(database: Database, meeting_id: int) -> Recipe:
    def print_letters(parent: QWidget, member_ids: list[int]) -> object:
        from cpts_desktop.pdf.meetings import convocations_pdf

        def render(path: Path) -> Path:
            papers = documents.meeting_papers(database, meeting_id)
            return convocations_pdf(replace(papers, convened=[c for c in papers.convened if c.id in member_ids]), path)

        return preview_document(parent, "convocations-sans-adresse.pdf", render)

    return Recipe(
        MailKind.CONVOCATION,
        _("Convocations par e-mail"),
        lambda draft, _audience: sendings.prepare_convocations(database, meeting_id, draft),
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
        lambda draft, _audience: sendings.prepare_reminders(database, year, draft),
        print_letters,
    )


def receipt(database: Database, payment_id: int) -> Recipe:
    def print_letters(parent: QWidget, _member_ids: list[int]) -> object:
        from cpts_desktop.pdf.membership import receipt_pdf

        return preview_document(parent, "recu.pdf", lambda p: receipt_pdf(documents.receipt(database, payment_id), p))

    return Recipe(
        MailKind.RECEIPT,
        _("Reçu par e-mail"),
        lambda draft, _audience: sendings.prepare_receipt(database, payment_id, draft),
        print_letters,
    )


def attestation(database: Database, member_id: int, year: int) -> Recipe:
    def print_letters(parent: QWidget, _member_ids: list[int]) -> object:
        from cpts_desktop.pdf.membership import attestation_pdf

        return preview_document(
            parent,
            f"attestation-{member_id}.pdf",
            lambda p: attestation_pdf(documents.attestation(database, member_id, year), p),
        )

    return Recipe(
        MailKind.ATTESTATION,
        _("Attestation par e-mail"),
        lambda draft, _audience: sendings.prepare_attestation(database, member_id, year, draft),
        print_letters,
    )


def free_message(database: Database, year: int, college: str | None = None, profession: str | None = None) -> Recipe:
    """A free message to the active members, a collège, a profession, the board, or the professionals of
    the territory to invite; the group the members list shows (its collège or profession filter) first."""
    choices = form_choices(database, year)
    audiences: list[tuple[str, Selection]] = [
        (_("Tous les adhérents actifs"), Selection()),
        (_("Le conseil d’administration en fonction"), Selection(board=True)),
    ]
    audiences += [
        (_("Collège : {name}").format(name=name), Selection(college_id=id_)) for id_, name in choices.colleges
    ]
    audiences += [
        (_("Profession : {name}").format(name=name), Selection(profession_code=code))
        for code, name in choices.professions
    ]
    audiences.append((_("Professionnels du territoire non adhérents (à inviter)"), Selection(non_members=True)))
    labels = [label for label, _selection in audiences]
    wanted = _("Collège : {name}").format(name=college) if college else None
    if profession:
        wanted = _("Profession : {name}").format(name=profession)
    return Recipe(
        MailKind.FREE,
        _("Message aux adhérents"),
        lambda draft, audience: sendings.prepare_free(database, audience, draft),
        None,
        tuple(audiences),
        labels.index(wanted) if wanted in labels else 0,
    )
