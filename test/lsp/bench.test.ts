// The benchmark's generated machine really has 1,000 states (nested ones counted) and is valid, so the
// "full validation of a 1,000-state machine" figure measures what it says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from '../../core/parse';
import { validate } from '../../core/validate';
import { generateMachine } from './bench';
import { definitionModel } from '../../core/model';

test('the generated machine has exactly 1,000 states of every type and no diagnostics', () => {
  const { definition, states } = generateMachine(1000);
  const text = JSON.stringify(definition, null, 2);
  const doc = parseDocument(text, { fileName: 'large.asl.json' });
  assert.equal(states, 1000);
  assert.equal(definitionModel(doc).states.length, 1000);
  assert.deepEqual(
    new Set(definitionModel(doc).states.map((s) => s.type)),
    new Set(['Task', 'Choice', 'Wait', 'Map', 'Parallel', 'Pass', 'Fail']),
  );
  assert.deepEqual(validate(text, { fileName: 'large.asl.json' }), []);
});

test('the benchmark workload carries real diagnostics: every 10th Task with a mistake AWS would reject', () => {
  const { definition } = generateMachine(1000, { mistakes: true });
  const diagnostics = validate(JSON.stringify(definition, null, 2), { fileName: 'large.asl.json' });
  const codes = new Map<string, number>();
  for (const d of diagnostics) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
  assert.ok(diagnostics.length >= 8, `${diagnostics.length} diagnostics`);
  for (const code of ['ASL102', 'ASL114', 'ASL301'])
    assert.ok(codes.has(code), `${code} in ${[...codes.keys()].join(', ')}`);
  assert.ok(
    diagnostics.every((d) => d.severity === 'error'),
    'each mistake is an error',
  );
});
