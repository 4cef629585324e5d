// `npm run bench`: every performance target, measured side by side with the peers in one run,
// printed with ratios. Targets are reported, never asserted.

import { benchStepLatency } from '../test/dap/bench';
import { benchGraph } from '../test/graph/bench';
import { benchTestRunner } from '../test/testing/bench';
import { benchBigMaps, formatBigMaps } from './bigMap';
import { benchInterpreter } from './interpreter';
import { benchStartup, formatStartupBench } from './startup';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined ? 'n/a' : n.toFixed(digits);
}

async function main(): Promise<void> {
  console.log('## Start-up: a fresh process per command, rounds interleaved');
  console.log(formatStartupBench(benchStartup()));
  console.log('');

  const interp = await benchInterpreter();
  console.log(
    '## Interpreter: 6-state workload (Pass+Parameters, mocked Task, Choice, States.Format, Fail/Succeed)',
  );
  console.log(
    `stepthrough             ${fmt(interp.stepthroughPerSecond)} executions/s (${interp.runs} runs after ${interp.runs} untimed)`,
  );
  console.log(
    `aws-local-stepfunctions ${fmt(interp.peerPerSecond)} executions/s${interp.peerError ? ` (failed: ${interp.peerError})` : ''}`,
  );
  console.log(
    `ratio                   ${fmt(interp.ratio, 1)}x   (target ≥ 10x; the median of 40 alternating rounds, ${fmt(interp.totalsRatio, 1)}x over their sums)`,
  );
  console.log(
    `cold (first ${interp.runs} runs, JIT warm-up included): ${fmt(interp.cold.stepthroughPerSecond)} vs ${fmt(interp.cold.peerPerSecond)} executions/s = ${fmt(interp.cold.ratio, 1)}x`,
  );
  console.log(
    `checking the definition once, before the runs: ${fmt(interp.setupMs.stepthrough, 1)} ms vs ${fmt(interp.setupMs.peer, 1)} ms (the peer's constructor)`,
  );
  console.log(
    `1-day Wait + 5-attempt back-off: ${fmt(interp.dayWaitWallMs, 2)} ms wall time (target < 5 ms)`,
  );

  console.log('\n## Big Maps (each size in a fresh process; target: linear growth)');
  console.log(formatBigMaps(benchBigMaps()));

  const suite = await benchTestRunner();
  console.log(
    `\n## Test runner: ${suite.cases} cases of the example suite in ${fmt(suite.wallMs)} ms (target < 2000 ms)`,
  );

  console.log('\n## Validation (in a fresh process: bench/validationProcess.ts says why)');
  const validation = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'validationProcess.ts')],
    {
      stdio: 'inherit',
    },
  );
  if (validation.status !== 0) throw new Error(`the validation bench exited ${validation.status}`);

  const dap = await benchStepLatency();
  console.log(
    `\n## Debugger: next → stopped on a 500-state machine: median ${fmt(dap.medianMs, 2)} ms over ${dap.steps} steps (target < 10 ms)`,
  );

  const graph = await benchGraph();
  console.log(
    `\n## Graph: ${graph.states}-state machine: layout ${fmt(graph.layoutMs)} ms + render ${fmt(graph.renderMs)} ms (target < 1000 ms)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
