"""Statuts: the versions of the statuts and the règlement intérieur, from draft to adoption and
declaration in préfecture."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from cpts_desktop.domain.enums import BoardRole, StatutesKind, StatutesStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date, format_date_short
from cpts_desktop.services import declarations, statutes
from cpts_desktop.services.association import letterhead, signatories
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.governance.tab import GovernanceTab
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.statutes_editor import ComparisonDialog, StatutesEditor
from cpts_desktop.ui.styles import WARNING_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table


class StatutesTab(GovernanceTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.reminders = QLabel()
        self.reminders.setStyleSheet(WARNING_STYLE)
        self.reminders.setWordWrap(True)
        layout.addWidget(self.reminders)
        self.versions = RowsModel(
            [
                (_("Document"), lambda v: v.kind.label),
                (_("Version"), lambda v: v.numero),
                (_("État"), lambda v: v.statut.label),
                (_("Adoption"), lambda v: format_date(v.date_adoption) if v.date_adoption else ""),
                (_("Déclaration"), lambda v: format_date(v.date_declaration) if v.date_declaration else ""),
            ],
            numeric=(1,),
        )
        self.versions_view = table(self.versions, stretch=4)
        layout.addWidget(self.versions_view, 1)
        self.kind = QComboBox()
        for kind in StatutesKind:
            self.kind.addItem(kind.label, kind)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Pour :")))
        row.addWidget(self.kind)
        row.addLayout(
            buttons((_("Partir du modèle"), self.start_from_template), (_("Nouveau projet"), self.new_draft)), 1
        )
        layout.addLayout(row)
        layout.addLayout(
            buttons(
                (_("Modifier le projet…"), self.edit_selected),
                (_("Comparer à la version précédente"), self.compare_selected),
                (_("Adopter…"), self.adopt_selected),
                (_("Déclarer en préfecture…"), self.declare_selected),
                (_("Imprimer (PDF)"), self.print_selected),
            )
        )

    def selected_version(self) -> statutes.VersionSummary | None:
        version = selected(self.versions_view, self.versions)
        if not isinstance(version, statutes.VersionSummary):
            show_error(self, _("Choisissez une version dans la liste."))
            return None
        return version

    def select_version(self, version_id: int) -> None:
        for index, row in enumerate(self.versions.rows):
            if row.id == version_id:
                self.versions_view.selectRow(index)

    def start_from_template(self) -> None:
        self._act(lambda db: statutes.create_from_template(db, enum_data(self.kind, StatutesKind)))

    def new_draft(self) -> None:
        self._act(lambda db: statutes.new_draft(db, enum_data(self.kind, StatutesKind)))

    def _act(self, action: Callable[[Database], int]) -> int | None:
        """Create a version and select it; a refusal is explained."""
        if self.database is None:
            return None
        try:
            result = action(self.database)
        except CptsError as error:
            show_error(self, error.message)
            return None
        self.after_change()
        self.select_version(result)
        return result

    def edit_selected(self) -> StatutesEditor | None:
        version = self.selected_version()
        if version is None or self.database is None:
            return None
        if version.statut is not StatutesStatus.DRAFT:
            show_error(self, _("Une version adoptée ne se modifie plus : créez un nouveau projet à partir d’elle."))
            return None
        editor = StatutesEditor(self.database, version.id, self)
        editor.saved.connect(self.after_change)
        editor.open()
        return editor

    def compare_selected(self) -> ComparisonDialog | None:
        version = self.selected_version()
        if version is None or self.database is None:
            return None
        previous = [v for v in self.versions.rows if v.kind is version.kind and v.numero < version.numero]
        if not previous:
            show_error(self, _("Cette version n’a pas de version précédente."))
            return None
        before = previous[-1]
        changes = statutes.compare_versions(self.database, before.id, version.id)
        title = _("{kind} : version {old} → version {new}").format(
            kind=version.kind.label, old=before.numero, new=version.numero
        )
        dialog = ComparisonDialog(title, changes, self)
        dialog.open()
        return dialog

    def _ask_date(self, title: str, action: Callable[[Database, int, date], object]) -> FormDialog | None:
        version = self.selected_version()
        if version is None or self.database is None:
            return None
        database = self.database
        day = QLineEdit(format_date_short(date.today()))
        dialog = FormDialog(
            title, [(_("Date :"), day)], lambda: action(database, version.id, clean_date(day.text(), "Date")), self
        )
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def adopt_selected(self) -> FormDialog | None:
        return self._ask_date(_("Date de l’assemblée générale qui adopte cette version"), statutes.adopt)

    def declare_selected(self) -> FormDialog | None:
        return self._ask_date(_("Date de la déclaration en préfecture"), statutes.declare)

    def print_selected(self) -> None:
        from cpts_desktop.pdf.governance import statutes_pdf

        version = self.selected_version()
        if version is None or self.database is None:
            return
        database = self.database
        president, secretary = signatories(database, BoardRole.PRESIDENT, BoardRole.SECRETARY)
        preview_document(
            self,
            f"{version.kind.value}-version-{version.numero}.pdf",
            lambda p: statutes_pdf(
                letterhead(database), version, statutes.rendered_articles(database, version.id), president, secretary, p
            ),
        )

    def reload(self) -> None:
        database = self.database
        if database is None:
            self.versions.set_rows([])
            return
        self.versions.set_rows(statutes.list_versions(database))
        today = date.today()
        reminders = declarations.reminders(database)
        lines = ["⚠ " + declarations.reminder_text(r, today) for r in reminders]
        if reminders:
            lines.append(_("Les papiers à déposer s’impriment dans l’onglet « Déclarations »."))
        self.reminders.setText("\n".join(lines))
        self.reminders.setVisible(bool(reminders))
