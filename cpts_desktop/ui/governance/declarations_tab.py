"""Déclarations: the changes to declare at the préfecture, their deadline (in red once passed), the
dossier to file, the filing date and the récépissé with its scanned copy, and the registre spécial."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.declarations import ChangeSubject, DeclarationStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date_short
from cpts_desktop.services import declarations
from cpts_desktop.services.association import letterhead
from cpts_desktop.services.declarations import DeclarationRow
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.governance.tab import GovernanceTab, optional_date
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_COLOUR, WARNING_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table

LATE = QColor(ERROR_COLOUR)
SCANS = _("Récépissé numérisé (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)")


def _state(row: DeclarationRow) -> str:
    if row.recepisse_date:
        return _("récépissé n° {number} du {day}").format(
            number=row.recepisse_numero, day=format_date_short(row.recepisse_date)
        )
    if row.date_depot:
        return _("déposée le {day}").format(day=format_date_short(row.date_depot))
    return _("en retard") if row.late(date.today()) else _("à déposer")


def _changes(row: DeclarationRow) -> str:
    """« Conseil d’administration du 11 novembre 2026 : Entrée : … » (the tooltip shows it whole)."""
    changes = " ; ".join(f"{c.libelle} : {c.nouveau}" if c.nouveau else c.libelle for c in row.changes)
    return f"{row.instance} : {changes}" if row.instance else changes


class DeclarationsModel(RowsModel):
    """The declarations, a late one in red."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> object:
        if role == Qt.ForegroundRole and index.isValid() and self.rows[index.row()].late(date.today()):
            return LATE
        return super().data(index, role)


class DeclarationsTab(GovernanceTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.reminders = QLabel()
        self.reminders.setStyleSheet(WARNING_STYLE)
        self.reminders.setWordWrap(True)
        layout.addWidget(self.reminders)
        self.declarations = DeclarationsModel(
            [
                (_("CERFA"), lambda d: d.formulaire.value),
                (_("Objet"), lambda d: d.subjects),
                (_("Décidée le"), lambda d: format_date_short(d.date_decision)),
                (_("Changements"), _changes),
                (_("À déposer avant le"), lambda d: format_date_short(d.date_limite)),
                (_("État"), _state),
            ]
        )
        self.view = table(self.declarations, stretch=3)
        layout.addWidget(self.view, 1)
        self.empty = QLabel(
            _(
                "Aucune déclaration en préfecture : une élection qui change le conseil, l’adoption de statuts "
                "ou un nouveau titre ou siège en ouvrent une, à déposer dans les trois mois."
            )
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        layout.addLayout(
            buttons(
                (_("Nouvelle déclaration…"), self.new_declaration),
                (_("Dossier à déposer (PDF)"), self.print_selected),
                (_("Date de la décision…"), self.decision_selected),
                (_("Déposée le…"), self.file_selected),
                (_("Récépissé…"), self.receipt_selected),
                (_("Récépissé numérisé…"), self.save_scan),
                (_("Supprimer…"), self.delete_selected),
                (_("Registre spécial (PDF)"), self.print_register),
            )
        )

    def selected_declaration(self) -> DeclarationRow | None:
        row = selected(self.view, self.declarations)
        if not isinstance(row, DeclarationRow):
            show_error(self, _("Choisissez une déclaration dans la liste."))
            return None
        return row

    def new_declaration(self) -> FormDialog | None:
        """A change the application does not see decided: adresse de gestion, dissolution, objet…"""
        if self.database is None:
            return None
        database = self.database
        subject = QComboBox()
        for value in ChangeSubject:
            if value is not ChangeSubject.DIRECTORS:
                subject.addItem(value.label, value)
        day, former, new = QLineEdit(format_date_short(date.today())), QLineEdit(), QLineEdit()
        dialog = FormDialog(
            _("Nouvelle déclaration en préfecture"),
            [
                (_("Changement :"), subject),
                (_("Décidé le :"), day),
                (_("Ancienne rédaction :"), former),
                (_("Nouvelle rédaction :"), new),
            ],
            lambda: declarations.record_change(
                database,
                enum_data(subject, ChangeSubject),
                clean_date(day.text(), "Date de la décision"),
                former.text(),
                new.text(),
            ),
            self,
        )
        dialog.setMinimumWidth(560)
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def print_selected(self) -> None:
        from cpts_desktop.pdf.declarations import dossier_pdf

        row = self.selected_declaration()
        if row is None or self.database is None:
            return
        database = self.database
        name = f"declaration-{row.date_decision.isoformat()}-cerfa-{row.formulaire.value}.pdf"
        preview_document(self, name, lambda p: dossier_pdf(declarations.papers(database, row.id), p))

    def decision_selected(self) -> FormDialog | None:
        """A title or siège typed today may have been voted earlier: the deadline follows the real date."""
        return self._ask_date(
            _("Date de la décision"), _("Décidée le :"), "Date de la décision", declarations.set_decision
        )

    def file_selected(self) -> FormDialog | None:
        return self._ask_date(
            _("Déclaration déposée à la préfecture"), _("Déposée le :"), "Date de dépôt", declarations.file_declaration
        )

    def _ask_date(
        self, title: str, label: str, field: str, action: Callable[[Database, int, date, int], None]
    ) -> FormDialog | None:
        """A date for the selected declaration, its current one (else today) proposed."""
        row = self.selected_declaration()
        if row is None or self.database is None:
            return None
        database = self.database
        current = row.date_decision if action is declarations.set_decision else row.date_depot
        day = QLineEdit(format_date_short(current or date.today()))
        dialog = FormDialog(
            title, [(label, day)], lambda: action(database, row.id, clean_date(day.text(), field), row.version), self
        )
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def receipt_selected(self) -> FormDialog | None:
        row = self.selected_declaration()
        if row is None or self.database is None:
            return None
        database = self.database
        number = QLineEdit(row.recepisse_numero)
        number.setPlaceholderText(_("numéro porté sur le récépissé"))
        day = QLineEdit(format_date_short(row.recepisse_date or date.today()))
        scan = QLineEdit()
        scan.setPlaceholderText(_("facultatif : PDF ou image du récépissé"))
        choose = QPushButton(_("Choisir…"))
        on(choose.clicked, lambda: self._choose_scan(scan))
        scan_row = QWidget()
        line = QHBoxLayout(scan_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(scan, 1)
        line.addWidget(choose)

        def save() -> None:
            received = optional_date(day.text(), "Date du récépissé") or date.today()
            path = Path(scan.text().strip()) if scan.text().strip() else None
            declarations.record_receipt(database, row.id, number.text(), received, path, row.version)

        dialog = FormDialog(
            _("Récépissé de la préfecture"),
            [(_("Numéro :"), number), (_("Date :"), day), (_("Copie numérisée :"), scan_row)],
            save,
            self,
        )
        dialog.setMinimumWidth(520)
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def _choose_scan(self, field: QLineEdit) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Récépissé numérisé"), "", SCANS)
        if path:
            field.setText(path)

    def save_scan(self) -> None:
        """The scanned récépissé kept in the base, written where the user wants it."""
        row = self.selected_declaration()
        if row is None or self.database is None:
            return
        try:
            name, _content = declarations.scan(self.database, row.id)
        except CptsError as error:
            show_error(self, error.message)
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Enregistrer le récépissé numérisé"), name)
        if not path:
            return
        try:
            declarations.save_scan(self.database, row.id, Path(path))
        except CptsError as error:
            show_error(self, error.message)

    def delete_selected(self) -> None:
        row = self.selected_declaration()
        if row is None or self.database is None:
            return
        question = _(
            "Supprimer cette déclaration ({subjects}, décision du {day}) ? À faire seulement si elle n’a pas "
            "lieu d’être (correction d’une faute de frappe, changement déjà déclaré)."
        ).format(subjects=row.subjects.lower(), day=format_date_short(row.date_decision))
        answer = QMessageBox.question(self, _("Supprimer la déclaration"), question)
        if answer != QMessageBox.Yes:
            return
        try:
            declarations.delete_declaration(self.database, row.id)
        except CptsError as error:
            show_error(self, error.message)
            return
        self.after_change()

    def print_register(self) -> None:
        from cpts_desktop.pdf.declarations import register_pdf

        if self.database is not None:
            database = self.database
            preview_document(
                self,
                "registre-special.pdf",
                lambda p: register_pdf(letterhead(database), declarations.register(database), p),
            )

    def reload(self) -> None:
        database = self.database
        rows = declarations.list_declarations(database) if database is not None else []
        self.declarations.set_rows(rows)
        self.empty.setVisible(not rows)
        today = date.today()
        due = sorted((r for r in rows if r.status is DeclarationStatus.TO_FILE), key=lambda r: r.date_limite)
        self.reminders.setText("\n".join("⚠ " + declarations.reminder_text(r, today) for r in due))
        self.reminders.setVisible(bool(due))
