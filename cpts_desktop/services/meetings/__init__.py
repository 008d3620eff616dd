"""Meetings: who is convened and why, attendance and pouvoirs, quorum, votes, and the minutes.

One module per subject; the public names stay importable from ``cpts_desktop.services.meetings``.

Two levels, as in every service: a function taking a ``Database`` is one user action and opens one
transaction; its ``…_in`` companion takes the caller's ``Session`` and never commits, so that actions
compose (a vote and the statutes it adopts) and a document reads one snapshot. The rules themselves
(quorum, majority, délai per meeting type) live in ``cpts_desktop.domain.meetings``."""

from cpts_desktop.domain.meetings import BOARD_QUORUM, GENERAL, Quorum, majority_for
from cpts_desktop.services.meetings.agenda import (
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
    meeting_in,
    parameters_for,
)
from cpts_desktop.services.meetings.attendance import quorum, quorum_in, set_attendance, set_attendances
from cpts_desktop.services.meetings.calendar import ics, write_ics
from cpts_desktop.services.meetings.convocation import (
    BUREAU_ROLES,
    ConvocationDelay,
    Recipient,
    convocation_check,
    convocation_delay,
    convocation_warning,
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
    draft_minutes_in,
    save_minutes,
    set_session_officers,
    sign_minutes,
)
from cpts_desktop.services.meetings.votes import elect, elect_in, record_vote, vote_in

__all__ = [
    "vote_in",
    "elect_in",
    "draft_minutes_in",
    "recipients_in",
    "convened_in",
    "quorum_in",
    "meeting_in",
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
    "convocation_warning",
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
