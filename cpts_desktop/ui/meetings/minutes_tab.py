"""Procès-verbal: the séance's officers, the text drafted from the presences and the votes, its
approval and signature, and the register of procès-verbaux."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import MinutesStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date, format_date_short
from cpts_desktop.services import documents, meetings
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.meetings.tab import MeetingTab, button_row
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pdf_preview import preview_document


class MinutesTab(MeetingTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown_id: int | None = None  # the meeting whose PV text and officers are on screen
        self.drafted: str | None = None  # the last draft written in the editor, replaced without asking
        self.meeting_ids: list[int] = []  # every meeting of the list, for the register
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.session_president, self.session_secretary, self.closing = QComboBox(), QComboBox(), QLineEdit()
        self.closing.setPlaceholderText(_("20:30"))
        self.closing.setMaximumWidth(80)
        for label, widget in (
            (_("Président de séance :"), self.session_president),
            (_("Secrétaire de séance :"), self.session_secretary),
            (_("Clôture :"), self.closing),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
        layout.addLayout(row)
        self.minutes_state = QLabel()
        layout.addWidget(self.minutes_state)
        self.minutes = QPlainTextEdit()
        layout.addWidget(self.minutes, 1)
        buttons, found = button_row(
            (_("Rédiger le brouillon"), self.draft_minutes),
            (_("Enregistrer"), self.save_minutes),
            (_("Approuver…"), self.approve_minutes),
            (_("Signé"), self.sign_minutes),
            (_("Procès-verbal (PDF)"), self.print_minutes),
            (_("Registre des PV (PDF)"), self.print_register),
        )
        self.sign_button = found[3]
        self.editing += [self.session_president, self.session_secretary, self.closing, *found[:3]]
        layout.addLayout(buttons)

    def _officers(self) -> meetings.Officers:
        return meetings.Officers(
            self.session_president.currentData(), self.session_secretary.currentData(), self.closing.text()
        )

    def draft_minutes(self) -> None:
        """Write the draft from what was recorded; text the secretary typed is replaced only if they agree."""
        if self.database is None or self.meeting_id is None:
            return
        draft = meetings.draft_minutes(self.database, self.meeting_id, self._officers())
        current = self.minutes.toPlainText()
        if current.strip() and current not in (draft, self.drafted):
            question = _(
                "Le procès-verbal contient un texte saisi ou modifié à la main. Le remplacer par un nouveau "
                "brouillon rédigé d’après les présences et les votes ? Le texte actuel sera perdu."
            )
            answer = QMessageBox.question(
                self, _("Rédiger le brouillon"), question, QMessageBox.Yes | QMessageBox.No, QMessageBox.No
            )
            if answer != QMessageBox.Yes:
                return
        self.minutes.setPlainText(draft)
        self.minutes.document().setModified(True)  # not saved yet: kept on screen until « Enregistrer »
        self.drafted = draft

    def save_minutes(self) -> bool:
        """The text and the séance's officers, saved together: a refusal changes neither."""
        if self.database is None or self.meeting_id is None:
            return False
        try:
            meetings.save_minutes(self.database, self.meeting_id, self.minutes.toPlainText(), self._officers())
        except CptsError as error:
            show_error(self, error.message)
            return False
        self.minutes.document().setModified(False)
        self.changed.emit()
        return True

    def approve_minutes(self) -> FormDialog | None:
        if self.database is None or self.meeting_id is None or not self.save_minutes():
            return None
        database, meeting_id = self.database, self.meeting_id
        held = meetings.get_meeting(database, meeting_id).summary.date_heure.date()
        day = QLineEdit(format_date_short(max(date.today(), held)))
        dialog = FormDialog(
            _("Approbation du procès-verbal"),
            [(_("Approuvé le :"), day)],
            lambda: meetings.approve_minutes(database, meeting_id, clean_date(day.text(), "Date")),
            self,
        )
        dialog.setMinimumWidth(380)  # room for the title
        dialog.accepted.connect(self.listed)
        dialog.open()
        return dialog

    def sign_minutes(self) -> None:
        if self.database is not None and self.meeting_id is not None:
            try:
                meetings.sign_minutes(self.database, self.meeting_id)
            except CptsError as error:
                show_error(self, error.message)
            self.changed.emit()

    def print_minutes(self) -> None:
        from cpts_desktop.pdf.meetings import minutes_pdf

        if self.database is not None and self.meeting_id is not None:
            database, meeting_id = self.database, self.meeting_id
            preview_document(
                self,
                f"proces-verbal-{meeting_id}.pdf",
                lambda p: minutes_pdf(documents.meeting_papers(database, meeting_id), p),
            )

    def print_register(self) -> None:
        from cpts_desktop.pdf.meetings import minutes_register_pdf

        if self.database is None or not self.meeting_ids:
            return
        database, ids = self.database, list(self.meeting_ids)
        preview_document(
            self,
            "registre-des-proces-verbaux.pdf",
            lambda p: minutes_register_pdf([documents.meeting_papers(database, i) for i in ids], p),
        )

    def show_meeting(self, detail: meetings.MeetingDetail, everyone: list[meetings.Recipient]) -> None:
        """The saved PV and officers, except what the user is editing on the same meeting (another tab's
        action re-reads the meeting; it must not wipe a text being typed)."""
        convened = [r for r in everyone if r.included]
        same = self.shown_id == detail.summary.id
        if not same:
            self.drafted = None
        for combo, saved in (
            (self.session_president, detail.president_seance_id),
            (self.session_secretary, detail.secretaire_seance_id),
        ):
            chosen = combo.currentData() if same else saved
            combo.clear()
            combo.addItem(_("(à choisir)"), None)
            for r in convened:
                combo.addItem(r.name, r.member_id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
        if not same or not self.closing.isModified():
            self.closing.setText(detail.heure_cloture or "")
        if not same or not self.minutes.document().isModified() or detail.locked:
            self.minutes.setPlainText(detail.pv_texte or "")
        self.shown_id = detail.summary.id
        approved = f" le {format_date(detail.pv_approuve_le)}" if detail.pv_approuve_le else ""
        self.minutes_state.setText(
            _("Procès-verbal : {state}{approved}").format(state=detail.pv_statut.label.lower(), approved=approved)
        )

    def lock(self, detail: meetings.MeetingDetail) -> None:
        super().lock(detail)
        self.minutes.setReadOnly(detail.locked)
        self.sign_button.setEnabled(detail.pv_statut is MinutesStatus.APPROVED)
