"""A running execution answered from the test (``sfn.start``): the library's execution handle in
snake_case. ``.waitForTaskToken`` Tasks and Activities that no mock or handler answers wait for
``send_task_success`` / ``send_task_failure``; ``send_task_heartbeat`` restarts a Task's
HeartbeatSeconds; ``result()`` returns how the execution ended. The virtual clock stands still while
every live thread waits for such an answer, so a test may take its time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from ._json import check_json
from .results import ExecutionResult


@dataclass(frozen=True)
class WaitingTask:
    """A Task waiting for its token to be answered.

    ``resource`` is the Task's resource ARN (an Activity's ARN for an Activity); ``request`` what the
    service call carried (the token included, e.g. in an SQS message body), or an Activity's input;
    ``since`` the simulated epoch milliseconds at which the wait began; ``thread_id`` 1 for the
    execution's own thread, others for Map iterations and Parallel branches.
    """

    state_name: str
    task_token: str
    resource: str
    request: Any
    since: int
    thread_id: int

    @classmethod
    def from_wire(cls, data: Dict[str, Any]) -> "WaitingTask":
        return cls(
            state_name=str(data.get("stateName")),
            task_token=str(data.get("taskToken")),
            resource=str(data.get("resource")),
            request=data.get("request"),
            since=int(data.get("since") or 0),
            thread_id=int(data.get("threadId") or 0),
        )


class Execution:
    """What ``sfn.start`` returns. Each method raises ``TaskTokenError`` (``aws_error``:
    InvalidToken, TaskTimedOut, InvalidOutput) where AWS's SendTask* API would refuse."""

    def __init__(self, request: Callable[[Dict[str, Any]], Any], execution_id: int, forget: Callable[[], None]):
        self._request = request
        self._id = execution_id
        self._forget = forget
        self._result: Optional[ExecutionResult] = None

    def waiting_tasks(self) -> List[WaitingTask]:
        """The Tasks waiting for an answer now. Waits until at least one waits, or the execution has
        ended (then the list is empty)."""
        if self._result is not None:
            return []
        tasks = self._request({"type": "waitingTasks", "executionId": self._id})
        return [WaitingTask.from_wire(task) for task in tasks]

    def send_task_success(self, task_token: str, output: Any) -> None:
        """The waiting Task succeeds with ``output`` (any JSON value), as AWS's SendTaskSuccess."""
        check_json(output, "the task's output")
        self._send({"type": "sendTaskSuccess", "taskToken": task_token, "output": output})

    def send_task_failure(self, task_token: str, error: Optional[str] = None, cause: Optional[str] = None) -> None:
        """The waiting Task fails with ``error`` and ``cause`` (Retry and Catch see them), as
        AWS's SendTaskFailure."""
        message: Dict[str, Any] = {"type": "sendTaskFailure", "taskToken": task_token}
        if error is not None:
            message["error"] = error
        if cause is not None:
            message["cause"] = cause
        self._send(message)

    def send_task_heartbeat(self, task_token: str) -> None:
        """The Task's HeartbeatSeconds start again from now, as AWS's SendTaskHeartbeat."""
        self._send({"type": "sendTaskHeartbeat", "taskToken": task_token})

    def result(self) -> ExecutionResult:
        """How the execution ended; waits for the end. Answer the waiting Tasks first: the clock
        stands still while they wait, so an unanswered one that nothing times out keeps it waiting."""
        if self._result is None:
            try:
                self._result = ExecutionResult.from_wire(
                    self._request({"type": "executionResult", "executionId": self._id})
                )
            finally:
                self._forget()
        return self._result

    def _send(self, message: Dict[str, Any]) -> None:
        self._request({**message, "executionId": self._id})
