"""Python Lambda handlers as Task implementations: by reference and as callables, the Lambda event
and context, exceptions as AWS reports them, TaskFailure, concurrency in a Map, and handlers that
cannot be imported or that end the test."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_handlers_run_in_process(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        """
        import json

        from orders import handlers
        from pytest_stepthrough import TaskFailure, assert_output

        MOCKS = {"Reserve": {"handler": "orders.handlers:reserve"}, "Charge": handlers.charge}

        def test_reference_and_callable(sfn):
            handlers.calls.clear()
            result = sfn.execute("order.asl.json", {"sku": "book", "qty": 1}, mocks=MOCKS)
            assert_output(result, {"status": "SHIPPED", "sku": "book", "chargeId": "ch-book"})
            assert handlers.calls == [("reserve", "Reserve", 1)], "the handler ran in this process"
            reservation = result.state_output("Reserve")["reserve"]["reservation"]
            assert reservation["function"] == "reserve-stock"
            assert len(reservation["requestId"]) == 36
            succeeded = [e for e in result.events if e["type"] == "TaskSucceeded"][0]
            output = succeeded["taskSucceededEventDetails"]["output"]
            assert output["StatusCode"] == 200, "lambda:invoke wraps the payload"

        def test_exception_is_reported_like_lambda(sfn):
            result = sfn.execute("order.asl.json", {"sku": "gone", "qty": 1}, mocks=MOCKS)
            assert result.output["status"] == "OUT_OF_STOCK"
            assert result.output["error"] == "OutOfStock"
            cause = json.loads(result.output["cause"])
            assert cause["errorType"] == "OutOfStock"
            assert cause["errorMessage"] == "no stock for gone"
            assert "raise OutOfStock" in "".join(cause["stackTrace"])
            assert "pytest_stepthrough" not in "".join(cause["stackTrace"])

        def test_task_failure_and_retries(sfn):
            attempts = []

            def flaky(event, context):
                attempts.append(context.attempt)
                if context.attempt < 3:
                    raise TaskFailure("Throttled", "slow down")
                return {"ok": True}

            result = sfn.execute("order.asl.json", {"sku": "a", "qty": 1},
                                 mocks={"Reserve": flaky, "Charge": {"Return": {"id": "c"}}})
            assert result.succeeded
            assert attempts == [1, 2, 3]

        def test_bare_function_arn_gets_the_raw_event_and_spaced_cause(sfn):
            seen = []

            def charge(event, context):
                seen.append((event["sku"], context.function_name, context.invoked_function_arn))
                raise ValueError("card declined")

            result = sfn.execute("order.asl.json", {"sku": "a", "qty": 1},
                                 mocks={"Reserve": {"Return": {"Payload": {}}}, "Charge": charge})
            assert seen == [("a", "charge", "arn:aws:lambda:us-east-1:123456789012:function:charge")]
            assert (result.status, result.error) == ("FAILED", "ValueError")
            assert result.cause.startswith('{"errorMessage": "card declined", "errorType": "ValueError"')

        def test_unserialisable_result_is_a_marshal_error(sfn):
            result = sfn.execute("order.asl.json", {"sku": "a", "qty": 1},
                                 mocks={"Reserve": lambda event, context: {"when": object()}})
            assert result.output["error"] == "Runtime.MarshalError"

        def test_map_iterations_call_the_handler(sfn):
            result = sfn.execute("prices.asl.json", {"items": [{"sku": "a"}, {"sku": "bb"}, {"sku": "ccc"}]},
                                 mocks={"Price": {"handler": "orders.handlers:price"}})
            assert result.output == [{"sku": "a", "price": 1}, {"sku": "bb", "price": 2}, {"sku": "ccc", "price": 3}]

        def test_test_state_with_a_handler(sfn):
            result = sfn.test_state("order.asl.json", "Reserve", {"sku": "gone"}, mock=handlers.reserve)
            assert (result.status, result.error, result.next_state) == ("CAUGHT_ERROR", "OutOfStock", "OutOfStock")
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=7)


def test_handler_problems_end_the_test_not_the_task(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        """
        import pytest
        from pytest_stepthrough import HandlerNotFound

        def test_missing_module(sfn):
            with pytest.raises(HandlerNotFound, match="cannot import module 'orders.nope'"):
                sfn.execute("order.asl.json", {"qty": 1}, mocks={"Reserve": {"handler": "orders.nope:handler"}})

        def test_bad_reference(sfn):
            with pytest.raises(HandlerNotFound, match="not of the form 'module:function'"):
                sfn.execute("order.asl.json", {"qty": 1}, mocks={"Reserve": {"handler": "orders.handlers.reserve"}})

        def test_pytest_fail_inside_a_handler(sfn):
            def handler(event, context):
                pytest.fail("the handler saw a bad event")
            sfn.execute("order.asl.json", {"qty": 1}, mocks={"Reserve": handler})

        def test_server_is_fine_afterwards(sfn):
            assert sfn.execute("order.asl.json", {"qty": 0}).status == "FAILED"
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*Failed: the handler saw a bad event*"])


def test_handler_on_a_non_lambda_integration(pytester: pytest.Pytester, project: Path) -> None:
    """A handler for a DynamoDB putItem Task gets the request (Parameters, or a JSONata Task's
    Arguments) and returns the service's result, which the Task receives as it is: no Lambda
    envelope around it, no Payload taken out of the request (the README's Task handlers contract)."""
    pytester.makepyfile(
        """
        from pytest_stepthrough import TaskFailure

        PUT = "arn:aws:states:::dynamodb:putItem"
        JSONPATH = {"StartAt": "Save", "States": {"Save": {
            "Type": "Task", "Resource": PUT,
            "Parameters": {"TableName": "orders",
                           "Item": {"orderId": {"S.$": "$.orderId"}, "qty": {"N.$": "States.Format('{}', $.qty)"}}},
            "Retry": [{"ErrorEquals": ["DynamoDB.ProvisionedThroughputExceededException"],
                       "MaxAttempts": 1, "IntervalSeconds": 1}],
            "ResultPath": "$.saved", "End": True}}}
        JSONATA = {"QueryLanguage": "JSONata", "StartAt": "Save", "States": {"Save": {
            "Type": "Task", "Resource": PUT,
            "Arguments": {"TableName": "orders", "Item": {"orderId": {"S": "{% $states.input.orderId %}"}}},
            "Output": {"orderId": "{% $states.input.orderId %}", "saved": "{% $states.result %}"},
            "End": True}}}
        RESULT = {"ConsumedCapacity": {"TableName": "orders", "CapacityUnits": 1}}

        def test_parameters_in_the_service_result_out(sfn):
            calls = []

            def put_item(event, context):
                calls.append((event, context.state, context.resource, context.attempt))
                if context.attempt == 1:
                    raise TaskFailure("DynamoDB.ProvisionedThroughputExceededException", "slow down")
                return RESULT

            result = sfn.execute(JSONPATH, {"orderId": "o-1", "qty": 2}, mocks={"Save": put_item})
            assert result.status == "SUCCEEDED"
            request = {"TableName": "orders", "Item": {"orderId": {"S": "o-1"}, "qty": {"N": "2"}}}
            assert calls == [(request, "Save", PUT, 1), (request, "Save", PUT, 2)]
            assert result.output == {"orderId": "o-1", "qty": 2, "saved": RESULT}
            scheduled = [e for e in result.events if e["type"] == "TaskScheduled"]
            assert scheduled[0]["taskScheduledEventDetails"]["resource"] == "putItem"
            assert scheduled[0]["taskScheduledEventDetails"]["parameters"] == request

        def test_arguments_in_the_service_result_out(sfn):
            events = []

            def put_item(event, context):
                events.append(event)
                return RESULT

            result = sfn.execute(JSONATA, {"orderId": "o-2"}, mocks={"Save": put_item})
            assert events == [{"TableName": "orders", "Item": {"orderId": {"S": "o-2"}}}]
            assert result.output == {"orderId": "o-2", "saved": RESULT}
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=2)
