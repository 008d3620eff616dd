"""Errors raised by the use cases, each with the French sentence the user reads."""

from __future__ import annotations

from cpts_desktop.domain.errors import CptsError


class NotFound(CptsError):
    """The record asked for does not exist (or no longer does)."""


class StaleRecord(CptsError):
    """The record changed since it was read: saving would overwrite someone else's edit."""


class DuplicateMember(CptsError):
    """Saving would create a second record of an existing member."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id
