"""Preview of a generated PDF, then « Enregistrer sous… » or « Imprimer… »."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QProgressDialog, QVBoxLayout, QWidget

from cpts_desktop.config import private_file, temp_dir
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.i18n import _
from cpts_desktop.services.failures import file_reason
from cpts_desktop.ui.busy import busy
from cpts_desktop.ui.messages import show_error
from cpts_desktop.ui.signals import on


class PdfPreview(QDialog):
    """Shows ``path`` (a temporary file the dialog owns) and lets the user save or print it."""

    def __init__(self, path: Path, suggested_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.suggested_name = suggested_name
        self.setWindowTitle(_("Aperçu – {name}").format(name=suggested_name))
        self.resize(800, 1000)  # an A4 page at a readable width; shrunk to the screen when shown
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Enregistrer sous…"), QDialogButtonBox.AcceptRole)
        self.print_button = buttons.addButton(_("Imprimer…"), QDialogButtonBox.ActionRole)
        close = buttons.addButton(_("Fermer"), QDialogButtonBox.RejectRole)
        on(self.save_button.clicked, self.choose_and_save)
        on(self.print_button.clicked, self.print_document)
        on(close.clicked, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def choose_and_save(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Enregistrer le document"), str(Path.home() / self.suggested_name), _("Documents PDF (*.pdf)")
        )
        if target:
            self.save_to(Path(target))

    def save_to(self, target: Path) -> bool:
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            shutil.copyfile(self.path, private_file(target))
        except OSError as error:
            message = _("Impossible d’enregistrer « {path} » ({reason}).")
            show_error(self, message.format(path=target, reason=file_reason(error)))
            return False
        self.accept()
        return True

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Each page drawn at the printer's resolution (seconds per page): a progress bar says where
        it is, and « Annuler » stops before the next page."""
        progress = QProgressDialog(_("Impression…"), _("Annuler"), 0, self.page_count, self)
        progress.setWindowTitle(_("Impression"))
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(0)
        painter = QPainter(printer)
        try:
            for page in range(self.page_count):
                progress.setLabelText(
                    _("Impression de la page {page} sur {total}…").format(page=page + 1, total=self.page_count)
                )
                progress.setValue(page)
                if progress.wasCanceled():
                    printer.abort()
                    return False
                if page:
                    printer.newPage()
                target = painter.viewport().size()
                image = self.document.render(page, QSize(target.width(), target.height()))
                painter.drawImage(painter.viewport(), image)
        finally:
            painter.end()
            progress.reset()
        return True

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        self.document.close()
        self.path.unlink(missing_ok=True)
        super().done(result)


def preview_document(
    parent: QWidget, suggested_name: str, render: Callable[[Path], Path], show: bool = True
) -> PdfPreview | None:
    """Render a document to a temporary file and open the preview; a French message on failure."""
    descriptor, name = tempfile.mkstemp(prefix="cpts-", suffix=".pdf", dir=temp_dir())
    os.close(descriptor)
    path = Path(name)
    try:
        with busy(parent, _("Préparation du document {name}…").format(name=suggested_name)):
            render(path)
    except CptsError as error:
        path.unlink(missing_ok=True)
        show_error(parent, error.message)
        return None
    dialog = PdfPreview(path, suggested_name, parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    if show:
        dialog.open()
    return dialog
