"""sfn.test_state: one state alone with the TestState API's statuses, its next state, mocks for
the state itself and for states nested in it."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_single_state_statuses(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        """
        import pytest
        from pytest_stepthrough import StepthroughError, assert_failed, assert_output

        def test_choice_picks_the_next_state(sfn):
            result = sfn.test_state("order.asl.json", "Validate", {"qty": 0})
            assert (result.status, result.next_state) == ("SUCCEEDED", "Rejected")
            assert result.states == ["Validate"]

        def test_task_success(sfn):
            result = sfn.test_state("order.asl.json", "Reserve", {"sku": "a"},
                                    mock={"Return": {"Payload": {"reserved": True}}})
            assert result.status == "SUCCEEDED"
            assert result.next_state == "Charge"
            assert_output(result, {"sku": "a", "reserve": {"reservation": {"reserved": True}}})

        def test_retriable_and_caught(sfn):
            retriable = sfn.test_state("order.asl.json", "Reserve", {}, mock={"Throw": {"Error": "Throttled", "Cause": "slow"}})
            assert (retriable.status, retriable.error, retriable.cause) == ("RETRIABLE", "Throttled", "slow")
            caught = sfn.test_state("order.asl.json", "Reserve", {}, mock={"Throw": {"Error": "Boom"}})
            assert (caught.status, caught.next_state, caught.error) == ("CAUGHT_ERROR", "OutOfStock", "Boom")
            assert_failed(caught, error="Boom")

        def test_fail_state(sfn):
            result = sfn.test_state("order.asl.json", "Rejected")
            assert (result.status, result.error, result.next_state) == ("FAILED", "Order.Invalid", None)

        def test_nested_state_and_inner_mocks(sfn):
            inner = sfn.test_state("prices.asl.json", "Price", {"sku": "abc"}, mock={"Return": {"Payload": 3}})
            assert (inner.status, inner.output, inner.next_state) == ("SUCCEEDED", 3, None)
            whole_map = sfn.test_state("prices.asl.json", "Each", {"items": [{"sku": "a"}, {"sku": "b"}]},
                                       mocks={"Price": [{"Return": {"Payload": 1}}, {"Return": {"Payload": 2}}]})
            assert whole_map.output == [1, 2]

        def test_unknown_state(sfn):
            with pytest.raises(StepthroughError, match='no state "Reserv"') as info:
                sfn.test_state("order.asl.json", "Reserv")
            assert info.value.hint == 'Did you mean "Reserve"?'

        def test_mocked_twice(sfn):
            with pytest.raises(TypeError, match="mocked twice"):
                sfn.test_state("order.asl.json", "Reserve", mock={"Return": 1}, mocks={"Reserve": {"Return": 2}})
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=7)
