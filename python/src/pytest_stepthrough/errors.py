"""The plugin's exceptions: requests the engine refused, setup problems (no CLI, no Node, a dead
server), handler references that cannot be resolved, and TaskFailure for handlers to raise."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


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


class TaskTokenError(StepthroughError):
    """A task token answer the execution cannot take (``send_task_success`` and friends).

    ``aws_error`` is the exception AWS's SendTask* API throws for the same answer: ``InvalidToken``
    (the execution never issued this token), ``TaskTimedOut`` (its task has already been closed:
    answered, timed out or stopped) or ``InvalidOutput`` (the output is not JSON or over 256 KiB).
    """

    def __init__(
        self,
        aws_error: str,
        message: str,
        hint: Optional[str] = None,
    ) -> None:
        self.aws_error = aws_error
        super().__init__("E_TASK_TOKEN", message, hint)


class DefinitionError(StepthroughError):
    """AWS would reject the state machine: nothing ran.

    ``diagnostics`` lists every error as ``stepthrough validate`` reports it (dicts with ``code``,
    ``message``, ``line``, ``column``, ``file`` for a file, ``path`` in the definition); ``str()``
    shows one ``file:line:col CODE message`` line each. Pass ``validate=False`` to run such a
    machine anyway.
    """

    def __init__(
        self,
        code: str,
        message: str,
        hint: Optional[str] = None,
        location: Optional[Dict[str, Any]] = None,
        diagnostics: Optional[List[Dict[str, Any]]] = None,
    ) -> None:
        self.diagnostics: List[Dict[str, Any]] = list(diagnostics or [])
        super().__init__(code, message, hint, location)

    def _text(self) -> str:
        lines = [f"AWS would reject this state machine ({len(self.diagnostics)} error{'' if len(self.diagnostics) == 1 else 's'}) [{self.code}]:"]
        for d in self.diagnostics:
            where = f"{d.get('file')}:{d.get('line')}:{d.get('column')}" if d.get("file") else _json_path(d.get("path") or [])
            lines.append(f"  {where} {d.get('code')} {d.get('message')}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


def _json_path(path: List[Any]) -> str:
    out = "$"
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


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
