"""Documents at every size: convocations with pouvoirs, the members list and the feuille d’émargement.

Each document is drawn in a child process on a register of fictional members, so that its peak memory
(the process's maximum resident size) is its own. ``measure`` returns (seconds, peak MB); the series
harness prints them side by side at 1,000, 10,000 and 100,000 members with their growth factors.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.common import ROOT, child_env

OPERATIONS = ("convocations", "liste des adhérents", "émargement")
"""What the series measures, by the name it prints."""

SIZES = {
    "convocations": (1_000, 10_000),
    "liste des adhérents": (1_000, 10_000, 100_000),
    "émargement": (1_000, 10_000),
}
"""The sizes each operation is measured at (an émargement of 100,000 reads them twice: over a minute)."""

IDENTITY = {
    "nom": "CPTS du Val de Mesure",
    "rna": "W751234567",
    "adresse": "1 place de l’Essai",
    "code_postal": "75011",
    "commune": "Paris",
}
AGENDA = ["Rapport moral", "Rapport financier", "Approbation des comptes", "Élection du conseil"]


def prepare(location: str) -> int:
    """Give a register made by ``benchmarks.data.make_register`` an identity and an AG convening
    everyone (added by hand: nobody has paid in a generated register); the meeting's id."""
    from sqlalchemy import insert, select

    from cpts_desktop.domain.enums import MeetingType
    from cpts_desktop.services.association import update_association
    from cpts_desktop.services.database import open_database
    from cpts_desktop.services.meetings import create_meeting
    from cpts_desktop.store.models import Attendance, Member

    database = open_database(location)
    try:
        update_association(database, IDENTITY)
        when = datetime.now().replace(hour=18, minute=30, second=0, microsecond=0) + timedelta(days=30)
        meeting_id = create_meeting(database, MeetingType.ORDINARY_GENERAL, when, "Salle des fêtes", agenda=AGENDA)
        with database.sessions.begin() as session:
            members = session.scalars(select(Member.id)).all()
            rows = [{"meeting_id": meeting_id, "member_id": m, "convoque": True, "manuel": True} for m in members]
            session.execute(insert(Attendance), rows)
        return meeting_id
    finally:
        database.close()


def measure(operation: str, location: str, meeting_id: int) -> tuple[float, float]:
    """(seconds, peak MB) of drawing ``operation`` on the register at ``location``, in a child process."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.scaling_documents", operation, location, str(meeting_id)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=900,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{operation} : {completed.stderr.strip().splitlines()[-1:]}")
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures["seconds"], figures["peak_mb"]


def series(sizes: tuple[int, ...] = (1_000, 10_000)) -> dict[str, dict[int, tuple[float, float]]]:
    """Every operation at every size of ``sizes`` it is measured at: {operation: {size: (s, MB)}}."""
    from benchmarks.data import make_register

    figures: dict[str, dict[int, tuple[float, float]]] = {operation: {} for operation in OPERATIONS}
    with tempfile.TemporaryDirectory(prefix="cpts-documents-") as work:
        for size in sizes:
            location = str(Path(work) / f"{size}.sqlite")
            make_register(location, size).close()
            meeting_id = prepare(location)
            for operation in OPERATIONS:
                if size in SIZES[operation]:
                    figures[operation][size] = measure(operation, location, meeting_id)
    return figures


def _draw(operation: str, location: str, meeting_id: int, folder: Path) -> None:
    from cpts_desktop.pdf.meetings import attendance_sheet_pdf, convocations_pdf
    from cpts_desktop.pdf.registers import members_list_pdf
    from cpts_desktop.services import documents
    from cpts_desktop.services.database import open_database

    database = open_database(location)
    try:
        if operation == "convocations":
            convocations_pdf(documents.meeting_papers(database, meeting_id), folder / "convocations.pdf")
        elif operation == "émargement":
            attendance_sheet_pdf(documents.meeting_papers(database, meeting_id), folder / "emargement.pdf")
        else:
            members_list_pdf(documents.members_list(database, datetime.now().year), folder / "adherents.pdf")
    finally:
        database.close()


def _child(operation: str, location: str, meeting_id: int) -> None:
    """Draw once and print the figures: the imports are done before the clock starts."""
    import cpts_desktop.pdf.meetings  # noqa: F401 - loaded before the clock starts
    import cpts_desktop.pdf.registers  # noqa: F401

    with tempfile.TemporaryDirectory(prefix="cpts-document-") as folder:
        start, cpu = time.perf_counter(), time.process_time()
        _draw(operation, location, meeting_id, Path(folder))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    # the processor time too: on a loaded machine the clock counts the other processes' turns
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak}))


if __name__ == "__main__":
    if len(sys.argv) == 4:
        _child(sys.argv[1], sys.argv[2], int(sys.argv[3]))
    else:
        for name, by_size in series().items():
            for size, (seconds, peak) in by_size.items():
                print(f"{name} ({size:,} adhérents) : {seconds:.2f} s, {peak:.0f} Mo".replace(",", " "))
