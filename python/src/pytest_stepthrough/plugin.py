"""The pytest plugin (entry point ``pytest11: stepthrough``): the ``sfn`` and ``sfn_server``
fixtures, collection of ``*.sfn-test.yaml|yml|json`` files, and the session's server lifetime."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

import pytest

from ._client import ServerProcess
from ._session import SERVER_KEY, SessionServer, session_server
from .api import Sfn
from .errors import StepthroughSetupError
from .yaml_items import TEST_FILE_PATTERN, SfnTestFile


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "sfn_collect_test_files",
        type="bool",
        default=True,
        help="collect *.sfn-test.yaml|yml|json files as tests (pytest-stepthrough; default true)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SERVER_KEY] = SessionServer(cwd=str(config.rootpath))


def pytest_unconfigure(config: pytest.Config) -> None:
    if SERVER_KEY in config.stash:
        config.stash[SERVER_KEY].close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Optional[pytest.Collector]:
    if TEST_FILE_PATTERN.search(file_path.name) and parent.config.getini("sfn_collect_test_files"):
        collector: pytest.Collector = SfnTestFile.from_parent(parent, path=file_path)
        return collector
    return None


@pytest.fixture(scope="session")
def sfn_server(pytestconfig: pytest.Config) -> Iterator[ServerProcess]:
    """The session's ``stepthrough serve`` process (started on first use, shared by all tests)."""
    try:
        server = session_server(pytestconfig).get()
    except StepthroughSetupError as error:
        pytest.fail(str(error), pytrace=False)
    yield server


@pytest.fixture(scope="session")
def sfn(pytestconfig: pytest.Config) -> Sfn:
    """Runs state machines locally: ``sfn.execute(definition, input, mocks=...)`` and
    ``sfn.test_state(definition, state, input, mock=...)``."""
    servers = session_server(pytestconfig)

    def server() -> ServerProcess:
        try:
            return servers.get()
        except StepthroughSetupError as error:
            pytest.fail(str(error), pytrace=False)

    return Sfn(server)
