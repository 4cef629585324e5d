// Activities (`arn:aws:states:<region>:<account>:activity:<name>`): answered by a handler or mock keyed
// by the activity's name (core/mocks/keys.ts), by a scripted callback, or from outside through the
// execution handle (what an API front end's GetActivityTask hands to a worker: waitingTasks() gives the
// Activity's ARN and input). The Activity* events' shapes are AWS's: test/histories replays the three
// activity cases of ../shared/histories/callback (success, failure, timeout).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../json';
import { execute, startExecution } from './execute';
import type { WaitingTask } from './taskTokens';

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

/** A run answered from outside, and the first task it waits on. */
function waitingRun(definition: object) {
  let reached!: (task: WaitingTask) => void;
  const waiting = new Promise<WaitingTask>((resolve) => (reached = resolve));
  const handle = startExecution(definition as JsonObject, {
    outsideAnswers: true,
    observer: { onTaskWaiting: (task) => reached(task) },
  });
  return { handle, waiting };
}

const started = (events: readonly { type: string }[]) =>
  events
    .filter((e) => e.type === 'ActivityStarted')
    .map((e) => (e as { activityStartedEventDetails?: { workerName?: string } }).activityStartedEventDetails);

test("the engine's own workers (handler, mock, script) start the Activity at once, as worker 'stepthrough'", async () => {
  const handled = await execute(machine, { taskHandlers: { approve: () => 1 } });
  assert.deepEqual(started(handled.events), [{ workerName: 'stepthrough' }]);
  const mocked = await execute(machine, { mocks: { approve: { callback: { after: 5, success: 1 } } } });
  assert.deepEqual(started(mocked.events), [{ workerName: 'stepthrough' }]);
});

test('from outside, ActivityStarted is written when a worker takes the task, with its name (AWS: GetActivityTask)', async () => {
  // ../shared/histories/callback/activities__activity_task: ActivityScheduled, ActivityStarted naming
  // the worker that took the task (its name redacted there), ActivitySucceeded.
  const { handle, waiting } = waitingRun(machine);
  const token = (await waiting).taskToken;
  assert.deepEqual(started(handle.events), [], 'nobody has taken it yet');
  assert.equal(handle.waitingTasks()[0]?.taken, false);
  assert.equal(handle.takeActivityTask(token, 'worker-7'), true);
  assert.equal(handle.takeActivityTask(token, 'worker-8'), false, 'one worker takes a task');
  assert.equal(handle.waitingTasks()[0]?.taken, true);
  handle.sendTaskSuccess(token, 'done');
  const result = await handle.result;
  assert.deepEqual(result.events.map((e) => e.type).slice(2, 5), [
    'ActivityScheduled',
    'ActivityStarted',
    'ActivitySucceeded',
  ]);
  assert.deepEqual(started(result.events), [{ workerName: 'worker-7' }]);
});

test('an Activity answered without being taken is taken first by `stepthrough`; one nobody takes times out unstarted', async () => {
  const direct = startExecution(machine, {
    outsideAnswers: true,
    observer: { onTaskWaiting: (task) => direct.sendTaskFailure(task.taskToken, 'No', 'thanks') },
  });
  const failed = await direct.result;
  assert.equal(failed.error, 'No');
  assert.deepEqual(started(failed.events), [{ workerName: 'stepthrough' }]);

  // Nobody takes it: the real time waiter (a fake that passes at once) runs out its HeartbeatSeconds.
  const silent = startExecution(machine, {
    outsideAnswers: true,
    realTime: { wait: (_ms, elapsed) => (queueMicrotask(elapsed), { cancel: () => 0 }) },
  });
  const timedOut = await silent.result;
  assert.equal(timedOut.error, 'States.Timeout');
  assert.deepEqual(timedOut.events.map((e) => e.type).slice(2, 4), ['ActivityScheduled', 'ActivityTimedOut']);
});

test('takeActivityTask is for Activities: a callback token is not taken, an unknown one is InvalidToken', async () => {
  const callback = {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { QueueUrl: 'q', 'MessageBody.$': '$$.Task.Token' },
        End: true,
      },
    },
  };
  const { handle, waiting } = waitingRun(callback);
  const token = (await waiting).taskToken;
  assert.equal(handle.takeActivityTask(token, 'w'), false);
  assert.equal(handle.waitingTasks()[0]?.taken, undefined);
  assert.throws(() => handle.takeActivityTask('nope'), /no such task token/);
  handle.abort();
  await handle.result;
});
