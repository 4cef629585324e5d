"""Finding the CLI: STEPTHROUGH_BIN (a .js entry run with node, or a command), else `stepthrough`
on PATH; clear messages saying what to install when the CLI or Node.js is missing; suites that do
not use the plugin run without either."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from pytest_stepthrough._locate import server_command
from pytest_stepthrough.errors import StepthroughSetupError

USES_SFN = """
def test_uses_sfn(sfn):
    sfn.execute("order.asl.json", {"qty": 0})
"""


def cli_entry() -> str:
    entry = os.environ.get("STEPTHROUGH_BIN")
    if not entry:
        pytest.skip("STEPTHROUGH_BIN is not set (run through scripts/test-python.sh)")
    return entry


def executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def test_no_cli_anywhere(pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STEPTHROUGH_BIN", raising=False)
    monkeypatch.setenv("PATH", str(pytester.path / "empty-bin"))
    pytester.makepyfile(USES_SFN)
    pytester.makefile(".sfn-test.yaml", suite="stateMachine: ./order.asl.json\ncases: []\n")
    result = pytester.runpytest_subprocess("--continue-on-collection-errors")
    result.stdout.fnmatch_lines(
        [
            "*The Stepthrough CLI was not found: STEPTHROUGH_BIN is not set and `stepthrough` is not on PATH.*",
            "*npm ci && npm run build*",
            "*export STEPTHROUGH_BIN=/path/to/stepthrough/dist/cli.js*",
        ]
    )
    result.assert_outcomes(failed=1, errors=1)


def test_bin_names_a_missing_file(pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPTHROUGH_BIN", "/nowhere/cli.js")
    pytester.makepyfile(USES_SFN)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*STEPTHROUGH_BIN is set to '/nowhere/cli.js', but there is no such file or command.*"])


def test_js_entry_without_node(tmp_path: Path) -> None:
    entry = tmp_path / "cli.js"
    entry.write_text("")
    with pytest.raises(StepthroughSetupError) as info:
        server_command({"STEPTHROUGH_BIN": str(entry), "PATH": str(tmp_path / "no-node")})
    assert "Node.js was not found on PATH" in str(info.value)
    assert "Install Node.js 20 or later" in str(info.value)


def test_node_script_on_path_without_node(tmp_path: Path) -> None:
    executable(tmp_path / "stepthrough", "#!/usr/bin/env node\n")
    with pytest.raises(StepthroughSetupError, match="Node.js was not found on PATH"):
        server_command({"PATH": str(tmp_path)})


def test_command_forms(tmp_path: Path) -> None:
    node_dir = tmp_path / "node-bin"
    node_dir.mkdir()
    node = executable(node_dir / "node", "#!/bin/sh\n")
    entry = tmp_path / "cli.js"
    entry.write_text("")
    assert server_command({"STEPTHROUGH_BIN": str(entry), "PATH": str(node_dir)}) == [str(node), str(entry), "serve"]
    command = executable(tmp_path / "my-stepthrough", "#!/bin/sh\n")
    assert server_command({"STEPTHROUGH_BIN": str(command), "PATH": ""}) == [str(command), "serve"]
    on_path = executable(node_dir / "stepthrough", "#!/usr/bin/env node\n")
    assert server_command({"PATH": str(node_dir)}) == [str(on_path), "serve"]
    (tmp_path / "plain.txt").write_text("")
    with pytest.raises(StepthroughSetupError, match="not executable"):
        server_command({"STEPTHROUGH_BIN": str(tmp_path / "plain.txt"), "PATH": ""})


def test_stepthrough_on_path_is_used(pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = cli_entry()
    node = shutil.which("node")
    assert node is not None
    bin_dir = pytester.path / "bin"
    bin_dir.mkdir()
    executable(bin_dir / "stepthrough", f'#!/bin/sh\nexec "{node}" "{entry}" "$@"\n')
    monkeypatch.delenv("STEPTHROUGH_BIN")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    pytester.makepyfile(USES_SFN)
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


def test_a_server_that_dies_is_reported(pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    executable(pytester.path / "fake-cli", "#!/bin/sh\necho \"stepthrough: unknown command 'serve'.\" >&2\nexit 2\n")
    monkeypatch.setenv("STEPTHROUGH_BIN", str(pytester.path / "fake-cli"))
    pytester.makepyfile(USES_SFN)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*exited with code 2:*", "*unknown command 'serve'*", "*This stepthrough CLI has no `serve` command*"]
    )


def test_suites_without_state_machines_need_no_cli(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STEPTHROUGH_BIN", raising=False)
    monkeypatch.setenv("PATH", str(pytester.path / "empty-bin"))
    pytester.makepyfile("def test_plain():\n    assert 1 + 1 == 2\n")
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
