"""Assertion helpers for run results. Their failure messages say what differs (the first
difference with its JSONPath, then a -/+ diff of the whole values) and the path the run took."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, List, Optional, Sequence, Union

from .results import ExecutionResult, StateTestResult

Result = Union[ExecutionResult, StateTestResult]

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def _child(path: str, key: Union[str, int]) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if _IDENTIFIER.match(key) else f"{path}[{json.dumps(key)}]"


def _show(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _same(a: Any, b: Any) -> bool:
    """JSON equality: True is not 1, 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def first_difference(expected: Any, actual: Any, path: str = "$") -> Optional[str]:
    """Where and how two JSON values first differ, e.g. ``at $.items[1].sku: expected "a", got "b"``."""
    if _same(expected, actual):
        return None
    if isinstance(expected, (list, tuple)) and isinstance(actual, (list, tuple)):
        for index, (e, a) in enumerate(zip(expected, actual)):
            inner = first_difference(e, a, _child(path, index))
            if inner:
                return inner
        shared = min(len(expected), len(actual))
        if len(expected) > len(actual):
            return f"at {_child(path, shared)}: missing (expected {_show(expected[shared])})"
        return f"at {_child(path, shared)}: not expected (got {_show(actual[shared])})"
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key not in actual:
                return f"at {_child(path, key)}: missing (expected {_show(value)})"
            inner = first_difference(value, actual[key], _child(path, key))
            if inner:
                return inner
        for key, value in actual.items():
            if key not in expected:
                return f"at {_child(path, key)}: not expected (got {_show(value)})"
    return f"at {path}: expected {_show(expected)}, got {_show(actual)}"


def json_diff(expected: Any, actual: Any) -> List[str]:
    """A unified diff of the two values as indented JSON (- expected, + actual)."""
    left = json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False).splitlines()
    right = json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False).splitlines()
    return list(difflib.unified_diff(left, right, "expected", "actual", lineterm="", n=2))


def describe_run(result: Result) -> List[str]:
    """Status, error and path lines for failure messages."""
    lines = [f"status: {result.status}"]
    if result.error is not None:
        lines.append(f"error: {result.error}")
    if result.cause:
        cause = result.cause if len(result.cause) <= 400 else result.cause[:399] + "…"
        lines.append(f"cause: {cause}")
    # The top-level path, as `stepthrough test` reports it (every state entered: `result.states`).
    lines.append(f"path taken: {' -> '.join(result.path) if result.path else '(no state entered)'}")
    if isinstance(result, StateTestResult):
        lines.append(f"next state: {result.next_state}")
    return lines


def _fail(headline: str, details: Sequence[str], result: Result) -> None:
    __tracebackhide__ = True
    body = [headline, *details, "", *describe_run(result)]
    raise AssertionError("\n".join(body))


def assert_succeeded(result: Result) -> None:
    """The run succeeded (status SUCCEEDED)."""
    __tracebackhide__ = True
    if result.status != "SUCCEEDED":
        _fail(f"expected the run to succeed, but its status is {result.status}", [], result)


def assert_failed(result: Result, error: Optional[str] = None, cause: Optional[str] = None) -> None:
    """The run failed (FAILED, or for a single state also CAUGHT_ERROR/RETRIABLE), with this error and cause if given."""
    __tracebackhide__ = True
    failing = {"FAILED", "TIMED_OUT", "ABORTED", "CAUGHT_ERROR", "RETRIABLE"}
    if result.status not in failing:
        _fail(f"expected the run to fail, but its status is {result.status}", [f"output: {_show(result.output, 400)}"], result)
    if error is not None and result.error != error:
        _fail(f"expected error {error!r}, got {result.error!r}", [], result)
    if cause is not None and result.cause != cause:
        _fail(f"expected cause {cause!r}, got {result.cause!r}", [], result)


def assert_output(result: Result, expected: Any) -> None:
    """The run's output equals ``expected`` (JSON equality)."""
    __tracebackhide__ = True
    if _same(expected, result.output):
        return
    headline = "output differs " + (first_difference(expected, result.output) or "")
    if result.status not in ("SUCCEEDED", "CAUGHT_ERROR"):
        headline = f"the run ended {result.status}, so there is no output to compare\n{headline}"
    _fail(headline, json_diff(expected, result.output), result)


def assert_path(result: Result, expected: Sequence[str], include_inner: bool = False) -> None:
    """The states entered, in order, are exactly ``expected``: the top-level ones (``result.path``,
    as a test file's ``expect.path``), or with ``include_inner=True`` every state entered, those in
    Map iterations and Parallel branches included (``result.states``; ``expect.path`` with
    ``includeInner: true``)."""
    __tracebackhide__ = True
    actual = list(result.states if include_inner else result.path)
    expected = list(expected)
    if actual == expected:
        return
    step = 0
    while step < min(len(actual), len(expected)) and actual[step] == expected[step]:
        step += 1
    if step >= len(expected):
        detail = f"the run went on to {actual[step]} after the expected path ended"
    elif step >= len(actual):
        detail = f"the run ended before {expected[step]}"
    else:
        detail = f"expected {expected[step]}, got {actual[step]}"
    lines = [f"expected path: {' -> '.join(expected)}"]
    lines += list(difflib.unified_diff(expected, actual, "expected", "actual", lineterm="", n=1))
    _fail(f"path differs at step {step + 1}: {detail}", lines, result)
