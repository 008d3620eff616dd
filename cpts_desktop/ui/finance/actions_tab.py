"""Projet de santé: the actions under the six missions, with their pilot, status, indicators, the ACI
indicator they serve and the grants that fund them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import AciMission, ActionStatus
from cpts_desktop.i18n import _, format_date_short
from cpts_desktop.services import aci, grants, projects
from cpts_desktop.services.members import member_choices
from cpts_desktop.store.engine import Database
from cpts_desktop.ui.finance.fields import attempt, confirm, date_field, enum_combo, read_date, read_enum
from cpts_desktop.ui.finance.member_combo import member_combo, read_member
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import buttons, selected, table


class ActionsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.grant_labels: dict[int, str] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(
            buttons(
                (_("Nouvelle action…"), lambda: self.edit(None)),
                (_("Modifier…"), lambda: self.edit(self.current())),
                (_("Supprimer"), self.delete),
            )
        )
        self.empty = QLabel(_("Aucune action : décrivez les actions du projet de santé, mission par mission."))
        layout.addWidget(self.empty)
        self.model = RowsModel(
            [
                (_("Action"), lambda a: a.titre),
                (_("Mission"), lambda a: a.mission.label.split(" : ")[0]),
                (_("Pilote"), lambda a: a.pilote),
                (_("Statut"), lambda a: a.statut.label),
                (_("Début"), lambda a: format_date_short(a.debut) if a.debut else ""),
                (_("Fin"), lambda a: format_date_short(a.fin) if a.fin else ""),
                (_("Financée par"), lambda a: ", ".join(self.grant_labels.get(g, "") for g in a.grant_ids)),
            ]
        )
        self.view = table(self.model, stretch=0)
        # the funders' names share the width with the action's title instead of taking it all
        self.view.horizontalHeader().setSectionResizeMode(self.model.columnCount() - 1, QHeaderView.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.edit(self.current()))
        layout.addWidget(self.view, 1)

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.reload()

    def reload(self) -> None:
        if self.database is None:
            self.model.set_rows([])
            return
        self.grant_labels = {g.id: g.funder for g in grants.grant_rows(self.database)}
        rows = projects.actions(self.database)
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)

    def current(self) -> projects.ActionRow | None:
        return selected(self.view, self.model)  # type: ignore[return-value]

    def edit(self, row: projects.ActionRow | None) -> None:
        if self.database is None:
            return
        data = row.data() if row else projects.ActionData("", AciMission.ACCESS)
        title = QLineEdit(data.titre)
        mission = enum_combo(AciMission, data.mission)
        status = enum_combo(ActionStatus, data.statut)
        pilot = member_combo(member_choices(self.database), data.pilote_id, optional=True)
        start, end = date_field(data.debut), date_field(data.fin)
        indicators = QPlainTextEdit(data.indicateurs)
        indicators.setFixedHeight(60)
        indicator = QComboBox()
        indicator.addItem(_("(aucun)"), None)
        for year in aci.contract_years(self.database):
            for line in year.missions:
                for item in line.indicators:
                    short = line.mission.label.split(" : ")[0]
                    indicator.addItem(f"{year.annee} – {short} – {item.libelle}", item.id)
        indicator.setCurrentIndex(max(indicator.findData(data.aci_indicator_id), 0))
        funding = QListWidget()
        funding.setFixedHeight(90)
        for grant in grants.grant_rows(self.database):
            item = QListWidgetItem(grant.label)
            item.setData(Qt.UserRole, grant.id)
            item.setCheckState(Qt.Checked if grant.id in data.grant_ids else Qt.Unchecked)
            funding.addItem(item)

        def save() -> int:
            chosen = [
                funding.item(i).data(Qt.UserRole)
                for i in range(funding.count())
                if funding.item(i).checkState() == Qt.Checked
            ]
            values = projects.ActionData(
                title.text(), read_enum(mission, AciMission), read_enum(status, ActionStatus),
                read_member(pilot, optional=True), read_date(start, _("Début"), optional=True),
                read_date(end, _("Fin"), optional=True), indicators.toPlainText(), indicator.currentData(), chosen,
            )  # fmt: skip
            return projects.save_action(self.database, values, row.id if row else None, row.version if row else None)

        dialog = FormDialog(
            _("Action du projet de santé"),
            [
                (_("Intitulé :"), title),
                (_("Mission :"), mission),
                (_("Statut :"), status),
                (_("Pilote :"), pilot),
                (_("Début :"), start),
                (_("Fin :"), end),
                (_("Indicateurs suivis :"), indicators),
                (_("Indicateur ACI servi :"), indicator),
                (_("Financée par :"), funding),
            ],
            save,
            self,
        )
        dialog.setMinimumWidth(520)
        if dialog.exec():
            self.reload()

    def delete(self) -> None:
        row = self.current()
        if row is None or not confirm(self, _("Supprimer l’action « {t} » ?").format(t=row.titre)):
            return
        if attempt(self, lambda: projects.delete_action(self.database, row.id)):
            self.reload()
