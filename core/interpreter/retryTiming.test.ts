// Retry timing on the virtual clock, read from the history's timestamps: the back-off grows by
// BackoffRate, MaxDelaySeconds caps each delay, and JitterStrategy FULL draws each delay from [0, capped
// delay] with the execution's seeded random sequence (the same seed, the same delays).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../json';
import { execute } from './execute';
import type { ExecutionResult } from './options';

function flakyTask(retrier: JsonObject): JsonObject {
  return {
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [{ ErrorEquals: ['States.ALL'], ...retrier }],
        End: true,
      },
    },
  };
}

/** Fails three times, then succeeds. */
const MOCKS = {
  T: [
    { Throw: { Error: 'Flaky', Cause: '1' } },
    { Throw: { Error: 'Flaky', Cause: '2' } },
    { Throw: { Error: 'Flaky', Cause: '3' } },
    { Return: 'ok' },
  ],
};

/** Milliseconds from each failure to the next attempt's TaskScheduled. */
function delays(result: ExecutionResult): number[] {
  const times = result.events
    .filter((e) => e.type === 'TaskScheduled' || e.type === 'TaskFailed')
    .map((e) => Date.parse(e.timestamp));
  const out: number[] = [];
  for (let i = 1; i + 1 < times.length; i += 2) out.push((times[i + 1] ?? 0) - (times[i] ?? 0));
  return out;
}

describe('retry timing', () => {
  // AWS's error-handling guide: the n-th retry waits IntervalSeconds × BackoffRate^(n-1); "MaxDelaySeconds
  // — A positive integer that sets the maximum value, in seconds, up to which a retry interval can
  // increase."
  test('MaxDelaySeconds caps the back-off', async () => {
    const capped = await execute(
      flakyTask({ IntervalSeconds: 10, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 25 }),
      { mocks: MOCKS },
    );
    assert.equal(capped.status, 'SUCCEEDED');
    // 10, then 30 and 90 capped to 25.
    assert.deepEqual(delays(capped), [10_000, 25_000, 25_000]);
    assert.equal(capped.events.at(-1)?.timestamp, '2024-01-01T00:01:00.000Z');

    const uncapped = await execute(flakyTask({ IntervalSeconds: 10, BackoffRate: 3, MaxAttempts: 3 }), {
      mocks: MOCKS,
    });
    assert.deepEqual(delays(uncapped), [10_000, 30_000, 90_000]);
  });

  // Same guide: "JitterStrategy — ... FULL ... randomizes the delay between retry attempts"; the delay is
  // drawn between 0 and the (capped) back-off. Here from the run's seed, so a run can be reproduced.
  test('JitterStrategy FULL draws each capped delay from the seeded sequence', async () => {
    const machine = flakyTask({
      IntervalSeconds: 10,
      BackoffRate: 3,
      MaxAttempts: 3,
      MaxDelaySeconds: 25,
      JitterStrategy: 'FULL',
    });
    const seven = await execute(machine, { mocks: MOCKS, seed: 7 });
    assert.equal(seven.status, 'SUCCEEDED');
    // The seed-7 sequence starts 0.1170…, 0.0619…, 0.9769…: × 10 s, × 25 s (capped), × 25 s (capped).
    assert.deepEqual(delays(seven), [117, 1_549, 24_423]);
    assert.equal(seven.events.at(-1)?.timestamp, '2024-01-01T00:00:26.089Z');

    const again = await execute(machine, { mocks: MOCKS, seed: 7 });
    assert.deepEqual(delays(again), delays(seven));
    const eight = await execute(machine, { mocks: MOCKS, seed: 8 });
    assert.notDeepEqual(delays(eight), delays(seven));
    for (const [i, delay] of delays(eight).entries()) {
      assert.ok(delay >= 0 && delay <= [10_000, 25_000, 25_000][i]!, `delay ${i} within [0, cap]`);
    }
  });
});
