// Time modes of `stepthrough api`, with the server's wall clock in the test's hands (a manual clock, so
// nothing waits for real): in `real` and `scale=N` mode an execution is held before each state until its
// time is due, and what the API shows (history, status) is only what is due by the wall clock, so a
// client polling while a Wait runs sees RUNNING, as on AWS. Retry back-offs and calls to a Lambda
// endpoint keep the same pace. `virtual` mode shows everything at once.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WallClock } from '../../api/pacing';
import { definition, ROLE, startHarness, type ApiHarness } from './harness';
import { lambdaStandIn, type StandIn } from './lambdaStandIn';

/** A wall clock that moves only when the test says so; tells the test when someone waits on it. */
class ManualClock implements WallClock {
  private time = Date.parse('2025-03-01T09:00:00.000Z');
  private sleepers: { at: number; resolve: () => void }[] = [];
  private watchers: { count: number; resolve: () => void }[] = [];

  now(): number {
    return this.time;
  }

  sleepUntil(at: number, signal: AbortSignal): Promise<void> {
    if (at <= this.time || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const sleeper = { at, resolve };
      this.sleepers.push(sleeper);
      signal.addEventListener('abort', () => this.wake((s) => s === sleeper), { once: true });
      for (const w of this.watchers.filter((w) => this.sleepers.length >= w.count)) {
        this.watchers.splice(this.watchers.indexOf(w), 1);
        w.resolve();
      }
    });
  }

  /** Resolves when `count` waits are pending (the engine reached its pause point). */
  sleeping(count = 1): Promise<void> {
    return new Promise((resolve) => {
      if (this.sleepers.length >= count) resolve();
      else this.watchers.push({ count, resolve });
    });
  }

  /** The wall time someone is waiting for, if any. */
  get nextWake(): number | undefined {
    return this.sleepers.reduce<number | undefined>(
      (min, s) => (min === undefined || s.at < min ? s.at : min),
      undefined,
    );
  }

  advance(ms: number): void {
    this.time += ms;
    this.wake((s) => s.at <= this.time);
  }

  private wake(which: (s: { at: number }) => boolean): void {
    const due = this.sleepers.filter(which);
    this.sleepers = this.sleepers.filter((s) => !due.includes(s));
    for (const s of due) s.resolve();
  }
}

const WAITS = definition({
  Start: { Type: 'Pass', Result: { step: 1 }, Next: 'Nap' },
  Nap: { Type: 'Wait', Seconds: 10, Next: 'Middle' },
  Middle: { Type: 'Pass', Result: { step: 2 }, Next: 'Doze' },
  Doze: { Type: 'Wait', Seconds: 5, End: true },
});

async function shown(
  api: ApiHarness,
  executionArn: string | undefined,
): Promise<{ status?: string; types: string[] }> {
  const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const h = await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  return { status: d.status, types: (h.events ?? []).map((e) => e.type ?? '') };
}

/** Resolves when the engine's run of the execution has ended (whatever the API shows yet). */
function engineEnded(api: ApiHarness, executionArn: string | undefined): Promise<void> {
  const run = api.server.backend.executions.get(executionArn ?? '');
  assert.ok(run, `no execution ${executionArn}`);
  return run.ended;
}

void describe('--time real: Waits take wall time, and the API shows only what is due', () => {
  const clock = new ManualClock();
  let api: ApiHarness;
  before(async () => {
    api = await startHarness({ time: { kind: 'paced', scale: 1 }, clock });
  });
  after(() => api.close());

  void it('shows RUNNING and the history up to the Wait until the Wait is over', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Naps', definition: WAITS, roleArn: ROLE }),
    );
    const started = await api.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    const t0 = clock.now();
    await clock.sleeping();
    assert.equal(clock.nextWake, t0 + 10_000, 'held before Middle until the 10 s Wait is due');
    const during = await shown(api, started.executionArn);
    assert.deepEqual(during, {
      status: 'RUNNING',
      types: ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'WaitStateEntered'],
    });
    clock.advance(9_999);
    assert.deepEqual(await shown(api, started.executionArn), during, 'one millisecond early, nothing new');
    clock.advance(1);
    await engineEnded(api, started.executionArn);
    // Middle ran; the 5 s Doze is the last state: the engine is done, but its end is not due yet.
    const later = await shown(api, started.executionArn);
    assert.equal(later.status, 'RUNNING');
    assert.deepEqual(later.types.slice(4), [
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'WaitStateEntered',
    ]);
    clock.advance(5_000);
    const done = await shown(api, started.executionArn);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(done.types.slice(-2), ['WaitStateExited', 'ExecutionSucceeded']);
    const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    assert.equal(d.startDate?.getTime(), t0);
    assert.equal(d.stopDate?.getTime(), t0 + 15_000);
  });
});

void describe('--time scale=N: wall time is N times the execution time', () => {
  const clock = new ManualClock();
  let api: ApiHarness;
  let lambda: StandIn;
  before(async () => {
    lambda = await lambdaStandIn();
    api = await startHarness({ time: { kind: 'paced', scale: 0.01 }, clock, lambdaEndpoint: lambda.url });
  });
  after(async () => {
    await api.close();
    await lambda.close();
  });

  void it('a 10 s Wait is due after 100 ms; the history still says 10 s', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Scaled', definition: WAITS, roleArn: ROLE }),
    );
    const { executionArn } = await api.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const t0 = clock.now();
    await clock.sleeping();
    assert.equal(clock.nextWake, t0 + 100);
    clock.advance(100);
    await engineEnded(api, executionArn);
    clock.advance(50);
    const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal(
      (d.stopDate?.getTime() ?? 0) - (d.startDate?.getTime() ?? 0),
      15_000,
      'timestamps in execution time',
    );
  });

  void it('a retried call to the Lambda endpoint waits for its back-off', async () => {
    const retried = definition({
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'boom', Payload: {} },
        Retry: [{ ErrorEquals: ['ValueError'], IntervalSeconds: 30, MaxAttempts: 1 }],
        End: true,
      },
    });
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Retried', definition: retried, roleArn: ROLE }),
    );
    const before = lambda.calls.length;
    const { executionArn } = await api.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await lambda.callsReach(before + 1);
    await clock.sleeping();
    assert.equal(
      lambda.calls.length,
      before + 1,
      'the retry is held for its 30 s back-off (300 ms at scale 0.01)',
    );
    const t1 = clock.now();
    assert.equal(clock.nextWake, t1 + 300);
    clock.advance(300);
    await lambda.callsReach(before + 2);
    await engineEnded(api, executionArn);
    const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.deepEqual([d.status, d.error], ['FAILED', 'ValueError']);
  });
});

void describe('--time virtual (the default)', () => {
  const clock = new ManualClock();
  let api: ApiHarness;
  before(async () => {
    api = await startHarness({ clock });
  });
  after(() => api.close());

  void it('runs to the end at once; the timestamps still show the Waits', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Now', definition: WAITS, roleArn: ROLE }),
    );
    const { executionArn } = await api.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await engineEnded(api, executionArn);
    const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal((d.stopDate?.getTime() ?? 0) - (d.startDate?.getTime() ?? 0), 15_000);
    assert.equal(clock.nextWake, undefined, 'nothing waited on the wall clock');
  });
});
