// Tests of what the Test Explorer shows: failure messages with expected/actual texts at the case's line,
// coverage placed on the state names, and the graph overlay of a test run, from real runs of core/testing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { parseDocument } from '../../core/parse';
import { runTestFiles } from '../../core/testing/runner';
import type { TestFileIO } from '../../core/testing/model';
import { coverageLines, editorPosition, failureMessages, testRunOverlay } from './results';

const MACHINE = `{
  "StartAt": "Check",
  "States": {
    "Check": {
      "Type": "Choice",
      "Choices": [{ "Variable": "$.n", "NumericGreaterThan": 0, "Next": "Done" }],
      "Default": "Never"
    },
    "Done": { "Type": "Pass", "Result": { "ok": true }, "End": true },
    "Never": { "Type": "Fail", "Error": "Nope" }
  }
}
`;

const TESTS = `stateMachine: ./m.asl.json
cases:
  - name: passes
    input: { n: 1 }
    expect: { output: { ok: true } }
  - name: fails
    input: { n: 2 }
    expect: { output: { ok: false } }
  - name: wrong status
    input: { n: 3 }
    expect: { status: FAILED }
  - name: never entered
    input: { n: 4 }
    expect: { states: { Never: { output: {} } } }
`;

const files: Record<string, string> = { '/w/m.asl.json': MACHINE, '/w/m.sfn-test.yaml': TESTS };
const io: TestFileIO = {
  readFile: (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  },
  resolve: (from, rel) => resolve(dirname(from), rel),
};

async function suite() {
  const result = await runTestFiles(['/w/m.sfn-test.yaml'], io);
  const cases = result.files[0]?.cases ?? [];
  const byName = (name: string) => {
    const found = cases.find((c) => c.name === name);
    assert.ok(found, `case ${name} ran`);
    return found;
  };
  return { result, byName };
}

test('a passed case has no messages; a failed comparison has pretty expected/actual texts at its line', async () => {
  const { byName } = await suite();
  assert.deepEqual(failureMessages(byName('passes')), []);
  const [output] = failureMessages(byName('fails'));
  assert.ok(output);
  assert.match(output.message, /^output differs at \$\.ok/);
  assert.equal(output.expected, JSON.stringify({ ok: false }, null, 2));
  assert.equal(output.actual, JSON.stringify({ ok: true }, null, 2));
  assert.deepEqual(output.position, { line: 5, character: 4 }, 'zero-based line of "- name: fails"');
});

test('a status check diffs the two statuses; a check without values is a plain message', async () => {
  const { byName } = await suite();
  const [status] = failureMessages(byName('wrong status'));
  assert.equal(status?.expected, '"FAILED"');
  assert.equal(status?.actual, '"SUCCEEDED"');
  const [never] = failureMessages(byName('never entered'));
  assert.match(never?.message ?? '', /Never was never entered/);
  assert.equal(never?.expected, undefined);
  assert.equal(never?.actual, undefined);
});

test('coverage is placed on each state name with its transitions as branches', async () => {
  const { result } = await suite();
  const machine = result.coverage.machines[0];
  assert.ok(machine);
  const lines = coverageLines(machine, parseDocument(MACHINE, { fileName: 'm.asl.json' }));
  const check = lines.find((l) => l.state === 'Check');
  const never = lines.find((l) => l.state === 'Never');
  assert.equal(check?.hits, 4);
  assert.deepEqual(check?.start, { line: 3, character: 4 });
  assert.deepEqual(check?.end, { line: 3, character: 11 });
  assert.deepEqual(
    check?.branches.map((b) => [b.label, b.hits]),
    [
      ['Check → Done (Choice rule #0)', 4],
      ['Check → Never (Default)', 0],
    ],
  );
  assert.equal(never?.hits, 0);
  const unplaced = coverageLines(machine, undefined);
  assert.ok(unplaced.every((l) => l.start === undefined));
});

test('the graph overlay of a run shows the states reached, the ones never reached and failures', async () => {
  const { result } = await suite();
  const machine = result.coverage.machines[0];
  assert.ok(machine);
  assert.deepEqual(testRunOverlay(machine, ['Never']), {
    visited: ['Check', 'Done'],
    uncovered: ['Never'],
    failed: ['Never'],
  });
});

test('source locations become zero-based editor positions', () => {
  assert.deepEqual(editorPosition({ line: 1, column: 1 }), { line: 0, character: 0 });
  assert.deepEqual(editorPosition({ line: 12, column: 5 }), { line: 11, character: 4 });
});
