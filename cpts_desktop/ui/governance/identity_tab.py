"""Association: the identity of the association (name, RNA, SIRET, address, logo…)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cpts_desktop.domain.errors import CptsError, InvalidFields
from cpts_desktop.i18n import _, format_date_short
from cpts_desktop.services.association import PROFILE_FIELDS, association_profile, update_association
from cpts_desktop.ui.governance.tab import GovernanceTab
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.signals import on
from cpts_desktop.ui.styles import ERROR_STYLE


class IdentityTab(GovernanceTab):
    """The identity form scrolls; its « Enregistrer » stays below it, on screen whatever messages show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        page = QWidget()
        form = QFormLayout(page)
        self.identity: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.identity_errors: dict[str, QLabel] = {}
        for name, (label, _cleaner) in PROFILE_FIELDS.items():
            widget, error = self._field(name)
            form.addRow(label + " :", self._boxed(name, widget, error))
            self.identity[name] = widget
            self.identity_errors[name] = error
        self.identity_version: int | None = None
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(page)
        column = QVBoxLayout(self)
        column.addWidget(scroll, 1)
        save = QPushButton(_("Enregistrer l’identité"))
        on(save.clicked, self.save_identity)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(save)
        column.addLayout(row)

    @staticmethod
    def _field(name: str) -> tuple[QLineEdit | QPlainTextEdit, QLabel]:
        widget: QLineEdit | QPlainTextEdit = QPlainTextEdit() if name == "objet" else QLineEdit()
        if name == "objet":
            widget.setFixedHeight(60)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        return widget, error

    def _boxed(self, name: str, widget: QWidget, error: QLabel) -> QWidget:
        """The field with its error line under it; the logo's path with its « Choisir… » button."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        if name == "logo_path":
            row = QHBoxLayout()
            row.addWidget(widget, 1)
            choose = QPushButton(_("Choisir…"))
            on(choose.clicked, self.choose_logo)
            row.addWidget(choose)
            column.addLayout(row)
        else:
            column.addWidget(widget)
        column.addWidget(error)
        return box

    def _identity_values(self) -> dict[str, str]:
        return {
            name: widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            for name, widget in self.identity.items()
        }

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Logo de l’association"), str(Path.home()), _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            _set_text(self.identity["logo_path"], path)

    def save_identity(self) -> bool:
        if self.database is None:
            return False
        for label in self.identity_errors.values():
            label.hide()
        try:
            profile = update_association(self.database, self._identity_values(), self.identity_version)
        except InvalidFields as invalid:
            for name, message in invalid.by_field().items():
                self.identity_errors[name].setText(message)
                self.identity_errors[name].show()
            return False
        except CptsError as error:
            show_error(self, error.message)
            return False
        self.identity_version = profile.version
        self.after_change()
        return True

    def reload(self) -> None:
        if self.database is None:
            return
        profile = association_profile(self.database)
        self.identity_version = profile.version
        for name, widget in self.identity.items():
            value = profile.values.get(name)
            text = format_date_short(value) if isinstance(value, date) else ("" if value is None else str(value))
            _set_text(widget, text)


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        widget.setText(text)
