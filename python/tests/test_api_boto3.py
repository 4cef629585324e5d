"""`stepthrough api` driven by boto3, as a Python test suite written for Step Functions Local drives it:
the CLI runs as a process on a free port, boto3's ``stepfunctions`` client points at it with any
credentials. Create, start, poll, history (boto3's paginator), StopExecution, a MockConfigFile test
case picked by ``#TestCase``, AWS's error codes and statuses; callbacks answered with SendTaskSuccess,
SendTaskFailure and a missed heartbeat, and an Activity worker loop (GetActivityTask + SendTaskSuccess).

TestState and ValidateStateMachineDefinition are tested through the JS SDK (test/api): Debian's boto3
predates them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

boto3 = pytest.importorskip("boto3", reason="boto3 is needed (Debian: apt-get install python3-boto3)")
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

from pytest_stepthrough._locate import server_command  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "test" / "api" / "fixtures" / "sfn-local-mock-example"
ROLE = "arn:aws:iam::123456789012:role/StepthroughTest"

ORDER: Dict[str, Any] = {
    "StartAt": "Check",
    "States": {
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.qty", "NumericGreaterThan": 0, "Next": "Each"}],
            "Default": "Rejected",
        },
        "Rejected": {"Type": "Fail", "Error": "Order.Invalid", "Cause": "quantity must be positive"},
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.lines",
            "ItemProcessor": {"StartAt": "Line", "States": {"Line": {"Type": "Pass", "End": True}}},
            "ResultPath": "$.lines",
            "Next": "Later",
        },
        "Later": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
        "Done": {"Type": "Pass", "Parameters": {"lines.$": "States.ArrayLength($.lines)"}, "End": True},
    },
}

CALLBACK: Dict[str, Any] = {
    "StartAt": "Ask",
    "States": {
        "Ask": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "End": True,
        }
    },
}


class Api:
    """A `stepthrough api` process and a boto3 client for it."""

    def __init__(self, *args: str, env: Dict[str, str] | None = None) -> None:
        command = server_command()[:-1] + ["api", "--port", "0", *args]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            self.process.kill()
            raise AssertionError(f"stepthrough api did not start: {line!r} {self.process.stderr.read() if self.process.stderr else ''}")
        self.url = match.group(1)
        self.sfn = boto3.client(
            "stepfunctions",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="anything",
            aws_secret_access_key="anything",
            config=Config(retries={"max_attempts": 1}, inject_host_prefix=False),
        )

    def close(self) -> int:
        self.process.terminate()
        code = self.process.wait(timeout=30)
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()
        return code

    def finished(self, execution_arn: str) -> Dict[str, Any]:
        """Polls DescribeExecution until the execution is no longer RUNNING (as a Step Functions Local test does)."""
        for _ in range(2000):
            described = self.sfn.describe_execution(executionArn=execution_arn)
            if described["status"] != "RUNNING":
                return described
            time.sleep(0.005)
        raise AssertionError(f"{execution_arn} is still RUNNING")


@pytest.fixture
def api() -> Iterator[Api]:
    server = Api("--mock-config", str(EXAMPLE / "MockConfigFile.json"))
    yield server
    assert server.close() == 0


def create(api: Api, name: str, definition: Dict[str, Any] | str) -> str:
    text = definition if isinstance(definition, str) else json.dumps(definition)
    return api.sfn.create_state_machine(name=name, definition=text, roleArn=ROLE)["stateMachineArn"]


def token_sent(api: Api, execution: str) -> str:
    """The token the callback Task put in its SQS message, as the queue's consumer reads it."""
    events = api.sfn.get_execution_history(executionArn=execution)["events"]
    scheduled = next(e for e in events if e["type"] == "TaskScheduled")
    return str(json.loads(scheduled["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"])


def test_create_start_poll_and_history(api: Api) -> None:
    arn = create(api, "Order", ORDER)
    assert arn == "arn:aws:states:us-east-1:123456789012:stateMachine:Order"
    assert api.sfn.describe_state_machine(stateMachineArn=arn)["definition"] == json.dumps(ORDER)
    execution = api.sfn.start_execution(stateMachineArn=arn, name="py-1", input=json.dumps({"qty": 2, "lines": ["a", "b", "c"]}))
    done = api.finished(execution["executionArn"])
    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"]) == {"lines": 3}
    assert (done["stopDate"] - done["startDate"]).total_seconds() == 3600

    events = api.sfn.get_execution_history(executionArn=execution["executionArn"])["events"]
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["type"] == "ExecutionStarted" and events[-1]["type"] == "ExecutionSucceeded"
    assert events[1]["previousEventId"] == 0
    paged = [
        event
        for page in api.sfn.get_paginator("get_execution_history").paginate(
            executionArn=execution["executionArn"], PaginationConfig={"PageSize": 3}
        )
        for event in page["events"]
    ]
    assert paged == events
    backwards = api.sfn.get_execution_history(executionArn=execution["executionArn"], reverseOrder=True, maxResults=1000)
    assert backwards["events"] == list(reversed(events))

    failed = api.finished(api.sfn.start_execution(stateMachineArn=arn, input='{"qty": 0}')["executionArn"])
    assert (failed["status"], failed["error"], failed["cause"]) == ("FAILED", "Order.Invalid", "quantity must be positive")
    listed = [e["name"] for page in api.sfn.get_paginator("list_executions").paginate(stateMachineArn=arn) for e in page["executions"]]
    assert len(listed) == 2 and listed[1] == "py-1"


def test_mock_config_test_case_selected_by_suffix(api: Api) -> None:
    arn = create(api, "LambdaSQSIntegration", (EXAMPLE / "LambdaSQSIntegration.asl.json").read_text())
    execution = api.sfn.start_execution(stateMachineArn=f"{arn}#RetryPath", name="executionWithRetryPathMockedServices")
    assert execution["executionArn"].endswith(":execution:LambdaSQSIntegration:executionWithRetryPathMockedServices")
    done = api.finished(execution["executionArn"])
    assert done["status"] == "SUCCEEDED"
    events = api.sfn.get_execution_history(executionArn=execution["executionArn"])["events"]
    errors = [e["taskFailedEventDetails"]["error"] for e in events if e["type"] == "TaskFailed"]
    assert errors == ["Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException"]


def test_errors_have_aws_codes_and_statuses(api: Api) -> None:
    with pytest.raises(ClientError) as missing:
        api.sfn.describe_execution(executionArn="arn:aws:states:us-east-1:123456789012:execution:Nope:x")
    assert missing.value.response["Error"]["Code"] == "ExecutionDoesNotExist"
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert isinstance(missing.value, api.sfn.exceptions.ExecutionDoesNotExist)
    with pytest.raises(api.sfn.exceptions.InvalidArn):
        api.sfn.describe_state_machine(stateMachineArn="not-an-arn")
    with pytest.raises(api.sfn.exceptions.InvalidDefinition) as invalid:
        api.sfn.create_state_machine(name="Bad", definition='{"StartAt": "Nowhere", "States": {}}', roleArn=ROLE)
    assert "Invalid State Machine Definition" in str(invalid.value)
    arn = create(api, "Twice", ORDER)
    api.sfn.start_execution(stateMachineArn=arn, name="same", input='{"qty": 1, "lines": []}')
    with pytest.raises(api.sfn.exceptions.ExecutionAlreadyExists):
        api.sfn.start_execution(stateMachineArn=arn, name="same", input='{"qty": 2, "lines": []}')
    with pytest.raises(api.sfn.exceptions.InvalidToken):
        api.sfn.send_task_success(taskToken="not-a-token", output="{}")


def test_stop_execution_in_real_time() -> None:
    server = Api("--time", "real")
    try:
        arn = create(server, "Slow", ORDER)
        execution = server.sfn.start_execution(stateMachineArn=arn, input='{"qty": 1, "lines": []}')["executionArn"]
        # The hour-long Wait runs in real time: the execution is RUNNING while it waits.
        assert server.sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
        stopped = server.sfn.stop_execution(executionArn=execution, error="Ops.Cancelled", cause="not needed")
        described = server.sfn.describe_execution(executionArn=execution)
        assert (described["status"], described["error"], described["cause"]) == ("ABORTED", "Ops.Cancelled", "not needed")
        assert described["stopDate"] == stopped["stopDate"]
        last = server.sfn.get_execution_history(executionArn=execution, reverseOrder=True, maxResults=1)["events"][0]
        assert last["type"] == "ExecutionAborted"
        assert last["executionAbortedEventDetails"] == {"error": "Ops.Cancelled", "cause": "not needed"}
    finally:
        assert server.close() == 0


def test_callback_with_send_task_success(api: Api) -> None:
    arn = create(api, "Approval", CALLBACK)
    execution = api.sfn.start_execution(stateMachineArn=arn)["executionArn"]
    # In virtual time the execution runs until it waits for its token.
    assert api.sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    token = token_sent(api, execution)
    api.sfn.send_task_heartbeat(taskToken=token)
    api.sfn.send_task_success(taskToken=token, output='{"approved": true}')
    done = api.finished(execution)
    assert (done["status"], json.loads(done["output"])) == ("SUCCEEDED", {"approved": True})
    with pytest.raises(api.sfn.exceptions.TaskTimedOut):
        api.sfn.send_task_success(taskToken=token, output="{}")


def test_callback_with_send_task_failure(api: Api) -> None:
    arn = create(api, "Denial", CALLBACK)
    execution = api.sfn.start_execution(stateMachineArn=arn)["executionArn"]
    api.sfn.send_task_failure(taskToken=token_sent(api, execution), error="Approval.Denied", cause="too dear")
    done = api.finished(execution)
    assert (done["status"], done["error"], done["cause"]) == ("FAILED", "Approval.Denied", "too dear")


def test_missed_heartbeat_times_out(api: Api) -> None:
    ask = dict(CALLBACK["States"]["Ask"], HeartbeatSeconds=5)
    racing = {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Ask", "States": {"Ask": ask}},
        # Time stands still while the callback waits; this branch carries it past HeartbeatSeconds.
        {"StartAt": "Later", "States": {"Later": {"Type": "Wait", "Seconds": 10, "End": True}}},
    ]}}}
    execution = api.sfn.start_execution(stateMachineArn=create(api, "Heartbeat", racing))["executionArn"]
    done = api.finished(execution)
    assert (done["status"], done["error"]) == ("FAILED", "States.Timeout")
    with pytest.raises(api.sfn.exceptions.TaskTimedOut):
        api.sfn.send_task_heartbeat(taskToken=token_sent(api, execution))


def test_activity_worker_loop(api: Api) -> None:
    activity = api.sfn.create_activity(name="Double")["activityArn"]
    arn = create(api, "Worker", {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}})
    executions = [api.sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": n}))["executionArn"] for n in (1, 2, 3)]
    seen = []
    while len(seen) < len(executions):
        task = api.sfn.get_activity_task(activityArn=activity, workerName="py-worker")
        assert task.get("taskToken"), "a task is scheduled for each execution"
        n = json.loads(task["input"])["n"]
        seen.append(n)
        api.sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"doubled": n * 2}))
    assert sorted(seen) == [1, 2, 3]
    for n, execution in zip((1, 2, 3), executions):
        assert json.loads(api.finished(execution)["output"]) == {"doubled": n * 2}
