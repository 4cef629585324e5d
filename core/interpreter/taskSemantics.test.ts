// Task semantics that the recorded AWS cases do not all reach: States.TaskFailed and heartbeat timeouts,
// oversized task results, what a timed-out execution reports, retries against the history bound, the
// task token of callback tasks; and state types that are no type at all.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../json';
import { execute } from './execute';

const BIG = 'x'.repeat(300 * 1024);

function taskMachine(resource: string, task: JsonObject = {}): JsonObject {
  return {
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: resource, End: true, ...task },
      // Only a Catch reaches it (AWS rejects an unreachable state).
      ...('Catch' in task ? { Handled: { Type: 'Pass', End: true } } : {}),
    },
  };
}

describe('task failures', () => {
  // AWS records a missed heartbeat as States.Timeout (../shared/histories/callback/heartbeats__heartbeat_timeout:
  // HeartbeatSeconds 5, TimeoutSeconds 600, no heartbeat: TaskTimedOut and ExecutionFailed say
  // States.Timeout), and its error guide says States.HeartbeatTimeout "is only available inside the Catch
  // and Retry fields": it matches the missed heartbeat there. States.TaskFailed matches "any known error
  // except States.Timeout" (the same guide), so not a missed heartbeat either.
  test('a missed heartbeat is States.Timeout, as AWS records it; States.TaskFailed does not catch it', async () => {
    const catchTaskFailed = { Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Handled' }] };
    const heartbeat = await execute(
      taskMachine('arn:aws:states:::lambda:invoke.waitForTaskToken', {
        HeartbeatSeconds: 5,
        ...catchTaskFailed,
      }),
      { mocks: { T: [{ Return: {}, Delay: 10 }] } },
    );
    assert.equal(heartbeat.status, 'FAILED');
    assert.equal(heartbeat.error, 'States.Timeout');
    const timedOut = heartbeat.events.find((e) => e.type === 'TaskTimedOut');
    assert.deepEqual(
      timedOut?.type === 'TaskTimedOut' && timedOut.taskTimedOutEventDetails.error,
      'States.Timeout',
    );
    const timeout = await execute(
      taskMachine('arn:aws:states:::lambda:invoke', { TimeoutSeconds: 5, ...catchTaskFailed }),
      { mocks: { T: [{ Return: {}, Delay: 10 }] } },
    );
    assert.equal(timeout.status, 'FAILED');
    assert.equal(timeout.error, 'States.Timeout');
  });

  // Evidence that States.Timeout in a Retry or Catch also matches a missed heartbeat (the error stays
  // States.Timeout as recorded, and States.HeartbeatTimeout matches it too): AWS's error-handling page
  // (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html) defines
  // States.Timeout as a Task that ran longer than TimeoutSeconds "or failed to send a heartbeat for a
  // period longer than HeartbeatSeconds"; the recording above
  // (../shared/histories/callback/heartbeats__heartbeat_timeout) fails with States.Timeout on a missed
  // heartbeat; and the AWS engineer who added States.HeartbeatTimeout wrote that a Catch on
  // States.Timeout "includes both Task timeout and Task Heartbeat timeout"
  // (https://github.com/aws/aws-cdk/issues/16084, with aws/aws-cdk#16078 and awslabs/states-language#25).
  // The other way round does not hold: States.HeartbeatTimeout does not match a TimeoutSeconds timeout.
  test('States.Timeout and States.HeartbeatTimeout in Retry and Catch both match a missed heartbeat', async () => {
    const heartbeatTask = (handling: JsonObject): JsonObject =>
      taskMachine('arn:aws:states:::lambda:invoke.waitForTaskToken', { HeartbeatSeconds: 5, ...handling });
    const mocks = { T: [{ Return: {}, Delay: 10 }, { Return: { second: true } }] };

    for (const name of ['States.Timeout', 'States.HeartbeatTimeout']) {
      const caught = await execute(heartbeatTask({ Catch: [{ ErrorEquals: [name], Next: 'Handled' }] }), {
        mocks,
      });
      assert.equal(caught.status, 'SUCCEEDED', name);
      assert.deepEqual(caught.output, { Error: 'States.Timeout', Cause: '' });

      const retried = await execute(
        heartbeatTask({ Retry: [{ ErrorEquals: [name], IntervalSeconds: 1, MaxAttempts: 1 }] }),
        { mocks },
      );
      assert.equal(retried.status, 'SUCCEEDED', name);
      assert.deepEqual(retried.output, { second: true });
    }

    // A Catch on States.HeartbeatTimeout does not catch a task that ran past its TimeoutSeconds.
    const timeout = await execute(
      taskMachine('arn:aws:states:::lambda:invoke.waitForTaskToken', {
        TimeoutSeconds: 5,
        HeartbeatSeconds: 4,
        Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Handled' }],
      }),
      { mocks: { T: [{ Callback: { heartbeats: [3, 6] } }] } },
    );
    assert.equal(timeout.status, 'FAILED');
    assert.equal(timeout.error, 'States.Timeout');
    const plain = await execute(
      taskMachine('arn:aws:states:::lambda:invoke', {
        TimeoutSeconds: 5,
        Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Handled' }],
      }),
      { mocks },
    );
    assert.equal(plain.error, 'States.Timeout');
  });

  test('a timed-out task fails the execution with no cause, as AWS reports it', async () => {
    const result = await execute(taskMachine('arn:aws:states:::lambda:invoke', { TimeoutSeconds: 5 }), {
      mocks: { T: [{ Return: {}, Delay: 10 }] },
    });
    assert.equal(result.error, 'States.Timeout');
    assert.equal('cause' in result, false);
    const failed = result.events.find((e) => e.type === 'ExecutionFailed');
    assert.deepEqual(failed?.type === 'ExecutionFailed' && failed.executionFailedEventDetails, {
      error: 'States.Timeout',
    });
  });

  test('an oversized result is the task failing: caught by States.ALL, naming the service or function', async () => {
    const catchAll = { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }] };
    const mocks = { T: [{ Return: { payload: BIG } }] };
    const integration = await execute(taskMachine('arn:aws:states:::lambda:invoke', catchAll), { mocks });
    assert.deepEqual(integration.output, {
      Error: 'States.DataLimitExceeded',
      Cause:
        "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
    assert.ok(integration.events.some((e) => e.type === 'TaskFailed'));
    const fn = 'arn:aws:lambda:us-east-1:123456789012:function:big';
    const bare = await execute(taskMachine(fn, catchAll), { mocks });
    assert.deepEqual(bare.output, {
      Error: 'States.DataLimitExceeded',
      Cause: `The state/task '${fn}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    });
    assert.ok(bare.events.some((e) => e.type === 'LambdaFunctionFailed'));
  });

  test("retries write history events, so a huge MaxAttempts still ends at the history's bound", async () => {
    const machine = taskMachine('arn:aws:states:::lambda:invoke', {
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 99_999_999, IntervalSeconds: 1, BackoffRate: 1 }],
    });
    const result = await execute(machine, {
      mocks: { T: [{ Throw: { Error: 'Flaky', Cause: 'again' } }] },
      maxTransitions: 500,
    });
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'Stepthrough.HistoryLimitExceeded');
    assert.match(result.cause ?? '', /maximum number of history events \(500\)/);
    assert.equal(result.events.length, 500);
  });
});

describe('task token', () => {
  const callback = (language?: 'JSONata'): JsonObject => ({
    ...(language ? { QueryLanguage: language } : {}),
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        ...(language
          ? { Arguments: { token: '{% $states.context.Task.Token %}' } }
          : { Parameters: { 'token.$': '$$.Task.Token' } }),
        Retry: [{ ErrorEquals: ['Retry.Me'], MaxAttempts: 1, IntervalSeconds: 1 }],
        End: true,
      },
    },
  });

  for (const language of [undefined, 'JSONata'] as const) {
    test(`a .waitForTaskToken task gets a token in its context (${language ?? 'JSONPath'}), new for each attempt, the same each run`, async () => {
      const run = () =>
        execute(callback(language), {
          mocks: { Ask: [{ Throw: { Error: 'Retry.Me', Cause: '' } }, { Return: { ok: true } }] },
        });
      const first = await run();
      assert.equal(first.status, 'SUCCEEDED', first.cause);
      const tokens = first.events.flatMap((e) =>
        e.type === 'TaskScheduled'
          ? [(e.taskScheduledEventDetails.parameters as { token?: unknown }).token]
          : [],
      );
      assert.equal(tokens.length, 2);
      for (const token of tokens) assert.match(String(token), /^[A-Za-z0-9+/]{20,}={0,2}$/);
      assert.notEqual(tokens[0], tokens[1], 'a retry gets a new token');
      const again = await run();
      assert.deepEqual(
        again.events.flatMap((e) =>
          e.type === 'TaskScheduled'
            ? [(e.taskScheduledEventDetails.parameters as { token?: unknown }).token]
            : [],
        ),
        tokens,
      );
    });
  }

  test('a task without .waitForTaskToken has no $$.Task', async () => {
    const machine = taskMachine('arn:aws:states:::sqs:sendMessage', {
      Parameters: { 'token.$': '$$.Task.Token' },
    });
    const result = await execute(machine, { mocks: { T: [{ Return: {} }] } });
    assert.equal(result.status, 'FAILED');
    assert.match(result.cause ?? '', /\$\$\.Task\.Token/);
  });
});

describe('state types', () => {
  for (const type of ['Bogus', 'constructor', 'toString']) {
    test(`Type "${type}" is an unknown state type, not an inherited property`, async () => {
      // AWS would reject the machine; run anyway, the interpreter must still fail it cleanly.
      const result = await execute(
        { StartAt: 'A', States: { A: { Type: type, End: true } } },
        { validate: false },
      );
      assert.equal(result.status, 'FAILED');
      assert.equal(result.error, 'States.Runtime');
      assert.match(result.cause ?? '', new RegExp(`unknown Type '${type}'`));
    });
  }
});
