// Runs every recorded AWS case in ../shared/conformance through the interpreter and compares the
// result with what AWS produced. A case that fails must be listed, with its reason, in
// known-gaps.json; a listed case that passes fails the suite, so the list stays true.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SHARED_ROOT, sharedFolderPresent } from '../shared';
import { compareResult, isJsonPathOnlyCase, loadConformanceCases, type ConformanceCase } from './compare';
import { runConformanceCase } from './runCase';

const ROOT = join(SHARED_ROOT, 'conformance');
const KNOWN_GAPS_FILE = join(__dirname, 'known-gaps.json');

interface KnownGaps {
  [caseName: string]: string;
}

if (sharedFolderPresent('conformance', 'INDEX.tsv', 'the recorded AWS cases')) {
  const cases = loadConformanceCases(ROOT);
  const gaps = JSON.parse(readFileSync(KNOWN_GAPS_FILE, 'utf8')) as KnownGaps;
  const outcomes = new Map<string, boolean>();
  const byCategory = new Map<string, ConformanceCase[]>();
  for (const c of cases) byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), c]);

  for (const [category, list] of byCategory) {
    describe(`conformance: ${category}`, () => {
      for (const c of list) {
        test(c.name, async () => {
          const result = await runConformanceCase(c);
          const diffs = compareResult(c.expected, result, { definition: c.definition });
          outcomes.set(c.name, diffs.length === 0);
          const gap = gaps[c.name];
          if (gap !== undefined) {
            assert.notEqual(
              diffs.length,
              0,
              `listed in known-gaps.json (${gap}) but now matches AWS: remove it from the list`,
            );
          } else {
            assert.deepEqual(diffs, [], `differs from the AWS recording:\n${diffs.join('\n')}`);
          }
        });
      }
    });
  }

  test('conformance: every known gap names a real case and a reason', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const [name, reason] of Object.entries(gaps)) {
      assert.ok(names.has(name), `known-gaps.json lists '${name}', which is not a conformance case`);
      assert.ok(reason.trim().length > 10, `known-gaps.json entry '${name}' needs a reason`);
    }
  });

  test('conformance: pass rates (JSONPath ≥ 97%, JSONata/variables ≥ 97%)', () => {
    const jsonPath = cases.filter((c) => isJsonPathOnlyCase(c));
    const others = cases.filter((c) => !isJsonPathOnlyCase(c));
    const passed = (list: ConformanceCase[]): number =>
      list.filter((c) => outcomes.get(c.name) === true).length;
    const pj = passed(jsonPath);
    const po = passed(others);
    console.log(`conformance: JSONPath ${pj}/${jsonPath.length}, JSONata+variables ${po}/${others.length}`);
    assert.equal(outcomes.size, cases.length, 'every case ran');
    assert.ok(pj / jsonPath.length >= 0.97, `JSONPath pass rate ${pj}/${jsonPath.length} is under 97%`);
    assert.ok(po / others.length >= 0.97, `JSONata/variables pass rate ${po}/${others.length} is under 97%`);
  });
}
