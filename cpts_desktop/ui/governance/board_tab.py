"""Conseil et bureau: the mandates of the directors, what the préfecture needs of them, and the
board's documents."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from cpts_desktop.domain.enums import BoardRole, Civility
from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date_short
from cpts_desktop.services import board, statutes
from cpts_desktop.services.association import letterhead, signatories
from cpts_desktop.services.members import list_rows
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.governance.tab import GovernanceTab, optional_date
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import WARNING_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table

TO_COMPLETE = _("à compléter")


def _declaration_state(mandate: board.MandateRow) -> str:
    """« à compléter : domicile, nationalité » until the préfecture's liste des dirigeants can be printed."""
    return _("à compléter : {fields}").format(fields=", ".join(mandate.missing)) if mandate.missing else _("complète")


class BoardTab(GovernanceTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.warnings = QLabel()
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setWordWrap(True)
        layout.addWidget(self.warnings)
        self.history = QCheckBox(_("Afficher aussi les mandats terminés"))
        on(self.history.toggled, self.reload)
        layout.addWidget(self.history)
        self.mandates = RowsModel(
            [
                (_("Fonction"), lambda m: m.function),
                (_("Nom"), lambda m: m.name),
                (_("Collège"), lambda m: m.college),
                (_("Profession"), lambda m: m.profession or TO_COMPLETE),
                (_("Fin du mandat"), lambda m: format_date_short(m.date_fin) if m.date_fin else ""),
                (_("Pour la préfecture"), _declaration_state),
            ]
        )
        self.mandates_view = table(self.mandates, stretch=2)
        layout.addWidget(self.mandates_view, 1)
        layout.addLayout(
            buttons(
                (_("Nouveau mandat…"), self.new_mandate),
                (_("Modifier le mandat…"), self.edit_selected_mandate),
                (_("Terminer le mandat…"), self.end_selected_mandate),
                (_("Liste des dirigeants (PDF)"), self.print_officers),
                (_("Composition du conseil (PDF)"), self.print_board),
            )
        )

    def new_mandate(self) -> FormDialog | None:
        if self.database is None:
            return None
        database = self.database
        member, role, college, start, end = (
            QComboBox(),
            QComboBox(),
            QComboBox(),
            QLineEdit(format_date_short(date.today())),
            QLineEdit(),
        )
        for row in list_rows(database, date.today().year):
            if row.statut.value == "actif":
                member.addItem(" ".join(p for p in (row.nom, row.prenom) if p), row.id)
        for value in BoardRole:
            role.addItem(value.label, value)
        college.addItem(_("(celui de l’adhérent)"), None)
        for row in board.colleges(database):
            college.addItem(row.nom, row.id)
        parameters = statutes.governance_parameters(database)
        end.setPlaceholderText(
            _("jj/mm/aaaa (mandat de {years} ans selon les statuts)").format(years=parameters.duree_mandat_ans)
        )

        def save() -> int:
            first = optional_date(start.text(), "Début du mandat")
            if first is None:
                raise ValidationError("date_debut", "Début du mandat : obligatoire.")
            return board.add_mandate(
                database,
                member.currentData(),
                enum_data(role, BoardRole),
                first,
                optional_date(end.text(), "Fin du mandat"),
                college.currentData(),
            )

        dialog = FormDialog(
            _("Nouveau mandat"),
            [
                (_("Adhérent :"), member),
                (_("Fonction :"), role),
                (_("Collège :"), college),
                (_("Début :"), start),
                (_("Fin :"), end),
            ],
            save,
            self,
        )
        on(dialog.accepted, lambda: self._complete_new_mandate(dialog.result_value))
        dialog.open()
        return dialog

    def _complete_new_mandate(self, mandate_id: int) -> None:
        """A new director the préfecture's list would lack fields for: their form opens next."""
        self.after_change()
        row = next((i for i, m in enumerate(self.mandates.rows) if m.id == mandate_id), None)
        if row is not None and self.mandates.rows[row].missing:
            self.mandates_view.selectRow(row)
            self.edit_selected_mandate()

    def edit_selected_mandate(self) -> FormDialog | None:
        """What the préfecture asks of the selected director: domicile, nationalité, and for a structure
        the person who represents it."""
        mandate = selected(self.mandates_view, self.mandates)
        if not isinstance(mandate, board.MandateRow) or self.database is None:
            show_error(self, _("Choisissez un mandat dans la liste."))
            return None
        database, declaration = self.database, mandate.declaration
        adresse, code_postal, commune, nationalite = (
            QLineEdit(declaration.adresse),
            QLineEdit(declaration.code_postal),
            QLineEdit(declaration.commune),
            QLineEdit(declaration.nationalite),
        )
        nationalite.setPlaceholderText(_("française"))
        where = _("Adresse du siège :") if mandate.is_structure else _("Domicile :")
        rows: list[tuple[str, QWidget]] = [(where, adresse), (_("Code postal :"), code_postal)]
        rows += [(_("Commune :"), commune), (_("Nationalité :"), nationalite)]
        person = declaration.representative
        civilite, prenom, nom, fonction = QComboBox(), QLineEdit(person.prenom), QLineEdit(person.nom), QLineEdit()
        civilite.addItem("", None)
        for value in Civility:
            civilite.addItem(value.label, value)
        civilite.setCurrentIndex(max(civilite.findData(person.civilite), 0))
        fonction.setText(person.fonction)
        fonction.setPlaceholderText(_("directrice, président, gérant…"))
        if mandate.is_structure:
            rows += [
                (_("Représentée par :"), civilite),
                (_("Prénom :"), prenom),
                (_("Nom :"), nom),
                (_("Fonction dans la structure :"), fonction),
            ]

        def save() -> None:
            representative = board.Representative(civilite.currentData(), prenom.text(), nom.text(), fonction.text())
            board.save_declaration(
                database,
                mandate.id,
                mandate.version,
                mandate.member_version,
                board.Declaration(
                    adresse.text(), code_postal.text(), commune.text(), nationalite.text(), representative
                ),
            )

        title = _("Mandat de {name} – {role}").format(name=mandate.name, role=mandate.function)
        dialog = FormDialog(title, rows, save, self)
        dialog.setMinimumWidth(560)  # a whole address and a representative's function read without scrolling
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def end_selected_mandate(self) -> FormDialog | None:
        mandate = selected(self.mandates_view, self.mandates)
        if not isinstance(mandate, board.MandateRow) or self.database is None:
            show_error(self, _("Choisissez un mandat dans la liste."))
            return None
        database = self.database
        end = QLineEdit(format_date_short(date.today()))
        dialog = FormDialog(
            _("Fin du mandat de {name}").format(name=mandate.name),
            [(_("Date de fin :"), end)],
            lambda: board.end_mandate(database, mandate.id, clean_date(end.text(), "Date de fin")),
            self,
        )
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def print_officers(self) -> None:
        from cpts_desktop.pdf.governance import officers_pdf

        if self.database is not None:
            database = self.database
            (president,) = signatories(database, BoardRole.PRESIDENT)
            preview_document(
                self,
                "liste-des-dirigeants.pdf",
                lambda p: officers_pdf(letterhead(database), board.current_board(database), president, p),
            )

    def print_board(self) -> None:
        from cpts_desktop.pdf.governance import board_pdf

        if self.database is not None:
            database = self.database
            preview_document(
                self,
                "composition-du-conseil.pdf",
                lambda p: board_pdf(letterhead(database), board.current_board(database), board.colleges(database), p),
            )

    def reload(self) -> None:
        database = self.database
        if database is None:
            self.mandates.set_rows([])
            return
        self.mandates.set_rows(
            board.mandate_history(database) if self.history.isChecked() else board.current_board(database)
        )
        warnings = board.board_warnings(database)
        self.warnings.setText("\n".join("⚠ " + w for w in warnings))
        self.warnings.setVisible(bool(warnings))
