"""The .ics of a meeting, read back by the ``icalendar`` library as an agenda would read it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from cpts_desktop.domain.enums import MeetingType
from cpts_desktop.services import meetings
from cpts_desktop.services.meetings.calendar import meeting_end

PARIS = ZoneInfo("Europe/Paris")
LATE = datetime(2027, 3, 20, 23, 0)


def _late_meeting(database) -> int:
    agenda = ["Rapport moral, d’activité et financier de l’exercice écoulé, avec ses annexes", "Questions diverses"]
    return meetings.create_meeting(
        database, MeetingType.BOARD, LATE, "Maison de santé, 12 rue des Tilleuls, Montvallon", agenda=agenda
    )


def test_a_meeting_at_23_00_ends_the_next_day_in_short_lines(database):
    text = meetings.ics(database, _late_meeting(database), now=datetime(2027, 3, 1, 9, 0))
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == LATE.replace(tzinfo=PARIS) and start.tzinfo.key == "Europe/Paris"
    assert end > start and end == datetime(2027, 3, 21, 1, 0, tzinfo=PARIS)
    assert event.decoded("dtstamp") == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    assert "DTSTART;TZID=Europe/Paris:20270320T230000" in text and "BEGIN:VTIMEZONE" in text
    assert "COMMENT" not in text  # icalendar's note on the zone, in English
    assert str(event["location"]) == "Maison de santé, 12 rue des Tilleuls, Montvallon"
    assert str(event["description"]).endswith("1. Rapport moral, d’activité et financier de l’exercice écoulé, "
                                              "avec ses annexes\n2. Questions diverses")  # fmt: skip


def test_nothing_empty_is_written(database):
    bare = meetings.create_meeting(database, MeetingType.BUREAU, LATE)
    text = meetings.ics(database, bare)
    assert "LOCATION" not in text and "DESCRIPTION" not in text and "URL" not in text


def test_a_recorded_closing_time_ends_the_event():
    start = LATE.replace(tzinfo=PARIS)
    assert meeting_end(start, "00 h 40") == start.replace(hour=0, minute=40) + timedelta(days=1)
    assert meeting_end(start.replace(hour=18), "20:15") == start.replace(hour=20, minute=15)
    for unreadable in (None, "", "tard", "25:00"):
        assert meeting_end(start, unreadable) == start + timedelta(hours=2)
