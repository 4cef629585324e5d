"""sfn.start: answering callback Tasks and Activities from the test (issue #15), the library's
execution handle in snake_case, through the real `stepthrough serve`."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_answers_from_outside(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        """
        import pytest
        from pytest_stepthrough import Execution, TaskTokenError, WaitingTask

        MACHINE = {"StartAt": "Ask", "States": {
            "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.order"}},
                    "HeartbeatSeconds": 60,
                    "Catch": [{"ErrorEquals": ["Approval.Denied"], "ResultPath": "$.denied", "Next": "Refused"}],
                    "Next": "Work"},
            "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Work",
                     "End": True},
            "Refused": {"Type": "Pass", "End": True}}}

        def test_success_then_an_activity(sfn):
            execution = sfn.start(MACHINE, {"order": 7})
            assert isinstance(execution, Execution)
            [ask] = execution.waiting_tasks()
            assert isinstance(ask, WaitingTask)
            assert ask.state_name == "Ask"
            assert ask.request["MessageBody"] == {"token": ask.task_token, "order": 7}
            execution.send_task_heartbeat(ask.task_token)
            execution.send_task_success(ask.task_token, {"approved": True})
            with pytest.raises(TaskTokenError) as closed:
                execution.send_task_success(ask.task_token, {})
            assert closed.value.aws_error == "TaskTimedOut"
            [work] = execution.waiting_tasks()
            assert (work.state_name, work.resource, work.request) == (
                "Work", "arn:aws:states:us-east-1:123456789012:activity:Work", {"approved": True})
            execution.send_task_success(work.task_token, {"done": 1})
            result = execution.result()
            assert (result.status, result.output) == ("SUCCEEDED", {"done": 1})
            assert "TaskSubmitted" in [e["type"] for e in result.events]
            assert execution.waiting_tasks() == []

        def test_failure_is_caught(sfn):
            execution = sfn.start(MACHINE, {"order": 8})
            [ask] = execution.waiting_tasks()
            with pytest.raises(TaskTokenError) as unknown:
                execution.send_task_failure("not-a-token", "E")
            assert unknown.value.aws_error == "InvalidToken"
            execution.send_task_failure(ask.task_token, "Approval.Denied", "too dear")
            result = execution.result()
            assert result.output == {"order": 8, "denied": {"Error": "Approval.Denied", "Cause": "too dear"}}

        def test_handlers_still_answer_while_the_test_waits(sfn):
            calls = []
            def work(event, context):
                calls.append(event)
                return {"worked": event["approved"]}
            execution = sfn.start(MACHINE, {"order": 9}, mocks={"Work": work})
            [ask] = execution.waiting_tasks()
            execution.send_task_success(ask.task_token, {"approved": "yes"})
            assert execution.result().output == {"worked": "yes"}
            assert calls == [{"approved": "yes"}]

        def test_a_missed_heartbeat_times_out(sfn):
            racing = {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": True, "Branches": [
                {"StartAt": "Ask", "States": {"Ask": {
                    "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"},
                    "HeartbeatSeconds": 5, "End": True}}},
                {"StartAt": "Later", "States": {"Later": {"Type": "Wait", "Seconds": 10, "End": True}}}]}}}
            execution = sfn.start(racing)
            result = execution.result()
            assert (result.status, result.error) == ("FAILED", "States.Timeout")

        def test_an_unanswered_callback_times_out_in_real_time(sfn):
            # Nothing else moves the clock: the Task's TimeoutSeconds count real seconds (issue #15, Time).
            lone = {"StartAt": "Ask", "States": {"Ask": {
                "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"},
                "TimeoutSeconds": 1, "End": True}}}
            execution = sfn.start(lone)
            result = execution.result()
            assert (result.status, result.error) == ("FAILED", "States.Timeout")
            types = [e["type"] for e in result.events]
            assert types[-2:] == ["TaskTimedOut", "ExecutionFailed"]

        def test_execute_does_not_wait_for_outside_answers(sfn):
            result = sfn.execute(MACHINE, {"order": 1})
            assert result.status == "FAILED"
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=6)
