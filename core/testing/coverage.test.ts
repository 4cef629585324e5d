// Coverage's items come from the definition model (core/model): its states, and of its transitions those
// a run can take (isMeaningfulTransition). A Succeed's or Fail's `Next` leads nowhere, so it is no
// transition to cover.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { machineCoverage } from './coverage';
import { emptyHits, transitionKey } from './facts';

const MACHINE = {
  StartAt: 'Pick',
  States: {
    Pick: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.a', IsPresent: true, Next: 'Work' },
        { Variable: '$.b', IsPresent: true, Next: 'Done' },
      ],
      Default: 'Stop',
      Next: 'Work',
    },
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Stop' }],
      Next: 'Fan',
    },
    Fan: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Inner', States: { Inner: { Type: 'Pass', Next: 'Last' }, Last: { Type: 'Succeed' } } },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed', Next: 'Stop' },
    Stop: { Type: 'Fail', Next: 'Done' },
    Ended: { Type: 'Pass', End: true, Next: 'Done' },
  },
};

test("a state's transitions are the model's that its Type follows, in report order", () => {
  const hits = emptyHits();
  hits.transitions.set(transitionKey('Pick', 'choice', 1), 2);
  const coverage = machineCoverage('m.asl.json', MACHINE, hits);
  assert.deepEqual(
    coverage.transitions.map(({ from, to, kind, index, hits: n }) => ({ from, to, kind, index, hits: n })),
    [
      { from: 'Pick', to: 'Work', kind: 'choice', index: 0, hits: 0 },
      { from: 'Pick', to: 'Done', kind: 'choice', index: 1, hits: 2 },
      { from: 'Pick', to: 'Stop', kind: 'default', index: undefined, hits: 0 },
      { from: 'Work', to: 'Fan', kind: 'next', index: undefined, hits: 0 },
      { from: 'Work', to: 'Stop', kind: 'catch', index: 0, hits: 0 },
      { from: 'Fan', to: 'Done', kind: 'next', index: undefined, hits: 0 },
      { from: 'Inner', to: 'Last', kind: 'next', index: undefined, hits: 0 },
    ],
  );
  // Next and Default carry no index at all.
  assert.equal('index' in (coverage.transitions[2] ?? {}), false);
  assert.deepEqual(
    coverage.states.map((s) => s.name),
    ['Pick', 'Work', 'Fan', 'Inner', 'Last', 'Done', 'Stop', 'Ended'],
  );
  assert.deepEqual(coverage.totals.transitions, { covered: 1, total: 7 });
});

test("Succeed's and Fail's Next are not transitions to cover (nor a Next beside End: true)", () => {
  const coverage = machineCoverage('m.asl.json', MACHINE, emptyHits());
  const from = new Set(coverage.transitions.map((t) => t.from));
  for (const state of ['Done', 'Stop', 'Ended', 'Last']) assert.equal(from.has(state), false, state);
});
