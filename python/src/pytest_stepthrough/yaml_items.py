"""Declarative test files (``*.sfn-test.yaml|yml|json``) as pytest items: one item per case, so
``-k``, ``-x``, ``--lf`` and JUnit XML work as for Python tests. The engine loads and runs them."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import pytest

from ._session import session_server
from .errors import StepthroughError, StepthroughSetupError

TEST_FILE_PATTERN = re.compile(r"\.sfn-test\.(ya?ml|json)$", re.IGNORECASE)


def _problem_lines(problems: List[Dict[str, Any]]) -> List[str]:
    return [f"{p.get('file')}:{p.get('line')}:{p.get('column')}: {p.get('message')}" for p in problems]


class SfnTestFile(pytest.File):
    """A test file; its cases come from the engine's loader, which also reports every problem in it."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            listing = session_server(self.config).get().request({"type": "listTestFile", "file": str(self.path)})
        except (StepthroughSetupError, StepthroughError) as error:
            raise self.CollectError(str(error)) from None
        problems = listing.get("problems") or []
        if problems:
            raise self.CollectError("\n".join(["the test file has problems:", *_problem_lines(problems)]))
        for case in listing.get("cases") or []:
            item = SfnTestItem.from_parent(self, name=str(case["name"]), case=case)
            if case.get("skip"):
                item.add_marker(pytest.mark.skip(reason="skip: true in the test file"))
            yield item


class SfnCaseFailed(Exception):
    """A case's expectations were not met; carries the engine's per-case result."""

    def __init__(self, result: Dict[str, Any]) -> None:
        super().__init__(result.get("name"))
        self.result = result


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:299] + "…"


def format_case_failure(result: Dict[str, Any]) -> str:
    """The failures of a case, then what the run did (status, error, path)."""
    lines: List[str] = []
    for failure in result.get("failures") or []:
        check, text = str(failure.get("check", "")), str(failure.get("message", ""))
        lines.append(text if not check or text.startswith(check) else f"{check}: {text}")
        difference = failure.get("difference")
        if isinstance(difference, dict):
            if difference.get("kind") != "unexpected":
                lines.append(f"  - expected {_show(difference.get('expected'))}")
            if difference.get("kind") != "missing":
                lines.append(f"  + actual   {_show(difference.get('actual'))}")
    execution = result.get("execution")
    if isinstance(execution, dict):
        lines.append("")
        lines.append(f"status: {execution.get('status')}")
        if execution.get("error") is not None:
            lines.append(f"error: {execution.get('error')}")
        if execution.get("cause"):
            lines.append(f"cause: {execution.get('cause')}")
        path = execution.get("path") or []
        lines.append(f"path taken: {' -> '.join(path) if path else '(no state entered)'}")
        if "nextState" in execution:
            lines.append(f"next state: {execution.get('nextState')}")
        if execution.get("output") is not None:
            lines.append(f"output: {_show(execution.get('output'))}")
    return "\n".join(lines)


def format_refusal(result: Dict[str, Any]) -> str:
    """A case of a machine AWS would reject: the reason, then each diagnostic as ``validate`` prints it."""
    lines = [str(failure.get("message", "")) for failure in result.get("failures") or []]
    for d in result.get("diagnostics") or []:
        start = (d.get("range") or {}).get("start") or {}
        where = f"{d.get('file')}:{int(start.get('line', 0)) + 1}:{int(start.get('character', 0)) + 1}"
        lines.append(f"  {where} {d.get('code')} {d.get('message')}")
    return "\n".join(lines)


class SfnTestItem(pytest.Item):
    """One case of a test file, run by the engine when pytest runs the item."""

    def __init__(self, *, case: Dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def setup(self) -> None:
        """Runs the case. A case that cannot run because AWS would reject its machine is an ERROR
        (as ``stepthrough test`` reports it), naming the diagnostics; nothing ran."""
        request = {"type": "runTestFile", "file": str(self.path), "cases": [self.name]}
        run = session_server(self.config).get().request(request)
        if run.get("problems"):
            pytest.fail("\n".join(["the test file has problems:", *_problem_lines(run["problems"])]), pytrace=False)
        results = run.get("cases") or []
        if not results:
            pytest.fail(f"the test file no longer has a case named {self.name!r}", pytrace=False)
        self._result: Dict[str, Any] = results[0]
        if self._result.get("outcome") == "error":
            pytest.fail(format_refusal(self._result), pytrace=False)

    def runtest(self) -> None:
        result = self._result
        if result.get("outcome") == "skipped":
            pytest.skip("skip: true in the test file")
        if result.get("outcome") != "passed":
            raise SfnCaseFailed(result)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Optional[Any] = None
    ) -> Union[str, Any]:
        if isinstance(excinfo.value, SfnCaseFailed):
            return format_case_failure(excinfo.value.result)
        if isinstance(excinfo.value, (StepthroughError, StepthroughSetupError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> Tuple[Any, Optional[int], str]:
        line = self.case.get("line")
        return self.path, (line - 1 if isinstance(line, int) else None), f"{self.path.name}: {self.name}"
