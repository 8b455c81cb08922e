"""The one exception type for business errors. Its message is Vietnamese and meant for
the person who caused it (HackSoft styleguide: ApplicationError)."""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
