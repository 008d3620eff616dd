"""A document's data is read from one moment: what another window commits meanwhile is not half-seen."""

from __future__ import annotations

from sqlalchemy import func, select

from cpts_desktop.store.engine import Database
from cpts_desktop.store.models import College


def _count(session) -> int:  # noqa: ANN001 - a Session
    return session.scalar(select(func.count()).select_from(College))


def test_a_snapshot_does_not_see_a_commit_made_after_its_first_read(database: Database) -> None:
    with database.snapshot() as reading:
        before = _count(reading)
        with database.sessions.begin() as writing:
            writing.add(College(nom="Usagers du territoire", sieges_ca=1, description=""))
        assert _count(reading) == before
    with database.snapshot() as later:
        assert _count(later) == before + 1


def test_a_snapshot_writes_nothing(database: Database) -> None:
    with database.snapshot() as reading:
        before = _count(reading)
        reading.add(College(nom="Jamais enregistré", sieges_ca=1, description=""))
        reading.flush()
    with database.snapshot() as later:
        assert _count(later) == before
