// Tests of the layout: absolute coordinates (edges start and end on their nodes' boxes, children
// inside parents, at every nesting depth), label boxes, determinism and stability under small edits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneJson, type JsonObject } from '../json';
import { buildGraphModel } from './model';
import { layoutGraph, type Box, type GraphLayout, type Point } from './layout';
import { estimateTextWidth } from './text';

const ORDER = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'examples', 'order', 'order.asl.json'), 'utf8'),
) as JsonObject;

function onBoundary(p: Point, box: Box, epsilon = 1): boolean {
  const withinX = p.x >= box.x - epsilon && p.x <= box.x + box.width + epsilon;
  const withinY = p.y >= box.y - epsilon && p.y <= box.y + box.height + epsilon;
  const onVertical = Math.abs(p.x - box.x) <= epsilon || Math.abs(p.x - box.x - box.width) <= epsilon;
  const onHorizontal = Math.abs(p.y - box.y) <= epsilon || Math.abs(p.y - box.y - box.height) <= epsilon;
  return withinX && withinY && (onVertical || onHorizontal);
}

function readingOrder(layout: GraphLayout, keep: (id: string) => boolean): string[] {
  return layout.nodes
    .filter((n) => keep(n.id))
    .sort((a, b) => Math.round(a.y) - Math.round(b.y) || a.x - b.x)
    .map((n) => n.id);
}

test('edges start and end on their nodes, in absolute coordinates at every depth', async () => {
  const layout = await layoutGraph(buildGraphModel(ORDER));
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  assert.equal(layout.edges.length, buildGraphModel(ORDER).edges.length);
  for (const edge of layout.edges) {
    const first = edge.points[0];
    const last = edge.points[edge.points.length - 1];
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    assert.ok(first && last && source && target, edge.id);
    assert.ok(
      onBoundary(first, source),
      `${edge.id} starts on ${edge.source}: ${JSON.stringify(first)} vs ${JSON.stringify(source)}`,
    );
    assert.ok(
      onBoundary(last, target),
      `${edge.id} ends on ${edge.target}: ${JSON.stringify(last)} vs ${JSON.stringify(target)}`,
    );
  }
  for (const node of layout.nodes) {
    assert.ok(
      node.x >= 0 &&
        node.y >= 0 &&
        node.x + node.width <= layout.width &&
        node.y + node.height <= layout.height,
      node.id,
    );
    const parent = node.parent === undefined ? undefined : byId.get(node.parent);
    if (parent) {
      assert.ok(node.x > parent.x && node.y > parent.y, `${node.id} inside ${parent.id}`);
      assert.ok(
        node.x + node.width < parent.x + parent.width && node.y + node.height < parent.y + parent.height,
      );
    }
  }
  const inner = byId.get('ChargeAndNotify/Branches/1/NotifyCustomer');
  const branch = byId.get('ChargeAndNotify/Branches/1');
  assert.ok(inner && branch && inner.y > branch.y);
});

test('the flow goes down: each Next edge target sits below its source', async () => {
  const layout = await layoutGraph(buildGraphModel(ORDER));
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  for (const edge of layout.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    assert.ok(source && target);
    assert.ok(target.y >= source.y + source.height, `${edge.id} goes down`);
  }
});

test('labelled edges get a label box; node text is wrapped for drawing', async () => {
  const layout = await layoutGraph(buildGraphModel(ORDER));
  const labelled = layout.edges.filter((e) => e.label !== undefined);
  assert.deepEqual(
    labelled.map((e) => e.label),
    ['$.lineCount > 0', 'Default', 'States.ALL'],
  );
  for (const edge of labelled) {
    assert.ok(edge.labelBox && edge.labelBox.width > 10 && edge.labelBox.height > 10, edge.id);
  }
  const task = layout.nodes.find((n) => n.id === 'ReserveStock/ItemProcessor/ReserveLine');
  assert.deepEqual(task?.lines, ['ReserveLine']);
  assert.equal(task?.detailLine, 'lambda:invoke');
  const name = 'NotifyTheWarehouseTeamThatTheOrderIsReadyForPickingAndPacking';
  const long = await layoutGraph(
    buildGraphModel({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } }),
  );
  const node = long.nodes.find((n) => n.stateName === name);
  assert.equal(node?.lines.length, 2);
  assert.equal(node?.truncated, true);
  assert.ok(node && node.height > (task?.height ?? 0) - 1 && node.width <= 220);
});

test('container headers are cut to the container width, with the full name kept', async () => {
  const name = 'AVeryLongParallelStateNameThatIsMuchWiderThanItsOnlyBranch';
  const layout = await layoutGraph(
    buildGraphModel({
      StartAt: name,
      States: {
        [name]: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'A', States: { A: { Type: 'Succeed' } } }],
          End: true,
        },
      },
    }),
  );
  const container = layout.nodes.find((n) => n.id === name);
  assert.ok(container);
  assert.equal(container.truncated, true);
  assert.ok(container.lines[0]?.endsWith('…'));
  assert.ok(estimateTextWidth(container.lines[0] ?? '', 12) <= container.width - 30 - 14);
  assert.equal(container.stateName, name);
  const order = await layoutGraph(buildGraphModel(ORDER));
  assert.deepEqual(order.nodes.find((n) => n.id === 'ChargeAndNotify')?.lines, ['ChargeAndNotify']);
  assert.deepEqual(order.nodes.find((n) => n.id === 'ChargeAndNotify/Branches/1')?.lines, ['Branch 2']);
});

test('layout is deterministic', async () => {
  const a = await layoutGraph(buildGraphModel(ORDER));
  const b = await layoutGraph(buildGraphModel(ORDER));
  assert.deepEqual(a, b);
});

test('small edits keep the reading order of the unchanged states', async () => {
  const before = await layoutGraph(buildGraphModel(ORDER));
  const original = new Set(before.nodes.map((n) => n.id));

  const longerWait = cloneJson(ORDER);
  ((longerWait['States'] as JsonObject)['WaitForCourier'] as JsonObject)['Seconds'] = 3600;
  const afterDetail = await layoutGraph(buildGraphModel(longerWait));
  assert.deepEqual(
    readingOrder(afterDetail, (id) => original.has(id)),
    readingOrder(before, (id) => original.has(id)),
  );

  const inserted = cloneJson(ORDER);
  const states = inserted['States'] as JsonObject;
  const ship = states['Ship'] as JsonObject;
  delete ship['End'];
  ship['Next'] = 'Audit';
  states['Audit'] = { Type: 'Pass', End: true };
  const afterInsert = await layoutGraph(buildGraphModel(inserted));
  const unchanged = (id: string): boolean => original.has(id) && id !== '::end';
  assert.deepEqual(readingOrder(afterInsert, unchanged), readingOrder(before, unchanged));
});

test('an empty or broken definition still lays out (markers only)', async () => {
  const layout = await layoutGraph(buildGraphModel(null));
  assert.deepEqual(
    layout.nodes.map((n) => n.id),
    ['::start', '::end'],
  );
  assert.ok(layout.width > 0 && layout.height > 0);
});

test('self loops, loops through compounds and empty branches lay out with routed edges', async () => {
  const cases: JsonObject[] = [
    { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } },
    {
      StartAt: 'A',
      States: {
        A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'A' }], Default: 'A' },
      },
    },
    {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', Next: 'X' } } },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'M' }],
          Next: 'M',
        },
      },
    },
    { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{}, { States: {} }], End: true } } },
  ];
  for (const definition of cases) {
    const model = buildGraphModel(definition);
    const layout = await layoutGraph(model);
    assert.equal(layout.nodes.length, model.nodes.length, JSON.stringify(definition));
    assert.equal(layout.edges.length, model.edges.length);
    for (const edge of layout.edges) assert.ok(edge.points.length >= 2, edge.id);
  }
});
