"""Territoire: the communes of the CPTS, whose population gives its ACI size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, format_number, plural
from cpts_desktop.services import territory
from cpts_desktop.services.commune_files import MUNICIPALE, CommuneFile, read_commune_file
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.governance.commune_choice import CommuneChoiceDialog
from cpts_desktop.ui.governance.tab import GovernanceTab
from cpts_desktop.ui.messages import show_error, show_info
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table
from cpts_desktop.ui.workers import Job, start


class TerritoryTab(GovernanceTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: CommuneChoiceDialog | None = None
        self.reading: Job | None = None
        layout = QVBoxLayout(self)
        self.taille_label = QLabel()
        self.taille_label.setWordWrap(True)
        layout.addWidget(self.taille_label)
        self.communes = RowsModel(
            [
                (_("Code INSEE"), lambda c: c.code_insee),
                (_("Commune"), lambda c: c.nom),
                (_("Codes postaux"), lambda c: ", ".join(c.codes_postaux)),
                (_("Population"), lambda c: format_number(c.population)),
                (_("Chiffre retenu"), lambda c: c.population_source or (_("saisi à la main") if c.population else "")),
                (_("Adhérents"), lambda c: c.members),
            ],
            numeric=(3, 5),
        )
        self.communes_view = table(self.communes)
        layout.addWidget(self.communes_view, 1)
        layout.addLayout(
            buttons(
                (_("Ajouter…"), lambda: self.edit_commune(None)),
                (_("Modifier…"), lambda: self.edit_commune(selected(self.communes_view, self.communes))),
                (_("Retirer"), self.remove_commune),
                (_("Importer un fichier…"), self.import_communes),
            )
        )

    def edit_commune(self, commune: territory.CommuneRow | None) -> FormDialog | None:
        if self.database is None:
            return None
        database = self.database
        code, nom, postal, population = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        if commune is not None:
            code.setText(commune.code_insee)
            nom.setText(commune.nom)
            postal.setText(", ".join(commune.codes_postaux))
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
        if isinstance(commune, territory.CommuneRow) and self.database is not None:
            territory.remove_commune(self.database, commune.id)
            self.after_change()

    def import_communes(self) -> None:
        """An official file (INSEE, La Poste) or a simple list; the communes of a large one are chosen."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Fichier de communes"),
            str(Path.home()),
            _("Fichiers de communes (*.csv *.txt *.xlsx);;Tous les fichiers (*)"),
        )
        if not path or self.database is None:
            return
        job = Job(lambda _progress: read_commune_file(Path(path)))
        job.signals.finished.connect(self._file_read)
        job.signals.failed.connect(self._read_failed)
        job.signals.done.connect(self._read_done)
        self.setEnabled(False)  # a national file takes seconds to read: no second import meanwhile
        self.taille_label.setText(_("Lecture de « {name} »…").format(name=Path(path).name))
        self.reading = start(job)

    def _file_read(self, read: CommuneFile) -> None:
        """La Poste's postcodes go to the territory's communes; other files' communes are chosen first
        (all ticked in a file small enough to be a territory's list, else the territory's own)."""
        if self.database is None:
            return
        current = {c.code_insee for c in territory.territory(self.database).communes}
        if read.layout == "codes postaux":
            self._apply(read, sorted(current), MUNICIPALE)
            return
        small = len(read.communes) <= territory.MAX_UNCHOSEN
        choice = self.choice = CommuneChoiceDialog(read, set(read.communes) if small else current, self)
        choice.accepted.connect(
            lambda: self._apply(read, choice.chosen(), choice.population_kind(), choice.population_year())
        )
        choice.open()

    def _read_failed(self, message: str) -> None:
        show_error(self, message)

    def _read_done(self) -> None:
        self.setEnabled(True)
        self.reload()

    def _apply(self, read: CommuneFile, codes: list[str], kind: str, year: int | None = None) -> None:
        if self.database is None:
            return
        read.year = year or read.year
        try:
            report = territory.apply_communes(self.database, read, codes, kind)
        except CptsError as error:
            show_error(self, error.message)
            return
        self.after_change()
        show_info(self, "\n".join(report.lines()), _("Communes importées"))

    @staticmethod
    def _taille_text(land: territory.Territory) -> str:
        """The ACI size once there is a population to measure; before, what to do."""
        if not land.communes:
            return _(
                "Aucune commune pour l’instant : ajoutez les communes du territoire une à une («\u00a0Ajouter…\u00a0») "
                "ou d’un fichier («\u00a0Importer un fichier…\u00a0») : code officiel géographique ou populations "
                "légales de l’INSEE, codes postaux de La Poste, ou simple liste «\u00a0code INSEE ; nom ; "
                "population\u00a0» ; leur population donne la taille ACI de la CPTS."
            )
        text = _("{communes}, {population}{source} : CPTS de taille {taille} ({bounds}).").format(
            communes=plural(len(land.communes), _("{count} commune"), _("{count} communes")),
            population=plural(land.population, _("{count} habitant"), _("{count} habitants")),
            source=f" ({land.population_source})" if land.population_source else "",
            taille=land.taille.number,
            bounds=land.taille.bounds,
        )
        if land.without_population:
            text += " " + plural(
                land.without_population,
                _("{count} commune n’a pas encore de population : importez les populations légales de l’INSEE."),
                _("{count} communes n’ont pas encore de population : importez les populations légales de l’INSEE."),
            )
        return text

    def reload(self) -> None:
        if self.database is None:
            self.communes.set_rows([])
            return
        land = territory.territory(self.database)
        self.communes.set_rows(land.communes)
        self.taille_label.setText(self._taille_text(land))
