"""pytest-stepthrough: test AWS Step Functions state machines from pytest with the Stepthrough engine.

Fixtures: ``sfn`` (execute / start / test_state) and ``sfn_server``; ``*.sfn-test.yaml`` files are collected
as tests. Import the assertion helpers and result types from here.
"""

from .api import Sfn
from .assertions import assert_failed, assert_output, assert_path, assert_succeeded, first_difference
from .errors import (
    DefinitionError,
    HandlerNotFound,
    StepthroughError,
    StepthroughSetupError,
    TaskFailure,
    TaskTokenError,
)
from .execution import Execution, WaitingTask
from ._handlers import LambdaContext
from .results import ChildExecution, ExecutionResult, StateTestResult

__all__ = [
    "Sfn",
    "ExecutionResult",
    "ChildExecution",
    "Execution",
    "WaitingTask",
    "StateTestResult",
    "LambdaContext",
    "assert_succeeded",
    "assert_failed",
    "assert_output",
    "assert_path",
    "first_difference",
    "StepthroughError",
    "DefinitionError",
    "StepthroughSetupError",
    "HandlerNotFound",
    "TaskFailure",
    "TaskTokenError",
]

__version__ = "0.1.0"
