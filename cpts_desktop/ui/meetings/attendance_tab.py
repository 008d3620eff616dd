"""Présences et quorum: who came, who gave a pouvoir to whom, and whether the quorum is reached."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from cpts_desktop.domain.enums import AttendanceStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, plural
from cpts_desktop.services import meetings
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.meetings.tab import KO_STYLE, OK_STYLE, MeetingTab, button_row, selected_rows
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.table_model import RowsModel
from cpts_desktop.ui.widgets import table


class AttendanceTab(MeetingTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        layout.addWidget(self.quorum_label)
        self.attendance = RowsModel(
            [
                (_("Nom"), lambda r: r.name),
                (_("Présence"), lambda r: r.statut.label if r.statut else _("non renseigné")),
                (_("Représenté(e) par"), lambda r: self._holder_name(r.represente_par_id)),
            ],
        )
        self.attendance_view = table(self.attendance, stretch=0)
        # several rows at once (Ctrl or Maj + clic): « Présent » for a whole group in one click
        self.attendance_view.setSelectionMode(QTableView.ExtendedSelection)
        layout.addWidget(self.attendance_view, 1)
        hint = QLabel(_("Ctrl + clic ou Maj + clic : plusieurs membres à la fois."))
        hint.setStyleSheet("color: #555555;")
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.presence = QComboBox()
        for status in AttendanceStatus:
            self.presence.addItem(status.label, status)
        self.holder = QComboBox()
        row.addWidget(QLabel(_("Présence :")))
        row.addWidget(self.presence)
        row.addWidget(QLabel(_("pouvoir donné à :")))
        row.addWidget(self.holder, 1)
        apply, found = button_row((_("Appliquer"), self.apply_attendance))
        row.addLayout(apply)
        self.editing += [self.presence, self.holder, *found]
        layout.addLayout(row)

    def _holder_name(self, member_id: int | None) -> str:
        return next((r.name for r in self.attendance.rows if r.member_id == member_id), "") if member_id else ""

    def apply_attendance(self) -> bool:
        """Record the chosen presence for the selected members, all or none; a refusal is explained."""
        if self.database is None or self.meeting_id is None:
            return False
        chosen = [r.member_id for r in selected_rows(self.attendance_view, self.attendance)]
        if not chosen:
            show_error(self, _("Choisissez un ou plusieurs membres dans la liste."))
            return False
        status = enum_data(self.presence, AttendanceStatus)
        try:
            meetings.set_attendances(self.database, self.meeting_id, chosen, status, self.holder.currentData())
        except CptsError as error:
            show_error(self, error.message, _("Présence refusée"))
            return False
        self.changed.emit()
        self._select_members(chosen)
        return True

    def _select_members(self, member_ids: list[int]) -> None:
        """Keep the members just changed selected, so the user sees their new line."""
        selection = self.attendance_view.selectionModel()
        for index, row in enumerate(self.attendance.rows):
            if row.member_id in member_ids:
                selection.select(
                    self.attendance.index(index, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                )

    def show_meeting(self, detail: meetings.MeetingDetail, everyone: list[meetings.Recipient]) -> None:
        convened = [r for r in everyone if r.included]
        self.attendance.set_rows(convened)
        self._fill_holders(convened)
        self._show_quorum()

    def clear(self) -> None:
        self.attendance.set_rows([])

    def _fill_holders(self, convened: list[meetings.Recipient]) -> None:
        """Who may receive a pouvoir: the present members first; the others, marked, are refused by the rules."""
        chosen = self.holder.currentData()
        self.holder.clear()
        self.holder.addItem(_("(personne)"), None)
        present = [r for r in convened if r.statut is AttendanceStatus.PRESENT]
        for r in present:
            self.holder.addItem(r.name, r.member_id)
        self.holder.insertSeparator(self.holder.count())
        for r in convened:
            if r.statut is not AttendanceStatus.PRESENT:
                state = r.statut.label.lower() if r.statut else _("non renseigné")
                self.holder.addItem(f"{r.name} ({state})", r.member_id)
        self.holder.setCurrentIndex(max(self.holder.findData(chosen), 0))

    def _show_quorum(self) -> None:
        if self.database is None or self.meeting_id is None:
            return
        state = meetings.quorum(self.database, self.meeting_id)
        total = state.voters
        if state.needed == 0:
            text = _("Aucun quorum requis. Présents : {present}, représentés : {represented}.").format(
                present=state.present, represented=state.represented
            )
        else:
            count = plural(total, _("{count} présent ou représenté"), _("{count} présents ou représentés"))
            text = (
                _("Quorum atteint : {count} pour {needed} requis ({rule}).")
                if state.reached
                else _("Quorum non atteint : {count} pour {needed} requis ({rule}).")
            ).format(count=count, needed=state.needed, rule=state.rule)
        self.quorum_label.setText(text)
        self.quorum_label.setStyleSheet(OK_STYLE if state.reached else KO_STYLE)
