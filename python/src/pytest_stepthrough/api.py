"""The ``sfn`` fixture's object: runs state machines and single states through the session's
Stepthrough server, turning Python arguments (paths, dicts, handler callables) into requests."""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Union

from ._client import ServerProcess
from .execution import Execution
from ._handlers import HandlerTable
from ._json import check_json
from .results import ExecutionResult, StateTestResult

PathLike = Union[str, "os.PathLike[str]"]
Definition = Union[PathLike, Mapping[str, Any]]
Mocks = Union[PathLike, Mapping[str, Any]]
Role = Union[PathLike, Sequence[PathLike], Mapping[str, Any]]

_NOT_GIVEN: Any = object()


#: ``"auto"`` (a template machine's own functions) or Task states mapped to handlers.
Handlers = Union[str, Mapping[str, Any]]


def _path(value: PathLike) -> str:
    return os.path.abspath(os.fspath(value))


def _is_path(value: Any) -> bool:
    return isinstance(value, (str, os.PathLike))


def _definition(definition: Definition) -> Dict[str, Any]:
    if _is_path(definition):
        return {"file": _path(definition)}  # type: ignore[arg-type]
    if isinstance(definition, Mapping):
        check_json(dict(definition), "the definition")
        return {"inline": dict(definition)}
    raise TypeError(
        f"definition must be a path to a state machine file or a definition dict, got {type(definition).__name__}"
    )


def _is_mock_config(value: Mapping[str, Any]) -> bool:
    return "StateMachines" in value and "MockedResponses" in value


def _mock_entry(entry: Any, table: HandlerTable) -> Any:
    """A callable becomes a handler entry; everything else passes as it is."""
    if callable(entry):
        return {"handler": table.register(entry)}
    if isinstance(entry, (list, tuple)):
        return [_mock_entry(item, table) for item in entry]
    return entry


def _simple_mocks(mocks: Mapping[str, Any], table: HandlerTable) -> Dict[str, Any]:
    converted = {str(state): _mock_entry(entry, table) for state, entry in mocks.items()}
    check_json(converted, "mocks")
    return converted


def _mocks(
    mocks: Optional[Mocks], test_case: Optional[str], state_machine: Optional[str], table: HandlerTable
) -> Optional[Dict[str, Any]]:
    if mocks is None:
        if test_case is not None:
            raise TypeError("test_case selects a test case of a MockConfigFile: pass the file as mocks=")
        return None
    selection: Dict[str, Any] = {}
    if test_case is not None:
        selection["testCase"] = test_case
    if state_machine is not None:
        selection["stateMachine"] = state_machine
    if _is_path(mocks):
        return {"kind": "file", "file": _path(mocks), **selection}  # type: ignore[arg-type]
    if isinstance(mocks, Mapping):
        value = dict(mocks) if _is_mock_config(mocks) else _simple_mocks(mocks, table)
        check_json(value, "mocks")
        return {"kind": "inline", "value": value, **selection}
    raise TypeError(f"mocks must be a dict or a path to a mock file, got {type(mocks).__name__}")


def _role(role: Optional[Role]) -> Optional[Dict[str, Any]]:
    if role is None:
        return None
    if _is_path(role):
        return {"files": [_path(role)]}  # type: ignore[arg-type]
    if isinstance(role, Mapping):
        check_json(dict(role), "role")
        return {"document": dict(role)}
    if isinstance(role, (list, tuple)) and all(_is_path(item) for item in role):
        return {"files": [_path(item) for item in role]}
    raise TypeError("role must be a policy file path, a list of them, or a policy document dict")


def _settings(**values: Any) -> Dict[str, Any]:
    names = {
        "execution_name": "executionName",
        "state_machine_name": "stateMachineName",
        "start_time": "startTime",
        "seed": "seed",
        "max_transitions": "maxTransitions",
        "region": "region",
        "account_id": "accountId",
        "role_arn": "roleArn",
        "substitutions": "substitutions",
        "validate": "validate",
    }
    settings = {names[key]: value for key, value in values.items() if value is not None}
    check_json(settings, "the execution settings")
    return settings


class Sfn:
    """Runs state machines with the Stepthrough engine (one server process per test session).

    Paths (definitions, mock files, role files) may be relative to the current directory.
    """

    def __init__(self, server: Callable[[], ServerProcess]) -> None:
        self._server = server

    def _run(self, request: Dict[str, Any], table: HandlerTable) -> Any:
        return self._server().request(request, table)

    def _run_request(
        self,
        kind: str,
        definition: Definition,
        input: Any,
        table: HandlerTable,
        mocks: Optional[Mocks],
        test_case: Optional[str],
        state_machine: Optional[str],
        role: Optional[Role],
        substitutions: Optional[Mapping[str, Any]],
        seed: Optional[int],
        start_time: Optional[Union[str, int]],
        execution_name: Optional[str],
        state_machine_name: Optional[str],
        max_transitions: Optional[int],
        validate: bool,
        handlers: Optional[Handlers],
        machines: Optional[Mapping[str, Definition]],
    ) -> Dict[str, Any]:
        """The request ``execute`` and ``start`` send: the same arguments, the same settings."""
        request = self._request(kind, definition, input, table, mocks, test_case, state_machine, role)
        if handlers == "auto":
            request["handlers"] = "auto"
        elif isinstance(handlers, str):
            raise TypeError(f'handlers must be "auto" or a mapping of Task states to handlers, got {handlers!r}')
        elif handlers is not None:
            check_json(dict(handlers), "handlers")
            request["handlers"] = dict(handlers)
        if machines is not None:
            request["machines"] = {str(key): _definition(value) for key, value in machines.items()}
        request["settings"] = _settings(
            validate=None if validate else False,
            substitutions=dict(substitutions) if substitutions is not None else None,
            seed=seed,
            start_time=start_time,
            execution_name=execution_name,
            state_machine_name=state_machine_name,
            max_transitions=max_transitions,
        )
        return request

    def execute(
        self,
        definition: Definition,
        input: Any = _NOT_GIVEN,
        *,
        mocks: Optional[Mocks] = None,
        test_case: Optional[str] = None,
        state_machine: Optional[str] = None,
        role: Optional[Role] = None,
        substitutions: Optional[Mapping[str, Any]] = None,
        seed: Optional[int] = None,
        start_time: Optional[Union[str, int]] = None,
        execution_name: Optional[str] = None,
        state_machine_name: Optional[str] = None,
        max_transitions: Optional[int] = None,
        validate: bool = True,
        handlers: Optional[Handlers] = None,
        machines: Optional[Mapping[str, Definition]] = None,
    ) -> ExecutionResult:
        """Runs the whole state machine and returns how it ended.

        ``definition``: a definition file, a machine in a template (``"template.yaml#OrderFlow"``:
        SAM, CloudFormation, CDK output, serverless.yml or Terraform, as ``stepthrough run`` takes it:
        the machines of the same template it starts by ARN run as its child executions, and its
        Tasks are checked against the template's role unless ``role`` is given), or a definition dict.
        ``mocks``: ``{"State": [{"Return": ...} | {"Throw": {"Error": ..., "Cause": ...}}]}`` (the
        n-th call gets the n-th entry, the last repeats), where an entry may instead be a handler
        (a callable, or ``{"handler": "module:function"}``) that runs in this process; or an AWS
        MockConfigFile (a dict or a path) with ``test_case`` (and ``state_machine``) choosing in it.
        ``role``: IAM policy file(s) or a policy document; Tasks it does not allow fail as on AWS.
        A machine AWS would reject raises ``DefinitionError`` with its diagnostics and nothing runs;
        ``validate=False`` runs it anyway (AWS would reject this machine).
        ``handlers``: the team's own code run as Tasks, in processes of their own, keyed as mocks are
        (a state, a function name or ARN) and written as a test file's ``handlers:`` is
        (``"./src/charge.js#handler"``, ``"python:app.charge:handler"``, ``{"cmd": "./bin/charge"}``,
        ``{"handler": ..., "environment": {...}}``; relative paths from the current directory); a mock
        for the same key wins. ``handlers="auto"`` runs each function a template's machine calls
        (``sfn.execute("template.yaml#OrderFlow", handlers="auto")``) from its CodeUri and Handler,
        as a test file's ``handlers: auto`` does.
        ``machines``: the state machines a ``states:startExecution`` Task may start, run here as child
        executions: ``{"ChildFlow": "child.asl.json"}``, keyed by the name at the end of the
        StateMachineArn or by the whole ARN, each a path or a definition dict.
        """
        table = HandlerTable()
        request = self._run_request(
            "execute", definition, input, table, mocks, test_case, state_machine, role,
            substitutions, seed, start_time, execution_name, state_machine_name, max_transitions, validate,
            handlers, machines,
        )
        return ExecutionResult.from_wire(self._run(request, table))

    def start(
        self,
        definition: Definition,
        input: Any = _NOT_GIVEN,
        *,
        mocks: Optional[Mocks] = None,
        test_case: Optional[str] = None,
        state_machine: Optional[str] = None,
        role: Optional[Role] = None,
        substitutions: Optional[Mapping[str, Any]] = None,
        seed: Optional[int] = None,
        start_time: Optional[Union[str, int]] = None,
        execution_name: Optional[str] = None,
        state_machine_name: Optional[str] = None,
        max_transitions: Optional[int] = None,
        validate: bool = True,
        handlers: Optional[Handlers] = None,
        machines: Optional[Mapping[str, Definition]] = None,
    ) -> Execution:
        """Starts the state machine and returns the running execution, for the test to answer its
        ``.waitForTaskToken`` Tasks and Activities that no mock or handler answers (the library's
        ``startExecution(..., {outsideAnswers: true})``): ``waiting_tasks()``,
        ``send_task_success`` / ``send_task_failure`` / ``send_task_heartbeat``, then ``result()``.
        The arguments are ``execute``'s.
        """
        table = HandlerTable()
        request = self._run_request(
            "start", definition, input, table, mocks, test_case, state_machine, role,
            substitutions, seed, start_time, execution_name, state_machine_name, max_transitions, validate,
            handlers, machines,
        )
        server = self._server()
        started = server.request(request, table, keep_handlers=True)
        execution_id = int(started["executionId"])
        return Execution(
            lambda message: self._server().request(message),
            execution_id,
            lambda: server.forget_handlers(execution_id),
        )

    def test_state(
        self,
        definition: Definition,
        state: str,
        input: Any = _NOT_GIVEN,
        *,
        mock: Any = None,
        mocks: Optional[Mapping[str, Any]] = None,
        role: Optional[Role] = None,
        substitutions: Optional[Mapping[str, Any]] = None,
        validate: bool = True,
    ) -> StateTestResult:
        """Runs one state alone (it may be nested in a Map or Parallel), as the TestState API does.

        ``mock`` answers the state's own task: a response (``{"Return": ...}`` / ``{"Throw": {...}}``),
        a list of them, or a handler; ``mocks`` answers other states (e.g. the Tasks inside a Map).
        """
        table = HandlerTable()
        all_mocks: Dict[str, Any] = dict(mocks or {})
        if mock is not None:
            if state in all_mocks:
                raise TypeError(f"state {state!r} is mocked twice: by mock= and in mocks=")
            all_mocks[state] = mock
        request = self._request("testState", definition, input, table, all_mocks or None, None, None, role)
        request["state"] = state
        request["settings"] = _settings(
            substitutions=dict(substitutions) if substitutions is not None else None,
            validate=None if validate else False,
        )
        return StateTestResult.from_wire(self._run(request, table))

    def _request(
        self,
        kind: str,
        definition: Definition,
        input: Any,
        table: HandlerTable,
        mocks: Optional[Mocks],
        test_case: Optional[str],
        state_machine: Optional[str],
        role: Optional[Role],
    ) -> Dict[str, Any]:
        request: Dict[str, Any] = {"type": kind, "definition": _definition(definition)}
        if input is not _NOT_GIVEN:
            check_json(input, "input")
            request["input"] = input
        wire_mocks = _mocks(mocks, test_case, state_machine, table)
        if wire_mocks is not None:
            request["mocks"] = wire_mocks
        wire_role = _role(role)
        if wire_role is not None:
            request["role"] = wire_role
        return request

    def run_test_file(self, path: PathLike, cases: Optional[List[str]] = None) -> Dict[str, Any]:
        """Runs the cases of a ``*.sfn-test.yaml`` file; the raw per-case results."""
        request: Dict[str, Any] = {"type": "runTestFile", "file": _path(path)}
        if cases is not None:
            request["cases"] = list(cases)
        result: Dict[str, Any] = self._server().request(request)
        return result
