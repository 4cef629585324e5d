"""Shared fixtures for the plugin's tests: ``pytester`` runs real inner pytest sessions (in a
subprocess, with the installed plugin loaded through its entry point) over the files ``project``
writes: state machines, a MockConfigFile, role policies and a Python handler module."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest

pytest_plugins = ["pytester"]

ORDER: Dict[str, Any] = {
    "StartAt": "Validate",
    "States": {
        "Validate": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.qty", "NumericGreaterThan": 0, "Next": "Reserve"}],
            "Default": "Rejected",
        },
        "Rejected": {"Type": "Fail", "Error": "Order.Invalid", "Cause": "quantity must be positive"},
        "Reserve": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "reserve-stock", "Payload.$": "$"},
            "ResultSelector": {"reservation.$": "$.Payload"},
            "ResultPath": "$.reserve",
            "Retry": [{"ErrorEquals": ["Throttled"], "MaxAttempts": 2, "IntervalSeconds": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "OutOfStock"}],
            "Next": "Charge",
        },
        "OutOfStock": {
            "Type": "Pass",
            "Parameters": {"status": "OUT_OF_STOCK", "error.$": "$.error.Error", "cause.$": "$.error.Cause"},
            "End": True,
        },
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "ResultPath": "$.charge",
            "Next": "Done",
        },
        "Done": {
            "Type": "Pass",
            "Parameters": {"status": "SHIPPED", "sku.$": "$.sku", "chargeId.$": "$.charge.id"},
            "End": True,
        },
    },
}

PRICES: Dict[str, Any] = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 0,
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "Price",
                "States": {
                    "Price": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "price", "Payload.$": "$"},
                        "OutputPath": "$.Payload",
                        "End": True,
                    }
                },
            },
            "End": True,
        }
    },
}

MOCK_CONFIG: Dict[str, Any] = {
    "StateMachines": {"order": {"TestCases": {"Happy": {"Reserve": "Reserved", "Charge": "Charged"}}}},
    "MockedResponses": {
        "Reserved": {"0": {"Return": {"StatusCode": 200, "Payload": {"reserved": True}}}},
        "Charged": {"0": {"Return": {"id": "ch-from-config"}}},
    },
}

HANDLERS = '''
"""Lambda handlers the tests use as Task implementations."""

calls = []


class OutOfStock(Exception):
    pass


def reserve(event, context):
    calls.append(("reserve", context.state, context.attempt))
    if event["sku"] == "gone":
        raise OutOfStock(f"no stock for {event['sku']}")
    return {"reserved": True, "sku": event["sku"], "requestId": context.aws_request_id,
            "function": context.function_name}


def charge(event, context):
    return {"id": f"ch-{event['sku']}"}


def price(event, context):
    return {"sku": event["sku"], "price": len(event["sku"])}
'''

POLICY_ALLOW_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}],
}
POLICY_NO_CHARGE = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:*:*:function:reserve-stock*"}
    ],
}


@pytest.fixture
def project(pytester: pytest.Pytester) -> Path:
    """Writes the machines, mock config, role policies and the ``orders`` handler package."""
    files = {
        "order.asl.json": ORDER,
        "prices.asl.json": PRICES,
        "order.mock-config.json": MOCK_CONFIG,
        "role-allow.json": POLICY_ALLOW_ALL,
        "role-no-charge.json": POLICY_NO_CHARGE,
    }
    for name, content in files.items():
        (pytester.path / name).write_text(json.dumps(content, indent=2))
    package = pytester.path / "orders"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "handlers.py").write_text(HANDLERS)
    return pytester.path
