// Unit tests of the interpreter: each state type, data flow, errors, retries, the virtual clock,
// threads, the event stream and the pause point.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execute, startExecution } from './execute';
import type { JsonObject } from '../json';

const machine = (
  states: JsonObject,
  startAt = Object.keys(states)[0] ?? '',
  extra: JsonObject = {},
): JsonObject => ({
  StartAt: startAt,
  States: states,
  ...extra,
});

describe('Pass', () => {
  test('Parameters, ResultPath and OutputPath', async () => {
    const r = await execute(
      machine({
        P: {
          Type: 'Pass',
          Parameters: { 'x.$': '$.a', fixed: 1, 'ctx.$': '$$.State.Name' },
          ResultPath: '$.out',
          OutputPath: '$.out',
          End: true,
        },
      }),
      { input: { a: 5 } },
    );
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, { x: 5, fixed: 1, ctx: 'P' });
  });

  test('Result is literal, even with .$ keys', async () => {
    const r = await execute(machine({ P: { Type: 'Pass', Result: { 'k.$': '$.nope' }, End: true } }));
    assert.deepEqual(r.output, { 'k.$': '$.nope' });
  });

  test('ResultPath null keeps the input; InputPath/OutputPath null give {}', async () => {
    const keep = await execute(machine({ P: { Type: 'Pass', Result: 1, ResultPath: null, End: true } }), {
      input: { a: 1 },
    });
    assert.deepEqual(keep.output, { a: 1 });
    const empty = await execute(machine({ P: { Type: 'Pass', InputPath: null, End: true } }), {
      input: { a: 1 },
    });
    assert.deepEqual(empty.output, {});
    const out = await execute(machine({ P: { Type: 'Pass', OutputPath: null, End: true } }), {
      input: { a: 1 },
    });
    assert.deepEqual(out.output, {});
  });

  test('a missing .$ path fails with States.Runtime naming the field and the input', async () => {
    const r = await execute(machine({ P: { Type: 'Pass', Parameters: { 'v.$': '$.missing' }, End: true } }), {
      input: { a: 1 },
    });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.Runtime');
    assert.equal(
      r.cause,
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'v.$' could not be found in the input '{\"a\":1}'",
    );
  });

  test('intrinsic functions in Parameters', async () => {
    const r = await execute(
      machine({
        P: {
          Type: 'Pass',
          Parameters: { 'm.$': "States.Format('{} has {} items', $.n, States.ArrayLength($.xs))" },
          End: true,
        },
      }),
      { input: { n: 'cart', xs: [1, 2, 3] } },
    );
    assert.deepEqual(r.output, { m: 'cart has 3 items' });
  });
});

describe('Task, Retry and Catch', () => {
  const flaky = machine({
    T: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 10, MaxAttempts: 2, BackoffRate: 3 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Caught' }],
      ResultSelector: { 'p.$': '$.Payload' },
      End: true,
    },
    Caught: { Type: 'Pass', End: true },
  });

  test('retries on the virtual clock, then succeeds', async () => {
    const r = await execute(flaky, {
      input: {},
      mocks: {
        T: [
          { Throw: { Error: 'Boom', Cause: 'x' } },
          { Throw: { Error: 'Boom', Cause: 'y' } },
          { Return: { Payload: 7 } },
        ],
      },
    });
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, { p: 7 });
    assert.deepEqual(r.states, ['T']);
    const started = Date.parse(r.events[0]!.timestamp);
    const ended = Date.parse(r.events.at(-1)!.timestamp);
    assert.equal((ended - started) / 1000, 10 + 30, 'back-off 10s then 30s of simulated time');
    assert.equal(r.events.filter((e) => e.type === 'TaskScheduled').length, 3);
  });

  test('exhausted retries go to the first matching catcher with the error output', async () => {
    const r = await execute(flaky, {
      input: { a: 1 },
      mocks: { T: [{ Throw: { Error: 'Boom', Cause: 'always' } }] },
    });
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, { a: 1, err: { Error: 'Boom', Cause: 'always' } });
    assert.deepEqual(r.states, ['T', 'Caught']);
  });

  test('only the first matching retrier applies; MaxAttempts 0 never retries', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Retry: [
          { ErrorEquals: ['Boom'], MaxAttempts: 0 },
          { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
        ],
        End: true,
      },
    });
    const r = await execute(def, {
      mocks: { T: [{ Throw: { Error: 'Boom', Cause: 'c' } }, { Return: {} }] },
    });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'Boom');
    assert.equal(r.events.filter((e) => e.type === 'TaskScheduled').length, 1);
  });

  test('States.TaskFailed does not match States.Timeout; a mock Delay past TimeoutSeconds times out', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        TimeoutSeconds: 5,
        Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'C' }],
        End: true,
      },
      C: { Type: 'Pass', End: true },
    });
    const r = await execute(def, { mocks: { T: [{ Return: {}, Delay: 60 }] } });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.Timeout');
    assert.ok(r.events.some((e) => e.type === 'TaskTimedOut'));
  });

  test('States.Runtime is never caught', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        OutputPath: '$.a.b',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }],
        End: true,
      },
      C: { Type: 'Pass', End: true },
    });
    const r = await execute(def, { mocks: { T: [{ Return: {} }] } });
    assert.equal(r.error, 'States.Runtime');
    assert.match(r.cause ?? '', /Invalid path '\$\.a\.b' : Missing property in path \$\['a'\]/);
  });

  test('a Task without a mock fails with a message naming the state', async () => {
    const r = await execute(
      machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } }),
    );
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'Stepthrough.MockMissing');
    assert.match(r.cause ?? '', /'T'/);
  });

  test('a lambda:invoke task handler gets the Payload; its result is wrapped as AWS does', async () => {
    const task = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'double', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    };
    const r = await execute(machine({ T: task }), {
      input: { n: 2 },
      taskHandlers: { T: (input) => ({ doubled: ((input as { n: number }).n ?? 0) * 2 }) },
    });
    assert.deepEqual(r.output, { doubled: 4 });
  });
});

describe('Choice, Wait, Succeed, Fail', () => {
  test('Choice picks the first matching rule, else Default', async () => {
    const def = machine({
      C: {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }],
        Default: 'Small',
      },
      Big: { Type: 'Succeed' },
      Small: { Type: 'Fail', Error: 'TooSmall' },
    });
    assert.deepEqual((await execute(def, { input: { n: 11 } })).states, ['C', 'Big']);
    const small = await execute(def, { input: { n: 1 } });
    assert.equal(small.status, 'FAILED');
    assert.equal(small.error, 'TooSmall');
    assert.equal(small.cause, undefined);
  });

  test('no matching rule and no Default fails with States.Runtime', async () => {
    const def = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.n', IsPresent: true, Next: 'E' }] },
      E: { Type: 'Succeed' },
    });
    const r = await execute(def, { input: {} });
    assert.equal(r.error, 'States.Runtime');
  });

  test('a day-long Wait advances simulated time only', async () => {
    const def = machine({
      W: { Type: 'Wait', Seconds: 86_400, Next: 'P' },
      P: { Type: 'Pass', Parameters: { 't.$': '$$.State.EnteredTime' }, End: true },
    });
    const r = await execute(def, { startTime: '2024-03-01T00:00:00Z' });
    assert.deepEqual(r.output, { t: '2024-03-02T00:00:00.000Z' });
    // The day passed on the virtual clock: the history says so. (That it costs no wall time is
    // `npm run bench`'s "1-day Wait" line, not a timed assertion here.)
    const wait = r.events.filter((e) => e.type.startsWith('WaitState')).map((e) => e.timestamp);
    assert.deepEqual(wait, ['2024-03-01T00:00:00.000Z', '2024-03-02T00:00:00.000Z']);
  });

  test('SecondsPath errors use AWS messages', async () => {
    const def = machine({ W: { Type: 'Wait', SecondsPath: '$.s', End: true } });
    const r = await execute(def, { input: { s: 1.5 } });
    assert.match(r.cause ?? '', /The SecondsPath parameter cannot be parsed as a long value: \$\.s == 1\.5/);
  });

  test('Fail with ErrorPath and CausePath (intrinsics allowed)', async () => {
    const def = machine({
      F: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('bad {}', $.id)" },
    });
    const r = await execute(def, { input: { e: 'Custom', id: 3 } });
    assert.equal(r.error, 'Custom');
    assert.equal(r.cause, 'bad 3');
  });
});

describe('Parallel and Map', () => {
  test('Parallel returns branch outputs in branch order', async () => {
    const def = machine({
      Par: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'A',
            States: {
              A: { Type: 'Wait', Seconds: 5, Next: 'A2' },
              A2: { Type: 'Pass', Result: 'a', End: true },
            },
          },
          { StartAt: 'B', States: { B: { Type: 'Pass', Result: 'b', End: true } } },
        ],
        End: true,
      },
    });
    const r = await execute(def);
    assert.deepEqual(r.output, ['a', 'b']);
    // B runs while A waits: B is entered before A2.
    assert.deepEqual(r.states, ['Par', 'A', 'B', 'A2']);
  });

  test('a failing branch fails the Parallel with its own error, catchable', async () => {
    const def = machine({
      Par: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Wait', Seconds: 100, End: true } } },
          { StartAt: 'B', States: { B: { Type: 'Fail', Error: 'BranchBoom', Cause: 'b' } } },
        ],
        Catch: [{ ErrorEquals: ['BranchBoom'], Next: 'Handled' }],
        End: true,
      },
      Handled: { Type: 'Pass', End: true },
    });
    const r = await execute(def);
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, { Error: 'BranchBoom', Cause: 'b' });
  });

  test('Map with ItemSelector, context item, MaxConcurrency 1 in item order', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemsPath: '$.xs',
        MaxConcurrency: 1,
        ItemSelector: { 'v.$': '$$.Map.Item.Value', 'i.$': '$$.Map.Item.Index', 'tag.$': '$.tag' },
        ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    const r = await execute(def, { input: { xs: ['a', 'b'], tag: 't' } });
    assert.deepEqual(r.output, [
      { v: 'a', i: 0, tag: 't' },
      { v: 'b', i: 1, tag: 't' },
    ]);
    assert.deepEqual(r.states, ['M', 'Inner', 'Inner']);
    assert.deepEqual(
      r.events
        .filter((e) => e.type === 'MapIterationStarted')
        .map((e) => (e.type === 'MapIterationStarted' ? e.mapIterationStartedEventDetails.index : -1)),
      [0, 1],
    );
  });

  test('Map counts each iteration as a mock invocation', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        Iterator: {
          StartAt: 'T',
          States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } },
        },
        End: true,
      },
    });
    const r = await execute(def, {
      input: [1, 2, 3],
      mocks: { T: [{ Return: 'first' }, { Return: 'rest' }] },
    });
    assert.deepEqual(r.output, ['first', 'rest', 'rest']);
  });
});

describe('execution limits and control', () => {
  test('the execution TimeoutSeconds ends it TIMED_OUT', async () => {
    const r = await execute(
      machine({ W: { Type: 'Wait', Seconds: 60, End: true } }, 'W', { TimeoutSeconds: 5 }),
    );
    assert.equal(r.status, 'TIMED_OUT');
    assert.equal(r.events.at(-1)?.type, 'ExecutionTimedOut');
    assert.equal(Date.parse(r.events.at(-1)!.timestamp) - Date.parse(r.events[0]!.timestamp), 5000);
  });

  test('a loop ends at the history bound with a clear error', async () => {
    // A loop AWS accepts: the way out is never taken.
    const loop = machine({
      A: { Type: 'Pass', Next: 'B' },
      B: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'C' }], Default: 'A' },
      C: { Type: 'Succeed' },
    });
    const r = await execute(loop, { maxTransitions: 100 });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'Stepthrough.HistoryLimitExceeded');
  });

  test('a result over 256 KiB fails with States.DataLimitExceeded', async () => {
    const r = await execute(machine({ P: { Type: 'Pass', Result: 'x'.repeat(300_000), End: true } }));
    assert.equal(r.error, 'States.DataLimitExceeded');
  });

  // Every history recorded on AWS (../shared/histories) has the first state's entry point back to 0.
  test('history events have ids and previous ids in AWS order', async () => {
    const r = await execute(machine({ P: { Type: 'Pass', End: true } }));
    assert.deepEqual(
      r.events.map((e) => [e.id, e.previousEventId, e.type]),
      [
        [1, 0, 'ExecutionStarted'],
        [2, 0, 'PassStateEntered'],
        [3, 2, 'PassStateExited'],
        [4, 3, 'ExecutionSucceeded'],
      ],
    );
  });

  test('the pause point holds the whole execution until released, and abort ends it', async () => {
    const seen: string[] = [];
    const handles: ReturnType<typeof startExecution>[] = [];
    let release: (() => void) | undefined;
    const paused = new Promise<void>((resolveFirstPause) => {
      const handle = startExecution(
        machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } }),
        {
          observer: {
            beforeState: (frame) => {
              seen.push(frame.stateName);
              if (frame.stateName === 'B') {
                return new Promise<void>((r) => {
                  release = r;
                  resolveFirstPause();
                });
              }
              return undefined;
            },
          },
        },
      );
      void handle.result.then((res) => seen.push(res.status));
      handles.push(handle);
    });
    await paused;
    assert.deepEqual(seen, ['A', 'B']);
    handles[0]!.abort();
    release?.();
    const result = await handles[0]!.result;
    assert.equal(result.status, 'ABORTED');
    assert.deepEqual(result.states, ['A']);
  });
});

describe('JSONata and variables', () => {
  test('Assign reads values from state entry; Output sees the old value', async () => {
    const def = machine(
      {
        A: { Type: 'Pass', Assign: { n: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { n: '{% $n + 1 %}' }, Output: { before: '{% $n %}' }, Next: 'C' },
        C: { Type: 'Pass', Output: { after: '{% $n %}' }, End: true },
      },
      'A',
      { QueryLanguage: 'JSONata' },
    );
    const r = await execute(def);
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, { after: 2 });
    const exited = r.events.filter((e) => e.type === 'PassStateExited');
    assert.deepEqual(exited[1]?.stateExitedEventDetails.output, { before: 1 });
    assert.deepEqual(exited[1]?.stateExitedEventDetails.assignedVariables, { n: 2 });
  });

  test('JSONPath Assign with $ as the result and $var references', async () => {
    const def = machine({
      A: { Type: 'Pass', Result: { v: 5 }, Assign: { 'x.$': '$.v' }, Next: 'B' },
      B: { Type: 'Pass', Parameters: { 'got.$': '$x' }, End: true },
    });
    assert.deepEqual((await execute(def)).output, { got: 5 });
  });

  test('Map iterations read outer variables; what they assign stays inside', async () => {
    const def = machine(
      {
        Init: { Type: 'Pass', Assign: { k: 'outer' }, Next: 'M' },
        M: {
          Type: 'Map',
          Items: [1, 2],
          ItemProcessor: {
            StartAt: 'In',
            States: { In: { Type: 'Pass', Assign: { k: 'inner' }, Output: '{% $k %}', End: true } },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Output: { k: '{% $k %}', results: '{% $states.input %}' }, End: true },
      },
      'Init',
      { QueryLanguage: 'JSONata' },
    );
    assert.deepEqual((await execute(def)).output, { k: 'outer', results: ['outer', 'outer'] });
  });

  test('a failing expression fails with States.QueryEvaluationError and AWS cause text', async () => {
    const def = machine({ P: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true } }, 'P', {
      QueryLanguage: 'JSONata',
    });
    const r = await execute(def);
    assert.equal(r.error, 'States.QueryEvaluationError');
    assert.equal(
      r.cause,
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    );
  });

  test('a runaway expression ends with a clear error', async () => {
    const def = machine(
      { P: { Type: 'Pass', Output: '{% ($f := function($x){ $f($x + 1) }; $f(0)) %}', End: true } },
      'P',
      { QueryLanguage: 'JSONata' },
    );
    const r = await execute(def);
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.QueryEvaluationError');
  });
});
