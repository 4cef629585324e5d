// TestState, locally: the requests AWS refuses and strict-mode result checks, against TestState
// responses recorded on real AWS (the evidence below is teststate.test.ts's).
//
// Evidence: the request/response pairs below were recorded against AWS Step Functions' TestState API
// (November 2025 - February 2026) and published as snapshot files of LocalStack's AWS-validated tests
// (`@markers.aws.validated`), repository localstack/localstack:
//   S = tests/aws/services/stepfunctions/v2/test_state/test_test_state_scenarios.snapshot.json
//   C = tests/aws/services/stepfunctions/v2/test_state/test_state_configuration.snapshot.json
//   F = tests/aws/services/stepfunctions/v2/test_state/test_field_validation_mode.py (validated on AWS)
//   M = tests/aws/services/stepfunctions/v2/test_state/test_test_state_mock_scenarios.py (validated on AWS)
// with the definitions of tests/aws/services/stepfunctions/templates/test_state/statemachines/*.json5.
// Each case names its snapshot key. AWS's Developer Guide page "Testing state machines with TestState
// API" gives the semantics (inspection levels, mocks, stateConfiguration). Payloads are compared as
// parsed JSON: AWS's whitespace inside the JSON strings is not part of the contract.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IO_PASS, json, refused } from './teststate.fixture';
import { testState } from '.';

// --- Requests AWS refuses -----------------------------------------------------------------------------------
test('S test_base_lambda_service_task_state_no_role_arn_validation: an unmocked Task needs a role (and locally, a mock)', async () => {
  const definition = json({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { 'FunctionName.$': '$.FunctionName' },
    End: true,
  });
  await refused(
    { definition, input: '{}', inspectionLevel: 'TRACE' },
    'ValidationException',
    /^RoleArn must be specified when testing a Task state$/,
  );
  await refused(
    { definition, roleArn: 'arn:aws:iam::123456789012:role/r' },
    'Stepthrough.Unsupported',
    /calls arn:aws:states:::lambda:invoke for real/,
  );
});

test('M test_base_lambda_service_task_mock_is_not_json_string: a result must be JSON even without validation', async () => {
  const definition = json({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true });
  await refused(
    { definition, mock: { result: 'not JSON string', fieldValidationMode: 'NONE' } },
    'ValidationException',
    /mock\.result is not valid JSON/,
  );
});

test('requests the API refuses: bad input, bad definition, bad fields, a mock on a Pass', async () => {
  await refused({ definition: IO_PASS, input: '{oops' }, 'InvalidExecutionInput', /input is not valid JSON/);
  await refused(
    { definition: '{"Type": "Pass", "End": true' },
    'InvalidDefinition',
    /Invalid State Machine Definition/,
  );
  await refused({ definition: json({ Type: 'Wait', End: true }) }, 'InvalidDefinition', /ASL108/);
  await refused(
    { definition: json({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }) },
    'InvalidDefinition',
    /name the state/,
  );
  await refused(
    { definition: json({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }), stateName: 'B' },
    'InvalidDefinition',
    /no state named "B"/,
  );
  await refused(
    { definition: IO_PASS, inspectionlevel: 'DEBUG' },
    'ValidationException',
    /Unknown parameter.*inspectionlevel/,
  );
  await refused(
    { definition: IO_PASS, inspectionLevel: 'VERBOSE' },
    'ValidationException',
    /inspectionLevel/,
  );
  await refused(
    { definition: IO_PASS, mock: { result: '{}' } },
    'ValidationException',
    /Task, Map, or Parallel/,
  );
  await refused({ definition: IO_PASS, roleArn: 'not-an-arn' }, 'InvalidArn', /Invalid Arn/);
  await refused(
    { definition: IO_PASS, stateConfiguration: { retrierRetryCount: -1 } },
    'ValidationException',
    /retrierRetryCount/,
  );
});

// --- fieldValidationMode ---------------------------------------------------------------------------------------
const taskOf = (resource: string): string => json({ Type: 'Task', Resource: resource, End: true });

test('F test_strict_mode_*: a mocked result is checked against the API response shape', async () => {
  const cases: [string, unknown, RegExp][] = [
    ['arn:aws:states:::lambda:invoke', { StatusCode: '200' }, /Field 'StatusCode' must be an integer/],
    ['arn:aws:states:::events:putEvents', { Entries: 'not a list' }, /Field 'Entries' must be an array/],
    [
      'arn:aws:states:::events:putEvents',
      { Entries: [{ EventId: 'a' }, { EventId: ['b'] }] },
      /Entries\[1\]\.EventId' must be a string/,
    ],
    ['arn:aws:states:::states:startExecution', {}, /Required field 'ExecutionArn' is missing/],
    [
      'arn:aws:states:::states:startExecution',
      { executionArn: 'x', startDate: 'y' },
      /Required field 'ExecutionArn'/,
    ],
    [
      'arn:aws:states:::states:startExecution',
      { ExecutionArn: 'x', StartDate: true },
      /StartDate' must be a timestamp/,
    ],
    [
      'arn:aws:states:::states:startExecution',
      { ExecutionArn: 'x', StartDate: 1764103483 },
      /StartDate' must be a timestamp/,
    ],
    [
      'arn:aws:states:::dynamodb:putItem',
      { ConsumedCapacity: { CapacityUnits: '123.45' } },
      /CapacityUnits' must be a number/,
    ],
    ['arn:aws:states:::aws-sdk:s3:getObject', { ContentLength: '9000' }, /ContentLength' must be an integer/],
    ['arn:aws:states:::aws-sdk:s3:getObject', { StorageClass: 'Papyrus' }, /StorageClass' must be one of/],
    ['arn:aws:states:::aws-sdk:kms:encrypt', { CiphertextBlob: 123 }, /CiphertextBlob' must be a string/],
    ['arn:aws:states:::aws-sdk:kms:encrypt', { CiphertextBlob: '' }, /at least 1 characters/],
    [
      'arn:aws:states:::aws-sdk:lambda:getFunction',
      { Configuration: { MemorySize: 127 } },
      /MemorySize' must be at least 128/,
    ],
    // F recorded 10241 over the then maximum 10240; botocore 1.43's model now allows up to 32768.
    [
      'arn:aws:states:::aws-sdk:lambda:getFunction',
      { Configuration: { MemorySize: 32769 } },
      /MemorySize' must be at most 32768/,
    ],
  ];
  for (const [resource, result, message] of cases) {
    await refused(
      { definition: taskOf(resource), mock: { result: json(result) } },
      'ValidationException',
      message,
    );
  }
  // Fields the API does not define pass; so does an empty object where nothing is required.
  for (const result of [{ random: 'json' }, {}]) {
    const ok = await testState({
      definition: taskOf('arn:aws:states:::events:putEvents'),
      mock: { result: json(result) },
    });
    assert.equal(ok.status, 'SUCCEEDED');
  }
  // PRESENT checks types only; NONE nothing.
  const start = taskOf('arn:aws:states:::states:startExecution');
  assert.equal(
    (await testState({ definition: start, mock: { result: '{}', fieldValidationMode: 'PRESENT' } })).status,
    'SUCCEEDED',
  );
  await refused(
    { definition: start, mock: { result: '{"StartDate": 5}', fieldValidationMode: 'PRESENT' } },
    'ValidationException',
    /StartDate/,
  );
  assert.equal(
    (
      await testState({
        definition: start,
        mock: { result: '{"StartDate": 5}', fieldValidationMode: 'NONE' },
      })
    ).status,
    'SUCCEEDED',
  );
});

test('results with no API shape pass; an API Stepthrough has no model of is refused unless NONE', async () => {
  for (const resource of [
    'arn:aws:lambda:us-east-1:123456789012:function:f',
    'arn:aws:states:::lambda:invoke.waitForTaskToken',
    'arn:aws:states:::http:invoke',
  ]) {
    const response = await testState({ definition: taskOf(resource), mock: { result: '{"anything": [1]}' } });
    assert.equal(response.status, 'SUCCEEDED', resource);
  }
  const bedrock = taskOf('arn:aws:states:::aws-sdk:bedrockruntime:invokeModel');
  await refused(
    { definition: bedrock, mock: { result: '{}' } },
    'Stepthrough.Unsupported',
    /no API model for bedrockruntime:InvokeModel/,
  );
  assert.equal(
    (await testState({ definition: bedrock, mock: { result: '{}', fieldValidationMode: 'NONE' } })).status,
    'SUCCEEDED',
  );
});
