"""Territoire: the communes of the CPTS, whose population gives its ACI size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, format_number, plural
from cpts_desktop.services import territory
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.governance.tab import GovernanceTab
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table


class TerritoryTab(GovernanceTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Communes du territoire"), str(Path.home()), _("CSV (*.csv *.txt)")
        )
        if not path or self.database is None:
            return
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
    def _taille_text(land: territory.Territory) -> str:
        """The ACI size once there is a population to measure; before, what to do."""
        if not land.communes:
            return _(
                "Aucune commune pour l’instant : ajoutez les communes du territoire une à une («\u00a0Ajouter…\u00a0») "
                "ou d’un fichier CSV («\u00a0Importer un CSV…\u00a0») ; leur population donne la taille ACI de la CPTS."
            )
        return _("{communes}, {population} : CPTS de taille {taille} ({bounds}).").format(
            communes=plural(len(land.communes), _("{count} commune"), _("{count} communes")),
            population=plural(land.population, _("{count} habitant"), _("{count} habitants")),
            taille=land.taille.number,
            bounds=land.taille.bounds,
        )

    def reload(self) -> None:
        if self.database is None:
            self.communes.set_rows([])
            return
        land = territory.territory(self.database)
        self.communes.set_rows(land.communes)
        self.taille_label.setText(self._taille_text(land))
