"""sfn.execute end to end: simple mocks, failures, MockConfigFiles, roles, inline definitions,
request errors, and one server process for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_execute_with_simple_mocks(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        """
        from pytest_stepthrough import assert_output, assert_path, assert_succeeded

        MOCKS = {
            "Reserve": [{"Return": {"StatusCode": 200, "Payload": {"reserved": True}}}],
            "Charge": {"Return": {"id": "ch-1"}},
        }

        def test_ships(sfn):
            result = sfn.execute("order.asl.json", {"sku": "book", "qty": 2}, mocks=MOCKS)
            assert_succeeded(result)
            assert_output(result, {"status": "SHIPPED", "sku": "book", "chargeId": "ch-1"})
            assert_path(result, ["Validate", "Reserve", "Charge", "Done"])
            assert result.succeeded
            assert result.state_output("Reserve")["reserve"] == {"reservation": {"reserved": True}}
            assert [e["type"] for e in result.events][:2] == ["ExecutionStarted", "ChoiceStateEntered"]

        def test_failure_is_a_result_not_an_exception(sfn):
            result = sfn.execute("order.asl.json", {"sku": "book", "qty": 0})
            assert (result.status, result.error, result.cause) == ("FAILED", "Order.Invalid", "quantity must be positive")
            assert result.output is None
            assert result.states == ["Validate", "Rejected"]

        def test_throw_mock_is_caught(sfn):
            result = sfn.execute(
                "order.asl.json",
                {"sku": "book", "qty": 1},
                mocks={"Reserve": {"Throw": {"Error": "Inventory.Down", "Cause": "try later"}}},
            )
            assert result.output == {"status": "OUT_OF_STOCK", "error": "Inventory.Down", "cause": "try later"}

        def test_retries_use_the_next_entries(sfn):
            mocks = {
                "Reserve": [
                    {"Throw": {"Error": "Throttled"}},
                    {"Return": {"Payload": {"reserved": True}}},
                ],
                "Charge": {"Return": {"id": "ch-2"}},
            }
            result = sfn.execute("order.asl.json", {"sku": "pen", "qty": 1}, mocks=mocks)
            assert result.output["chargeId"] == "ch-2"
            assert [e["type"] for e in result.events].count("TaskFailed") == 1
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=4)


def test_mock_config_file_role_and_inline_definition(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        """
        import json
        from pathlib import Path

        from pytest_stepthrough import assert_failed

        def test_mock_config_file(sfn):
            result = sfn.execute("order.asl.json", {"sku": "a", "qty": 1},
                                 mocks="order.mock-config.json", test_case="Happy")
            assert result.output == {"status": "SHIPPED", "sku": "a", "chargeId": "ch-from-config"}

        def test_mock_config_as_dict_and_path_object(sfn):
            config = json.loads(Path("order.mock-config.json").read_text())
            result = sfn.execute(Path("order.asl.json"), {"sku": "b", "qty": 1}, mocks=config, test_case="Happy")
            assert result.succeeded

        def test_role_refuses_a_task(sfn):
            mocks = {"Reserve": {"Return": {"Payload": {}}}, "Charge": {"Return": {"id": "x"}}}
            allowed = sfn.execute("order.asl.json", {"sku": "a", "qty": 1}, mocks=mocks, role="role-allow.json")
            assert allowed.succeeded
            refused = sfn.execute("order.asl.json", {"sku": "a", "qty": 1}, mocks=mocks, role="role-no-charge.json")
            assert_failed(refused, error="Lambda.AWSLambdaException")
            assert "lambda:InvokeFunction" in refused.cause

        def test_inline_definition_and_settings(sfn):
            definition = {"StartAt": "P", "States": {"P": {"Type": "Pass",
                          "Parameters": {"name.$": "$$.Execution.Name", "start.$": "$$.Execution.StartTime"}, "End": True}}}
            result = sfn.execute(definition, execution_name="run-1", start_time="2025-05-01T00:00:00Z")
            assert result.output == {"name": "run-1", "start": "2025-05-01T00:00:00.000Z"}
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=4)


def test_request_errors_raise_with_code_and_hint(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        """
        import pytest
        from pytest_stepthrough import StepthroughError

        def test_missing_file(sfn):
            with pytest.raises(StepthroughError) as info:
                sfn.execute("nope.asl.json")
            assert info.value.code == "E_FILE_NOT_FOUND"
            assert "nope.asl.json' does not exist" in str(info.value)

        def test_misspelt_mocked_state(sfn):
            with pytest.raises(StepthroughError) as info:
                sfn.execute("order.asl.json", {"qty": 1}, mocks={"Reserv": {"Return": 1}})
            assert info.value.code == "E_UNKNOWN_STATE"
            assert info.value.hint == 'Did you mean "Reserve"?'

        def test_mock_config_needs_a_test_case(sfn):
            with pytest.raises(StepthroughError, match="test_case="):
                sfn.execute("order.asl.json", mocks="order.mock-config.json")

        def test_input_must_be_json(sfn):
            with pytest.raises(TypeError, match="input must be JSON-serializable"):
                sfn.execute("order.asl.json", {"when": object()})

        def test_device_files_are_refused(sfn):
            # A device file (or a FIFO, or a symlink to one) would be read without end: refused, typed.
            with pytest.raises(StepthroughError) as info:
                sfn.execute("/dev/zero")
            assert info.value.code == "E_NOT_A_FILE"
            assert "'/dev/zero' is a character device, not a regular file" in str(info.value)

        def test_server_still_answers_after_errors(sfn):
            assert sfn.execute("order.asl.json", {"qty": 0}).status == "FAILED"
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=6)


def test_one_server_process_per_session(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        test_a="""
        pids = []

        def test_first(sfn, sfn_server):
            sfn.execute("order.asl.json", {"qty": 0})
            pids.append(sfn_server.pid)

        def test_second(sfn, sfn_server):
            sfn.execute("order.asl.json", {"qty": 0})
            pids.append(sfn_server.pid)
            assert pids[0] is not None and pids[0] == pids[1]
        """,
        test_b="""
        import test_a

        def test_other_module(sfn, sfn_server):
            sfn.execute("order.asl.json", {"qty": 0})
            assert sfn_server.pid == test_a.pids[0]
        """,
    )
    result = pytester.runpytest_subprocess("-v", "-p", "no:randomly")
    result.assert_outcomes(passed=3)


def test_callback_mock_kind(pytester: pytest.Pytester, project: Path) -> None:
    """The `callback` mock kind reaches the engine through `serve` in the same shape as test files."""
    pytester.makepyfile(
        """
        MACHINE = {"StartAt": "WaitForApproval", "States": {"WaitForApproval": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"TaskToken.$": "$$.Task.Token"}},
            "HeartbeatSeconds": 300, "End": True}}}

        def test_answered_with_heartbeats(sfn):
            mocks = {"WaitForApproval": {"callback": {"after": 500, "heartbeats": [250], "success": {"ok": True}}}}
            result = sfn.execute(MACHINE, mocks=mocks)
            assert result.output == {"ok": True}
            assert "TaskSubmitted" in [e["type"] for e in result.events]

        def test_silence_times_out(sfn):
            result = sfn.execute(MACHINE, mocks={"WaitForApproval": {"callback": {}}})
            assert (result.status, result.error) == ("FAILED", "States.Timeout")
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=2)


def test_child_executions_are_in_the_result(pytester: pytest.Pytester, project: Path) -> None:
    # The same fields as the library's result.childExecutions (core/interpreter/options.ts), in
    # Python's spelling; each child keeps its own history, apart from the parent's, as AWS does.
    pytester.makepyfile(
        """
        from pytest_stepthrough import ChildExecution

        PARENT = {"StartAt": "Each", "States": {
            "Each": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.mapped", "Next": "Ship",
                     "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                       "StartAt": "Double",
                                       "States": {"Double": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": True}}}},
            "Ship": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                     "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:ShipFlow",
                                    "Input": {"id.$": "$.id"}},
                     "OutputPath": "$.Output", "End": True}}}
        SHIP_FLOW = {"StartAt": "Label", "States": {"Label": {"Type": "Pass",
                     "Parameters": {"label.$": "States.Format('L-{}', $.id)"}, "End": True}}}

        def test_children(sfn):
            result = sfn.execute(PARENT, {"id": 7, "items": [{"n": 1}, {"n": 2}]}, machines={"ShipFlow": SHIP_FLOW})
            assert result.output == {"label": "L-7"}
            assert result.states == ["Each", "Ship"]
            mapped, shipped = result.child_executions[:2], result.child_executions[2]
            assert len(result.child_executions) == 3
            assert all(isinstance(child, ChildExecution) for child in result.child_executions)
            assert [(c.started_by, c.map_state, c.index, c.input, c.output) for c in mapped] == [
                ("map", "Each", 0, {"n": 1}, {"n": 1}),
                ("map", "Each", 1, {"n": 2}, {"n": 2}),
            ]
            assert mapped[0].map_run_arn == mapped[1].map_run_arn
            assert ":mapRun:StateMachine/Each:" in mapped[0].map_run_arn
            assert (shipped.started_by, shipped.parent_state, shipped.machine_key, shipped.status) == (
                "startExecution", "Ship", "ShipFlow", "SUCCEEDED")
            assert shipped.state_machine_arn.endswith(":stateMachine:ShipFlow")
            assert shipped.path == ["Label"] and shipped.state_output("Label") == {"label": "L-7"}
            assert [e["type"] for e in shipped.events][0] == "ExecutionStarted"
            parent_arn = {c.parent_execution_arn for c in result.child_executions}
            assert len(parent_arn) == 1 and ":execution:StateMachine:" in parent_arn.pop()

        def test_a_run_without_children_has_none(sfn):
            result = sfn.execute({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
            assert result.child_executions == []
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=2)


def test_lower_case_when_matches_on_input(pytester: pytest.Pytester, project: Path) -> None:
    """`when` (lower case) picks a mock entry by the Task's request, as `When` does, whatever order
    the Map's iterations call it in; an entry without it is the fallback."""
    pytester.makepyfile(
        """
        import pytest
        from pytest_stepthrough import StepthroughError

        PRICE = [
            {"when": {"sku": "pen"}, "return": {"StatusCode": 200, "Payload": {"sku": "pen", "price": 2}}},
            {"when": {"sku": "book"}, "return": {"StatusCode": 200, "Payload": {"sku": "book", "price": 12}}},
            {"return": {"StatusCode": 200, "Payload": {"sku": "other", "price": 0}}},
        ]

        def test_each_iteration_gets_its_own_answer(sfn):
            result = sfn.execute("prices.asl.json", {"items": [{"sku": "book"}, {"sku": "pen"}, {"sku": "mug"}]},
                                 mocks={"Price": PRICE})
            assert result.output == [{"sku": "book", "price": 12}, {"sku": "pen", "price": 2},
                                     {"sku": "other", "price": 0}]

        def test_same_answers_as_capitalised_when(sfn):
            upper = [{"When": e["when"], "Return": e["return"]} if "when" in e else {"Return": e["return"]}
                     for e in PRICE]
            items = {"items": [{"sku": "pen"}, {"sku": "mug"}, {"sku": "book"}]}
            lower = sfn.execute("prices.asl.json", items, mocks={"Price": PRICE})
            assert lower.output == sfn.execute("prices.asl.json", items, mocks={"Price": upper}).output
            assert [o["price"] for o in lower.output] == [2, 0, 12]

        def test_both_spellings_at_once_is_an_error(sfn):
            with pytest.raises(StepthroughError) as info:
                sfn.execute("prices.asl.json", {"items": [{"sku": "pen"}]},
                            mocks={"Price": [{"when": {"sku": "pen"}, "When": {"sku": "pen"}, "return": {}}]})
            assert info.value.code == "E_INVALID_MOCKS"
            assert 'both "when" and "When"' in str(info.value)
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=3)
