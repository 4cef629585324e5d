"""One machine with one mock set through pytest, compared with what the CLI, a test file and the
library report (the repository's ``test/consistency`` folder, ``expected.json``): the same path,
states, attempts and output, and Python handlers receiving the same events with the same attempt
numbers as JavaScript task handlers."""

from __future__ import annotations

from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[2] / "test" / "consistency"


def test_pytest_reports_what_every_surface_reports(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import json
        from pathlib import Path

        from pytest_stepthrough import TaskFailure, assert_output, assert_path

        FOLDER = Path({str(FOLDER)!r})
        MACHINE = FOLDER / "order-lines.asl.json"
        INPUT = json.loads((FOLDER / "input.json").read_text())
        MOCKS = json.loads((FOLDER / "mocks.json").read_text())
        EXPECTED = json.loads((FOLDER / "expected.json").read_text())

        def attempts(result):
            counts = {{}}
            for event in result.events:
                if event["type"] in ("TaskScheduled", "LambdaFunctionScheduled"):
                    state = event["state"]
                    counts[state] = counts.get(state, 0) + 1
            return counts

        def check(result):
            assert result.status == "SUCCEEDED"
            assert result.path == EXPECTED["path"]
            assert_path(result, EXPECTED["path"])
            assert_path(result, EXPECTED["states"], include_inner=True)
            assert attempts(result) == EXPECTED["attempts"]
            assert_output(result, EXPECTED["output"])

        def test_the_mock_set(sfn):
            check(sfn.execute(MACHINE, INPUT, mocks=MOCKS))

        def test_python_handlers_get_the_same_events(sfn):
            events = []

            def reserve(event, context):
                events.append({{"key": "ReserveLine", "event": event, "attempt": context.attempt}})
                if event["sku"] == "book-1" and context.attempt == 1:
                    raise TaskFailure("Throttled", "slow down")
                return {{"sku": event["sku"], "ok": True}}

            def charge(event, context):
                events.append({{"key": "charge", "event": event, "attempt": context.attempt}})
                return {{"chargeId": "ch-1"}}

            check(sfn.execute(MACHINE, INPUT, mocks={{"ReserveLine": reserve, "charge": charge}}))
            assert events == EXPECTED["handlerEvents"]
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=2)
