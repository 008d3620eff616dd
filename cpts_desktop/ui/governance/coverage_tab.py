"""Couverture: the territory's professionals (Annuaire Santé), how many are members per profession,
the non-members to invite, their invitation letters and their oppositions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, format_date, format_date_short, plural
from cpts_desktop.services import coverage
from cpts_desktop.ui.governance.tab import GovernanceTab, optional_date
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_STYLE
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, labelled, selected, table
from cpts_desktop.ui.workers import Job, start

EMPTY = _(
    "Aucun professionnel du territoire n’est encore connu. Téléchargez l’extrait « PS_LibreAcces_Personne_activite » "
    "de l’Annuaire Santé (annuaire.sante.fr, données publiques), puis « Charger l’extrait… » : seuls les "
    "professionnels des communes du territoire sont gardés, à part des adhérents."
)


class CoverageTab(GovernanceTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        layout = QVBoxLayout(self)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        layout.addWidget(self.source_label)
        layout.addLayout(self._load_row())
        self.professions = RowsModel(
            [
                (_("Profession"), lambda ln: ln.label),
                (_("Professionnels du territoire"), lambda ln: ln.professionals),
                (_("Dont adhérents"), lambda ln: ln.members),
                (_("Taux"), lambda ln: coverage.format_rate(ln.rate)),
                (_("Adhérents hors liste"), lambda ln: ln.outside),
            ],
            numeric=(1, 2, 3, 4),
        )
        self.professions_view = table(self.professions, stretch=0)
        layout.addWidget(self.professions_view, 2)
        layout.addLayout(self._filter_row())
        self.invitees = RowsModel(
            [
                (_("Nom"), lambda p: p.nom),
                (_("Prénom"), lambda p: p.prenom),
                (_("Profession"), lambda p: p.profession),
                (_("Lieu d’exercice"), lambda p: p.raison_sociale),
                (_("Commune"), lambda p: p.commune),
                (_("Opposition"), lambda p: format_date_short(p.opposition) if p.opposition else ""),
            ]
        )
        self.invitees_view = table(self.invitees, stretch=3)
        layout.addWidget(self.invitees_view, 3)
        self.invitees_label = QLabel()
        layout.addWidget(self.invitees_label)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        layout.addLayout(
            buttons(
                (_("Couverture (PDF)"), self.print_coverage),
                (_("Lettres d’invitation (PDF)"), self.print_invitations),
                (_("Opposition"), self.record_opposition),
            )
        )

    def _load_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.extract_date = QLineEdit()
        self.extract_date.setPlaceholderText(_("date du fichier"))
        self.extract_date.setMaximumWidth(120)
        row.addWidget(labelled(_("Date de l’extrait :"), self.extract_date))
        self.load_button = QPushButton(_("Charger l’extrait de l’Annuaire Santé…"))
        on(self.load_button.clicked, self.load_extract)
        row.addWidget(self.load_button)
        self.progress = QProgressBar()
        self.progress.hide()
        row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(_("Interrompre"))
        on(self.cancel_button.clicked, self.cancel)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        row.addStretch()
        return row

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        heading = QLabel(_("Non-adhérents à inviter"))
        heading.setStyleSheet("font-weight: bold;")
        row.addWidget(heading)
        row.addStretch()
        self.profession_filter = QComboBox()
        self.commune_filter = QComboBox()
        row.addWidget(labelled(_("Profession :"), self.profession_filter))
        row.addWidget(labelled(_("Commune :"), self.commune_filter))
        self.profession_filter.currentIndexChanged.connect(lambda _index: self._show_invitees())
        self.commune_filter.currentIndexChanged.connect(lambda _index: self._show_invitees())
        return row

    # ------------------------------------------------------------ reading

    def reload(self) -> None:
        if self.database is None:
            self.professions.set_rows([])
            self.invitees.set_rows([])
            return
        report = coverage.coverage(self.database)
        self.professions.set_rows([*report.lines, report.total] if report.lines else [])
        self.source_label.setText(self._source_text(report.extract))
        self._fill_filters(report)
        self._show_invitees()

    @staticmethod
    def _source_text(extract: coverage.ListSummary) -> str:
        if extract.extract_date is None:
            return EMPTY
        return _(
            "{source}, extrait du {day} : {count} dans les {communes} du territoire. Les structures (MSP, centres "
            "de santé, pharmacies, EHPAD…) n’y figurent pas : elles ne sont pas comptées."
        ).format(
            source=extract.source,
            day=format_date(extract.extract_date),
            count=plural(extract.total, _("{count} professionnel"), _("{count} professionnels")),
            communes=plural(extract.communes, _("{count} commune"), _("{count} communes")),
        )

    def _fill_filters(self, report: coverage.Coverage) -> None:
        """The professions of the list, and the communes where its people practise; the choice is kept."""
        assert self.database is not None
        communes = sorted({p.commune for p in coverage.non_members(self.database) if p.commune})
        for combo, choices in (
            (self.profession_filter, [(ln.label, ln.code) for ln in report.lines if ln.professionals]),
            (self.commune_filter, [(name, name) for name in communes]),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("Toutes"), None)
            for label, value in choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(kept)))
            combo.blockSignals(False)

    def _show_invitees(self) -> None:
        if self.database is None:
            return
        rows = coverage.non_members(
            self.database, self.profession_filter.currentData(), self.commune_filter.currentData()
        )
        self.invitees.set_rows(rows)
        opposed = sum(1 for p in rows if p.opposition)
        text = plural(len(rows), _("{count} professionnel non adhérent"), _("{count} professionnels non adhérents"))
        if opposed:
            text += " " + plural(
                opposed, _("(dont {count} opposé à tout contact)"), _("(dont {count} opposés à tout contact)")
            )
        self.invitees_label.setText(text)

    # ------------------------------------------------------------ loading an extract

    def load_extract(self) -> Job | None:
        """The extract is read on the thread pool (a national file is over 1 GB), with a progress bar and
        « Interrompre »; the list changes only once it is wholly read."""
        if self.database is None or self.job is not None:
            return None
        try:
            day = optional_date(self.extract_date.text(), _("Date de l’extrait"))
        except CptsError as error:
            self._say(error.message, error=True)
            return None
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Extrait de l’Annuaire Santé"),
            str(Path.home()),
            _("Extrait de l’Annuaire Santé (*.txt *.csv *.xlsx);;Tous les fichiers (*)"),
        )
        if not path:
            return None
        database = self.database

        def work(progress: Callable[[int, int], bool]) -> coverage.LoadReport:
            return coverage.import_extract(database, Path(path), day, progress)

        self._busy(True)
        self._say(_("Lecture de l’extrait…"))
        job = Job(work)
        job.signals.progress.connect(self._progress)
        job.signals.finished.connect(self._loaded)
        job.signals.failed.connect(self._failed)
        job.signals.done.connect(lambda: self._busy(False))
        self.job = start(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _busy(self, running: bool) -> None:
        if not running:
            self.job = None
        self.load_button.setEnabled(not running)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.progress.setValue(0)

    def _progress(self, done: int, total: int) -> None:
        if total:  # bytes read of the file: a per-mille scale holds files over 2 GB
            self.progress.setMaximum(1000)
            self.progress.setValue(int(done * 1000 / total))

    def _loaded(self, report: coverage.LoadReport) -> None:
        text = coverage.describe_load(report)
        self._say(text)
        self.after_change()

    def _failed(self, message: str) -> None:
        self._say(message, error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setVisible(bool(text))

    # ------------------------------------------------------------ documents and oppositions

    def print_coverage(self) -> None:
        from cpts_desktop.pdf.coverage import coverage_pdf

        if self.database is not None:
            database = self.database
            preview_document(self, "couverture.pdf", lambda p: coverage_pdf(coverage.coverage(database), p))

    def print_invitations(self) -> None:
        from cpts_desktop.pdf.coverage import invitations_pdf

        if self.database is None:
            return
        database = self.database
        profession, commune = self.profession_filter.currentData(), self.commune_filter.currentData()
        preview_document(
            self,
            "invitations.pdf",
            lambda p: invitations_pdf(coverage.invitations(database, profession, commune), p),
        )

    def record_opposition(self) -> None:
        person = selected(self.invitees_view, self.invitees)
        if self.database is None:
            return
        if not isinstance(person, coverage.Invitee):
            self._say(_("Choisissez d’abord dans la liste le professionnel qui refuse d’être contacté."), error=True)
            return
        try:
            done = coverage.record_opposition(self.database, person.identifiant)
        except CptsError as error:
            show_error(self, error.message)
            return
        if done.already:
            self._say(
                _("L’opposition de {name} est enregistrée depuis le {day}.").format(
                    name=person.display_name, day=format_date(done.date_opposition)
                )
            )
            return
        self._say(
            _("Opposition enregistrée pour {name} : plus aucune invitation ne lui sera adressée.").format(
                name=person.display_name
            )
        )
        self.after_change()
