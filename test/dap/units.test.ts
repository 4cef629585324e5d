// Unit tests of the adapter's pure parts: the stepping rules, step-back targets, expression
// dispatch, breakpoint binding in a YAML definition, hit counts, and copy-on-write edits.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument, type JsonValue, type StateFrame } from '../../core';
import { BreakpointRegistry } from '../../debug-adapter/breakpoints';
import { definitionFileSource } from '../../debug-adapter/source';
import {
  DEBUGGER_REGEX_MILLISECONDS,
  evaluateExpression,
  interpolateMessage,
  isTruthy,
  type EvaluationScope,
} from '../../debug-adapter/expressions';
import { stepBackTarget, stepStopsAt, type PointInfo, type StepPlan } from '../../debug-adapter/stepping';
import { replaceAt } from '../../debug-adapter/variables';

const point = (seq: number, kind: PointInfo['kind'], threadId: number, stateSeq = seq): PointInfo => ({
  seq,
  kind,
  threadId,
  stateSeq,
});

test('step over stays in the thread (and its stages only from a stage); step in takes the next point; step out leaves', () => {
  const fromState: StepPlan = { kind: 'next', origin: point(10, 'state', 2), ancestors: new Set([1]) };
  assert.equal(stepStopsAt(fromState, point(11, 'stage', 2, 10)), false, 'own stage skipped');
  assert.equal(stepStopsAt(fromState, point(12, 'state', 3)), false, 'sibling iteration skipped');
  assert.equal(stepStopsAt(fromState, point(13, 'state', 2)), true, 'next state of the thread');
  assert.equal(stepStopsAt(fromState, point(14, 'stage', 1, 5)), true, 'back in the enclosing Map');
  assert.equal(stepStopsAt(fromState, point(15, 'error', 2, 10)), false, 'errors are for exception filters');

  const fromStage: StepPlan = { kind: 'next', origin: point(11, 'stage', 2, 10), ancestors: new Set([1]) };
  assert.equal(stepStopsAt(fromStage, point(12, 'stage', 2, 10)), true, 'next stage of the same state');
  assert.equal(stepStopsAt(fromStage, point(12, 'stage', 4, 12)), false, 'a child thread stage');

  const stepIn: StepPlan = { kind: 'stepIn', origin: point(10, 'state', 1), ancestors: new Set() };
  assert.equal(stepStopsAt(stepIn, point(11, 'stage', 1, 10)), true);
  assert.equal(stepStopsAt(stepIn, point(11, 'state', 7)), true);

  const outOfBranch: StepPlan = {
    kind: 'stepOut',
    origin: point(20, 'state', 5),
    ancestors: new Set([2, 1]),
  };
  assert.equal(stepStopsAt(outOfBranch, point(21, 'state', 5)), false);
  assert.equal(stepStopsAt(outOfBranch, point(22, 'state', 6)), false);
  assert.equal(stepStopsAt(outOfBranch, point(23, 'stage', 2, 18)), true);
  const outOfTopLevelState: StepPlan = {
    kind: 'stepOut',
    origin: point(3, 'state', 1),
    ancestors: new Set(),
  };
  assert.equal(stepStopsAt(outOfTopLevelState, point(9, 'state', 1)), false, 'runs to the end');
});

test('step back goes to the previous state of the thread or its enclosing threads, or within the state', () => {
  const trail = [
    point(1, 'state', 1),
    point(2, 'stage', 1, 1),
    point(3, 'state', 1),
    point(4, 'stage', 1, 3),
    point(5, 'state', 2),
    point(6, 'state', 3),
    point(7, 'error', 3, 6),
    point(8, 'stage', 1, 3),
    point(9, 'state', 1),
  ];
  assert.equal(stepBackTarget(trail, point(9, 'state', 1), new Set()), 3, 'over the Map, to the Map');
  assert.equal(
    stepBackTarget(trail, point(6, 'state', 3), new Set([1])),
    3,
    'first state of an iteration: its Map',
  );
  assert.equal(
    stepBackTarget(trail, point(8, 'stage', 1, 3), new Set()),
    4,
    'previous stage of the same state',
  );
  assert.equal(stepBackTarget(trail, point(4, 'stage', 1, 3), new Set()), 3, 'the state itself');
  assert.equal(stepBackTarget(trail, point(1, 'state', 1), new Set()), undefined, 'nothing before the start');
});

const scope: EvaluationScope = {
  input: {
    order: {
      id: 7,
      lines: [
        { sku: 'a', qty: 2 },
        { sku: 'b', qty: 0 },
      ],
    },
  },
  context: { Execution: { Name: 'run-1' } },
  variables: { limit: 5, states: 'shadowing' },
};

test('expressions dispatch to JSONPath, intrinsics or JSONata', async () => {
  assert.equal((await evaluateExpression('$.order.id', scope)).value, 7);
  assert.equal((await evaluateExpression('$.order.lines[?(@.qty > 0)].sku', scope)).language, 'JSONPath');
  assert.deepEqual((await evaluateExpression('$.order.lines[?(@.qty > 0)].sku', scope)).value, ['a']);
  assert.equal((await evaluateExpression('$$.Execution.Name', scope)).value, 'run-1');
  assert.equal((await evaluateExpression('$limit', scope)).value, 5);
  assert.equal((await evaluateExpression('States.MathAdd($.order.id, $limit)', scope)).value, 12);
  const jsonata = await evaluateExpression('$sum(order.lines.qty) + $limit', scope);
  assert.deepEqual([jsonata.language, jsonata.value], ['JSONata', 7]);
  assert.equal((await evaluateExpression('{% $.order.id * 2 %}', scope)).value, 14);
  // A variable named `states` is a variable here (JSONPath); JSONata's $states needs no variable.
  assert.equal((await evaluateExpression('$states', scope)).value, 'shadowing');
  await assert.rejects(evaluateExpression('$.order.nope', scope), /No results for path|Missing property/);
  await assert.rejects(evaluateExpression('order.', scope), /JSONata syntax error/);
  await assert.rejects(evaluateExpression('States.Nope(1)', scope), /Nope/);
});

test('a backtracking =~ in a JSONPath typed at a pause stops at the debugger’s shorter bound', async () => {
  const hostile = { ...scope, input: { items: [{ name: 'a'.repeat(34) + 'b' }] } };
  await assert.rejects(
    evaluateExpression('$.items[?(@.name =~ /^(a+)+\\1$/)]', hostile),
    new RegExp(`did not finish matching within ${DEBUGGER_REGEX_MILLISECONDS / 1000} s`),
  );
  await assert.rejects(
    evaluateExpression('States.ArrayLength($.items[?(@.name =~ /^(a+)+$/)])', hostile),
    /did not finish matching/,
  );
});

test('truthiness and logpoint messages', async () => {
  assert.deepEqual(
    ([0, 1, '', 'x', [], [0], [0, 1], {}, { a: 1 }, null, false, true] as JsonValue[]).map((v) =>
      isTruthy(v),
    ),
    [false, true, false, true, false, false, true, false, true, false, false, true],
  );
  assert.equal(
    await interpolateMessage('order {$.order.id} has {$count(order.lines)} lines, {$.nope}!', scope),
    "order 7 has 2 lines, <No results for path: $['nope']>!",
  );
  assert.equal(
    await interpolateMessage('object {{"a": 1}.a} and a lone { brace', scope),
    'object 1 and a lone { brace',
  );
});

const YAML = `StartAt: First
States:
  First:
    Type: Pass
    Next: Loop
  Loop:
    Type: Map
    ItemProcessor:
      StartAt: Inner
      States:
        Inner:
          Type: Pass
          End: true
    End: true
`;

function frameFor(path: (string | number)[], stateName: string): StateFrame {
  return {
    threadId: 1,
    threadName: 'Execution',
    scope: [],
    stateName,
    stateType: 'Pass',
    definitionPath: path,
    input: { n: 1 },
    definition: {},
    context: null,
    variables: {},
    now: 0,
    transitions: 1,
    attempt: 1,
  };
}

test('line breakpoints in a YAML definition bind to the innermost state; hit counts count matching hits', async () => {
  const doc = definitionFileSource(
    '/tmp/machine.asl.yaml',
    parseDocument(YAML, { fileName: '/tmp/machine.asl.yaml' }),
  );
  const registry = new BreakpointRegistry();
  registry.setDebuggedSources([doc]);
  const bound = registry.setLineBreakpoints(
    '/tmp/machine.asl.yaml',
    [{ line: 13 }, { line: 4 }, { line: 1, condition: '$.n' }, { line: 8, hitCondition: 'sometimes' }],
    (line) => line - 1,
    doc,
  );
  assert.deepEqual(
    bound.map((b) => [b.verified, b.line, b.stateName]),
    [
      [true, 10, 'Inner'],
      [true, 2, 'First'],
      [false, undefined, undefined],
      [false, undefined, undefined],
    ],
  );
  assert.match(bound[3]?.message ?? '', /hit count 'sometimes'/);

  const inner = registry.candidates(
    frameFor(['States', 'Loop', 'ItemProcessor', 'States', 'Inner'], 'Inner'),
    '/tmp/machine.asl.yaml',
  );
  assert.deepEqual(
    inner.map((b) => b.id),
    [bound[0]?.id],
  );
  registry.setFunctionBreakpoints([{ name: 'First', hitCondition: '%2' }], [doc.model]);
  const first = frameFor(['States', 'First'], 'First');
  const scopeOf = { input: { n: 1 }, context: null, variables: {} };
  const stops: number[] = [];
  for (let i = 0; i < 4; i++)
    stops.push(
      (await registry.check(registry.candidates(first, '/tmp/machine.asl.yaml'), scopeOf, true)).stopIds
        .length,
    );
  // The line breakpoint on First stops every time; the function breakpoint every second time.
  assert.deepEqual(stops, [1, 2, 1, 2]);
});

test('edits copy only the objects along the path', () => {
  const original = { a: { b: [1, 2] }, untouched: { deep: true } };
  const edited = replaceAt(original, ['a', 'b', 1], 'x') as typeof original & { a: { b: unknown[] } };
  assert.deepEqual(edited, { a: { b: [1, 'x'] }, untouched: { deep: true } });
  assert.deepEqual(original.a.b, [1, 2]);
  assert.equal(edited.untouched, original.untouched);
  assert.throws(() => replaceAt(original, ['missing', 'x'], 1), /does not exist/);
});
