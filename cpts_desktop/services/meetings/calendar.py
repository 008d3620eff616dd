"""The meeting as an iCalendar file for members' agendas."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.failures import file_reason
from cpts_desktop.services.meetings.agenda import get_meeting
from cpts_desktop.store.engine import Database


def ics(database: Database, meeting_id: int, now: datetime | None = None) -> str:
    """The meeting as an iCalendar event (local time, two hours), for members' agendas."""
    detail = get_meeting(database, meeting_id)
    s = detail.summary
    stamp = (now or datetime.now()).strftime("%Y%m%dT%H%M%S")
    start = s.date_heure
    end = start.replace(hour=min(start.hour + 2, 23))

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    agenda = "\n".join(f"{i.ordre}. {i.titre}" for i in detail.agenda)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//CPTS Desktop//FR",
        "BEGIN:VEVENT",
        f"UID:reunion-{s.id}-{start.strftime('%Y%m%d')}@cpts-desktop",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start.strftime('%Y%m%dT%H%M%S')}",
        f"DTEND:{end.strftime('%Y%m%dT%H%M%S')}",
        f"SUMMARY:{esc(s.titre)}",
        f"LOCATION:{esc(s.lieu or detail.visio_url)}",
        f"DESCRIPTION:{esc('Ordre du jour :' + chr(10) + agenda)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


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
