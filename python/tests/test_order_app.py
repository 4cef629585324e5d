"""The example app (examples/order-app: a Python and a Node.js function, a callback with heartbeats, a
child machine, HTTP Tasks) from pytest (issue #15's proof): its test file as pytest items, and the same
cases written in Python with ``sfn.execute(..., handlers=..., machines=...)`` and ``sfn.start`` with
``send_task_success`` / ``send_task_heartbeat`` answering the courier's task token, and the machine
named in its template with ``handlers="auto"``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(pytester: pytest.Pytester) -> Path:
    shutil.copytree(REPO / "examples" / "order-app", pytester.path / "order-app")
    return pytester.path / "order-app"


def test_the_example_test_file_runs_as_pytest_items(pytester: pytest.Pytester, app: Path) -> None:
    # handlers: auto, the child machine found in the template, callbacks, HTTP status codes: every case.
    result = pytester.runpytest_subprocess("-v", "order-app", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            "*order-app.sfn-test.yaml::the courier cannot deliver, ShipmentFlow fails*PASSED*",
            "*order-app.sfn-test.yaml::the courier stops sending heartbeats*PASSED*",
        ]
    )
    result.assert_outcomes(passed=10)


TESTS = '''
import json
import pytest
from pytest_stepthrough import assert_path

FLOW = "order-app/statemachine/order-flow.asl.json"
ARN = "arn:aws:states:us-east-1:123456789012"
# What the template's DefinitionSubstitutions give on AWS, as `stepthrough test` resolves them.
SUBSTITUTIONS = {
    "ValidateOrderFunctionArn": f"{ARN.replace('states', 'lambda')}:function:validate-order",
    "ChargeCardFunctionArn": f"{ARN.replace('states', 'lambda')}:function:charge-card",
    "OrdersTableName": "orders",
    "WarehouseConnectionArn": f"{ARN.replace('states', 'events')}:connection/warehouse",
    "ShipmentFlowArn": f"{ARN}:stateMachine:order-shipment",
    "DeliveryQueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/deliveries",
}
# The team's code, run as Lambda would: the Python validator and the Node.js charger.
HANDLERS = {
    "ValidateOrder": {"handler": "python:app:handler", "root": "order-app/functions/validate",
                      "environment": {"MAX_AMOUNT": "500"}},
    "ChargeCard": {"handler": "./order-app/functions/charge/index.js#handler",
                   "environment": {"CURRENCY": "EUR"}},
}
# ShipmentFlow, the child machine ShipOrder starts (.sync:2), by the name at the end of its ARN.
MACHINES = {"order-shipment": "order-app/statemachine/shipment.asl.json"}
MOCKS = {
    "RecordOrder": [{"Return": {}}],
    "ReserveStock": [{"Return": {"StatusCode": 201, "ResponseBody": {"reservationId": "res-7"}}}],
    "CreateShipment": [{"Return": {}}],
    "BookCourier": [{"Return": {"StatusCode": 200, "ResponseBody": {"trackingId": "TRK-1"}}}],
}
ORDER = {"orderId": "ord-42", "amount": 37.5, "card": "4111 1111 1111 1111",
         "address": {"street": "1 Harbour Road", "city": "Dublin"}}


def run(sfn, input, **mocks):
    return sfn.start(FLOW, input, mocks={**MOCKS, **mocks}, handlers=HANDLERS, machines=MACHINES,
                     substitutions=SUBSTITUTIONS)


def test_the_courier_answers_the_task_token(sfn):
    execution = run(sfn, ORDER)
    [waiting] = execution.waiting_tasks()
    assert waiting.state_name == "AwaitDelivery"
    message = waiting.request["MessageBody"]
    assert message == {"taskToken": waiting.task_token, "orderId": "ord-42", "trackingId": "TRK-1"}
    execution.send_task_heartbeat(waiting.task_token)
    execution.send_task_success(waiting.task_token, {"deliveredAt": "2024-01-02T09:00:00Z"})
    result = execution.result()
    assert result.output == {"orderId": "ord-42", "status": "DELIVERED", "chargeId": "ch_ord-42",
                             "currency": "EUR", "trackingId": "TRK-1", "deliveredAt": "2024-01-02T09:00:00Z"}
    assert_path(result, ["ValidateOrder", "IsValid", "ChargeCard", "RecordOrder", "ReserveStock",
                         "ShipOrder", "AwaitDelivery", "Done"])


def test_a_failed_child_is_caught_as_states_task_failed(sfn):
    courier_refuses = [{"Return": {"StatusCode": 422, "ResponseBody": {"message": "address not served"}}}]
    result = sfn.execute(FLOW, ORDER, mocks={**MOCKS, "BookCourier": courier_refuses},
                         handlers=HANDLERS, machines=MACHINES, substitutions=SUBSTITUTIONS)
    assert result.output == {
        "orderId": "ord-42", "status": "SHIPMENT_FAILED",
        "execution": f"{ARN}:execution:order-shipment:ord-42-shipment",
        "error": "States.Http.StatusCode.422",
    }


def test_the_python_validator_rejects_and_a_heartbeat_timeout_is_caught(sfn):
    rejected = sfn.execute(FLOW, {**ORDER, "amount": 900}, mocks=MOCKS, handlers=HANDLERS,
                           machines=MACHINES, substitutions=SUBSTITUTIONS)
    assert (rejected.status, rejected.error, rejected.cause) == (
        "FAILED", "OrderRejected", '["the amount is over 500"]')
    stalled = sfn.execute(FLOW, ORDER, handlers=HANDLERS, machines=MACHINES, substitutions=SUBSTITUTIONS,
                          mocks={**MOCKS, "AwaitDelivery": [{"Callback": {"heartbeats": [3000], "after": 9000,
                                                                           "success": {}}}]})
    assert stalled.output["status"] == "DELIVERY_STALLED"
    assert stalled.output["error"] == "States.Timeout"


def test_the_template_machine_with_its_own_functions(sfn):
    # As the test file names it: the machine in its template, handlers="auto" (the Python and Node.js
    # functions from CodeUri and Handler, with their Environment), ShipmentFlow found by its ARN.
    execution = sfn.start("order-app/template.yaml#OrderFlow", ORDER, mocks=MOCKS, handlers="auto")
    [waiting] = execution.waiting_tasks()
    execution.send_task_success(waiting.task_token, {"deliveredAt": "2024-01-02T09:00:00Z"})
    result = execution.result()
    assert result.output == {"orderId": "ord-42", "status": "DELIVERED", "chargeId": "ch_ord-42",
                             "currency": "EUR", "trackingId": "TRK-1", "deliveredAt": "2024-01-02T09:00:00Z"}
    [shipment] = result.child_executions
    assert (shipment.started_by, shipment.parent_state, shipment.status) == ("startExecution", "ShipOrder", "SUCCEEDED")
    assert shipment.path[-1] == "Shipped"


def test_a_handler_map_with_a_mistake_is_refused_before_anything_runs(sfn):
    from pytest_stepthrough import StepthroughError
    with pytest.raises(StepthroughError, match="python:"):
        sfn.execute(FLOW, ORDER, handlers={"ValidateOrder": "python:not a module"},
                    substitutions=SUBSTITUTIONS, mocks=MOCKS, machines=MACHINES)
'''


def test_the_same_cases_from_python(pytester: pytest.Pytester, app: Path) -> None:
    pytester.makepyfile(test_order_app_cases=TESTS)
    result = pytester.runpytest_subprocess("-v", "-p", "no:cacheprovider", "test_order_app_cases.py")
    result.assert_outcomes(passed=5)
