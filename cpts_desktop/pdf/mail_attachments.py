"""The PDFs an e-mail carries (a member's convocation and pouvoir, a receipt, an attestation), drawn as
bytes for ``services.mail.sendings``: the same documents as the printed ones, one recipient each."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from cpts_desktop.config import temp_dir
from cpts_desktop.pdf.meetings import convocations_pdf
from cpts_desktop.pdf.membership import attestation_pdf, receipt_pdf
from cpts_desktop.services.documents import Attestation, MeetingPapers, MemberCard, Receipt

_T = TypeVar("_T")


def _drawn(draw: Callable[[_T, Path], Path], data: _T) -> bytes:
    """The document's bytes, drawn in this run's private temporary folder (personal data) and removed."""
    with tempfile.TemporaryDirectory(dir=temp_dir()) as folder:
        return draw(data, Path(folder) / "document.pdf").read_bytes()


class PdfDrawings:
    """``services.mail.sendings.Drawings`` with the application's documents."""

    def convocation(self, papers: MeetingPapers, member: MemberCard) -> bytes:
        """The member's own convocation (and pouvoir for an AG), as ``convocations_zip`` draws each one."""
        return _drawn(lambda data, path: convocations_pdf(data, path, only=[member]), papers)

    def receipt(self, data: Receipt) -> bytes:
        return _drawn(receipt_pdf, data)

    def attestation(self, data: Attestation) -> bytes:
        return _drawn(attestation_pdf, data)


DRAWINGS = PdfDrawings()
