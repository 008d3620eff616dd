"""The import wizard: choose the file, check what each column will fill, import off the GUI thread
with a progress bar and a cancel button, then read the rejected rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, format_size, plural
from cpts_desktop.services.imports import (
    IMPORT_FIELDS,
    REJECTION_HEADERS,
    ImportAborted,
    ImportOptions,
    ImportReport,
    Preview,
    import_members,
    preview,
    write_rejections,
)
from cpts_desktop.services.spreadsheets import sheet_names
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.workers import Job, start

IGNORE = "__ignore__"


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Fichier à importer"))
        self.setSubTitle(
            _("Un classeur Excel (.xlsx) ou un fichier CSV, avec une ligne d’en-tête nommant les colonnes.")
        )
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.textChanged.connect(self.inspect)
        browse = QPushButton(_("Parcourir…"))
        on(browse.clicked, self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(_("Fichier :"), row)
        self.sheet = QComboBox()
        self.sheet.currentIndexChanged.connect(self.inspect)
        form.addRow(_("Feuille :"), self.sheet)
        self.duplicates = QComboBox()
        self.duplicates.addItem(_("compléter la fiche existante"), "update")
        self.duplicates.addItem(_("laisser la fiche existante telle quelle"), "skip")
        form.addRow(_("Adhérent déjà connu :"), self.duplicates)
        self.strict = QCheckBox(_("Ne rien importer si une ligne est refusée"))
        form.addRow("", self.strict)
        self.hidden = QCheckBox(_("Importer aussi les lignes et colonnes masquées"))
        on(self.hidden.toggled, self.inspect)
        form.addRow("", self.hidden)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form.addRow(self.message)

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Fichier d’adhérents"), str(Path.home()), _("Tableaux (*.xlsx *.csv *.txt);;Tous les fichiers (*)")
        )
        if path:
            self.path.setText(path)

    def inspect(self) -> None:
        self.owner.preview = None
        path = Path(self.path.text().strip())
        if not self.path.text().strip():
            self.message.setText("")
            self.completeChanged.emit()
            return
        if self.sender() is self.path:
            self.sheet.blockSignals(True)
            self.sheet.clear()
            names = sheet_names(path)
            if names:
                self.sheet.addItem(_("(la première qui contient un tableau)"), None)
            for name in names:
                self.sheet.addItem(name, name)
            self.sheet.setEnabled(self.sheet.count() > 1)
            self.sheet.blockSignals(False)
        try:
            self.owner.preview = preview(path, self.sheet.currentData(), self.hidden.isChecked())
        except CptsError as error:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(error.message)
        else:
            found = self.owner.preview
            self.message.setStyleSheet("")
            where = _("feuille « {name} », ").format(name=found.sheet) if found.sheet else ""
            found_text = _("{rows} ; {where}en-tête à la ligne {header}, {columns}.").format(
                rows=_rows_found(found, path),
                where=where,
                header=found.table.header_row,
                columns=plural(len(found.columns), _("{count} colonne reconnue"), _("{count} colonnes reconnues")),
            )
            self.message.setText("\n".join([found_text, *found.notes()]))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.owner.preview is not None


def _rows_found(found: Preview, path: Path) -> str:
    """« 51 lignes trouvées », or for a file too big to count beforehand its size and what the import does."""
    if found.whole:
        return plural(len(found.table.rows), _("{count} ligne trouvée"), _("{count} lignes trouvées"))
    return _("Fichier de {size} lu en flux pendant l’import (seules les lignes du territoire sont gardées)").format(
        size=format_size(path.stat().st_size)
    )


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Correspondance des colonnes"))
        self.setSubTitle(
            _("Vérifiez ce que chaque colonne du fichier va remplir ; « ignorer » laisse la colonne de côté.")
        )
        self.combos: dict[int, QComboBox] = {}
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.inner = QWidget()
        self.form = QFormLayout(self.inner)
        scroll.setWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        found: Preview = self.owner.preview
        for index, header in enumerate(found.table.headers):
            if not header:
                continue
            combo = QComboBox()
            combo.addItem(_("(ignorer)"), IGNORE)
            for name, label in IMPORT_FIELDS.items():
                combo.addItem(label, name)
            combo.setCurrentIndex(max(combo.findData(found.columns.get(index, IGNORE)), 0))
            self.combos[index] = combo
            self.form.addRow(f"« {header} » →", combo)

    def mapping(self) -> dict[int, str]:
        return {index: combo.currentData() for index, combo in self.combos.items() if combo.currentData() != IGNORE}


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Import"))
        self.done = False
        layout = QVBoxLayout(self)
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(_("Interrompre"))
        on(self.cancel_button.clicked, self.owner.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.rejections = RowsModel([(header, lambda r, i=i: r[i]) for i, header in enumerate(REJECTION_HEADERS)])
        self.table = QTableView()
        self.table.setModel(self.rejections)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.save_rejects = QPushButton(_("Enregistrer les lignes refusées…"))
        on(self.save_rejects.clicked, self.owner.choose_rejects_file)
        self.save_rejects.hide()
        layout.addWidget(self.save_rejects)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.done = False
        self.summary.setText(_("Import en cours…"))
        self.owner.start_import()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.done


def summary(report: ImportReport) -> str:
    """« 3 adhérents créés, 1 mis à jour… », in French plural, leaving out what did not happen."""
    parts = [
        plural(report.created, _("{count} adhérent créé"), _("{count} adhérents créés")),
        plural(report.updated, _("{count} mis à jour"), _("{count} mis à jour")) if report.updated else "",
        plural(report.unchanged, _("{count} inchangé"), _("{count} inchangés")) if report.unchanged else "",
        plural(report.skipped, _("{count} laissé tel quel"), _("{count} laissés tels quels")) if report.skipped else "",
    ]
    return ", ".join(part for part in parts if part) + "."


class ImportWizard(QWizard):
    imported = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.preview: Preview | None = None
        self.report: ImportReport | None = None
        self.job: Job | None = None
        self.setWindowTitle(_("Importer des adhérents"))
        self.resize(760, 560)
        self.setButtonText(QWizard.NextButton, _("Suivant >"))
        self.setButtonText(QWizard.BackButton, _("< Précédent"))
        self.setButtonText(QWizard.FinishButton, _("Terminer"))
        self.setButtonText(QWizard.CancelButton, _("Annuler"))
        self.setButtonText(QWizard.CommitButton, _("Importer"))
        # once imported, there is no going back to import the same file twice, nor anything to cancel
        self.setOption(QWizard.NoCancelButtonOnLastPage)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.mapping_page.setCommitPage(True)
        self.run_page = RunPage(self)
        for page in (self.file_page, self.mapping_page, self.run_page):
            self.addPage(page)

    def options(self) -> ImportOptions:
        return ImportOptions(
            sheet=self.file_page.sheet.currentData(),
            strict=self.file_page.strict.isChecked(),
            on_duplicate=self.file_page.duplicates.currentData(),
            mapping=self.mapping_page.mapping(),
            hidden=self.file_page.hidden.isChecked(),
        )

    def start_import(self) -> Job:
        path = Path(self.file_page.path.text().strip())
        options = self.options()
        database = self.database
        self.run_page.cancel_button.setEnabled(True)
        self.button(QWizard.BackButton).setEnabled(False)

        def work(progress: Callable[[int, int], bool]) -> tuple[ImportReport, str | None]:
            try:
                return import_members(database, path, options, progress), None
            except ImportAborted as aborted:  # strict mode: the report says which rows were refused
                return aborted.report, aborted.message

        job = Job(work)
        job.signals.progress.connect(self._progress)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        self.job = start(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, done: int, total: int) -> None:
        self.run_page.progress.setMaximum(max(total, 1))
        self.run_page.progress.setValue(done)

    def _finished(self, result: tuple[ImportReport, str | None]) -> None:
        report, aborted = result
        self.report = report
        if aborted:
            self._end(aborted, report)
            return
        lines = [summary(report)]
        if report.rejected:
            lines.append(
                plural(
                    len(report.rejected),
                    _("{count} ligne refusée (ci-dessous, avec son numéro dans le fichier) : non importée."),
                    _("{count} lignes refusées (ci-dessous, avec leur numéro dans le fichier) : non importées."),
                )
            )
        if report.corrected:
            lines.append(
                plural(
                    len(report.corrected),
                    _("{count} valeur importée après correction : voir ci-dessous."),
                    _("{count} valeurs importées après correction : voir ci-dessous."),
                )
            )
        if report.colleges_created:
            lines.append(_("Collèges créés : {names}.").format(names=", ".join(report.colleges_created)))
        lines += report.notes()
        self._end("\n".join(lines), report)
        self.imported.emit()

    def _failed(self, message: str) -> None:
        self._end(message + "\n" + _("La base n’a pas été modifiée."), None)

    def _end(self, text: str, report: ImportReport | None) -> None:
        page = self.run_page
        page.summary.setText(text)
        page.cancel_button.setEnabled(False)
        if report is not None:
            rows = [(str(r.row), r.column, r.value, r.reason) for r in report.rejected]
            rows += [
                (str(r.row), r.column, r.value, _("Importée après correction : ") + r.reason) for r in report.corrected
            ]
            page.rejections.set_rows(rows)
            page.save_rejects.setVisible(bool(rows))
        page.done = True
        page.completeChanged.emit()

    def choose_rejects_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Lignes refusées"), str(Path.home() / "lignes-refusees.csv"), "CSV (*.csv)"
        )
        if path:
            self.save_rejects_to(Path(path))

    def save_rejects_to(self, path: Path) -> None:
        if self.report is not None:
            try:
                write_rejections(self.report, path)
            except CptsError as error:
                show_error(self, error.message)
