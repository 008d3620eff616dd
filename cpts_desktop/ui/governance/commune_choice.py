"""Choosing the territory's communes in an official file of thousands: a searchable list to tick."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.text import search_key
from cpts_desktop.i18n import _, plural
from cpts_desktop.services.commune_files import MUNICIPALE, TOTALE, CommuneFile, CommuneRecord
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.widgets import buttons, labelled

CODE_ROLE = Qt.UserRole + 1
SEARCH_ROLE = Qt.UserRole + 2
KIND_LABELS = {
    MUNICIPALE: _("Population municipale (recommandée par l’INSEE)"),
    TOTALE: _("Population totale (comptés à part inclus)"),
}


class _CommuneFilter(QSortFilterProxyModel):
    """A search of digits picks codes INSEE by their start (« 38 » is the Isère, « 971 » Guadeloupe);
    one of letters, names containing it (accents and case ignored)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.text = ""
        self.checked_only = False

    def search(self, text: str) -> None:
        self.text = search_key(text).strip()
        self.invalidate()

    def show_checked_only(self, checked_only: bool) -> None:
        self.checked_only = checked_only
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        index = self.sourceModel().index(row, 0, parent)
        if self.checked_only and index.data(Qt.CheckStateRole) not in (Qt.Checked, Qt.Checked.value):
            return False
        if not self.text:
            return True
        if re.fullmatch(r"\d+|2[ab]\d*", self.text):
            return str(index.data(CODE_ROLE)).lower().startswith(self.text)
        return self.text in str(index.data(SEARCH_ROLE))


class CommuneChoiceDialog(QDialog):
    """The communes of ``read``, those of ``checked`` ticked; « Importer » accepts with ``chosen()``."""

    def __init__(self, read: CommuneFile, checked: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Communes du territoire"))
        self.read = read
        self.checked = set(checked) & set(read.communes)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self._intro())
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Rechercher un nom, un code INSEE ou un département…"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.items = QStandardItemModel(self)
        for record in sorted(read.communes.values(), key=lambda r: (r.departement, search_key(r.nom))):
            self.items.appendRow(self._item(record))
        self.shown = _CommuneFilter(self)
        self.shown.setSourceModel(self.items)
        self.list = QListView()
        self.list.setModel(self.shown)
        self.list.setUniformItemSizes(True)
        layout.addWidget(self.list, 1)
        self.search.textChanged.connect(self.shown.search)
        self.checked_only = QCheckBox(_("Seulement les communes cochées"))
        on(self.checked_only.toggled, lambda: self.shown.show_checked_only(self.checked_only.isChecked()))
        layout.addWidget(self.checked_only)
        self.items.itemChanged.connect(self._item_changed)
        layout.addLayout(
            buttons(
                (_("Cocher les communes affichées"), lambda: self._check_shown(Qt.Checked)),
                (_("Décocher les communes affichées"), lambda: self._check_shown(Qt.Unchecked)),
            )
        )
        self.count = QLabel()
        layout.addWidget(self.count)
        self.kind = QComboBox()
        for kind in read.kinds:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText(_("non indiquée"))
        self.year.setValue(read.year or 0)
        if read.kinds:
            layout.addWidget(labelled(_("Chiffre retenu :"), self.kind))
            layout.addWidget(labelled(_("Année des populations légales :"), self.year))
        on(self.kind.currentIndexChanged, self._show_count)
        layout.addLayout(buttons((_("Importer"), self._accept_if_chosen), (_("Annuler"), self.reject)))
        self._show_count()
        self.resize(620, 560)

    def _intro(self) -> str:
        read = self.read
        text = _("{label} « {name} » : {count}").format(
            label=read.label,
            name=read.name,
            count=plural(len(read.communes), _("{count} commune"), _("{count} communes")),
        )
        if read.kinds:
            text += (
                _(", populations légales {year}").format(year=read.year)
                if read.year
                else _(", populations sans année indiquée")
            )
        return text + _(". Cochez les communes du territoire : les autres ne sont pas enregistrées.")

    @staticmethod
    def _item(record: CommuneRecord) -> QStandardItem:
        figure = record.municipale if record.municipale is not None else record.totale or record.population
        text = f"{record.code_insee}  {record.nom} ({record.departement})"
        if figure is not None:
            text += " – " + plural(figure, _("{count} habitant"), _("{count} habitants"))
        item = QStandardItem(text)
        item.setCheckable(True)
        item.setEditable(False)
        item.setData(record.code_insee, CODE_ROLE)
        item.setData(search_key(record.nom), SEARCH_ROLE)
        return item

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        """Ticks are set once the list is built, so that ticking thousands does not count each one."""
        self.items.blockSignals(True)
        for row in range(self.items.rowCount()):
            item = self.items.item(row)
            item.setCheckState(Qt.Checked if item.data(CODE_ROLE) in self.checked else Qt.Unchecked)
        self.items.blockSignals(False)
        super().showEvent(event)  # type: ignore[arg-type]

    def _item_changed(self, item: QStandardItem) -> None:
        code = item.data(CODE_ROLE)
        if item.checkState() == Qt.Checked:
            self.checked.add(code)
        else:
            self.checked.discard(code)
        self._show_count()

    def _check_shown(self, state: Qt.CheckState) -> None:
        self.items.blockSignals(True)
        for row in range(self.shown.rowCount()):
            item = self.items.itemFromIndex(self.shown.mapToSource(self.shown.index(row, 0)))
            item.setCheckState(state)
            (self.checked.add if state == Qt.Checked else self.checked.discard)(item.data(CODE_ROLE))
        self.items.blockSignals(False)
        self.shown.invalidate()
        self._show_count()

    def _show_count(self) -> None:
        text = plural(len(self.checked), _("{count} commune cochée"), _("{count} communes cochées"))
        kind = self.population_kind()
        if self.read.kinds:
            people = sum(getattr(self.read.communes[code], kind) or 0 for code in self.checked)
            text += ", " + plural(people, _("{count} habitant"), _("{count} habitants"))
            text += _(" (population {kind})").format(kind=kind)
        self.count.setText(text)

    def population_kind(self) -> str:
        return self.kind.currentData() or MUNICIPALE

    def population_year(self) -> int | None:
        return self.year.value() or None

    def chosen(self) -> list[str]:
        return sorted(self.checked)

    def _accept_if_chosen(self) -> None:
        if not self.checked:
            self.count.setText(_("Cochez au moins une commune du territoire."))
            return
        self.accept()
