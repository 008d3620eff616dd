"""Long work off the GUI thread: a job runs on the thread pool and reports progress, its result or a
French error by signal; cancel() asks it to stop at its next progress report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from cpts_desktop.domain.errors import CptsError

log = logging.getLogger(__name__)
UNEXPECTED = "Une erreur inattendue a interrompu l’opération ; rien n’a été enregistré. Le détail est dans le journal."


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Runs ``work(progress)``, where ``progress(done, total)`` returns False once cancel() was called."""

    def __init__(self, work: Callable[[Callable[[int, int], bool]], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = JobSignals()
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self.cancelled

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except CptsError as error:
            self.signals.failed.emit(error.message)
        except Exception:  # noqa: BLE001 - reported to the user in French, traceback to the log
            log.exception("job failed")
            self.signals.failed.emit(UNEXPECTED)
        else:
            self.signals.finished.emit(result)


def start(job: Job) -> Job:
    QThreadPool.globalInstance().start(job)
    return job
