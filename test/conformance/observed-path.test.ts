// States run sync-first and continue through promises only when something waits (ARCHITECTURE.md,
// invariant 12). This runs every recorded AWS case twice, unobserved (the sync path) and with an
// observer that makes every pause point, data stage and outcome asynchronous, and requires the two
// results, history included, to be identical.

import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { ExecutionObserver } from '../../core';
import { loadConformanceCases } from './compare';
import { skipWithoutShared } from '../shared';
import { runConformanceCase } from './runCase';

const ROOT = resolve(__dirname, '../../../shared/conformance');

/** An observer that looks at everything and answers each hook with a promise. */
function asyncObserver(seen: { hooks: number }): ExecutionObserver {
  const later = (): Promise<void> => {
    seen.hooks++;
    return Promise.resolve();
  };
  return { beforeState: later, onStage: later, onStateOutcome: later };
}

test('every conformance case gives the same result on the sync path and the observed async path', async (t) => {
  const absent = skipWithoutShared(join(ROOT, 'INDEX.tsv'));
  if (absent) {
    t.skip(`${absent}; the comparison was not run`);
    return;
  }
  const cases = loadConformanceCases(ROOT);
  const differing: string[] = [];
  const seen = { hooks: 0 };
  for (const c of cases) {
    const direct = await runConformanceCase(c);
    const observed = await runConformanceCase(c, asyncObserver(seen));
    try {
      assert.deepEqual(observed, direct);
    } catch {
      differing.push(c.name);
    }
  }
  assert.ok(cases.length > 1000, `expected the full corpus, found ${cases.length} cases`);
  assert.ok(seen.hooks > cases.length * 3, `the observer was barely called (${seen.hooks} hooks)`);
  assert.deepEqual(differing, [], `results differ between the two paths for: ${differing.join(', ')}`);
});
