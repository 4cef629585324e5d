"""Python Lambda handlers as Task implementations: resolves ``module:function`` references (or
registered callables), calls them with the event and a Lambda-like context, and turns what they
return or raise into the server's ``handlerResult`` message, as the AWS Lambda Python runtime would."""

from __future__ import annotations

import importlib
import traceback
from types import TracebackType
from typing import Any, Callable, Dict, List, Optional

from ._json import to_json_value
from .errors import HandlerNotFound, TaskFailure

Handler = Callable[[Any, "LambdaContext"], Any]


class LambdaContext:
    """The ``context`` argument a handler receives, with the attributes of AWS's LambdaContext.

    Besides them: ``state`` (the Task state's name), ``attempt`` (1 for the first try, 2 for the
    first retry..., as JavaScript handlers count), ``invocation`` (0-based count of the state's calls)
    and ``resource`` (the Task's Resource).
    """

    function_version = "$LATEST"
    memory_limit_in_mb = 128
    identity = None
    client_context = None

    def __init__(self, state: str, context: Dict[str, Any]) -> None:
        self.state = state
        self.function_name: str = context.get("functionName", state)
        self.invoked_function_arn: str = context.get("invokedFunctionArn", "")
        self.aws_request_id: str = context.get("awsRequestId", "")
        self.resource: str = context.get("resource", "")
        self.invocation: int = context.get("invocation", 0)
        self.attempt: int = context.get("attempt", 1)
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = f"stepthrough/[$LATEST]{self.aws_request_id.replace('-', '')}"

    def get_remaining_time_in_millis(self) -> int:
        return 900_000

    def __repr__(self) -> str:
        return f"LambdaContext(state={self.state!r}, function_name={self.function_name!r}, attempt={self.attempt})"


def _describe(function: Callable[..., Any]) -> str:
    module = getattr(function, "__module__", None) or "<unknown>"
    name = getattr(function, "__qualname__", None) or getattr(function, "__name__", None) or repr(function)
    return f"{module}:{name}"


def import_handler(reference: str) -> Handler:
    """The callable named ``package.module:function`` (``function`` may be dotted: ``Class.method``)."""
    module_name, sep, attribute = reference.partition(":")
    if not sep or not module_name or not attribute:
        raise HandlerNotFound(
            f"handler {reference!r} is not of the form 'module:function' (e.g. 'orders.reserve:handler')"
        )
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError as error:
        raise HandlerNotFound(
            f"handler {reference!r}: cannot import module {module_name!r}: {error}. "
            "Is it on sys.path (e.g. pytest's `pythonpath` ini option or rootdir conftest)?"
        ) from error
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise HandlerNotFound(f"handler {reference!r}: module {module_name!r} has no attribute {attribute!r}")
        target = getattr(target, part)
    if not callable(target):
        raise HandlerNotFound(f"handler {reference!r} is not callable (it is a {type(target).__name__})")
    return target  # type: ignore[no-any-return]


class HandlerTable:
    """The handlers of one request: callables registered under a name, and imported references."""

    def __init__(self) -> None:
        self._handlers: Dict[str, Handler] = {}

    def register(self, function: Callable[..., Any]) -> str:
        """Registers a callable; returns the name the mocks refer to it by."""
        base = _describe(function)
        name, n = base, 1
        while name in self._handlers and self._handlers[name] is not function:
            n += 1
            name = f"{base}#{n}"
        self._handlers[name] = function
        return name

    def resolve(self, name: str) -> Handler:
        if name not in self._handlers:
            self._handlers[name] = import_handler(name)
        return self._handlers[name]


def _user_frames(tb: Optional[TracebackType]) -> List[str]:
    """The traceback from the handler down, as the Lambda runtime lists it in ``stackTrace``."""
    frames = traceback.extract_tb(tb)
    # The first frame is call_handler's own call of the handler.
    return traceback.format_list(frames[1:])


def error_object(error: BaseException, request_id: str) -> Dict[str, Any]:
    """The Lambda Python runtime's error document for an unhandled exception."""
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": _user_frames(error.__traceback__),
    }


def call_handler(handler: Handler, event: Any, context: LambdaContext) -> Dict[str, Any]:
    """Runs the handler; the answer for the server (ok with the value, or the error and cause).

    BaseExceptions that are not Exceptions (KeyboardInterrupt, pytest's outcomes) propagate.
    """
    try:
        value = handler(event, context)
    except TaskFailure as failure:
        return {"ok": False, "error": failure.error, "cause": failure.cause}
    except Exception as error:  # a Lambda handler's unhandled exception fails the task
        return {"ok": False, "error": type(error).__name__, "cause": error_object(error, context.aws_request_id)}
    try:
        return {"ok": True, "value": to_json_value(value)}
    except (TypeError, ValueError) as error:
        message = f"Unable to marshal response: {error}"
        document = {"errorMessage": message, "errorType": "Runtime.MarshalError", "requestId": context.aws_request_id, "stackTrace": []}
        return {"ok": False, "error": "Runtime.MarshalError", "cause": document}
