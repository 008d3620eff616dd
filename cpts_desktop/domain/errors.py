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


class DamagedDatabase(DatabaseError):
    """The file is a database whose content is damaged: restoring a backup is the remedy."""


class InvalidFields(CptsError):
    """Several fields may be wrong at once; ``errors`` holds one ``ValidationError`` per field."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("\n".join(e.message for e in errors))
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}
