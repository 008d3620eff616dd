"""Jobs run on Qt's thread pool, or on the one a test puts in its place to get their outcome at once."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.ui import workers


def _outcomes(job: workers.Job) -> list[object]:
    seen: list[object] = []
    job.signals.progress.connect(lambda done, total: seen.append((done, total)))
    job.signals.finished.connect(seen.append)
    job.signals.failed.connect(lambda message: seen.append(f"refus : {message}"))
    return seen


def _counting(progress) -> str:  # noqa: ANN001 - the job's progress callback
    progress(1, 2)
    return threading.current_thread().name


def test_a_synchronous_pool_delivers_the_outcome_before_start_returns(synchronous_jobs: None):
    done = workers.Job(_counting)
    seen = _outcomes(done)
    workers.start(done)
    assert seen == [(1, 2), threading.current_thread().name]

    def refused(_progress) -> None:  # noqa: ANN001
        raise CptsError("Rien n’a été enregistré.")

    failing = workers.Job(refused)
    seen = _outcomes(failing)
    workers.start(failing)
    assert seen == ["refus : Rien n’a été enregistré."]


def _collecting(progress) -> tuple[str, bool]:  # noqa: ANN001 - the job's progress callback
    progress(1, 2)
    return threading.current_thread().name, gc.isenabled()


def test_jobs_run_off_the_gui_thread_by_default_with_the_collector_at_rest(qtbot: QtBot):
    """On another thread, Python's collector could destroy the GUI thread's Qt objects: it rests until the
    last job has ended."""
    job = workers.Job(_collecting)
    seen = _outcomes(job)
    with qtbot.waitSignal(job.signals.done, timeout=10_000):
        workers.start(job)
    assert seen[0] == (1, 2)
    thread, collecting = seen[1]
    assert thread != threading.current_thread().name and not collecting
    qtbot.waitUntil(gc.isenabled, timeout=10_000)


def test_a_synchronous_pool_leaves_the_collector_as_it_is(synchronous_jobs: None):
    job = workers.Job(_collecting)
    seen = _outcomes(job)
    workers.start(job)
    assert seen[1] == (threading.current_thread().name, True)
