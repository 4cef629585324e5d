"""The test session's one Stepthrough server: located and started on first use (so test suites
that never touch a state machine need no Node.js), shared by fixtures and YAML items, closed when
pytest finishes."""

from __future__ import annotations

from typing import Optional

import pytest

from ._client import ServerProcess
from ._locate import server_command
from .errors import StepthroughSetupError


class SessionServer:
    """Starts the server lazily; remembers a setup failure so every user sees the same message."""

    def __init__(self, cwd: Optional[str] = None) -> None:
        self._cwd = cwd
        self._server: Optional[ServerProcess] = None
        self._failure: Optional[StepthroughSetupError] = None

    def get(self) -> ServerProcess:
        if self._failure is not None:
            raise self._failure
        if self._server is None:
            try:
                self._server = ServerProcess(server_command(), cwd=self._cwd)
            except StepthroughSetupError as error:
                self._failure = error
                raise
        return self._server

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None


SERVER_KEY = pytest.StashKey[SessionServer]()


def session_server(config: pytest.Config) -> SessionServer:
    return config.stash[SERVER_KEY]
