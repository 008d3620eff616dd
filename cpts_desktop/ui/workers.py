"""Long work off the GUI thread: a job runs on the thread pool and reports progress, its result or a
French error by signal; cancel() asks it to stop at its next progress report.

The pool is Qt's global one unless another is put in its place (``use_pool``): tests run jobs
synchronously with ``Synchronous``, so their outcome is there when the click that started them returns.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from cpts_desktop.domain.errors import CptsError

log = logging.getLogger(__name__)
UNEXPECTED = "Une erreur inattendue a interrompu l’opération ; rien n’a été enregistré. Le détail est dans le journal."


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    done = Signal()


class _Collector(QObject):
    """Lives on the GUI thread: automatic garbage collection resumes there when the last job ends."""

    def __init__(self) -> None:
        super().__init__()
        self.running = 0

    def pause(self) -> None:
        gc.collect()
        gc.disable()
        self.running += 1

    @Slot()
    def resume(self) -> None:
        self.running -= 1
        if self.running == 0:
            gc.enable()


class Pool(Protocol):
    """Where jobs run: Qt's thread pool (``Threaded``) or a stand-in."""

    def start(self, job: Job) -> None: ...


class Threaded:
    """Qt's global thread pool, the application's.

    Python's cyclic garbage collector runs in whichever thread happens to allocate; were it a worker, it
    could destroy Qt objects that belong to the GUI thread and crash the application. So garbage is
    collected on the GUI thread before a job goes, and automatic collection waits until the last job has
    ended."""

    def __init__(self) -> None:
        self.collector = _Collector()

    def start(self, job: Job) -> None:
        self.collector.pause()
        job.signals.done.connect(self.collector.resume)
        QThreadPool.globalInstance().start(job)


class Synchronous:
    """A pool that runs each job at once on the calling thread: its signals reach their slots (all on
    that thread) before ``start`` returns, so a test needs no waiting. No other thread runs Python, so
    the collector is left as it is."""

    def start(self, job: Job) -> None:
        job.run()


_pool: Pool | None = None


def use_pool(pool: Pool | None) -> None:
    """Run the next jobs on ``pool`` (None: Qt's global thread pool again)."""
    global _pool
    _pool = pool


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
        except Exception as error:  # noqa: BLE001 - reported to the user in French, traceback to the log
            from cpts_desktop.services.failures import explain  # SQLAlchemy: not before the first paint

            log.exception("job failed")
            self.signals.failed.emit(explain(error) or UNEXPECTED)
        else:
            self.signals.finished.emit(result)
        finally:
            self.signals.done.emit()


@cache
def _threaded() -> Threaded:
    """One for the application, so that one count of running jobs decides when collection resumes."""
    return Threaded()


def start(job: Job) -> Job:
    """Run ``job`` on the pool in use (``use_pool``): Qt's global thread pool unless a test chose another."""
    (_pool or _threaded()).start(job)
    return job
