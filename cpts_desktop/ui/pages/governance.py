"""Statuts & conseil: identity of the association, territory, collèges, board and statutes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import BoardRole, Civility, StatutesKind, StatutesStatus
from cpts_desktop.domain.errors import CptsError, InvalidFields, ValidationError
from cpts_desktop.domain.validators import clean_date
from cpts_desktop.i18n import _, format_date, format_date_short, format_number, plural
from cpts_desktop.pdf.governance import board_pdf, officers_pdf, statutes_pdf
from cpts_desktop.services import board, statutes, territory
from cpts_desktop.services.association import (
    PROFILE_FIELDS,
    association_profile,
    letterhead,
    signatories,
    update_association,
)
from cpts_desktop.services.members import list_rows
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.statutes_editor import ComparisonDialog, StatutesEditor
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, tab_widget, table

ERROR_STYLE = "color: #a61b1b;"
TO_COMPLETE = _("à compléter")
WARNING_STYLE = "color: #8a4b00;"


def _date(text: str, label: str) -> date | None:
    return clean_date(text, label) if text.strip() else None


def _declaration_state(mandate: board.MandateRow) -> str:
    """« à compléter : domicile, nationalité » until the préfecture's liste des dirigeants can be printed."""
    return _("à compléter : {fields}").format(fields=", ".join(mandate.missing)) if mandate.missing else _("complète")


class GovernancePage(Page):
    title = sections.GOVERNANCE
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.tabs = tab_widget()
        self.tabs.addTab(self._identity_tab(), _("Association"))
        self.tabs.addTab(self._territory_tab(), _("Territoire"))
        self.tabs.addTab(self._colleges_tab(), _("Collèges"))
        self.tabs.addTab(self._board_tab(), _("Conseil et bureau"))
        self.tabs.addTab(self._statutes_tab(), _("Statuts"))
        self.layout_.addWidget(self.tabs, 1)

    # ================= identity
    def _identity_tab(self) -> QWidget:
        """The identity form scrolls; its « Enregistrer » stays below it, on screen whatever messages show."""
        page = QWidget()
        form = QFormLayout(page)
        self.identity: dict[str, QWidget] = {}
        self.identity_errors: dict[str, QLabel] = {}
        for name, (label, _cleaner) in PROFILE_FIELDS.items():
            widget = QPlainTextEdit() if name == "objet" else QLineEdit()
            if name == "objet":
                widget.setFixedHeight(60)
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            if name == "logo_path":
                row = QHBoxLayout()
                row.addWidget(widget, 1)
                choose = QPushButton(_("Choisir…"))
                on(choose.clicked, self.choose_logo)
                row.addWidget(choose)
                column.addLayout(row)
            else:
                column.addWidget(widget)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            column.addWidget(error)
            form.addRow(label + " :", box)
            self.identity[name] = widget
            self.identity_errors[name] = error
        self.identity_version: int | None = None
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(page)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(scroll, 1)
        save = QPushButton(_("Enregistrer l’identité"))
        on(save.clicked, self.save_identity)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(save)
        column.addLayout(row)
        return tab

    def show_identity(self) -> None:
        """Open the identity form on its first field (the dashboard's first step)."""
        self.tabs.setCurrentIndex(0)
        self.identity["nom"].setFocus()

    def show_territory(self) -> None:
        self.tabs.setCurrentIndex(1)

    def _identity_values(self) -> dict[str, str]:
        return {
            name: widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            for name, widget in self.identity.items()
        }

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Logo de l’association"), str(Path.home()), _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.identity["logo_path"].setText(path)

    def save_identity(self) -> bool:
        if self.database is None:
            return False
        for label in self.identity_errors.values():
            label.hide()
        try:
            profile = update_association(self.database, self._identity_values(), self.identity_version)
        except InvalidFields as invalid:
            for name, message in invalid.by_field().items():
                self.identity_errors[name].setText(message)
                self.identity_errors[name].show()
            return False
        except CptsError as error:
            show_error(self, error.message)
            return False
        self.identity_version = profile.version
        self.changed.emit()
        return True

    # ================= territory
    def _territory_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.tier_label = QLabel()
        self.tier_label.setWordWrap(True)
        layout.addWidget(self.tier_label)
        self.communes = RowsModel(
            [
                (_("Code INSEE"), lambda c: c.code_insee),
                (_("Commune"), lambda c: c.nom),
                (_("Codes postaux"), lambda c: c.codes_postaux),
                (_("Population"), lambda c: format_number(c.population)),
                (_("Adhérents"), lambda c: c.members),
            ],
            numeric=(3, 4),
        )
        self.communes_view = table(self.communes)
        layout.addWidget(self.communes_view, 1)
        layout.addLayout(
            buttons(
                (_("Ajouter…"), lambda: self.edit_commune(None)),
                (_("Modifier…"), lambda: self.edit_commune(selected(self.communes_view, self.communes))),
                (_("Retirer"), self.remove_commune),
                (_("Importer un CSV…"), self.import_communes),
            )
        )
        return page

    def edit_commune(self, commune: territory.CommuneRow | None) -> FormDialog | None:
        if self.database is None:
            return None
        database = self.database
        code, nom, postal, population = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        if commune is not None:
            code.setText(commune.code_insee)
            nom.setText(commune.nom)
            postal.setText(commune.codes_postaux)
            population.setText(str(commune.population))
        dialog = FormDialog(
            _("Commune du territoire"),
            [
                (_("Code INSEE :"), code),
                (_("Nom :"), nom),
                (_("Codes postaux :"), postal),
                (_("Population :"), population),
            ],
            lambda: territory.save_commune(
                database, code.text(), nom.text(), population.text(), postal.text(), commune.id if commune else None
            ),
            self,
        )
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def remove_commune(self) -> None:
        commune = selected(self.communes_view, self.communes)
        if commune is not None and self.database is not None:
            territory.remove_commune(self.database, commune.id)
            self.after_change()

    def import_communes(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Communes du territoire"), str(Path.home()), _("CSV (*.csv *.txt)")
        )
        if path and self.database is not None:
            try:
                report = territory.import_communes(self.database, Path(path))
            except CptsError as error:
                show_error(self, error.message)
                return
            self.after_change()
            if report.rejected:
                show_error(
                    self,
                    "\n".join(_("Ligne {row} : {reason}").format(row=r, reason=m) for r, m in report.rejected),
                    _("Lignes refusées"),
                )

    @staticmethod
    def _tier_text(land: territory.Territory) -> str:
        """The ACI size once there is a population to measure; before, what to do."""
        if not land.communes:
            return _(
                "Aucune commune pour l’instant : ajoutez les communes du territoire une à une («\u00a0Ajouter…\u00a0») "
                "ou d’un fichier CSV («\u00a0Importer un CSV…\u00a0») ; leur population donne la taille ACI de la CPTS."
            )
        return _("{communes}, {population} : CPTS de taille {tier} ({bounds}).").format(
            communes=plural(len(land.communes), _("{count} commune"), _("{count} communes")),
            population=plural(land.population, _("{count} habitant"), _("{count} habitants")),
            tier=land.tier.number,
            bounds=land.tier.bounds,
        )

    # ================= collèges
    def _colleges_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.colleges = RowsModel(
            [
                (_("Collège"), lambda c: c.nom),
                (_("Sièges au conseil"), lambda c: c.sieges_ca),
                (_("Administrateurs en fonction"), lambda c: c.administrators),
                (_("Adhérents actifs"), lambda c: c.members),
                (_("Description"), lambda c: c.description),
            ],
            numeric=(1, 2, 3),
        )
        self.colleges_view = table(self.colleges, stretch=4)
        layout.addWidget(self.colleges_view, 1)
        layout.addLayout(
            buttons(
                (_("Ajouter…"), lambda: self.edit_college(None)),
                (_("Modifier…"), lambda: self.edit_college(selected(self.colleges_view, self.colleges))),
                (_("Supprimer"), self.remove_college),
            )
        )
        return page

    def edit_college(self, college: board.CollegeRow | None) -> FormDialog | None:
        if self.database is None:
            return None
        database = self.database
        nom, seats, description = QLineEdit(), QSpinBox(), QLineEdit()
        seats.setRange(0, 50)
        if college is not None:
            nom.setText(college.nom)
            seats.setValue(college.sieges_ca)
            description.setText(college.description)
        dialog = FormDialog(
            _("Collège"),
            [(_("Nom :"), nom), (_("Sièges au conseil :"), seats), (_("Description :"), description)],
            lambda: board.save_college(
                database, nom.text(), seats.value(), description.text(), college.id if college else None
            ),
            self,
        )
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def remove_college(self) -> None:
        college = selected(self.colleges_view, self.colleges)
        if college is not None and self.database is not None:
            try:
                board.remove_college(self.database, college.id)
            except CptsError as error:
                show_error(self, error.message)
                return
            self.after_change()

    # ================= board
    def _board_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
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
        return page

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
            first = _date(start.text(), "Début du mandat")
            if first is None:
                raise ValidationError("date_debut", "Début du mandat : obligatoire.")
            return board.add_mandate(
                database,
                member.currentData(),
                enum_data(role, BoardRole),
                first,
                _date(end.text(), "Fin du mandat"),
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
        if mandate is None or self.database is None:
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
        rows = [(where, adresse), (_("Code postal :"), code_postal), (_("Commune :"), commune)]
        rows.append((_("Nationalité :"), nationalite))
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
        if mandate is None or self.database is None:
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
        if self.database is not None:
            database = self.database
            (president,) = signatories(database, BoardRole.PRESIDENT)
            preview_document(
                self,
                "liste-des-dirigeants.pdf",
                lambda p: officers_pdf(letterhead(database), board.current_board(database), president, p),
            )

    def print_board(self) -> None:
        if self.database is not None:
            database = self.database
            preview_document(
                self,
                "composition-du-conseil.pdf",
                lambda p: board_pdf(letterhead(database), board.current_board(database), board.colleges(database), p),
            )

    # ================= statutes
    def _statutes_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
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
        return page

    def selected_version(self) -> statutes.VersionSummary | None:
        version = selected(self.versions_view, self.versions)
        if version is None:
            show_error(self, _("Choisissez une version dans la liste."))
        return version

    def select_version(self, version_id: int) -> None:
        for index, row in enumerate(self.versions.rows):
            if row.id == version_id:
                self.versions_view.selectRow(index)

    def start_from_template(self) -> None:
        self._act(lambda db: statutes.create_from_template(db, enum_data(self.kind, StatutesKind)))

    def new_draft(self) -> None:
        self._act(lambda db: statutes.new_draft(db, enum_data(self.kind, StatutesKind)))

    def _act(self, action) -> object:  # noqa: ANN001 - a service call on the database
        if self.database is None:
            return None
        try:
            result = action(self.database)
        except CptsError as error:
            show_error(self, error.message)
            return None
        self.after_change()
        if isinstance(result, int):
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

    def _ask_date(self, title: str, action) -> FormDialog | None:  # noqa: ANN001
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

    # ================= data
    def after_change(self) -> None:
        """Re-read this page, and tell the window so that the dashboard shows the new state too."""
        self.reload()
        self.changed.emit()

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.setEnabled(database is not None)
        self.reload()

    def reload(self) -> None:
        database = self.database
        if database is None:
            for model in (self.communes, self.colleges, self.mandates, self.versions):
                model.set_rows([])
            return
        profile = association_profile(database)
        self.identity_version = profile.version
        for name, widget in self.identity.items():
            value = profile.values.get(name)
            text = format_date_short(value) if isinstance(value, date) else ("" if value is None else str(value))
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
            else:
                widget.setText(text)
        land = territory.territory(database)
        self.communes.set_rows(land.communes)
        self.tier_label.setText(self._tier_text(land))
        self.colleges.set_rows(board.colleges(database))
        self.mandates.set_rows(
            board.mandate_history(database) if self.history.isChecked() else board.current_board(database)
        )
        warnings = board.board_warnings(database)
        self.warnings.setText("\n".join("⚠ " + w for w in warnings))
        self.warnings.setVisible(bool(warnings))
        self.versions.set_rows(statutes.list_versions(database))
        reminders = statutes.declaration_reminders(database)
        self.reminders.setText(
            "\n".join(
                _(
                    "⚠ Statuts adoptés le {adopted} (version {number}) : à déclarer en préfecture "
                    "avant le {deadline} ({days} jours restants)."
                ).format(
                    adopted=format_date(r.version.date_adoption),
                    number=r.version.numero,
                    deadline=format_date(r.deadline),
                    days=r.days_left,
                )
                for r in reminders
            )
        )
        self.reminders.setVisible(bool(reminders))
