// Tests of the debug session overlay: which states are active, visited, failed, caught and retried,
// and which edges were taken, from the adapter's custom events, on a real graph model.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraphModel } from '../../core/graph/model';
import type { StepthroughEvent } from '../../debug-adapter/protocol';
import { DebugOverlayTracker } from './debugOverlay';

const MODEL = buildGraphModel({
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Next: 'B' },
    B: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Fallback' }],
      Next: 'C',
    },
    C: { Type: 'Succeed' },
    Fallback: { Type: 'Fail', Error: 'Oops' },
  },
});

function entered(state: string, threadId = 1): StepthroughEvent {
  return {
    type: 'stateStatus',
    status: 'entered',
    state,
    definitionPath: ['States', state],
    scope: [],
    threadId,
  };
}

function status(state: string, value: 'failed' | 'caught' | 'retrying' | 'succeeded'): StepthroughEvent {
  return {
    type: 'stateStatus',
    status: value,
    state,
    definitionPath: ['States', state],
    scope: [],
    threadId: 1,
  };
}

function paused(state: string): StepthroughEvent {
  return {
    type: 'paused',
    reason: 'breakpoint',
    state,
    definitionPath: ['States', state],
    scope: [],
    threadId: 1,
  };
}

function edgeId(from: string, to: string): string {
  const byName = new Map(MODEL.nodes.map((n) => [n.id, n.stateName]));
  const edge = MODEL.edges.find((e) => byName.get(e.source) === from && byName.get(e.target) === to);
  assert.ok(edge, `no edge ${from} → ${to}`);
  return edge.id;
}

const START_EDGE = MODEL.edges.find((e) => e.kind === 'start')?.id;

test('a paused session marks the stopped state active and the path that led to it', () => {
  const tracker = new DebugOverlayTracker(MODEL);
  assert.ok(tracker.apply({ type: 'runStarted', definitionFile: '/w/m.asl.json', reason: 'launch' }));
  assert.equal(tracker.definitionFile, '/w/m.asl.json');
  tracker.apply(entered('A'));
  tracker.apply(entered('B'));
  tracker.apply(paused('B'));
  const overlay = tracker.overlay();
  assert.deepEqual(overlay.active, ['B']);
  assert.deepEqual(overlay.visited, ['A', 'B']);
  assert.deepEqual(overlay.pathEdges, [START_EDGE, edgeId('A', 'B')]);
  assert.equal(overlay.lastEdge, edgeId('A', 'B'));
});

test('resuming clears the active state; the end of the run keeps the path', () => {
  const tracker = new DebugOverlayTracker(MODEL);
  tracker.apply(entered('A'));
  tracker.apply(paused('A'));
  assert.ok(tracker.apply({ type: 'resumed' }));
  assert.deepEqual(tracker.overlay().active, []);
  assert.ok(!tracker.apply({ type: 'resumed' }), 'nothing to clear twice');
  tracker.apply(entered('B'));
  tracker.apply(status('B', 'caught'));
  tracker.apply(entered('Fallback'));
  tracker.apply(status('Fallback', 'failed'));
  tracker.apply({ type: 'runEnded', status: 'FAILED', error: 'Oops' });
  const overlay = tracker.overlay();
  assert.ok(tracker.ended);
  assert.deepEqual(overlay.caught, ['B']);
  assert.deepEqual(overlay.failed, ['Fallback']);
  assert.deepEqual(overlay.visited, ['A', 'B', 'Fallback']);
  assert.ok(overlay.pathEdges?.includes(edgeId('B', 'Fallback')));
  assert.ok(!overlay.pathEdges?.includes(edgeId('B', 'C')));
});

test('a restart clears the marks of the previous run', () => {
  const tracker = new DebugOverlayTracker(MODEL);
  tracker.apply(entered('A'));
  tracker.apply(status('A', 'retrying'));
  tracker.apply({ type: 'runEnded', status: 'SUCCEEDED' });
  tracker.apply({ type: 'runStarted', definitionFile: '/w/m.asl.json', reason: 'restart' });
  assert.deepEqual(tracker.overlay(), {
    active: [],
    visited: [],
    failed: [],
    caught: [],
    retrying: [],
    pathEdges: [],
  });
  assert.ok(!tracker.ended);
});

test('edges are named per thread, and only once the graph is known', () => {
  const tracker = new DebugOverlayTracker();
  tracker.apply(entered('A', 1));
  assert.deepEqual(tracker.overlay().pathEdges, [], 'no graph yet: states only');
  assert.deepEqual(tracker.overlay().visited, ['A']);
  tracker.setShape(MODEL);
  tracker.apply(entered('A', 2));
  assert.deepEqual(
    tracker.overlay().pathEdges,
    [START_EDGE],
    "a thread's first state comes from its scope's start",
  );
  tracker.apply(entered('B', 1));
  assert.ok(tracker.overlay().pathEdges?.includes(edgeId('A', 'B')));
});
