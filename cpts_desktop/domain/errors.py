"""Typed errors carrying a French message meant for the user, shown as is by the GUI and the CLI."""

from __future__ import annotations


class CptsError(Exception):
    """Base of every error the user may see; ``str(error)`` is the French message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(CptsError):
    """A value entered or imported is invalid; ``field`` names the field concerned."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class DatabaseError(CptsError):
    """The database cannot be opened or used: missing, not a database, damaged, or too new."""
