"""The plugin's exceptions: requests the engine refused, setup problems (no CLI, no Node, a dead
server), handler references that cannot be resolved, and TaskFailure for handlers to raise."""

from __future__ import annotations

from typing import Any, Dict, Optional


class StepthroughError(Exception):
    """The engine refused a request: a missing file, malformed mocks, an unknown state...

    ``code`` is the engine's error code (``E_FILE_NOT_FOUND``, ``E_INVALID_MOCKS``, ...).
    """

    def __init__(
        self,
        code: str,
        message: str,
        hint: Optional[str] = None,
        location: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.code = code
        self.message = message
        self.hint = hint
        self.location = location or {}
        super().__init__(self._text())

    def _text(self) -> str:
        where = ""
        file = self.location.get("file")
        if file:
            line = self.location.get("line")
            column = self.location.get("column")
            where = f"{file}{f':{line}' if line else ''}{f':{column}' if line and column else ''}: "
        hint = f"\n  hint: {self.hint}" if self.hint else ""
        return f"{where}{self.message} [{self.code}]{hint}"


class StepthroughSetupError(RuntimeError):
    """The engine cannot be used: the CLI or Node.js is missing, or the server process failed."""


class HandlerNotFound(LookupError):
    """A mock names a handler (``module:function``) that cannot be imported."""


class TaskFailure(Exception):
    """Raise from a handler to fail the Task with exactly this Error and Cause.

    Any other exception fails it as the AWS Lambda Python runtime would: Error is the exception's
    class name and Cause the runtime's error object (errorMessage, errorType, stackTrace).
    """

    def __init__(self, error: str, cause: str = "") -> None:
        self.error = error
        self.cause = cause
        super().__init__(f"{error}: {cause}" if cause else error)
