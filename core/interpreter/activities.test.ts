// Activities (`arn:aws:states:<region>:<account>:activity:<name>`): answered by a handler or mock keyed
// by the activity's name (core/mocks/keys.ts), by a scripted callback, or from outside through the
// execution handle (what an API front end's GetActivityTask hands to a worker: waitingTasks() gives the
// Activity's ARN and input). The Activity* events' shapes are AWS's: test/histories replays the three
// activity cases of ../shared/histories/callback (success, failure, timeout).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execute, startExecution } from './execute';

const ARN = 'arn:aws:states:us-east-1:123456789012:activity:approve';
const machine = {
  StartAt: 'Approve',
  States: {
    Approve: { Type: 'Task', Resource: ARN, TimeoutSeconds: 100, HeartbeatSeconds: 30, End: true },
  },
};

test('a handler keyed by the activity name is its worker: it gets the input, its result is the output', async () => {
  const result = await execute(machine, {
    taskHandlers: { approve: (input) => ({ got: input }) },
    input: { a: 1 },
  });
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.output, { got: { a: 1 } });
  assert.deepEqual(
    result.events.map((e) => e.type),
    [
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ],
  );
});

test('a scripted worker that answers too late misses its heartbeat: ActivityTimedOut, States.Timeout', async () => {
  const result = await execute(machine, { mocks: { approve: { callback: { after: 50, success: 1 } } } });
  assert.equal(result.error, 'States.Timeout');
  const timedOut = result.events.find((e) => e.type === 'ActivityTimedOut');
  assert.deepEqual(timedOut?.type === 'ActivityTimedOut' && timedOut.activityTimedOutEventDetails, {
    error: 'States.Timeout',
  });
});

test('from outside: waitingTasks() names the Activity ARN and its input, sendTaskSuccess answers it', async () => {
  const handle = startExecution(machine, {
    outsideAnswers: true,
    input: { a: 2 },
    observer: {
      onTaskWaiting: (task) => {
        assert.equal(task.resource, ARN);
        assert.deepEqual(task.request, { a: 2 });
        assert.deepEqual(handle.waitingTasks(), [task]);
        handle.sendTaskSuccess(task.taskToken, 'done');
      },
    },
  });
  const result = await handle.result;
  assert.equal(result.status, 'SUCCEEDED');
  assert.equal(result.output, 'done');
});
