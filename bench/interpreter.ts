// Interpreter benchmarks: a 6-state workload run 10,000 times in process, side by side with
// aws-local-stepfunctions (the npm peer a user would pick instead), and a day-long Wait with a
// 5-attempt back-off, whose wall time shows the virtual clock at work. Each side's first 10,000 runs
// (JIT warm-up included) are reported as "cold"; the next 10,000, at steady state, give the ratio.
// Each side checks the definition once before any run is timed, as a suite does: the peer validates
// in its constructor, ours validates on first use and remembers the verdict per definition object.
// Both set-ups are timed apart and printed beside the ratios.

import type { JsonObject } from '../core';

// Measured on the built bundle, as users run it (npm run bench builds first).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { execute, definitionErrors } = require('../dist/core.cjs') as typeof import('../core');

export const WORKLOAD: JsonObject = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Pass',
      Parameters: { 'orderId.$': '$.orderId', 'amount.$': '$.amount', source: 'bench' },
      Next: 'Charge',
    },
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
      ResultPath: '$.charge',
      Next: 'IsLarge',
    },
    IsLarge: {
      Type: 'Choice',
      Choices: [{ Variable: '$.amount', NumericGreaterThan: 100, Next: 'Describe' }],
      Default: 'Rejected',
    },
    Describe: {
      Type: 'Pass',
      Parameters: { 'message.$': "States.Format('order {} charged {}', $.orderId, $.amount)" },
      Next: 'Done',
    },
    Rejected: { Type: 'Fail', Error: 'Order.TooSmall', Cause: 'amount under 100' },
    Done: { Type: 'Succeed' },
  },
};

const CHARGE_RESULT = { charged: true, id: 'ch-1' };

/**
 * Checks what the workload output for run `i` (both sides are checked: a fast wrong answer is no answer).
 * The check runs inside the timed loop, so it compares the one field rather than serialising both
 * values: two JSON.stringify calls per run cost about a tenth of one of our executions, time that
 * measured the harness, not either engine.
 */
function checkOutput(side: string, i: number, output: unknown): void {
  const message = `order ${i} charged ${150 + (i % 7)}`;
  const record = output as Record<string, unknown> | null;
  const keys =
    typeof record === 'object' && record !== null && !Array.isArray(record) ? Object.keys(record).length : 0;
  if (keys !== 1 || record?.message !== message)
    throw new Error(
      `${side} gave ${JSON.stringify(output)} for run ${i}, expected ${JSON.stringify({ message })}`,
    );
}

function ensureWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: unknown };
  if (!P.withResolvers) {
    P.withResolvers = function withResolvers<T>() {
      let resolve!: (v: T) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<T>((a, b) => {
        resolve = a;
        reject = b;
      });
      return { promise, resolve, reject };
    };
  }
}

/**
 * Times two workloads over `n` runs each in alternating rounds, so that both see the same machine
 * conditions (the machines here are shared and their speed drifts within a run); which side goes
 * first alternates too, so neither always runs right after the other has warmed the caches. The
 * ratio is the median over rounds of b's time to a's: two rounds side by side see the same machine,
 * and a round that a pause or a neighbour's burst hit does not move a median. Over the sums, one
 * such hiccup of a few milliseconds doubles one of our short rounds and barely moves the peer's long
 * one: the sums moved the ratio by a fifth between runs minutes apart.
 */
async function timeAlternating(
  n: number,
  offset: number,
  a: (i: number) => Promise<unknown>,
  b: ((i: number) => Promise<unknown>) | undefined,
): Promise<{ aMs: number; bMs: number | undefined; ratio: number | undefined }> {
  const rounds = 40;
  const per = Math.ceil(n / rounds);
  let aNs = 0n;
  let bNs = 0n;
  const roundRatios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const first = offset + r * per;
    let roundA = 0n;
    let roundB = 0n;
    const timeA = async (): Promise<void> => {
      const t = process.hrtime.bigint();
      for (let i = 0; i < per; i++) await a(first + i);
      roundA = process.hrtime.bigint() - t;
    };
    const timeB = async (): Promise<void> => {
      if (!b) return;
      const t = process.hrtime.bigint();
      for (let i = 0; i < per; i++) await b(first + i);
      roundB = process.hrtime.bigint() - t;
    };
    if (r % 2 === 0) {
      await timeA();
      await timeB();
    } else {
      await timeB();
      await timeA();
    }
    aNs += roundA;
    bNs += roundB;
    if (b) roundRatios.push(Number(roundB) / Number(roundA));
  }
  return {
    aMs: Number(aNs) / 1e6,
    bMs: b ? Number(bNs) / 1e6 : undefined,
    ratio: b ? median(roundRatios) : undefined,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface InterpreterBench {
  runs: number;
  /** Steady state: the `runs` timed runs that follow as many untimed ones (V8 has optimised both by then). */
  stepthroughPerSecond: number;
  peerPerSecond: number | undefined;
  peerError?: string;
  /** The peer's time over ours: the median over the alternating rounds (timeAlternating says why). */
  ratio: number | undefined;
  /** The same over the sums of the rounds (printed beside it: lower when hiccups hit our short rounds). */
  totalsRatio: number | undefined;
  /** The first `runs` runs of a fresh process, JIT warm-up included (what a short test run sees). */
  cold: { stepthroughPerSecond: number; peerPerSecond: number | undefined; ratio: number | undefined };
  /**
   * Checking the definition once, before the runs, in a fresh process (ms): ours is the validation
   * every run is refused on (remembered per object), the peer's its constructor, which validates.
   */
  setupMs: { stepthrough: number; peer: number | undefined };
  dayWaitWallMs: number;
}

export async function benchInterpreter(runs = 10_000): Promise<InterpreterBench> {
  const mocks = { Charge: [{ Return: CHARGE_RESULT }] };
  const setupStart = process.hrtime.bigint();
  const refusals = definitionErrors(WORKLOAD);
  const ourSetupMs = Number(process.hrtime.bigint() - setupStart) / 1e6;
  if (refusals.length > 0) throw new Error(`bench workload refused: ${refusals[0]?.message}`);
  const ourRun = async (i: number): Promise<void> => {
    const r = await execute(WORKLOAD, { input: { orderId: i, amount: 150 + (i % 7) }, mocks });
    if (r.status !== 'SUCCEEDED') throw new Error(`bench workload failed: ${r.error} ${r.cause}`);
    checkOutput('stepthrough', i, r.output);
  };
  let peerRun: ((i: number) => Promise<void>) | undefined;
  let peerError: string | undefined;
  let peerSetupMs: number | undefined;
  try {
    ensureWithResolvers();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { StateMachine } = require('aws-local-stepfunctions') as {
      StateMachine: new (
        def: unknown,
        opts?: unknown,
      ) => { run(input: unknown, opts?: unknown): { result: Promise<unknown> } };
    };
    const peerSetupStart = process.hrtime.bigint();
    const machine = new StateMachine(WORKLOAD, { validationOptions: { checkPaths: false, checkArn: false } });
    peerSetupMs = Number(process.hrtime.bigint() - peerSetupStart) / 1e6;
    const overrides = { taskResourceLocalHandlers: { Charge: async () => CHARGE_RESULT } };
    peerRun = async (i: number): Promise<void> => {
      checkOutput(
        'aws-local-stepfunctions',
        i,
        await machine.run({ orderId: i, amount: 150 + (i % 7) }, { overrides }).result,
      );
    };
    // A check that the peer runs at all. It takes the peer's first run out of its cold time while
    // ours stays in: the comparison leans the peer's way.
    await peerRun(0);
  } catch (err) {
    peerError = err instanceof Error ? err.message : String(err);
    peerRun = undefined;
  }
  const perSecond = (ms: number | undefined): number | undefined =>
    ms === undefined ? undefined : (runs / ms) * 1000;
  const coldTimes = await timeAlternating(runs, 0, ourRun, peerRun);
  const { aMs: ours, bMs: peerMs, ratio } = await timeAlternating(runs, runs, ourRun, peerRun);
  const coldOurs = perSecond(coldTimes.aMs) ?? 0;
  const coldPeer = perSecond(coldTimes.bMs);
  const dayWait: JsonObject = {
    StartAt: 'Flaky',
    States: {
      Flaky: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 60, MaxAttempts: 5, BackoffRate: 2 }],
        Next: 'WaitADay',
      },
      WaitADay: { Type: 'Wait', Seconds: 86_400, End: true },
    },
  };
  const dayMocks = {
    Flaky: [
      ...Array.from({ length: 5 }, () => ({ Throw: { Error: 'Lambda.ServiceException', Cause: 'flaky' } })),
      { Return: {} },
    ],
  };
  await execute(dayWait, { mocks: dayMocks });
  const t0 = process.hrtime.bigint();
  const dayResult = await execute(dayWait, { mocks: dayMocks });
  const dayWaitWallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (dayResult.status !== 'SUCCEEDED') throw new Error(`day-wait machine failed: ${dayResult.error}`);
  const stepthroughPerSecond = (runs / ours) * 1000;
  const peerPerSecond = perSecond(peerMs);
  return {
    runs,
    cold: {
      stepthroughPerSecond: coldOurs,
      peerPerSecond: coldPeer,
      // Over the sums: the cold figure is about the first rounds, JIT warm-up included, which a median drops.
      ratio: coldPeer === undefined ? undefined : coldOurs / coldPeer,
    },
    setupMs: { stepthrough: ourSetupMs, peer: peerSetupMs },
    stepthroughPerSecond,
    peerPerSecond,
    peerError,
    ratio,
    totalsRatio: peerPerSecond === undefined ? undefined : stepthroughPerSecond / peerPerSecond,
    dayWaitWallMs,
  };
}
