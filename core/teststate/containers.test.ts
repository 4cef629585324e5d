// A mocked Map's limits and tolerated failures in TestState are the engine's: read by the query
// language's own mapLimits (core/interpreter/dataflow) and decided by the Map's own tolerance rule
// (core/interpreter/states/map.ts `toleratesFailures`). Each case runs the same Map in the engine too, so
// a TestState answer that parts from what an execution does fails here. And errorCausedByState names a
// state nested in the Map or Parallel, at any depth (the definition model's scopes).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute } from '../interpreter';
import type { JsonObject } from '../json';
import { json, refused, run } from './teststate.fixture';

const EXCEEDED = 'States.ExceedToleratedFailureThreshold';

/** A Map over `$.items` whose iterations fail for items `{ "fail": true }`. */
function failingMap(limits: JsonObject): JsonObject {
  return {
    Type: 'Map',
    ItemsPath: '$.items',
    ItemProcessor: {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Broken' }],
          Default: 'Fine',
        },
        Broken: { Type: 'Fail', Error: 'Broken' },
        Fine: { Type: 'Pass', End: true },
      },
    },
    ...limits,
    End: true,
  };
}

/** `items` items, the first `failures` of them failing. */
function itemsInput(items: number, failures: number): JsonObject {
  return { items: Array.from({ length: items }, (_, i) => ({ fail: i < failures })), pct: 30 };
}

/** The Map run alone as TestState's bare state (named StateName), by the engine and by TestState. */
async function bothWays(
  map: JsonObject,
  input: JsonObject,
  failures: number,
): Promise<{
  engine: { status: string; error?: string; cause?: string };
  testState: Record<string, unknown>;
}> {
  const result = await execute({ StartAt: 'StateName', States: { StateName: map } }, { input });
  const engine = { status: result.status, error: result.error, cause: result.cause };
  const testState = await run({
    definition: json({
      ...map,
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    }),
    input: json(input),
    inspectionLevel: 'DEBUG',
    stateConfiguration: { mapIterationFailureCount: failures },
    mock: { result: '[]' },
  });
  return { engine, testState };
}

test('3 of 10 failed items at ToleratedFailurePercentage 30 are tolerated, 4 are not, as in an execution', async () => {
  const map = failingMap({ ToleratedFailurePercentage: 30 });
  const tolerated = await bothWays(map, itemsInput(10, 3), 3);
  assert.equal(tolerated.engine.status, 'SUCCEEDED');
  assert.equal(tolerated.testState.status, 'SUCCEEDED');
  const over = await bothWays(map, itemsInput(10, 4), 4);
  assert.equal(over.engine.error, EXCEEDED);
  assert.equal(over.testState.status, 'FAILED');
  assert.equal(over.testState.error, EXCEEDED);
  assert.equal(over.testState.cause, over.engine.cause);
});

test('7 of 25 at 28% are tolerated: failures × 100 ≤ percentage × items, where 7 / 25 × 100 is 28.000000000000004', async () => {
  // TestState's own division said exceeded here while the engine tolerated it.
  assert.ok((7 / 25) * 100 > 28);
  const map = failingMap({ ToleratedFailurePercentage: 28 });
  const tolerated = await bothWays(map, itemsInput(25, 7), 7);
  assert.equal(tolerated.engine.status, 'SUCCEEDED');
  assert.equal(tolerated.testState.status, 'SUCCEEDED');
  const over = await bothWays(map, itemsInput(25, 8), 8);
  assert.equal(over.engine.error, EXCEEDED);
  assert.equal(over.testState.error, EXCEEDED);
});

test('with a count and a percentage, exceeding either fails the Map (TestState tolerated it within the count)', async () => {
  const map = failingMap({ ToleratedFailureCount: 5, ToleratedFailurePercentage: 10 });
  const { engine, testState } = await bothWays(map, itemsInput(10, 3), 3);
  assert.equal(engine.error, EXCEEDED);
  assert.equal(testState.error, EXCEEDED);
  assert.deepEqual((testState.inspectionData as Record<string, unknown>).toleratedFailureCount, 5);
  assert.deepEqual((testState.inspectionData as Record<string, unknown>).toleratedFailurePercentage, 10);
});

test("an invalid ToleratedFailurePercentagePath fails with the engine's States.Runtime error, never as unset", async () => {
  for (const path of ['$.nope', '$.items']) {
    const map = failingMap({ ToleratedFailurePercentagePath: path });
    const { engine, testState } = await bothWays(map, itemsInput(4, 1), 1);
    assert.equal(engine.error, 'States.Runtime');
    assert.equal(testState.status, 'FAILED');
    assert.equal(testState.error, 'States.Runtime');
    assert.equal(testState.cause, engine.cause);
  }
  const { testState } = await bothWays(
    failingMap({ ToleratedFailurePercentagePath: '$.nope' }),
    itemsInput(4, 1),
    1,
  );
  assert.equal(
    testState.cause,
    "An error occurred while executing the state 'StateName' (entered at the event id #2). Invalid path '$.nope' : No results for path: $['nope']",
  );
});

test('AWS: a ToleratedFailurePercentagePath to a value that is no number (recorded cause)', async () => {
  // localstack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.py::TestBaseScenarios::
  // test_map_state_tolerated_failure_percentage_path[NoNumber] (validated on AWS, 2024-06-19).
  const definition = json({
    StartAt: 'MapState',
    States: {
      MapState: {
        Type: 'Map',
        ItemsPath: '$.Items',
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'HandleItem',
          States: { HandleItem: { Type: 'Pass', End: true } },
        },
        ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage',
        End: true,
      },
    },
  });
  const response = await run({
    definition,
    stateName: 'MapState',
    input: json({ Items: [0], ToleratedFailurePercentage: 'NoNumber' }),
    stateConfiguration: { mapIterationFailureCount: 1 },
    mock: { result: '[]' },
  });
  assert.deepEqual(response, {
    status: 'FAILED',
    error: 'States.Runtime',
    cause:
      'An error occurred while executing the state \'MapState\' (entered at the event id #2). The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.ToleratedFailurePercentage',
  });
});

test('...Path forms read as the engine reads them: the context object and workflow variables', async () => {
  const fromContext = await bothWays(
    failingMap({ ToleratedFailurePercentagePath: '$$.Execution.Input.pct', MaxConcurrencyPath: '$.two' }),
    { ...itemsInput(10, 4), two: '2' },
    4,
  );
  assert.equal(fromContext.engine.error, EXCEEDED);
  assert.equal(fromContext.testState.error, EXCEEDED);
  const inspection = fromContext.testState.inspectionData as Record<string, unknown>;
  assert.equal(inspection.toleratedFailurePercentage, 30);
  assert.equal(inspection.maxConcurrency, 2);

  const definition = json({
    Type: 'Map',
    ItemsPath: '$.items',
    ToleratedFailureCountPath: '$limit',
    ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    End: true,
  });
  const request = { definition, input: json({ items: [1, 2, 3] }), variables: json({ limit: 1 }) };
  const within = await run({
    ...request,
    stateConfiguration: { mapIterationFailureCount: 1 },
    mock: { result: '[]' },
  });
  assert.equal(within.status, 'SUCCEEDED');
  const over = await run({
    ...request,
    inspectionLevel: 'DEBUG',
    stateConfiguration: { mapIterationFailureCount: 2 },
    mock: { result: '[]' },
  });
  assert.equal(over.error, EXCEEDED);
  assert.equal((over.inspectionData as Record<string, unknown>).toleratedFailureCount, 1);
});

test('JSONata limits are expressions over $states.input, read as the engine reads them', async () => {
  const definition = json({
    Type: 'Map',
    QueryLanguage: 'JSONata',
    Items: '{% $states.input.items %}',
    MaxConcurrency: '{% $count($states.input.items) %}',
    ToleratedFailurePercentage: '{% $states.input.pct %}',
    ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    End: true,
  });
  const response = await run({
    definition,
    input: json({ items: Array.from({ length: 25 }, (_, i) => i), pct: 28 }),
    inspectionLevel: 'DEBUG',
    stateConfiguration: { mapIterationFailureCount: 7 },
    mock: { result: '[]' },
  });
  assert.equal(response.status, 'SUCCEEDED');
  const inspection = response.inspectionData as Record<string, unknown>;
  assert.equal(inspection.maxConcurrency, 25);
  assert.equal(inspection.toleratedFailurePercentage, 28);
});

test('errorCausedByState names a state nested in the Parallel or Map, at any depth', async () => {
  const definition = json({
    Type: 'Parallel',
    Branches: [
      { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
      {
        StartAt: 'Inner',
        States: {
          Inner: {
            Type: 'Map',
            Iterator: { StartAt: 'Deep', States: { Deep: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
    ],
    End: true,
  });
  for (const errorCausedByState of ['A', 'Inner', 'Deep']) {
    const response = await run({
      definition,
      stateConfiguration: { errorCausedByState },
      mock: { errorOutput: { error: 'E', cause: 'c' } },
    });
    assert.equal(response.status, 'FAILED', errorCausedByState);
  }
  for (const errorCausedByState of ['StateName', 'Nope']) {
    await refused(
      { definition, stateConfiguration: { errorCausedByState }, mock: { errorOutput: { error: 'E' } } },
      'ValidationException',
      /not a state inside "StateName"/,
    );
  }
});
