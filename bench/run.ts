// `npm run bench`: every performance target, measured side by side with the peers, printed as ratios.

import { benchStepLatency } from '../test/dap/bench';
import { benchValidation, formatValidationBench } from '../test/lsp/bench';
import { benchGraph } from '../test/graph/bench';
import { benchTestRunner } from '../test/testing/bench';
import { benchInterpreter } from './interpreter';

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined ? 'n/a' : n.toFixed(digits);
}

async function main(): Promise<void> {
  const interp = await benchInterpreter();
  console.log(
    '## Interpreter: 6-state workload (Pass+Parameters, mocked Task, Choice, States.Format, Fail/Succeed)',
  );
  console.log(
    `stepthrough            ${fmt(interp.stepthroughPerSecond)} executions/s (${interp.runs} runs)`,
  );
  console.log(
    `aws-local-stepfunctions ${fmt(interp.peerPerSecond)} executions/s${interp.peerError ? ` (failed: ${interp.peerError})` : ''}`,
  );
  console.log(`ratio                  ${fmt(interp.ratio, 1)}x   (target ≥ 10x)`);
  console.log(
    `1-day Wait + 5-attempt back-off: ${fmt(interp.dayWaitWallMs, 2)} ms wall time (target < 5 ms)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
