"""What a run returns: ExecutionResult (a whole execution, as the core's execute() reports it), with
its ChildExecutions (a Distributed Map's iterations and the executions its Tasks started, each with
its own history), and StateTestResult (one state, with the TestState API's statuses and the next
state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

Event = Dict[str, Any]


def _state_values(events: List[Event], state: str, suffix: str, key: str) -> List[Any]:
    # AWS's event shape: a state's entry and exit carry stateEnteredEventDetails / stateExitedEventDetails.
    details_key = "stateEnteredEventDetails" if suffix == "StateEntered" else "stateExitedEventDetails"
    return [
        event.get(details_key, {}).get(key)
        for event in events
        if str(event.get("type", "")).endswith(suffix) and event.get(details_key, {}).get("name") == state
    ]


def _outcome_fields(data: Dict[str, Any]) -> Dict[str, Any]:
    # How an execution ended, as the wire reports it for the run and for each child execution.
    return {
        "status": str(data.get("status")),
        "output": data.get("output"),
        "error": data.get("error"),
        "cause": data.get("cause"),
        "states": list(data.get("states") or []),
        "events": list(data.get("events") or []),
    }


class _History:
    """What a result with a history answers: the states it entered and their data."""

    status: str
    states: List[str]
    events: List[Event]

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    @property
    def path(self) -> List[str]:
        """The top-level states entered, in order (what a test file's ``expect.path`` compares);
        ``states`` has every state, those inside Map iterations and Parallel branches included."""
        return [
            str(event.get("stateEnteredEventDetails", {}).get("name"))
            for event in self.events
            if str(event.get("type", "")).endswith("StateEntered") and not event.get("scope")
        ]

    def state_inputs(self, state: str) -> List[Any]:
        """The input of each time ``state`` was entered, in order."""
        return _state_values(self.events, state, "StateEntered", "input")

    def state_outputs(self, state: str) -> List[Any]:
        """The output of each time ``state`` exited, in order."""
        return _state_values(self.events, state, "StateExited", "output")

    def state_output(self, state: str) -> Any:
        """The output of the last time ``state`` exited; KeyError when it never did."""
        outputs = self.state_outputs(state)
        if not outputs:
            raise KeyError(f"state {state!r} never exited; states entered: {', '.join(self.states) or '(none)'}")
        return outputs[-1]


@dataclass(frozen=True)
class ChildExecution(_History):
    """A child execution of the run, as it ended (the library's ``result.childExecutions[i]``).

    ``started_by`` is ``"map"`` for a Distributed Map's iteration (``map_state`` and ``map_run_arn``
    name its Map Run; ``index`` is the item's or batch's) or ``"startExecution"`` for an execution a
    Task started (``machine_key`` is the ``machines`` key it ran; ``index`` counts its state's).
    ``parent_execution_arn`` is the run's own ARN or another child's, so children form a tree.
    ``states`` and ``events`` are its own history, as AWS keeps it apart from the parent's.
    """

    name: str
    execution_arn: str
    state_machine_arn: str
    started_by: str
    parent_state: str
    parent_execution_arn: str
    index: int
    status: str
    input: Any = None
    output: Any = None
    error: Optional[str] = None
    cause: Optional[str] = None
    states: List[str] = field(default_factory=list)
    events: List[Event] = field(default_factory=list)
    map_run_arn: Optional[str] = None
    map_state: Optional[str] = None
    machine_key: Optional[str] = None

    @classmethod
    def from_wire(cls, data: Dict[str, Any]) -> "ChildExecution":
        return cls(
            name=str(data.get("name")),
            execution_arn=str(data.get("executionArn")),
            state_machine_arn=str(data.get("stateMachineArn")),
            started_by=str(data.get("startedBy")),
            parent_state=str(data.get("parentState")),
            parent_execution_arn=str(data.get("parentExecutionArn")),
            index=int(data.get("index") or 0),
            input=data.get("input"),
            map_run_arn=data.get("mapRunArn"),
            map_state=data.get("mapState"),
            machine_key=data.get("machineKey"),
            **_outcome_fields(data),
        )


@dataclass(frozen=True)
class ExecutionResult(_History):
    """The outcome of ``sfn.execute``.

    ``status`` is SUCCEEDED, FAILED, TIMED_OUT or ABORTED; ``output`` the execution's output
    (None unless it succeeded); ``error``/``cause`` why it failed; ``states`` every state entered,
    in order (states inside Map iterations and Parallel branches included); ``events`` the
    execution history, shaped like AWS's GetExecutionHistory events; ``child_executions`` the
    child executions it started, in the order they started (a Distributed Map's iterations and
    nested executions: AWS keeps their histories apart from the parent's, and so do ``states``
    and ``events``).
    """

    status: str
    output: Any = None
    error: Optional[str] = None
    cause: Optional[str] = None
    states: List[str] = field(default_factory=list)
    events: List[Event] = field(default_factory=list)
    child_executions: List[ChildExecution] = field(default_factory=list)

    @classmethod
    def from_wire(cls, data: Dict[str, Any]) -> "ExecutionResult":
        return cls(
            **_outcome_fields(data),
            child_executions=[ChildExecution.from_wire(child) for child in data.get("childExecutions") or []],
        )


@dataclass(frozen=True)
class StateTestResult:
    """The outcome of ``sfn.test_state``: one state run alone, as the TestState API runs it.

    ``status`` is SUCCEEDED, FAILED, CAUGHT_ERROR (a Catch took the error: ``next_state`` is the
    catcher's Next) or RETRIABLE (a Retrier would retry; the retry is not run). ``next_state`` is
    None when the state ends the machine (or its branch) or failed.
    """

    status: str
    output: Any = None
    error: Optional[str] = None
    cause: Optional[str] = None
    next_state: Optional[str] = None
    states: List[str] = field(default_factory=list)
    events: List[Event] = field(default_factory=list)

    @classmethod
    def from_wire(cls, data: Dict[str, Any]) -> "StateTestResult":
        return cls(
            status=str(data.get("status")),
            output=data.get("output"),
            error=data.get("error"),
            cause=data.get("cause"),
            next_state=data.get("nextState"),
            states=list(data.get("states") or []),
            events=list(data.get("events") or []),
        )

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    @property
    def path(self) -> List[str]:
        """The state run alone."""
        return list(self.states)
