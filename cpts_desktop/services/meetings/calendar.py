"""The meeting as an iCalendar file (RFC 5545, written by the ``icalendar`` library) for members' agendas."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.failures import file_reason
from cpts_desktop.services.meetings.agenda import get_meeting
from cpts_desktop.store.engine import Database

# Meetings are held, and their times typed, in metropolitan France.
PARIS = ZoneInfo("Europe/Paris")
# Without a recorded closing time, a meeting is shown in agendas as lasting two hours.
DEFAULT_LENGTH = timedelta(hours=2)
_CLOCK = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})$")


def ics(database: Database, meeting_id: int, now: datetime | None = None) -> str:
    """The meeting as an iCalendar event in Paris time (with its VTIMEZONE), lines folded at 75 octets."""
    from icalendar import Calendar, Event  # loaded only when a calendar file is made

    detail = get_meeting(database, meeting_id)
    s = detail.summary
    start = s.date_heure.replace(tzinfo=PARIS)
    end = meeting_end(start, detail.heure_cloture)
    event = Event()
    event.add("uid", f"reunion-{s.id}-{start:%Y%m%d}@cpts-desktop")
    event.add("dtstamp", _utc(now or datetime.now(UTC)))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", s.titre)
    if s.lieu or detail.visio_url:
        event.add("location", s.lieu or detail.visio_url)
    if detail.visio_url:
        event.add("url", detail.visio_url)
    if detail.agenda:
        event.add("description", "Ordre du jour :\n" + "\n".join(f"{i.ordre}. {i.titre}" for i in detail.agenda))
    calendar = Calendar()
    calendar.add("prodid", "-//CPTS Desktop//FR")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    # the VTIMEZONE of the meeting's year only, not every change of time since 1970
    calendar.add_missing_timezones(first_date=date(start.year, 1, 1), last_date=date(end.year + 1, 1, 1))
    for zone in calendar.timezones:
        zone.pop("COMMENT", None)  # the library's note, in English, on the years the zone covers
    text: bytes = calendar.to_ical()  # untyped in icalendar
    return text.decode("utf-8")


def meeting_end(start: datetime, closing: str | None) -> datetime:
    """The recorded closing time (on the next day when it is not after the start: a meeting that ran past
    midnight), else two hours after the start — always after the start."""
    match = _CLOCK.match((closing or "").strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return start + DEFAULT_LENGTH
    end = start.replace(hour=int(match[1]), minute=int(match[2]), second=0, microsecond=0)
    return end if end > start else end + timedelta(days=1)


def _utc(moment: datetime) -> datetime:
    """DTSTAMP is written in UTC; a moment without a zone is Paris time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=PARIS)).astimezone(UTC)


def write_ics(database: Database, meeting_id: int, path: Path) -> Path:
    """The meeting's calendar file, written whole or not at all."""
    partial = path.with_name(path.name + ".partiel")
    try:
        partial.write_text(ics(database, meeting_id), encoding="utf-8", newline="")
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CptsError(f"Impossible d’écrire « {path} » ({file_reason(error)}).") from error
    return path
