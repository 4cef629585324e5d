// Time on outside waits (ARCHITECTURE 26, issue #15 "Time"): while every live thread waits on an outside
// party, the virtual clock stands still, the span to the first limit (a Task's TimeoutSeconds or
// HeartbeatSeconds, the execution's TimeoutSeconds) is handed to the host's real-time waiter, and when
// that real time has passed the clock moves to the limit, so the wait times out as on AWS; an answer or a
// heartbeat first takes the real time waited off every limit still running. A fake waiter stands in for
// real time here: the tests say when time "passes".

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../json';
import type { HistoryEvent } from './events';
import { startExecution } from './execute';
import type { OutsideWait, RealTimeWaiter } from './options';

const SQS = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

function callbackTask(task: JsonObject = {}): JsonObject {
  return {
    Type: 'Task',
    Resource: SQS,
    Parameters: { QueueUrl: 'q', MessageBody: { 'TaskToken.$': '$$.Task.Token' } },
    ...('Next' in task ? {} : { End: true }),
    ...task,
  };
}

function callbackMachine(task: JsonObject = {}, machine: JsonObject = {}): JsonObject {
  return { StartAt: 'Approve', States: { Approve: callbackTask(task) }, ...machine };
}

/** A Parallel state `Both` whose branches are one state each (name → state); `parallel` adds its fields. */
function parallelMachine(
  branches: Record<string, JsonObject>,
  parallel: JsonObject = { End: true },
  states: JsonObject = {},
): JsonObject {
  const Branches = Object.entries(branches).map(([name, state]) => ({
    StartAt: name,
    States: { [name]: state },
  }));
  return { StartAt: 'Both', States: { Both: { Type: 'Parallel', ...parallel, Branches }, ...states } };
}

interface FakeWait {
  virtualMs: number;
  elapsed: () => void;
  cancelled: boolean;
  /** What cancel() reports as waited so far. */
  passed: number;
}

/** A real-time waiter whose time passes when the test says so. */
function fakeRealTime() {
  const waits: FakeWait[] = [];
  let notify: (() => void) | undefined;
  const waiter: RealTimeWaiter = {
    wait(virtualMs, elapsed) {
      const wait: FakeWait = { virtualMs, elapsed, cancelled: false, passed: 0 };
      waits.push(wait);
      queueMicrotask(() => notify?.());
      return {
        cancel: () => {
          wait.cancelled = true;
          return wait.passed;
        },
      };
    },
  };
  const nth = async (n: number): Promise<FakeWait> => {
    while (waits.length < n) await new Promise<void>((resolve) => (notify = resolve));
    return waits[n - 1] as FakeWait;
  };
  return { waiter, waits, nth };
}

const seconds = (events: readonly HistoryEvent[], type: string): number => {
  const start = Date.parse(events[0]?.timestamp ?? '');
  const at = events.find((e) => e.type === type);
  return (Date.parse(at?.timestamp ?? '') - start) / 1000;
};

const START = Date.parse('2024-01-01T00:00:00.000Z');

describe('outside waits count real time while the clock stands still', () => {
  test('nobody answers: after TimeoutSeconds of real time the clock moves to the limit and the Task times out (States.Timeout)', async () => {
    const real = fakeRealTime();
    const handle = startExecution(callbackMachine({ TimeoutSeconds: 5 }), {
      outsideAnswers: true,
      realTime: real.waiter,
    });
    const wait = await real.nth(1);
    assert.equal(wait.virtualMs, 5000);
    assert.deepEqual(handle.outsideWait(), { since: START, until: START + 5000 });
    wait.elapsed();
    const result = await handle.result;
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.Timeout');
    assert.equal(seconds(result.events, 'TaskTimedOut'), 5);
    assert.equal(handle.outsideWait(), undefined);
    assert.equal(real.waits.length, 1);
  });

  test('an answer in time: the clock did not move (answered at 0 s), the real wait is cancelled, a late elapse does nothing', async () => {
    const real = fakeRealTime();
    const seen: (OutsideWait | undefined)[] = [];
    const handle = startExecution(callbackMachine({ TimeoutSeconds: 5 }), {
      outsideAnswers: true,
      realTime: real.waiter,
      observer: { onOutsideWait: (wait) => seen.push(wait) },
    });
    const wait = await real.nth(1);
    wait.passed = 4000;
    const [task] = handle.waitingTasks();
    handle.sendTaskSuccess(task?.taskToken ?? '', 'ok');
    assert.equal(wait.cancelled, true);
    wait.elapsed();
    const result = await handle.result;
    assert.equal(result.status, 'SUCCEEDED');
    assert.equal(seconds(result.events, 'TaskSucceeded'), 0);
    assert.deepEqual(seen, [{ since: START, until: START + 5000 }, undefined]);
  });

  test('a heartbeat after 8 s of real time renews HeartbeatSeconds; TimeoutSeconds keeps counting the 8 s (7 s left of 15)', async () => {
    const real = fakeRealTime();
    const handle = startExecution(callbackMachine({ TimeoutSeconds: 15, HeartbeatSeconds: 10 }), {
      outsideAnswers: true,
      realTime: real.waiter,
    });
    const first = await real.nth(1);
    assert.equal(first.virtualMs, 10_000);
    first.passed = 8000;
    handle.sendTaskHeartbeat(handle.waitingTasks()[0]?.taskToken ?? '');
    assert.equal(first.cancelled, true);
    const second = await real.nth(2);
    assert.equal(second.virtualMs, 7000);
    assert.deepEqual(handle.outsideWait(), { since: START, until: START + 7000 });
    second.elapsed();
    const result = await handle.result;
    assert.equal(result.error, 'States.Timeout');
    // The clock stood still for the 8 s: the timeout lands at 7 s of virtual time, 15 s of real time.
    assert.equal(seconds(result.events, 'TaskTimedOut'), 7);
  });

  test('no heartbeat: HeartbeatSeconds of real time is a heartbeat timeout, which States.HeartbeatTimeout catches', async () => {
    const real = fakeRealTime();
    const machine: JsonObject = {
      StartAt: 'Approve',
      States: {
        Approve: callbackTask({
          HeartbeatSeconds: 10,
          Next: 'Done',
          Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Missed' }],
        }),
        Done: { Type: 'Succeed' },
        Missed: { Type: 'Pass', Result: 'missed', End: true },
      },
    };
    const handle = startExecution(machine, { outsideAnswers: true, realTime: real.waiter });
    const wait = await real.nth(1);
    assert.equal(wait.virtualMs, 10_000);
    wait.elapsed();
    const result = await handle.result;
    assert.equal(result.status, 'SUCCEEDED');
    assert.equal(result.output, 'missed');
    assert.equal(seconds(result.events, 'TaskTimedOut'), 10);
  });

  test("the execution's own TimeoutSeconds counts real time too: a Task with no limit ends the run TIMED_OUT", async () => {
    const real = fakeRealTime();
    const handle = startExecution(callbackMachine({}, { TimeoutSeconds: 3 }), {
      outsideAnswers: true,
      realTime: real.waiter,
    });
    const wait = await real.nth(1);
    assert.equal(wait.virtualMs, 3000);
    wait.elapsed();
    const result = await handle.result;
    assert.equal(result.status, 'TIMED_OUT');
    assert.equal(seconds(result.events, 'ExecutionTimedOut'), 3);
  });

  test('the clock stands still only once every live thread waits: a branch sleeping 2 s moves it first', async () => {
    const real = fakeRealTime();
    const machine = parallelMachine({
      Approve: callbackTask({ TimeoutSeconds: 5 }),
      Sleep: { Type: 'Wait', Seconds: 2, End: true },
    });
    const handle = startExecution(machine, { outsideAnswers: true, realTime: real.waiter });
    const wait = await real.nth(1);
    assert.deepEqual(handle.outsideWait(), { since: START + 2000, until: START + 5000 });
    assert.equal(wait.virtualMs, 3000);
    wait.elapsed();
    const result = await handle.result;
    assert.equal(result.error, 'States.Timeout');
    assert.equal(seconds(result.events, 'TaskTimedOut'), 5);
  });

  test('two waiting branches: the first limit goes first, the other waits on with the real time taken off', async () => {
    const real = fakeRealTime();
    const machine = parallelMachine(
      { Short: callbackTask({ TimeoutSeconds: 4 }), Long: callbackTask({ TimeoutSeconds: 10 }) },
      { Next: 'TimedOut', Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }] },
      { TimedOut: { Type: 'Pass', End: true } },
    );
    const handle = startExecution(machine, { outsideAnswers: true, realTime: real.waiter });
    const first = await real.nth(1);
    assert.equal(first.virtualMs, 4000);
    // Short is answered after 3 s of real time: Long has 7 s left.
    first.passed = 3000;
    const short = handle.waitingTasks().find((t) => t.stateName === 'Short');
    handle.sendTaskSuccess(short?.taskToken ?? '', 'short');
    const second = await real.nth(2);
    assert.equal(second.virtualMs, 7000);
    second.elapsed();
    const result = await handle.result;
    assert.equal(seconds(result.events, 'TaskTimedOut'), 7);
  });

  test('scripted callback mocks never wait real time: they are sleeps on the virtual clock, instant and deterministic', async () => {
    const real = fakeRealTime();
    const handle = startExecution(callbackMachine({ TimeoutSeconds: 3600 }), {
      outsideAnswers: true,
      realTime: real.waiter,
      mocks: { Approve: { callback: { after: 600 } } },
    });
    const result = await handle.result;
    assert.equal(result.error, 'States.Timeout');
    assert.equal(seconds(result.events, 'TaskTimedOut'), 3600);
    assert.equal(real.waits.length, 0);
  });
});

/** A task handler whose answer the test gives: `called` resolves when the Task calls it. */
function heldHandler() {
  let answer!: (value: string) => void;
  let called!: () => void;
  const wasCalled = new Promise<void>((resolve) => (called = resolve));
  const handler = (): Promise<string> =>
    new Promise<string>((resolve) => {
      answer = resolve;
      called();
    });
  return { handler, wasCalled, answer: (value: string) => answer(value) };
}

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('a task handler is an outside party too (one rule)', () => {
  const machine = parallelMachine({
    Approve: callbackTask({ TimeoutSeconds: 5 }),
    Charge: {
      Type: 'Task',
      Resource: LAMBDA,
      Parameters: { FunctionName: 'charge' },
      OutputPath: '$.Payload',
      End: true,
    },
  });

  test("the real time a handler takes counts toward the other waits' limits (3 s of 5 s)", async () => {
    const real = fakeRealTime();
    const charge = heldHandler();
    const handle = startExecution(machine, {
      outsideAnswers: true,
      realTime: real.waiter,
      taskHandlers: { Charge: charge.handler },
    });
    await charge.wasCalled;
    const during = await real.nth(1);
    assert.equal(during.virtualMs, 5000, 'the callback waits, the handler runs: the run stands still');
    during.passed = 3000;
    charge.answer('charged');
    const after = await real.nth(2);
    assert.equal(after.virtualMs, 2000);
    after.elapsed();
    const result = await handle.result;
    assert.equal(result.error, 'States.Timeout');
    assert.equal(seconds(result.events, 'TaskTimedOut'), 2);
  });

  test('a limit that runs out while a handler runs moves the clock: the handler answers at that time', async () => {
    const real = fakeRealTime();
    const charge = heldHandler();
    const handle = startExecution(machine, {
      outsideAnswers: true,
      realTime: real.waiter,
      taskHandlers: { Charge: charge.handler },
    });
    await charge.wasCalled;
    (await real.nth(1)).elapsed();
    charge.answer('charged');
    const result = await handle.result;
    assert.equal(result.error, 'States.Timeout');
    assert.equal(seconds(result.events, 'TaskTimedOut'), 5);
    assert.equal(seconds(result.events, 'TaskSucceeded'), 5);
  });

  test("the execution's TimeoutSeconds runs out while its only Task's handler runs: TIMED_OUT", async () => {
    const real = fakeRealTime();
    const charge = heldHandler();
    const lone: JsonObject = {
      TimeoutSeconds: 2,
      StartAt: 'Charge',
      States: {
        Charge: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'charge' }, End: true },
      },
    };
    const handle = startExecution(lone, { realTime: real.waiter, taskHandlers: { Charge: charge.handler } });
    await charge.wasCalled;
    const wait = await real.nth(1);
    assert.equal(wait.virtualMs, 2000);
    wait.elapsed();
    charge.answer('too late');
    const result = await handle.result;
    assert.equal(result.status, 'TIMED_OUT');
    assert.equal(seconds(result.events, 'ExecutionTimedOut'), 2);
  });

  test("a handler alone, with no limit but its own (the host's), asks for no real-time wait", async () => {
    const real = fakeRealTime();
    const charge = heldHandler();
    const lone: JsonObject = {
      StartAt: 'Charge',
      States: {
        Charge: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'charge' }, End: true },
      },
    };
    const handle = startExecution(lone, { realTime: real.waiter, taskHandlers: { Charge: charge.handler } });
    await charge.wasCalled;
    assert.equal(handle.outsideWait()?.until, Infinity);
    charge.answer('ok');
    const result = await handle.result;
    assert.equal(result.status, 'SUCCEEDED');
    assert.equal(real.waits.length, 0);
    assert.equal(handle.outsideWait(), undefined);
  });
});

test("a nested execution's own TimeoutSeconds is a limit like the others: its child, waiting outside, times out in real time", async () => {
  const real = fakeRealTime();
  const parentMachine: JsonObject = {
    StartAt: 'Child',
    States: {
      Child: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Approval' },
        End: true,
      },
    },
  };
  const handle = startExecution(parentMachine, {
    outsideAnswers: true,
    realTime: real.waiter,
    machines: { Approval: callbackMachine({}, { TimeoutSeconds: 2 }) },
  });
  const wait = await real.nth(1);
  assert.equal(wait.virtualMs, 2000);
  wait.elapsed();
  const result = await handle.result;
  assert.equal(result.childExecutions?.[0]?.status, 'TIMED_OUT');
  assert.equal(result.error, 'States.TaskFailed');
  assert.equal(seconds(result.events, 'TaskFailed'), 2);
});
