// Tests of run overlays from real local executions (visited, retried, caught, failed states and the
// edges taken) and of the overlay classes given to nodes and edges.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute } from '../interpreter';
import type { JsonObject, JsonValue } from '../json';
import { buildGraphModel } from './model';
import { edgeOverlayClasses, edgesBetween, nodeOverlayClasses, runOverlay } from './overlay';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'order');
const readJson = (file: string): JsonValue =>
  JSON.parse(readFileSync(join(EXAMPLE, file), 'utf8')) as JsonValue;

const TASK = 'arn:aws:states:::lambda:invoke';

test('the order example: visited states, a retried task and the edges of the path', async () => {
  const definition = readJson('order.asl.json') as JsonObject;
  const model = buildGraphModel(definition);
  const result = await execute(definition, {
    input: readJson('order.input.json'),
    mocks: readJson('order.mocks.json') as JsonObject,
  });
  assert.equal(result.status, 'SUCCEEDED');
  const overlay = runOverlay(model, result.events);
  assert.deepEqual(overlay.visited, [
    'Validate',
    'HasLines',
    'ReserveStock',
    'ReserveLine',
    'ChargeAndNotify',
    'ChargeCard',
    'NotifyCustomer',
    'WaitForCourier',
    'Ship',
  ]);
  assert.deepEqual(overlay.retrying, ['ReserveLine']);
  assert.deepEqual(overlay.failed, []);
  assert.deepEqual(overlay.caught, []);
  assert.deepEqual(
    new Set(overlay.pathEdges),
    new Set([
      '::start::start',
      'Validate::next',
      'HasLines::choice:0',
      'ReserveStock/ItemProcessor::start::start',
      'ReserveStock/ItemProcessor/ReserveLine::end',
      'ReserveStock::next',
      'ChargeAndNotify/Branches/0::start::start',
      'ChargeAndNotify/Branches/0/ChargeCard::end',
      'ChargeAndNotify/Branches/1::start::start',
      'ChargeAndNotify/Branches/1/NotifyCustomer::end',
      'ChargeAndNotify::next',
      'WaitForCourier::next',
      'Ship::end',
    ]),
  );
});

test('a caught failure marks the state caught and follows the Catch edge', async () => {
  const definition: JsonObject = {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: TASK,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
        Next: 'Done',
      },
      Recover: { Type: 'Pass', Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  };
  const result = await execute(definition, { mocks: { Work: [{ Throw: { Error: 'Boom', Cause: 'x' } }] } });
  const overlay = runOverlay(buildGraphModel(definition), result.events);
  assert.deepEqual(overlay.caught, ['Work']);
  assert.deepEqual(overlay.failed, []);
  assert.deepEqual(overlay.retrying, []);
  assert.deepEqual(overlay.pathEdges, ['::start::start', 'Work::catch:0', 'Recover::next', 'Done::end']);
});

test('an uncaught failure marks the state failed and takes no end edge; a Fail state is failed', async () => {
  const uncaught: JsonObject = {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: TASK,
        Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1, IntervalSeconds: 1 }],
        End: true,
      },
    },
  };
  const failed = await execute(uncaught, { mocks: { Work: [{ Throw: { Error: 'Boom' } }] } });
  assert.equal(failed.status, 'FAILED');
  const overlay = runOverlay(buildGraphModel(uncaught), failed.events);
  assert.deepEqual(overlay.failed, ['Work']);
  assert.deepEqual(overlay.retrying, ['Work'], 'it was retried once before failing');
  assert.deepEqual(overlay.pathEdges, ['::start::start']);

  const failState: JsonObject = { StartAt: 'Stop', States: { Stop: { Type: 'Fail', Error: 'E' } } };
  const stopped = await execute(failState, {});
  const stopOverlay = runOverlay(buildGraphModel(failState), stopped.events);
  assert.deepEqual(stopOverlay.failed, ['Stop']);
  assert.deepEqual(stopOverlay.pathEdges, ['::start::start', 'Stop::end']);
});

test('Choice transitions light the rule edges to the state taken', async () => {
  const definition: JsonObject = {
    StartAt: 'Pick',
    States: {
      Pick: {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Big' }],
        Default: 'Small',
      },
      Big: { Type: 'Succeed' },
      Small: { Type: 'Succeed' },
    },
  };
  const model = buildGraphModel(definition);
  const small = runOverlay(model, (await execute(definition, { input: { n: 0 } })).events);
  assert.deepEqual(small.pathEdges, ['::start::start', 'Pick::default', 'Small::end']);
  assert.deepEqual(edgesBetween(model, 'Pick', 'Big'), ['Pick::choice:0']);
  assert.deepEqual(edgesBetween(model, 'Pick', 'Nope'), []);
});

test('overlay classes match nodes by state name or id, edges by id', () => {
  const node = { id: 'P/Branches/0/A', stateName: 'A' };
  assert.deepEqual(
    nodeOverlayClasses(node, { visited: ['A'], failed: ['P/Branches/0/A'], active: ['B'], selected: 'A' }),
    ['st-visited', 'st-failed', 'st-selected'],
  );
  assert.deepEqual(nodeOverlayClasses({ id: '::start' }, { visited: ['::start'] }), []);
  assert.deepEqual(
    nodeOverlayClasses(node, { breakpoints: ['A'], uncovered: ['A'], caught: ['A'], retrying: ['A'] }),
    ['st-caught', 'st-retrying', 'st-uncovered', 'st-breakpoint'],
  );
  assert.deepEqual(edgeOverlayClasses('A::next', { pathEdges: ['A::next'] }), ['st-path']);
  assert.deepEqual(edgeOverlayClasses('A::next', { lastEdge: 'A::next' }), ['st-path', 'st-last']);
  assert.deepEqual(edgeOverlayClasses('A::next', {}), []);
});
