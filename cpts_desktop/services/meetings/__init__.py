"""Meetings: who is convened and why, attendance and pouvoirs, quorum, votes, and the minutes.

One module per subject; the public names stay importable from ``cpts_desktop.services.meetings``."""

from cpts_desktop.services.meetings.agenda import (
    GENERAL,
    LOCKED,
    AgendaLine,
    MeetingDetail,
    MeetingSummary,
    ResolutionLine,
    add_agenda_item,
    add_resolution,
    create_meeting,
    get_meeting,
    list_meetings,
    parameters_for,
)
from cpts_desktop.services.meetings.attendance import BOARD_QUORUM, Quorum, quorum, set_attendance, set_attendances
from cpts_desktop.services.meetings.calendar import ics, write_ics
from cpts_desktop.services.meetings.convocation import (
    BUREAU_ROLES,
    ConvocationDelay,
    Recipient,
    convocation_check,
    convocation_delay,
    recipients,
    record_convocation,
    set_recipient,
)
from cpts_desktop.services.meetings.minutes import (
    BODIES,
    Body,
    Officers,
    approve_minutes,
    draft_minutes,
    save_minutes,
    set_session_officers,
    sign_minutes,
)
from cpts_desktop.services.meetings.votes import elect, majority_for, record_vote

__all__ = [
    "BODIES",
    "BOARD_QUORUM",
    "BUREAU_ROLES",
    "GENERAL",
    "LOCKED",
    "AgendaLine",
    "Body",
    "ConvocationDelay",
    "MeetingDetail",
    "MeetingSummary",
    "Officers",
    "Quorum",
    "Recipient",
    "ResolutionLine",
    "add_agenda_item",
    "add_resolution",
    "approve_minutes",
    "convocation_check",
    "convocation_delay",
    "create_meeting",
    "draft_minutes",
    "elect",
    "get_meeting",
    "ics",
    "list_meetings",
    "majority_for",
    "parameters_for",
    "quorum",
    "record_convocation",
    "record_vote",
    "recipients",
    "save_minutes",
    "set_attendance",
    "set_attendances",
    "set_recipient",
    "set_session_officers",
    "sign_minutes",
    "write_ics",
]
