// The corpus checks must be able to fail: a tidy layout passes, and overlapping siblings, a missing
// edge, a missing node and a node outside its container are each reported.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../core/parse';
import { buildGraphModelFromDocument } from '../../core/graph/model';
import { layoutGraph, type GraphLayout } from '../../core/graph/layout';
import { checkLayout } from './checks';

const TEXT = JSON.stringify({
  StartAt: 'A',
  States: {
    A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'B' }], Default: 'C' },
    B: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'In', States: { In: { Type: 'Pass', End: true } } }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }],
      Next: 'C',
    },
    C: { Type: 'Succeed' },
  },
});

async function fresh(): Promise<{ doc: ReturnType<typeof parseDocument>; layout: GraphLayout }> {
  const doc = parseDocument(TEXT);
  return { doc, layout: await layoutGraph(buildGraphModelFromDocument(doc)) };
}

test('a tidy layout has no problems', async () => {
  const { doc, layout } = await fresh();
  assert.deepEqual(checkLayout(doc, layout), []);
});

test('overlapping siblings, missing edges and nodes, and escaped children are reported', async () => {
  const { doc, layout } = await fresh();
  const a = layout.nodes.find((n) => n.id === 'A');
  const c = layout.nodes.find((n) => n.id === 'C');
  assert.ok(a && c);
  c.x = a.x + 5;
  c.y = a.y + 5;
  assert.ok(checkLayout(doc, layout).includes('nodes A and C overlap'));

  const second = await fresh();
  second.layout.edges = second.layout.edges.filter((e) => e.id !== 'B::catch:0');
  assert.deepEqual(checkLayout(second.doc, second.layout), [
    'transition catch B C: expected 1 edge(s), found 0',
  ]);

  const third = await fresh();
  third.layout.nodes = third.layout.nodes.filter((n) => n.id !== 'B/Branches/0/In');
  third.layout.edges = third.layout.edges.filter(
    (e) => e.source !== 'B/Branches/0/In' && e.target !== 'B/Branches/0/In',
  );
  assert.deepEqual(checkLayout(third.doc, third.layout), ['state States.B.Branches.0.States.In has no node']);

  const fourth = await fresh();
  const inner = fourth.layout.nodes.find((n) => n.id === 'B/Branches/0/In');
  assert.ok(inner);
  inner.x -= 1000;
  assert.ok(
    checkLayout(fourth.doc, fourth.layout).includes('node B/Branches/0/In sticks out of B/Branches/0'),
  );
});
