"""Message boxes in French; the one place the interface tells the user something went wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from cpts_desktop.i18n import _


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    QMessageBox.critical(parent, title or _("Erreur"), message)


def show_info(parent: QWidget | None, message: str, title: str | None = None) -> None:
    QMessageBox.information(parent, title or _("Information"), message)
