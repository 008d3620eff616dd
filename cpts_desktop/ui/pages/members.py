"""Adhérents: the register as a table with instant search and filters, and every membership action."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from cpts_desktop.domain.enums import MemberStatus
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _, format_number, plural
from cpts_desktop.services import documents
from cpts_desktop.services.exports import export_members
from cpts_desktop.services.members import MemberRow, first_rows, list_rows
from cpts_desktop.store.engine import Database
from cpts_desktop.ui import sections, workers
from cpts_desktop.ui.busy import busy
from cpts_desktop.ui.combo import enum_data
from cpts_desktop.ui.fees_dialog import FeesDialog
from cpts_desktop.ui.import_wizard import ImportWizard
from cpts_desktop.ui.member_dialog import MemberDialog
from cpts_desktop.ui.members_model import ANY, MemberFilter, MembersModel
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.pages.base import Page
from cpts_desktop.ui.pdf_preview import preview_document
from cpts_desktop.ui.signals import add_action, on
from cpts_desktop.ui.stats_dialog import StatsDialog

# A register up to this size is read at once; a larger one shows this many rows first, the rest read in
# the background (100,000 rows take a second or more to read; their first screen, milliseconds).
LOAD_AT_ONCE = 5_000
# Nom, Prénom, Profession, Commune, Collège, Statut, Cotisation: shares of the list's width
COLUMN_SHARES = (18, 11, 18, 14, 18, 11, 10)


class MembersPage(Page):
    title = sections.MEMBERS
    reads = frozenset({"members", "payments", "cotisation_rates", "professions", "colleges"})
    refreshes_itself = True  # the member's form, the import and the fees tell the list to re-read
    count_changed = Signal(str)
    loaded = Signal()  # the list holds the whole register (read in the background when large)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.year = date.today().year
        self._rows_of: Database | None = None  # the base the rows shown were read from
        self._reading: workers.Job | None = None
        self.loading = False  # only the first rows of a large register are shown yet
        self._total = 0  # the members of the register, shown or not yet read
        self.model = MembersModel(self.year)
        self._build_toolbar()
        self._build_filters()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self.open_index)
        open_action = QAction(self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key_Return), QKeySequence(Qt.Key_Enter)])
        open_action.setShortcutContext(Qt.WidgetShortcut)
        on(open_action.triggered, lambda: self.open_index(self.table.currentIndex()))
        self.table.addAction(open_action)
        self.layout_.addWidget(self.table, 1)
        self.empty = QLabel(
            _("Aucun adhérent pour l’instant : ajoutez-en un avec « Nouveau » ou importez votre fichier Excel.")
        )
        self.layout_.addWidget(self.empty)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(120)
        self.search_timer.timeout.connect(self.apply_filter)
        for watched in (self.search, self.table.viewport()):  # once both exist: the filter looks at both
            watched.installEventFilter(self)

    # ----- building
    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.new_action = add_action(bar, _("Nouveau"), self.new_member)
        self.new_action.setShortcut(QKeySequence.New)
        add_action(bar, _("Importer…"), self.import_file)
        add_action(bar, _("Exporter…"), self.export_view)
        print_menu = QMenu(self)
        add_action(print_menu, _("Liste des adhérents par collège"), lambda: self.print_list("college"))
        add_action(print_menu, _("Liste des adhérents par profession"), lambda: self.print_list("profession"))
        add_action(print_menu, _("Bulletin d’adhésion vierge"), self.print_blank_form)
        add_action(print_menu, _("Lettres de relance"), self.print_reminders)
        button = QToolButton()
        button.setText(_("Imprimer"))
        button.setMenu(print_menu)
        button.setPopupMode(QToolButton.InstantPopup)
        bar.addWidget(button)
        bar.addSeparator()
        add_action(bar, _("Relances par e-mail…"), self.email_reminders)
        add_action(bar, _("Message aux adhérents…"), self.email_members)
        add_action(bar, _("Barème…"), self.edit_fees)
        add_action(bar, _("Statistiques"), self.show_stats)
        self.layout_.addWidget(bar)

    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Rechercher : nom, prénom, email, RPPS, commune…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        self.layout_.addLayout(top)
        row = QHBoxLayout()
        self.profession = self._filter_combo(_("Toutes professions"))
        self.college = self._filter_combo(_("Tous collèges"))
        self.commune = self._filter_combo(_("Toutes communes"))
        self.status = self._filter_combo(_("Tous statuts"))
        for status in MemberStatus:
            self.status.addItem(status.label, status)
        for combo in (self.profession, self.college, self.commune, self.status):
            row.addWidget(combo, 1)
        self.unpaid = QCheckBox(_("Cotisation {year} non réglée").format(year=self.year))
        on(self.unpaid.toggled, self.apply_filter)
        top.addWidget(self.unpaid)
        self.layout_.addLayout(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """From the search box, Down goes to the list and Enter opens the member found; the list's
        columns share its width whenever it changes."""
        if watched is self.table.viewport() and event.type() == QEvent.Resize:
            self._share_columns()
        if watched is self.search and event.type() == QEvent.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key_Down:
                self.focus_list()
                return True
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                self.apply_filter()
                self.open_index(self.focus_list())
                return True
        return super().eventFilter(watched, event)

    def _share_columns(self) -> None:
        """Each column its share of the width (a laptop's or a wide screen's), the user may resize them."""
        width = self.table.viewport().width()
        last = len(COLUMN_SHARES) - 1
        # the last column takes what is left: at least its title, « Cotisation 2026 »
        kept = max(
            width * COLUMN_SHARES[last] // sum(COLUMN_SHARES), self.table.horizontalHeader().sectionSizeHint(last)
        )
        shared = sum(COLUMN_SHARES[:last])
        for column, share in enumerate(COLUMN_SHARES[:last]):
            self.table.setColumnWidth(column, (width - kept) * share // shared)

    def focus_list(self) -> QModelIndex:
        """Give the list the keyboard, on its current row or else its first; that row's index."""
        if self.search_timer.isActive():
            self.apply_filter()
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
            self.table.setCurrentIndex(index)
            self.table.selectRow(0)
        self.table.setFocus()
        return index

    def _filter_combo(self, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.addItem(everything, ANY)
        combo.currentIndexChanged.connect(self.apply_filter)
        return combo

    # ----- data
    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.setEnabled(database is not None)
        self.reload()

    def reload(self) -> None:
        """Re-read the register. A large one shows its first rows at once and the rest when read in the
        background; re-read again, it stays on screen until the new reading is in."""
        self._drop_reading()
        database = self.database
        if database is None:
            self._rows_of = None
            self._show_rows([], 0)
            return
        if self._rows_of is database and self.model.total > LOAD_AT_ONCE:
            self._read_all(database)
            return
        total, rows = first_rows(database, self.year, LOAD_AT_ONCE)
        self._rows_of = database
        self._show_rows(rows, total)
        if len(rows) < total:
            self._read_all(database)

    def _read_all(self, database: Database) -> None:
        year = self.year
        self._reading = workers.Job(lambda _progress: list_rows(database, year))
        self._reading.signals.finished.connect(self._all_read)
        self._reading.signals.failed.connect(self._reading_failed)
        workers.start(self._reading)

    def _drop_reading(self) -> None:
        """Forget the reading under way: its rows, read from an older state, must not replace newer ones."""
        if self._reading is not None:
            self._reading.signals.finished.disconnect(self._all_read)
            self._reading.signals.failed.disconnect(self._reading_failed)
            self._reading = None

    def _all_read(self, rows: list[MemberRow]) -> None:
        self._reading = None
        self._show_rows(rows, len(rows))

    def _reading_failed(self, message: str) -> None:
        self._reading = None
        self.loading = False
        self.count_changed.emit(self.count_text())
        show_error(self, message, _("Lecture des adhérents impossible"))

    def _show_rows(self, rows: list[MemberRow], total: int) -> None:
        """Show ``rows`` of a register of ``total`` members, the member chosen still chosen."""
        current = self.table.currentIndex()
        chosen = self.model.member_id(current.row()) if current.isValid() else None
        self.loading = len(rows) < total
        self._total = total
        for combo, values in (
            (self.profession, sorted({r.profession for r in rows if r.profession})),
            (self.college, sorted({r.college for r in rows if r.college})),
            (self.commune, sorted({r.commune for r in rows if r.commune})),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(kept), 0))
            combo.blockSignals(False)
        self.model.set_rows(rows)
        self.apply_filter()
        if chosen is not None:
            self._choose(chosen)
        if not self.loading:
            self.loaded.emit()

    def _choose(self, member_id: int) -> None:
        row = next((row for row, ident in enumerate(self.model.visible_ids()) if ident == member_id), None)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def apply_filter(self) -> None:
        self.search_timer.stop()
        self.model.set_filter(
            MemberFilter(
                text=self.search.text(),
                profession=self.profession.currentData(),
                college=self.college.currentData(),
                commune=self.commune.currentData(),
                status=enum_data(self.status, MemberStatus),
                unpaid_only=self.unpaid.isChecked(),
            )
        )
        self.empty.setVisible(self._total == 0)
        self.table.setVisible(self._total > 0)
        self.count_changed.emit(self.count_text())

    def count_text(self) -> str:
        shown = plural(self.model.rowCount(), _("{count} adhérent affiché"), _("{count} adhérents affichés"))
        if self.loading:
            return _("{shown} sur {total} (lecture de la suite…)").format(shown=shown, total=format_number(self._total))
        return _("{shown} sur {total}").format(shown=shown, total=format_number(self._total))

    # ----- actions
    def open_index(self, index: QModelIndex) -> MemberDialog | None:
        if not index.isValid() or self.database is None:
            return None
        return self.open_member(self.model.member_id(index.row()))

    def open_member(self, member_id: int | None) -> MemberDialog | None:
        if self.database is None:
            return None
        dialog = MemberDialog(self.database, member_id, self)
        dialog.saved.connect(lambda _id: self.reload())
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_member(self) -> MemberDialog | None:
        return self.open_member(None)

    def import_file(self) -> ImportWizard | None:
        if self.database is None:
            return None
        wizard = ImportWizard(self.database, self)
        wizard.imported.connect(self.reload)
        wizard.setAttribute(Qt.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def export_view(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Exporter les adhérents affichés"),
            str(Path.home() / "adherents.xlsx"),
            _("Classeur Excel (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int:
        if self.database is None:
            return 0
        try:
            with busy(self, _("Export des adhérents affichés…")):
                count = export_members(self.database, path, self.model.visible_ids())
        except CptsError as error:
            show_error(self, error.message, _("Export impossible"))
            return 0
        exported = plural(count, _("{count} adhérent exporté"), _("{count} adhérents exportés"))
        self.status_message.emit(_("{exported} dans {path}").format(exported=exported, path=path))
        return count

    def print_list(self, by: str) -> None:
        from cpts_desktop.pdf.registers import members_list_pdf

        if self.database is not None:
            database = self.database
            preview_document(
                self,
                f"liste-adherents-{by}.pdf",
                lambda p: members_list_pdf(documents.members_list(database, self.year, by), p),
            )

    def print_blank_form(self) -> None:
        from cpts_desktop.pdf.membership import membership_form_pdf

        if self.database is not None:
            database = self.database
            preview_document(
                self,
                f"bulletin-adhesion-{self.year}.pdf",
                lambda p: membership_form_pdf(documents.membership_form(database, self.year), p),
            )

    def print_reminders(self) -> None:
        from cpts_desktop.pdf.registers import reminders_pdf

        if self.database is not None:
            database = self.database
            preview_document(
                self, f"relances-{self.year}.pdf", lambda p: reminders_pdf(documents.reminders(database, self.year), p)
            )

    def email_reminders(self) -> QWidget | None:
        """The relances of the year by e-mail, each with its amount due; those without an address get
        their letter printed from the same dialog."""
        from cpts_desktop.ui.mail import recipes
        from cpts_desktop.ui.mail.send_dialog import open_send_dialog

        if self.database is None:
            return None
        return open_send_dialog(self, self.database, recipes.reminders(self.database, self.year))

    def email_members(self) -> QWidget | None:
        """A free message to a group (the collège or profession the list is filtered on comes first)."""
        from cpts_desktop.ui.mail import recipes
        from cpts_desktop.ui.mail.send_dialog import open_send_dialog

        if self.database is None:
            return None
        recipe = recipes.free_message(
            self.database, self.year, self.college.currentData(), self.profession.currentData()
        )
        return open_send_dialog(self, self.database, recipe)

    def edit_fees(self) -> FeesDialog | None:
        if self.database is None:
            return None
        dialog = FeesDialog(self.database, self.year, self)
        dialog.changed.connect(self.reload)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_stats(self) -> StatsDialog | None:
        if self.database is None:
            return None
        with busy(self, _("Calcul des statistiques…")):
            dialog = StatsDialog(self.database, self.year, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog
