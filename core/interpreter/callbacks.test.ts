// Tasks that wait for their task token: scripted callbacks on the virtual clock, answers sent through
// the execution handle (AWS's SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat and their errors),
// and the clock standing still while every live thread waits on an outside party. Event shapes are
// checked against AWS's recordings by test/histories (every callback case of ../shared/histories).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, JsonValue } from '../json';
import { callbackOutcome } from '../mocks/callbackScript';
import type { HistoryEvent } from './events';
import { execute, startExecution } from './execute';
import { TaskTokenError, type WaitingTask } from './taskTokens';

const SQS = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

function callbackMachine(task: JsonObject = {}): JsonObject {
  return {
    StartAt: 'WaitForApproval',
    States: {
      WaitForApproval: {
        Type: 'Task',
        Resource: SQS,
        Parameters: { QueueUrl: 'q', MessageBody: { 'TaskToken.$': '$$.Task.Token' } },
        End: true,
        ...task,
      },
      ...('Catch' in task ? { Handled: { Type: 'Pass', End: true } } : {}),
    },
  };
}

const types = (events: readonly HistoryEvent[]): string[] => events.map((e) => e.type);
const seconds = (events: readonly HistoryEvent[], type: string): number => {
  const start = Date.parse(events[0]?.timestamp ?? '');
  const at = events.find((e) => e.type === type);
  return (Date.parse(at?.timestamp ?? '') - start) / 1000;
};

describe('callbackOutcome: an answer against TimeoutSeconds and HeartbeatSeconds', () => {
  test('an answer or heartbeat exactly at a limit is in time; one later is late', () => {
    assert.deepEqual(callbackOutcome({ after: 60, heartbeats: [], answer: answer() }, 60, undefined), {
      atSeconds: 60,
      kind: 'answer',
    });
    assert.deepEqual(callbackOutcome({ after: 61, heartbeats: [], answer: answer() }, 60, undefined), {
      atSeconds: 60,
      kind: 'timeout',
      heartbeat: false,
    });
    assert.deepEqual(callbackOutcome({ after: 100, heartbeats: [50, 100], answer: answer() }, 600, 50), {
      atSeconds: 100,
      kind: 'answer',
    });
    assert.deepEqual(callbackOutcome({ after: 100, heartbeats: [40, 101], answer: answer() }, 600, 50), {
      atSeconds: 90,
      kind: 'timeout',
      heartbeat: true,
    });
  });

  test('nobody answering ends at the first limit; heartbeats after the answer do not count', () => {
    assert.deepEqual(callbackOutcome({ after: 0, heartbeats: [] }, 600, 5), {
      atSeconds: 5,
      kind: 'timeout',
      heartbeat: true,
    });
    assert.deepEqual(callbackOutcome({ after: 0, heartbeats: [4, 8] }, 10, 5), {
      atSeconds: 10,
      kind: 'timeout',
      heartbeat: false,
    });
    assert.deepEqual(callbackOutcome({ after: 3, heartbeats: [100], answer: answer() }, 10, 5), {
      atSeconds: 3,
      kind: 'answer',
    });
  });
});

function answer(): { kind: 'success'; output: JsonValue } {
  return { kind: 'success', output: true };
}

describe('scripted callbacks (the `callback` mock kind)', () => {
  test('success after an hour: TaskSubmitted with the service response, then the answer an hour later', async () => {
    const result = await execute(callbackMachine({ TimeoutSeconds: 7200 }), {
      mocks: {
        WaitForApproval: {
          callback: { after: 3600, success: { approved: true }, submitted: { MessageId: 'm-1' } },
        },
      },
    });
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, { approved: true });
    assert.deepEqual(types(result.events), [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const submitted = result.events.find((e) => e.type === 'TaskSubmitted');
    assert.deepEqual(submitted?.type === 'TaskSubmitted' && submitted.taskSubmittedEventDetails.output, {
      MessageId: 'm-1',
    });
    assert.equal(seconds(result.events, 'TaskSucceeded'), 3600);
    // The service call carried the token the context object gave.
    const scheduled = result.events.find((e) => e.type === 'TaskScheduled');
    const body =
      scheduled?.type === 'TaskScheduled'
        ? (scheduled.taskScheduledEventDetails.parameters as { MessageBody: { TaskToken: string } })
        : undefined;
    assert.match(body?.MessageBody.TaskToken ?? '', /^[A-Za-z0-9+/=]{40,}$/);
  });

  test('failure: the Task fails with the error and cause sent, catchable', async () => {
    const result = await execute(
      callbackMachine({ Catch: [{ ErrorEquals: ['Rejected'], Next: 'Handled' }] }),
      {
        mocks: { WaitForApproval: { callback: { after: 10, failure: { error: 'Rejected', cause: 'no' } } } },
      },
    );
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, { Error: 'Rejected', Cause: 'no' });
    assert.ok(types(result.events).includes('TaskFailed'));
  });

  test('heartbeats keep a task alive past HeartbeatSeconds; a missed one times it out, caught by States.HeartbeatTimeout', async () => {
    const alive = await execute(callbackMachine({ HeartbeatSeconds: 100, TimeoutSeconds: 1000 }), {
      mocks: { WaitForApproval: { callback: { after: 250, heartbeats: [90, 180], success: 'ok' } } },
    });
    assert.equal(alive.status, 'SUCCEEDED');
    assert.equal(seconds(alive.events, 'TaskSucceeded'), 250);

    const missed = await execute(
      callbackMachine({
        HeartbeatSeconds: 100,
        TimeoutSeconds: 1000,
        Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Handled' }],
      }),
      { mocks: { WaitForApproval: { callback: { after: 250, heartbeats: [90], success: 'ok' } } } },
    );
    assert.equal(missed.status, 'SUCCEEDED');
    assert.deepEqual(missed.output, { Error: 'States.Timeout', Cause: '' });
    assert.equal(seconds(missed.events, 'TaskTimedOut'), 190);
  });

  test('a callback nobody answers ends in States.Timeout at TimeoutSeconds', async () => {
    const result = await execute(callbackMachine({ TimeoutSeconds: 300 }), {
      mocks: { WaitForApproval: { callback: {} } },
    });
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.Timeout');
    assert.equal(seconds(result.events, 'TaskTimedOut'), 300);
  });

  test('a callback mock on a Task that does not wait for a token is refused with a clear error', async () => {
    const result = await execute(
      callbackMachine({ Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: {} }),
      {
        mocks: { WaitForApproval: { callback: { success: 1 } } },
      },
    );
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'Stepthrough.InvalidMock');
    assert.match(result.cause ?? '', /does not wait for a task token/);
  });

  test('a malformed callback is a mistake in the mocks (E_INVALID_MOCKS)', async () => {
    await assert.rejects(
      execute(callbackMachine(), {
        mocks: { WaitForApproval: { callback: { success: 1, failure: { error: 'E' } } } },
      }),
      /both "success" and "failure"/,
    );
    await assert.rejects(
      execute(callbackMachine(), { mocks: { WaitForApproval: { callback: { heartbeats: [-1] } } } }),
      /heartbeats/,
    );
  });
});

/** Starts a run whose waiting tasks are answered from outside, and resolves each time one waits. */
function outsideRun(definition: JsonObject, options: { input?: JsonValue } = {}) {
  const waits: WaitingTask[] = [];
  let notify: (() => void) | undefined;
  const handle = startExecution(definition, {
    ...options,
    outsideAnswers: true,
    observer: {
      onTaskWaiting(task) {
        waits.push(task);
        notify?.();
      },
    },
  });
  const nextWait = async (count: number): Promise<WaitingTask> => {
    while (waits.length < count) await new Promise<void>((resolve) => (notify = resolve));
    return waits[count - 1] as WaitingTask;
  };
  return { handle, nextWait };
}

describe('answers from outside (the execution handle)', () => {
  test('sendTaskSuccess answers the waiting task with its output; waitingTasks lists it until then', async () => {
    const { handle, nextWait } = outsideRun(callbackMachine());
    const waiting = await nextWait(1);
    assert.equal(waiting.stateName, 'WaitForApproval');
    assert.equal(waiting.resource, SQS);
    assert.deepEqual(handle.waitingTasks(), [waiting]);
    const token = (waiting.request as { MessageBody: { TaskToken: string } }).MessageBody.TaskToken;
    assert.equal(waiting.taskToken, token);
    handle.sendTaskSuccess(token, { approved: true });
    const result = await handle.result;
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, { approved: true });
    assert.deepEqual(handle.waitingTasks(), []);
    // A token is answered once (AWS: TaskTimedOut, "already closed"); a token never issued is InvalidToken.
    assert.throws(
      () => handle.sendTaskSuccess(token, {}),
      (e: unknown) => e instanceof TaskTokenError && e.awsError === 'TaskTimedOut',
    );
    assert.throws(
      () => handle.sendTaskHeartbeat('nope'),
      (e: unknown) =>
        e instanceof TaskTokenError && e.awsError === 'InvalidToken' && e.code === 'E_TASK_TOKEN',
    );
  });

  test('sendTaskFailure fails the Task with its error and cause; invalid output is InvalidOutput', async () => {
    const { handle, nextWait } = outsideRun(callbackMachine());
    const { taskToken } = await nextWait(1);
    assert.throws(
      () => handle.sendTaskSuccess(taskToken, { big: 'x'.repeat(300 * 1024) }),
      (e: unknown) => e instanceof TaskTokenError && e.awsError === 'InvalidOutput',
    );
    handle.sendTaskFailure(taskToken, 'Rejected', 'by a human');
    const result = await handle.result;
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'Rejected');
    assert.equal(result.cause, 'by a human');
  });

  test('the clock stands still while the only thread waits; another thread moving the clock past the timeout times it out', async () => {
    // Alone: the clock does not move while the task waits, so answering later still succeeds at 0 s.
    const alone = outsideRun(callbackMachine({ TimeoutSeconds: 5 }));
    const { taskToken } = await alone.nextWait(1);
    alone.handle.sendTaskSuccess(taskToken, 'late but in time');
    const lone = await alone.handle.result;
    assert.equal(lone.status, 'SUCCEEDED');
    assert.equal(seconds(lone.events, 'TaskSucceeded'), 0);

    // Beside a branch that waits 60 s, the clock runs past the task's 5 s: it times out at 5 s.
    const parallel: JsonObject = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            callbackMachine({ TimeoutSeconds: 5 }),
            { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 60, End: true } } },
          ],
        },
      },
    };
    const beside = outsideRun(parallel);
    const result = await beside.handle.result;
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.Timeout');
    assert.equal(seconds(result.events, 'TaskTimedOut'), 5);
  });

  test('a heartbeat from outside renews HeartbeatSeconds on the virtual clock', async () => {
    const parallel: JsonObject = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            callbackMachine({ HeartbeatSeconds: 10 }),
            {
              StartAt: 'Sleep',
              States: {
                Sleep: { Type: 'Wait', Seconds: 8, Next: 'Sleep2' },
                Sleep2: { Type: 'Wait', Seconds: 8, End: true },
              },
            },
          ],
        },
      },
    };
    // Answers sent at known simulated times, from the run's own event stream: a heartbeat at 8 s (when
    // Sleep2 starts) moves the task's limit from 10 s to 18 s; the answer comes at 16 s (when Sleep2 ends).
    let token = '';
    const handle = startExecution(parallel, {
      outsideAnswers: true,
      observer: {
        onTaskWaiting: (task) => (token = task.taskToken),
        onEvent: (event) => {
          if (event.type === 'WaitStateEntered' && event.state === 'Sleep2') handle.sendTaskHeartbeat(token);
          if (event.type === 'WaitStateExited' && event.state === 'Sleep2')
            handle.sendTaskSuccess(token, 'alive');
        },
      },
    });
    const result = await handle.result;
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, ['alive', {}]);
    assert.equal(seconds(result.events, 'TaskSucceeded'), 16);

    // Without the heartbeat the same run times out at 10 s.
    const silent = startExecution(parallel, { outsideAnswers: true });
    const timedOut = await silent.result;
    assert.equal(timedOut.error, 'States.Timeout');
    assert.equal(seconds(timedOut.events, 'TaskTimedOut'), 10);
  });

  test('abort() stops a run waiting on an outside party', async () => {
    const { handle, nextWait } = outsideRun(callbackMachine());
    await nextWait(1);
    handle.abort();
    const result = await handle.result;
    assert.equal(result.status, 'ABORTED');
  });

  test('without outsideAnswers an unmocked callback Task needs a mock, and execute() refuses outsideAnswers', async () => {
    const result = await execute(callbackMachine());
    assert.equal(result.error, 'Stepthrough.MockMissing');
    await assert.rejects(execute(callbackMachine(), { outsideAnswers: true }), /execution handle/);
  });
});
