// Step latency of the debug adapter: the median time from a `next` request to the `stopped` event,
// stepping through a generated 500-state machine over stdio (target: under 10 ms).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DapHarness } from './harness';

const STATE_COUNT = 500;

/** A chain of Pass states, each with Parameters and ResultPath so every stage is exercised. */
export function generateChainMachine(count: number): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const name = `Step${i}`;
    states[name] = {
      Type: 'Pass',
      Parameters: { index: i, 'previous.$': '$.last' },
      ResultPath: '$.last',
      ...(i + 1 < count ? { Next: `Step${i + 1}` } : { End: true }),
    };
  }
  return { Comment: `${count} chained Pass states`, StartAt: 'Step0', States: states };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function benchStepLatency(): Promise<{ medianMs: number; steps: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'stepthrough-dap-bench-'));
  const file = join(dir, 'chain.asl.json');
  writeFileSync(file, JSON.stringify(generateChainMachine(STATE_COUNT), null, 2));
  const session = await DapHarness.start();
  try {
    await session.launch({ definition: file, input: { last: null }, stopOnEntry: true });
    let stop = await session.stopped();
    const samples: number[] = [];
    for (let i = 1; i < STATE_COUNT; i++) {
      const started = performance.now();
      const stopped = session.stopped();
      await session.dc.nextRequest({ threadId: stop.body.threadId });
      stop = await stopped;
      samples.push(performance.now() - started);
    }
    return { medianMs: median(samples), steps: samples.length };
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchStepLatency().then(
    (r) =>
      console.log(
        `DAP step latency: median ${r.medianMs.toFixed(2)} ms over ${r.steps} steps (target < 10 ms)`,
      ),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
