"""The compte rendu financier of one grant: the treasurer writes the bilan qualitatif and the annexe, adds
the other resources, indirect charges and contributions volontaires of the action, then prints the form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.cerfa import ResourceKind
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, format_money
from cpts_desktop.services import financial_reports, grants
from cpts_desktop.services.financial_reports import ExtraLine, ReportInput
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.finance.fields import confirm, enum_combo, money_field, read_amount, read_enum
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.styles import ERROR_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, labelled, selected, tab_widget, table

TEXT_FIELDS = (
    ("bilan_actions", _("Mise en œuvre de l’action : ce qui a été réalisé, les dates et la durée")),
    ("bilan_public", _("Public bénéficiaire (nombre approximatif de personnes) et territoire")),
    ("bilan_indicateurs", _("Indicateurs et méthodes d’évaluation utilisés, résultats obtenus")),
    ("annexe_ecarts", _("Explication des écarts entre le prévisionnel et le réalisé")),
    ("annexe_charges_indirectes", _("Règles de répartition des charges indirectes affectées à l’action")),
)
LINE_COLUMNS = [
    (_("Nature"), lambda x: x.kind.label),
    (_("Libellé"), lambda x: x.libelle),
    (_("Prévu"), lambda x: format_money(x.prevu) if x.prevu is not None else "—"),
    (_("Réalisé"), lambda x: format_money(x.realise)),
]


class FinancialReportDialog(QDialog):
    """Opened from the grants tab; saving keeps the dialog open so the treasurer can print at once."""

    def __init__(self, database: Database, row: grants.GrantRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.row = database, row
        self.setWindowTitle(_("Compte rendu financier – {label}").format(label=row.label))
        self.resize(820, 600)
        layout = QVBoxLayout(self)
        self.year = QComboBox()
        for year in financial_reports.report_years(row):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(financial_reports.default_year(row)), 0))
        self.year.currentIndexChanged.connect(self.change_year)
        intro = QLabel(
            _(
                "Formulaire CERFA n° 15059*02. Les charges viennent des dépenses imputées et du budget de la "
                "subvention ; saisissez ici le bilan, l’annexe et les autres ressources de l’action."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(labelled(_("Exercice :"), self.year), 0, Qt.AlignLeft)
        self.tabs = tab_widget()
        self.texts: dict[str, QPlainTextEdit] = {}
        self.tabs.addTab(self._texts_page(TEXT_FIELDS[:3]), _("1. Bilan qualitatif"))
        self.tabs.addTab(self._lines_page(), _("2. Autres ressources et charges"))
        self.tabs.addTab(self._texts_page(TEXT_FIELDS[3:]), _("3. Annexe"))
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addLayout(
            buttons(
                (_("Enregistrer"), self.save),
                (_("Enregistrer et voir le PDF…"), self.save_and_print),
                (_("Fermer"), self.reject),
            )
        )
        self.current: ReportInput | None = None
        self.kept: tuple = ()
        self.load()

    # ---------------------------------------------------------------- pages
    def _texts_page(self, fields: tuple[tuple[str, str], ...]) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        for name, label in fields:
            caption = QLabel(label)
            caption.setWordWrap(True)
            edit = QPlainTextEdit()
            column.addWidget(caption)
            column.addWidget(edit, 1)
            self.texts[name] = edit
        return page

    def _lines_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        note = QLabel(
            _(
                "Cette subvention figure déjà en 74. Ajoutez les autres ressources (cotisations 756, autres "
                "subventions, ventes…), les charges indirectes et les contributions volontaires en nature "
                "(comptées en 86 et en 87). L’écart entre charges et produits est équilibré automatiquement."
            )
        )
        note.setWordWrap(True)
        column.addWidget(note)
        column.addLayout(buttons((_("Ajouter une ligne…"), self.add_line), (_("Retirer la ligne"), self.remove_line)))
        self.model = RowsModel(LINE_COLUMNS, numeric=(2, 3))
        self.view = table(self.model, stretch=1)
        column.addWidget(self.view, 1)
        return page

    # ---------------------------------------------------------------- data
    def load(self) -> None:
        self.current = financial_reports.report_input(self.database, self.row.id, self.year.currentData())
        for name, edit in self.texts.items():
            edit.setPlainText(getattr(self.current, name))
        self.model.set_rows(list(self.current.lines))
        self.kept = self._state()
        self.status.setText(
            _("Brouillon repris des actions du projet de santé financées par cette subvention.")
            if self.current.version == 0
            else ""
        )

    def change_year(self) -> None:
        """Another exercice is another report: an unsaved edit is not dropped without a question."""
        if self._state() != self.kept and not confirm(self, _("Changer d’exercice sans enregistrer le compte rendu ?")):
            self.year.blockSignals(True)
            self.year.setCurrentIndex(self.year.findData(self.current.annee))
            self.year.blockSignals(False)
            return
        self.load()

    def _gathered(self) -> ReportInput:
        data = self.current
        for name, edit in self.texts.items():
            setattr(data, name, edit.toPlainText())
        data.lines = list(self.model.rows)
        return data

    def save(self) -> bool:
        try:
            self.current.version = financial_reports.save_report_input(self.database, self._gathered())
        except CptsError as error:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(error.message)
            return False
        self.status.setStyleSheet("")
        self.status.setText(_("Compte rendu enregistré."))
        self.kept = self._state()
        return True

    def _state(self) -> tuple:
        """What the screen holds, to tell whether closing would lose an edit."""
        return tuple(e.toPlainText() for e in self.texts.values()), tuple(id(x) for x in self.model.rows)

    def reject(self) -> None:
        """« Fermer » or Échap: an unsaved bilan is not lost without a question."""
        if self._state() != self.kept and not confirm(self, _("Fermer sans enregistrer le compte rendu ?")):
            return
        super().reject()

    def save_and_print(self) -> None:
        from cpts_desktop.pdf.grants import financial_report_pdf

        if not self.save():
            return
        grant_id, year = self.row.id, self.year.currentData()
        preview_document(
            self,
            f"compte-rendu-financier-{grant_id}-{year}.pdf",
            lambda path: financial_report_pdf(financial_reports.financial_report(self.database, grant_id, year), path),
        )

    def add_line(self) -> None:
        kind, label, planned, actual = enum_combo(ResourceKind), QLineEdit(), money_field(), money_field()

        def add() -> ExtraLine:
            line = ExtraLine(
                read_enum(kind, ResourceKind),
                label.text(),
                read_amount(planned, _("Montant prévu"), optional=True),
                read_amount(actual, _("Montant réalisé")),
            )
            self.model.set_rows([*self.model.rows, line])
            return line

        dialog = FormDialog(
            _("Ligne du compte rendu"),
            [(_("Nature :"), kind), (_("Libellé :"), label), (_("Prévu (facultatif) :"), planned),
             (_("Réalisé :"), actual)],
            add,
            self,
        )  # fmt: skip
        dialog.setMinimumWidth(480)
        dialog.open()

    def remove_line(self) -> None:
        line = selected(self.view, self.model)
        if line is not None:
            self.model.set_rows([x for x in self.model.rows if x is not line])
