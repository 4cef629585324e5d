// Benchmark of the test runner: 1,000 cases of the example suite (examples/order), loaded once and
// run in-process, wall time measured. `npm run bench` reports it (target: under 2 s on 2 cores).

import { join } from 'node:path';
import type * as Testing from '../../core/testing';
import { nodeFileAccess, testFileIO } from '../../host';

const nodeTestFileIO = testFileIO(nodeFileAccess());

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'order', 'order.sfn-test.yaml');

/** The runner from the built bundle when it carries it (as users run it), else from the sources. */
function testingModule(): typeof Testing {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dist = require('../../dist/core.cjs') as Partial<typeof Testing>;
    if (typeof dist.runLoadedFiles === 'function' && typeof dist.loadTestFile === 'function')
      return dist as typeof Testing;
  } catch {
    // No build yet: measure the sources.
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../core/testing') as typeof Testing;
}

export async function benchTestRunner(total = 1000): Promise<{ cases: number; wallMs: number }> {
  const { loadTestFile, runLoadedFiles } = testingModule();
  const started = performance.now();
  const loaded = loadTestFile(EXAMPLE, nodeTestFileIO);
  if (!loaded.ok) throw new Error(`the example suite does not load: ${JSON.stringify(loaded.problems)}`);
  const base = loaded.spec.cases;
  const cases = Array.from({ length: total }, (_, i) => {
    const testCase = base[i % base.length];
    if (!testCase) throw new Error('the example suite has no cases');
    return { ...testCase, name: `${testCase.name} #${i}` };
  });
  const result = await runLoadedFiles([{ ok: true, spec: { ...loaded.spec, cases } }]);
  const wallMs = performance.now() - started;
  if (result.totals.passed !== total) {
    const failed = result.files.flatMap((f) => f.cases).find((c) => c.outcome !== 'passed');
    throw new Error(
      `benchmark cases must pass; ${result.totals.failed} failed, e.g. ${JSON.stringify(failed)}`,
    );
  }
  return { cases: result.totals.cases, wallMs };
}
