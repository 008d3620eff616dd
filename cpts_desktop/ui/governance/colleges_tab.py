"""Collèges: the groups of members and the seats each holds on the conseil d’administration."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox, QVBoxLayout, QWidget

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _
from cpts_desktop.services import board
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.governance.tab import GovernanceTab
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table


class CollegesTab(GovernanceTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
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
        if isinstance(college, board.CollegeRow) and self.database is not None:
            try:
                board.remove_college(self.database, college.id)
            except CptsError as error:
                show_error(self, error.message)
                return
            self.after_change()

    def reload(self) -> None:
        self.colleges.set_rows(board.colleges(self.database) if self.database is not None else [])
