"""The assertion helpers: they pass on matching results and their failure messages show the first
difference, a -/+ diff and the path the run took (checked directly and through a real pytest run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_stepthrough import (
    ExecutionResult,
    StateTestResult,
    assert_failed,
    assert_output,
    assert_path,
    assert_succeeded,
    first_difference,
)

def entered(name: str, scope: list = []) -> dict:  # noqa: B006 - never mutated
    return {"type": "PassStateEntered", "stateEnteredEventDetails": {"name": name}, "state": name, "scope": scope}


SHIPPED = ExecutionResult(
    status="SUCCEEDED",
    output={"status": "SHIPPED", "items": [{"sku": "a"}, {"sku": "b"}]},
    states=["Validate", "Reserve", "Line", "Line", "Done"],
    events=[
        entered("Validate"),
        entered("Reserve"),
        entered("Line", [{"state": "Reserve", "kind": "iteration", "index": 0}]),
        entered("Line", [{"state": "Reserve", "kind": "iteration", "index": 1}]),
        entered("Done"),
    ],
)
FAILED = ExecutionResult(
    status="FAILED",
    error="Order.Invalid",
    cause="bad qty",
    states=["Validate", "Rejected"],
    events=[entered("Validate"), entered("Rejected")],
)


def message(check: object) -> str:
    with pytest.raises(AssertionError) as info:
        check()  # type: ignore[operator]
    return str(info.value)


def test_passing_assertions_return_quietly() -> None:
    assert_succeeded(SHIPPED)
    assert_output(SHIPPED, {"items": [{"sku": "a"}, {"sku": "b"}], "status": "SHIPPED"})
    assert_path(SHIPPED, ["Validate", "Reserve", "Done"])
    assert_failed(FAILED, error="Order.Invalid", cause="bad qty")
    assert_failed(StateTestResult(status="CAUGHT_ERROR", error="E", next_state="X"), error="E")


def test_output_message_has_the_difference_diff_and_path() -> None:
    text = message(lambda: assert_output(SHIPPED, {"status": "SHIPPED", "items": [{"sku": "a"}, {"sku": "c"}]}))
    assert text.splitlines()[0] == 'output differs at $.items[1].sku: expected "c", got "b"'
    assert '-      "sku": "c"' in text
    assert '+      "sku": "b"' in text
    assert "path taken: Validate -> Reserve -> Done" in text


def test_output_of_a_failed_run_says_so() -> None:
    text = message(lambda: assert_output(FAILED, {"status": "SHIPPED"}))
    assert text.startswith("the run ended FAILED, so there is no output to compare")
    assert "error: Order.Invalid" in text and "cause: bad qty" in text


def test_status_and_error_messages() -> None:
    assert "expected the run to succeed, but its status is FAILED" in message(lambda: assert_succeeded(FAILED))
    assert "path taken: Validate -> Rejected" in message(lambda: assert_succeeded(FAILED))
    assert "expected the run to fail, but its status is SUCCEEDED" in message(lambda: assert_failed(SHIPPED))
    assert "expected error 'Other', got 'Order.Invalid'" in message(lambda: assert_failed(FAILED, error="Other"))


def test_path_message_names_the_step() -> None:
    assert message(lambda: assert_path(SHIPPED, ["Validate", "Charge", "Done"])).startswith(
        "path differs at step 2: expected Charge, got Reserve"
    )
    assert "the run ended before Ship" in message(lambda: assert_path(SHIPPED, ["Validate", "Reserve", "Done", "Ship"]))
    assert "went on to Done" in message(lambda: assert_path(SHIPPED, ["Validate", "Reserve"]))


def test_path_is_top_level_unless_inner_states_are_asked_for() -> None:
    assert SHIPPED.path == ["Validate", "Reserve", "Done"]
    assert_path(SHIPPED, ["Validate", "Reserve", "Line", "Line", "Done"], include_inner=True)
    assert "expected Done, got Line" in message(lambda: assert_path(SHIPPED, ["Validate", "Reserve", "Done"], include_inner=True))


def test_first_difference_follows_json_equality() -> None:
    assert first_difference({"a": 1}, {"a": 1.0}) is None
    assert first_difference({"a": 1}, {"a": True}) == "at $.a: expected 1, got true"
    assert first_difference([1], [1, 2]) == "at $[1]: not expected (got 2)"
    assert first_difference({"a b": 1}, {}) == 'at $["a b"]: missing (expected 1)'


def test_messages_in_a_real_pytest_run(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        """
        from pytest_stepthrough import assert_output

        def test_wrong_output(sfn):
            mocks = {"Reserve": {"Return": {"Payload": {}}}, "Charge": {"Return": {"id": "ch-1"}}}
            result = sfn.execute("order.asl.json", {"sku": "a", "qty": 1}, mocks=mocks)
            assert_output(result, {"status": "SHIPPED", "sku": "a", "chargeId": "ch-9"})
        """
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            '*assert_output(result, {"status": "SHIPPED", "sku": "a", "chargeId": "ch-9"})*',
            '*AssertionError: output differs at $.chargeId: expected "ch-9", got "ch-1"*',
            '*-  "chargeId": "ch-9",*',
            '*+  "chargeId": "ch-1",*',
            "*path taken: Validate -> Reserve -> Charge -> Done*",
        ]
    )
    assert "assertions.py" not in result.stdout.str(), "the helper's own frames are hidden"
