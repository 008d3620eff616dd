"""Ordre du jour et votes: the points of the agenda, their résolutions, the votes, and the directors
an election adopted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.enums import ResolutionLink, StatutesStatus
from cpts_desktop.i18n import _, format_date, plural
from cpts_desktop.services import declarations, meetings, statutes
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.form_dialog import FormDialog
from cpts_desktop.ui.meetings.tab import MeetingTab, button_row
from cpts_desktop.ui.messages import show_error, show_info
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import selected, table

Line = tuple[meetings.AgendaLine, meetings.ResolutionLine | None]


def _result(line: Line) -> str:
    resolution = line[1]
    if resolution is None or resolution.adoptee is None:
        return ""
    return _("adoptée") if resolution.adoptee else _("rejetée")


class AgendaTab(MeetingTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.resolutions = RowsModel(
            [
                (_("Point"), lambda r: f"{r[0].ordre}. {r[0].titre}"),
                (_("Résolution"), lambda r: r[1].texte if r[1] else ""),
                (_("Pour"), lambda r: r[1].voix_pour if r[1] else ""),
                (_("Contre"), lambda r: r[1].voix_contre if r[1] else ""),
                (_("Abst."), lambda r: r[1].abstentions if r[1] else ""),
                (_("Résultat"), _result),
            ],
            numeric=(2, 3, 4),
        )
        self.resolutions_view = table(self.resolutions)
        layout.addWidget(self.resolutions_view, 1)
        row, found = button_row(
            (_("Ajouter un point…"), self.add_item),
            (_("Ajouter une résolution…"), self.add_resolution),
            (_("Enregistrer le vote…"), self.vote),
            (_("Administrateurs élus…"), self.record_election),
        )
        self.editing += found[:3]  # the election writes mandates, not the meeting: it stays possible
        layout.addLayout(row)

    def add_item(self) -> FormDialog | None:
        if self.meeting_id is None or self.database is None:
            return None
        database, meeting_id = self.database, self.meeting_id
        titre = QLineEdit()
        dialog = FormDialog(
            _("Point de l’ordre du jour"),
            [(_("Titre :"), titre)],
            lambda: meetings.add_agenda_item(database, meeting_id, titre.text()),
            self,
        )
        dialog.accepted.connect(self.changed)
        dialog.open()
        return dialog

    def add_resolution(self) -> FormDialog | None:
        row = selected(self.resolutions_view, self.resolutions)
        if row is None or self.database is None:
            show_error(self, _("Choisissez le point de l’ordre du jour concerné."))
            return None
        database, item = self.database, row[0]
        text, effect, version = QPlainTextEdit(), QComboBox(), QComboBox()
        text.setFixedHeight(80)
        for value in ResolutionLink:
            effect.addItem(value.label, value)
        version.addItem(_("(aucune)"), None)
        for summary in statutes.list_versions(database):
            if summary.statut is StatutesStatus.DRAFT:
                version.addItem(summary.label, summary.id)
        dialog = FormDialog(
            _("Résolution"),
            [(_("Texte :"), text), (_("Effet :"), effect), (_("Projet de statuts :"), version)],
            lambda: meetings.add_resolution(
                database, item.id, text.toPlainText(), enum_data(effect, ResolutionLink), version.currentData()
            ),
            self,
        )
        dialog.accepted.connect(self.changed)
        dialog.open()
        return dialog

    def vote(self) -> FormDialog | None:
        row = selected(self.resolutions_view, self.resolutions)
        if row is None or row[1] is None or self.database is None:
            show_error(self, _("Choisissez une résolution dans la liste."))
            return None
        database, resolution = self.database, row[1]
        spins = [QSpinBox() for _index in range(3)]
        for spin in spins:
            spin.setRange(0, 100_000)
        unanimous = QCheckBox(_("À l’unanimité des présents et représentés"))
        dialog = FormDialog(
            _("Vote"),
            [(_("Pour :"), spins[0]), (_("Contre :"), spins[1]), (_("Abstentions :"), spins[2]), ("", unanimous)],
            lambda: meetings.record_vote(
                database, resolution.id, *(s.value() for s in spins), unanimous=unanimous.isChecked()
            ),
            self,
        )
        if self.meeting_id is not None:
            dialog.set_note(self._voters(meetings.quorum(database, self.meeting_id)))
        dialog.accepted.connect(self.listed)  # the meeting is now « tenue »
        dialog.open()
        return dialog

    @staticmethod
    def _voters(state: meetings.Quorum) -> str:
        return _("{voters} : {present}, {represented}.").format(
            voters=plural(state.voters, _("{count} votant"), _("{count} votants")),
            present=plural(state.present, _("{count} présent"), _("{count} présents")),
            represented=plural(state.represented, _("{count} représenté"), _("{count} représentés")),
        )

    def record_election(self) -> FormDialog | None:
        row = selected(self.resolutions_view, self.resolutions)
        if row is None or row[1] is None or self.database is None or self.meeting_id is None:
            show_error(self, _("Choisissez la résolution d’élection adoptée."))
            return None
        database, resolution, meeting = self.database, row[1], self.meeting_id
        members = QListWidget()
        members.setSelectionMode(QListWidget.MultiSelection)
        for recipient in meetings.recipients(database, self.meeting_id):
            if recipient.included:
                item = QListWidgetItem(recipient.name)
                item.setData(Qt.UserRole, recipient.member_id)
                members.addItem(item)
        dialog = FormDialog(
            _("Administrateurs élus"),
            [(_("Élus :"), members)],
            lambda: meetings.elect(database, resolution.id, [i.data(Qt.UserRole) for i in members.selectedItems()]),
            self,
        )
        on(
            dialog.accepted,
            lambda: self._elected(len(members.selectedItems()), declarations.opened_by(database, meeting)),
        )
        dialog.open()
        return dialog

    def _elected(self, count: int, declaration: declarations.DeclarationRow | None) -> None:
        """Mandates are written in another section: say where the user will find them, and the
        déclaration en préfecture the new board calls for."""
        declared = ""
        if declaration is not None:
            declared = _(
                "\n\nLa liste des dirigeants change : une déclaration en préfecture est ouverte, à déposer "
                "avant le {deadline} (Statuts & conseil, onglet « Déclarations »)."
            ).format(deadline=format_date(declaration.date_limite))
        show_info(
            self,
            plural(
                count,
                _(
                    "{count} administrateur élu : son mandat est inscrit dans Statuts & conseil, "
                    "onglet « Conseil et bureau »."
                ),
                _(
                    "{count} administrateurs élus : leurs mandats sont inscrits dans Statuts & conseil, "
                    "onglet « Conseil et bureau »."
                ),
            )
            + declared,
            _("Élection enregistrée"),
        )

    def show_meeting(self, detail: meetings.MeetingDetail, everyone: list[meetings.Recipient]) -> None:
        rows: list[Line] = []
        for item in detail.agenda:
            rows += [(item, r) for r in item.resolutions] or [(item, None)]
        self.resolutions.set_rows(rows)

    def clear(self) -> None:
        self.resolutions.set_rows([])
