// TestState, locally, against TestState responses recorded on real AWS.
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
import type {
  InspectionData as SdkInspectionData,
  InspectionErrorDetails as SdkInspectionErrorDetails,
  MockInput as SdkMockInput,
  TestStateConfiguration as SdkTestStateConfiguration,
  TestStateInput as SdkTestStateInput,
  TestStateOutput as SdkTestStateOutput,
} from '@aws-sdk/client-sfn';
import { IO_OUTPUT, IO_PASS, json, NESTED_INPUT, refused, run, type Parsed } from './teststate.fixture';
import type {
  InspectionData,
  InspectionErrorDetails,
  MockInput,
  TestStateConfiguration,
  TestStateRequest,
  TestStateResponse,
} from './model';

// --- The model is the SDK's: same fields, same types (checked by tsc) -----------------------------------
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const sameFields: [
  SameKeys<TestStateRequest, SdkTestStateInput>,
  SameKeys<TestStateResponse, SdkTestStateOutput>,
  SameKeys<InspectionData, SdkInspectionData>,
  SameKeys<InspectionErrorDetails, SdkInspectionErrorDetails>,
  SameKeys<MockInput, SdkMockInput>,
  SameKeys<TestStateConfiguration, SdkTestStateConfiguration>,
] = [true, true, true, true, true, true];
const requestFitsSdk = (request: TestStateRequest): SdkTestStateInput => request;
const responseFitsSdk = (response: TestStateResponse): SdkTestStateOutput => response;
void [sameFields, requestFitsSdk, responseFitsSdk];

// --- Data flow and inspection levels -----------------------------------------------------------------------
test('S test_base_inspection_level_info[IO_PASS_STATE]: INFO gives status and output only', async () => {
  assert.deepEqual(await run({ definition: IO_PASS, input: json(NESTED_INPUT), inspectionLevel: 'INFO' }), {
    status: 'SUCCEEDED',
    output: IO_OUTPUT,
  });
});

test('S test_base_inspection_level_debug[IO_PASS_STATE]: each stage of InputPath, Parameters, ResultPath', async () => {
  assert.deepEqual(await run({ definition: IO_PASS, input: json(NESTED_INPUT), inspectionLevel: 'DEBUG' }), {
    status: 'SUCCEEDED',
    output: IO_OUTPUT,
    inspectionData: {
      input: NESTED_INPUT,
      afterInputPath: NESTED_INPUT.initialData,
      afterParameters: IO_OUTPUT.modifiedData,
      afterResultSelector: IO_OUTPUT.modifiedData,
      afterResultPath: IO_OUTPUT,
    },
  });
});

test('S test_base_inspection_level_trace[BASE_RESULT_PASS_STATE]: a Pass with Result reports result, not afterInputPath', async () => {
  const definition = json({ Type: 'Pass', Result: { resultKey: 'result value' }, End: true });
  const result = { resultKey: 'result value' };
  assert.deepEqual(
    await run({ definition, input: json({ Value: 'HelloWorld' }), inspectionLevel: 'TRACE' }),
    {
      status: 'SUCCEEDED',
      output: result,
      inspectionData: {
        input: { Value: 'HelloWorld' },
        result,
        afterResultSelector: result,
        afterResultPath: result,
      },
    },
  );
});

test('S test_base_inspection_level_debug[BASE_FAIL_STATE]: a Fail state is FAILED with its error and cause', async () => {
  const definition = json({
    Type: 'Fail',
    Error: 'SomeFailure',
    Cause: "This state machines raises a 'SomeFailure' failure.",
  });
  assert.deepEqual(
    await run({ definition, input: json({ Value: 'HelloWorld' }), inspectionLevel: 'DEBUG' }),
    {
      status: 'FAILED',
      error: 'SomeFailure',
      cause: "This state machines raises a 'SomeFailure' failure.",
      inspectionData: { input: { Value: 'HelloWorld' }, afterInputPath: { Value: 'HelloWorld' } },
    },
  );
});

test('S test_base_inspection_level_debug[BASE_CHOICE_STATE]: a Choice reports the state it picks', async () => {
  const definition = json({
    Type: 'Choice',
    Choices: [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
      {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
    ],
    Default: 'DefaultState',
  });
  const input = { type: 'Private', value: 22 };
  assert.deepEqual(await run({ definition, input: json(input), inspectionLevel: 'DEBUG' }), {
    status: 'SUCCEEDED',
    nextState: 'ValueInTwenties',
    output: input,
    inspectionData: { input, afterInputPath: input },
  });
});

// A JSONata machine, states named with stateName (S test_localstack_blogpost_scenario, 02-12-2025).
const APPROVAL = json({
  Comment: 'Cost approval workflow',
  QueryLanguage: 'JSONata',
  StartAt: 'Approval Required',
  States: {
    'Approval Required': {
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.cost < 10 %}', Next: 'Purchase Approved' }],
      Default: 'Ask for Approval',
    },
    'Purchase Approved': { Type: 'Succeed' },
    'Ask for Approval': {
      Type: 'Task',
      Resource: 'arn:aws:states:::http:invoke',
      Arguments: {
        Method: 'POST',
        ApiEndpoint: 'example.execute-api.us-east-1.amazonaws.com',
        Path: '/approval',
        RequestBody: { cost: '{% $states.input.cost %}', dept_id: '12345678' },
        AuthType: 'NO_AUTH',
      },
      Retry: [
        {
          ErrorEquals: ['States.ALL'],
          BackoffRate: 2,
          IntervalSeconds: 1,
          MaxAttempts: 3,
          JitterStrategy: 'FULL',
        },
      ],
      Next: 'Check Approval',
      Output: { approval: '{% $states.result.approval %}', approval_code: '2387462', approved_by: 'Mary' },
    },
    'Check Approval': {
      Type: 'Choice',
      Choices: [{ Next: 'Purchase Approved', Condition: '{% $states.input.approval %}' }],
      Default: 'Not Approved',
    },
    'Not Approved': { Type: 'Fail' },
  },
});

test('S test_localstack_blogpost_scenario: states of a JSONata machine by name, a mocked HTTP Task', async () => {
  const trace = { definition: APPROVAL, inspectionLevel: 'TRACE' as const };
  assert.deepEqual(await run({ ...trace, stateName: 'Approval Required', input: json({ cost: 9 }) }), {
    status: 'SUCCEEDED',
    nextState: 'Purchase Approved',
    output: { cost: 9 },
    inspectionData: { input: { cost: 9 } },
  });
  assert.equal(
    (await run({ ...trace, stateName: 'Approval Required', input: json({ cost: 10 }) })).nextState,
    'Ask for Approval',
  );
  // A mocked HTTP Task calls nothing: no request/response even at TRACE.
  assert.deepEqual(
    await run({
      ...trace,
      stateName: 'Ask for Approval',
      input: json({ cost: 10 }),
      mock: { result: '{"approval": true }' },
    }),
    {
      status: 'SUCCEEDED',
      nextState: 'Check Approval',
      output: { approval: true, approval_code: '2387462', approved_by: 'Mary' },
      inspectionData: {
        input: { cost: 10 },
        afterArguments: {
          Method: 'POST',
          ApiEndpoint: 'example.execute-api.us-east-1.amazonaws.com',
          Path: '/approval',
          RequestBody: { cost: 10, dept_id: '12345678' },
          AuthType: 'NO_AUTH',
        },
        result: { approval: true },
      },
    },
  );
  const denied = await run({ ...trace, stateName: 'Check Approval', input: json({ approval: false }) });
  assert.equal(denied.nextState, 'Not Approved');
});

// --- Mocked errors, Retry and Catch --------------------------------------------------------------------------
const TASK_CATCH = json({
  QueryLanguage: 'JSONata',
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Arguments: { FunctionName: 'foo', Payload: 'bar' },
  Catch: [
    { ErrorEquals: ['MockException'], Output: '{% $states %}', Next: 'HandleMockError' },
    { ErrorEquals: ['States.TaskFailed'], Output: '{% $states %}', Next: 'HandleThreshold' },
  ],
  End: true,
});

test('S test_state_task_catch_error[DEBUG]: a caught mocked error is CAUGHT_ERROR with the catcher index and Next', async () => {
  for (const [error, cause, catchIndex, next] of [
    ['MockException', 'Mock the cause of the error.', 0, 'HandleMockError'],
    ['States.TaskFailed', 'The task failed.', 1, 'HandleThreshold'],
  ] as const) {
    const response = await run({
      definition: TASK_CATCH,
      input: json({ Value: 'HelloWorld' }),
      inspectionLevel: 'DEBUG',
      mock: { errorOutput: { error, cause } },
    });
    const output = response.output as {
      input: unknown;
      errorOutput: unknown;
      context: { State: { Name: string } };
    };
    assert.deepEqual(
      { ...response, output: { input: output.input, errorOutput: output.errorOutput } },
      {
        status: 'CAUGHT_ERROR',
        error,
        cause,
        nextState: next,
        output: { input: { Value: 'HelloWorld' }, errorOutput: { Error: error, Cause: cause } },
        inspectionData: {
          input: { Value: 'HelloWorld' },
          afterArguments: { FunctionName: 'foo', Payload: 'bar' },
          errorDetails: { catchIndex },
        },
      },
    );
    // AWS names a bare state "StateName" in the context object.
    assert.equal(output.context.State.Name, 'StateName');
  }
});

const TASK_RETRY = json({
  QueryLanguage: 'JSONata',
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Arguments: { FunctionName: 'foo', Payload: 'bar' },
  Retry: [{ ErrorEquals: ['MockException'], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2.0 }],
  End: true,
});

test('C test_state_configuration_retrier_retry_count[DEBUG]: RETRIABLE with the back-off, FAILED once MaxAttempts are spent', async () => {
  const base = {
    definition: TASK_RETRY,
    input: json({ Values: ['first', 'second', 'third'] }),
    inspectionLevel: 'DEBUG' as const,
    mock: { errorOutput: { error: 'MockException', cause: 'Mock the cause of the error.' } },
  };
  const inspection = {
    input: { Values: ['first', 'second', 'third'] },
    afterArguments: { FunctionName: 'foo', Payload: 'bar' },
  };
  assert.deepEqual(await run({ ...base, stateConfiguration: { retrierRetryCount: 4 } }), {
    status: 'RETRIABLE',
    error: 'MockException',
    cause: 'Mock the cause of the error.',
    inspectionData: { ...inspection, errorDetails: { retryBackoffIntervalSeconds: 16, retryIndex: 0 } },
  });
  assert.deepEqual(await run({ ...base, stateConfiguration: { retrierRetryCount: 5 } }), {
    status: 'FAILED',
    error: 'MockException',
    cause: 'Mock the cause of the error.',
    inspectionData: { ...inspection, errorDetails: { retryIndex: 0 } },
  });
  // Without a count the first error is retriable, after IntervalSeconds.
  const first = await run(base);
  assert.deepEqual(first.inspectionData, {
    ...inspection,
    errorDetails: { retryBackoffIntervalSeconds: 1, retryIndex: 0 },
  });
});

// --- Map and Parallel with mocks ----------------------------------------------------------------------------
const MAP_CATCH = json({
  Comment: 'BASE_MAP_STATE_CATCH',
  Type: 'Map',
  QueryLanguage: 'JSONata',
  Items: '{% $states.input.Values %}',
  ItemProcessor: {
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
    StartAt: 'TestState',
    States: {
      TestState: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:111111111111:function:hello',
        End: true,
      },
    },
  },
  Catch: [
    { ErrorEquals: ['MockException'], Output: '{% $states %}', Next: 'HandleMockError' },
    {
      ErrorEquals: ['States.ExceedToleratedFailureThreshold'],
      Output: '{% $states %}',
      Next: 'HandleThreshold',
    },
  ],
  ToleratedFailureCount: 1,
  End: true,
});
const VALUES = json({ Values: ['first', 'second', 'third'] });

test('C test_map_state_failure_count[DEBUG-BASE_MAP_STATE_CATCH]: the mock is the Map result; failures over the tolerance are caught', async () => {
  const map = { definition: MAP_CATCH, input: VALUES, inspectionLevel: 'DEBUG' as const };
  const inspection = {
    input: { Values: ['first', 'second', 'third'] },
    maxConcurrency: 0,
    toleratedFailureCount: 1,
  };
  assert.deepEqual(
    await run({
      ...map,
      stateConfiguration: { mapIterationFailureCount: 0 },
      mock: { result: json([1, 1, 1]) },
    }),
    {
      status: 'SUCCEEDED',
      output: [1, 1, 1],
      inspectionData: inspection,
    },
  );
  const exceeded = await run({
    ...map,
    stateConfiguration: { mapIterationFailureCount: 2 },
    mock: { result: json([0, 0, 1]) },
  });
  assert.equal(exceeded.status, 'CAUGHT_ERROR');
  assert.equal(exceeded.error, 'States.ExceedToleratedFailureThreshold');
  assert.equal(exceeded.cause, 'The specified tolerated failure threshold was exceeded');
  assert.equal(exceeded.nextState, 'HandleThreshold');
  assert.deepEqual(exceeded.inspectionData, { ...inspection, errorDetails: { catchIndex: 1 } });
  assert.deepEqual((exceeded.output as { errorOutput: unknown }).errorOutput, {
    Error: 'States.ExceedToleratedFailureThreshold',
    Cause: 'The specified tolerated failure threshold was exceeded',
  });
});

test('C test_map_state_failure_count[INFO-BASE_MAP_STATE]: without a declared tolerance failed iterations do not fail the Map', async () => {
  const definition = json({
    Type: 'Map',
    QueryLanguage: 'JSONata',
    Items: '{% $states.input.Values %}',
    ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    End: true,
  });
  const response = await run({
    definition,
    input: VALUES,
    stateConfiguration: { mapIterationFailureCount: 2 },
    mock: { result: json([0, 0, 1]) },
  });
  assert.deepEqual(response, { status: 'SUCCEEDED', output: [0, 0, 1] });
});

test('C test_state_machine_with_state_error[DEBUG]: a mocked error fails the Map whatever the tolerance', async () => {
  const definition = json({
    StartAt: 'State0',
    States: {
      State0: {
        Type: 'Map',
        ItemsPath: '$.Values',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'HandleItem',
          States: { HandleItem: { Type: 'Pass', End: true } },
        },
        ToleratedFailureCount: 2,
        End: true,
      },
    },
  });
  for (const mapIterationFailureCount of [0, 2]) {
    assert.deepEqual(
      await run({
        definition,
        stateName: 'State0',
        input: VALUES,
        inspectionLevel: 'DEBUG',
        stateConfiguration: { mapIterationFailureCount, errorCausedByState: 'HandleItem' },
        mock: { errorOutput: { error: 'MockException', cause: 'Mock the error cause.' } },
      }),
      {
        status: 'FAILED',
        error: 'MockException',
        cause: 'Mock the error cause.',
        inspectionData: {
          input: { Values: ['first', 'second', 'third'] },
          afterInputPath: { Values: ['first', 'second', 'third'] },
          afterItemsPath: ['first', 'second', 'third'],
          maxConcurrency: 0,
          toleratedFailureCount: 2,
        },
      },
    );
  }
  await refused(
    {
      definition,
      stateName: 'State0',
      stateConfiguration: { errorCausedByState: 'Nope' },
      mock: { errorOutput: { error: 'E' } },
    },
    'ValidationException',
    /not a state inside "State0"/,
  );
});

test('a mocked Map still reads its items: ItemSelector per item, and a path that finds nothing fails before the mock', async () => {
  const definition = json({
    Type: 'Map',
    ItemsPath: '$.lines',
    ItemSelector: { 'sku.$': '$$.Map.Item.Value.sku', 'n.$': '$$.Map.Item.Index' },
    MaxConcurrency: 2,
    ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    ResultPath: '$.shipped',
    End: true,
  });
  const input = { lines: [{ sku: 'a' }, { sku: 'b' }] };
  const ok = await run({
    definition,
    input: json(input),
    inspectionLevel: 'DEBUG',
    mock: { result: '["x","y"]' },
  });
  assert.deepEqual(ok.output, { ...input, shipped: ['x', 'y'] });
  assert.deepEqual(ok.inspectionData, {
    input,
    afterInputPath: input,
    afterItemsPath: input.lines,
    afterItemSelector: [
      { sku: 'a', n: 0 },
      { sku: 'b', n: 1 },
    ],
    maxConcurrency: 2,
  });
  const missing = await run({ definition, input: json({}), mock: { result: '[]' } });
  assert.equal(missing.status, 'FAILED');
  assert.equal(missing.error, 'States.Runtime');
});

test('a mocked Parallel: the mock is its result, Retry applies to its mocked error', async () => {
  const definition = json({
    Type: 'Parallel',
    Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
    Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
    ResultSelector: { 'first.$': '$[0]' },
    Next: 'After',
  });
  assert.deepEqual(await run({ definition, mock: { result: '[{"a":1},{"b":2}]' } }), {
    status: 'SUCCEEDED',
    output: { first: { a: 1 } },
    nextState: 'After',
  });
  const retried = await run({ definition, mock: { errorOutput: { error: 'Boom' } } });
  assert.equal(retried.status, 'RETRIABLE');
  await refused({ definition }, 'ValidationException', /Parallel state only with a mock/);
});

// --- Variables and context -----------------------------------------------------------------------------------
test('variables are seen by the state; the response lists them with what it assigned', async () => {
  const definition = json({
    QueryLanguage: 'JSONata',
    Type: 'Pass',
    Output: { total: '{% $price * $states.input.qty %}' },
    Assign: { last: '{% $states.input.qty %}' },
    End: true,
  });
  const response = await run({
    definition,
    input: json({ qty: 3 }),
    variables: json({ price: 5 }),
    inspectionLevel: 'DEBUG',
  });
  assert.deepEqual(response.output, { total: 15 });
  assert.deepEqual((response.inspectionData as Parsed).variables, { price: 5, last: 3 });
});

test('context sets the execution identity the state sees', async () => {
  const definition = json({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      'name.$': '$$.Execution.Name',
      'machine.$': '$$.StateMachine.Name',
      'start.$': '$$.Execution.StartTime',
    },
    ResultPath: null,
    OutputPath: '$',
    ResultSelector: { 'echo.$': '$' },
    End: true,
  });
  const context = json({
    Execution: {
      Name: 'run-7',
      StartTime: '2025-02-03T04:05:06Z',
      Id: 'arn:aws:states:eu-west-1:210987654321:execution:Orders:run-7',
    },
    StateMachine: { Name: 'Orders' },
  });
  const response = await run({
    definition,
    inspectionLevel: 'DEBUG',
    context,
    mock: { result: json({ StatusCode: 200, Payload: 'ok' }) },
  });
  assert.deepEqual((response.inspectionData as Parsed).afterParameters, {
    name: 'run-7',
    machine: 'Orders',
    start: '2025-02-03T04:05:06.000Z',
  });
  await refused({ definition, context }, 'ValidationException', /only be specified together with a mock/);
});
