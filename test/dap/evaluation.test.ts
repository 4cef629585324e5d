// Expressions typed at a pause (watch, hover, console, breakpoint conditions) run through core's guarded
// JSONata engine, over a real DAP client (issue #20 point 3, issue #13): AWS's functions are there, `$eval` is
// not, the depth bound holds, prototypes are out of reach; an endless expression or a backtracking regular
// expression leaves the adapter answering other requests while it runs, and terminate stops it.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapHarness, fixture, lineOf } from './harness';

const VARIABLES = fixture('variables.asl.json');
const VARIABLES_TEXT = readFileSync(VARIABLES, 'utf8');
const ENDLESS = '($f := function($x) { $f($x) }; $f(1))';
const BACKTRACKING = `$contains("${'a'.repeat(34)}b", /^(a+)+$/)`;

let dap: DapHarness | undefined;
afterEach(async () => {
  await dap?.close();
  dap = undefined;
});

/** Launches the variables machine and stops before Check. */
async function stoppedAtCheck(): Promise<DapHarness> {
  dap = await DapHarness.start();
  const session = dap;
  await session.launch({ definition: VARIABLES, input: { order: { id: 7, lines: [3, 4] } } }, async () => {
    await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Check' }] });
  });
  await session.stopped();
  return session;
}

/** Records the order in which promises settle. */
function settleOrder(): { order: string[]; track<T>(name: string, promise: Promise<T>): Promise<T> } {
  const order: string[] = [];
  return {
    order,
    track: (name, promise) => {
      promise.then(
        () => order.push(name),
        () => order.push(name),
      );
      return promise;
    },
  };
}

test('watch, hover and console expressions have AWS’s JSONata functions and limits', async () => {
  const session = await stoppedAtCheck();
  assert.equal((await session.evaluate('$partition($.order.lines, 1)', 'repl')).result, '[[3],[4]]');
  assert.equal((await session.evaluate('$count($partition($.order.lines, 1))', 'watch')).result, '2');
  assert.equal(
    (await session.evaluate("$hash($customer.name, 'SHA-256')", 'hover')).result,
    JSON.stringify(createHash('sha256').update('Ada').digest('hex')),
  );
  assert.equal((await session.evaluate('$range(1, 3, 1)', 'repl')).result, '[1,2,3]');
  await assert.rejects(session.evaluate("$eval('1')"), /Attempted to invoke a non-function/);
  await assert.rejects(
    session.evaluate('($f := function($x) { $f($x) + 1 }; $f(1))', 'watch'),
    /The expression threw an error during evaluation: Stack overflow error/,
  );
  await assert.rejects(
    session.evaluate("$.__proto__.__defineGetter__('polluted', $.constructor)", 'watch'),
    /The expression returned nothing/,
  );
  // Prototype members are not reachable (JSONPath and JSONata), own members are.
  await assert.rejects(session.evaluate('$.order.constructor'), /No results for path/);
  await assert.rejects(session.evaluate('{% $.order.constructor %}'), /returned nothing/);
  assert.equal((await session.evaluate('$.order.id')).result, '7');
});

for (const [name, expression] of [
  ['an endless expression', ENDLESS],
  ['a backtracking regular expression', BACKTRACKING],
] as const) {
  test(`${name}: the adapter keeps answering, and terminate stops the evaluation`, async () => {
    const session = await stoppedAtCheck();
    const { order, track } = settleOrder();
    const evaluation = track('evaluate', session.evaluate(expression, 'watch'));
    const threads = await track('threads', session.dc.threadsRequest());
    assert.ok(threads.body.threads.length > 0);
    const stack = await track(
      'stackTrace',
      session.dc.stackTraceRequest({ threadId: threads.body.threads[0]?.id ?? 1 }),
    );
    assert.equal(stack.body.stackFrames[0]?.name, 'Check (Pass)');
    // Both answered while the evaluation was still running.
    assert.deepEqual(order, ['threads', 'stackTrace']);
    await track('terminate', session.dc.terminateRequest());
    await assert.rejects(evaluation, /Expression evaluation cancelled/);
    assert.deepEqual(order, ['threads', 'stackTrace', 'terminate', 'evaluate']);
  });
}

test('an endless breakpoint condition fails after the time bound and the run goes on; the adapter answers meanwhile', async () => {
  dap = await DapHarness.start();
  const session = dap;
  await session.launch({ definition: VARIABLES, input: {} }, async () => {
    await session.dc.setBreakpointsRequest({
      source: { path: VARIABLES },
      breakpoints: [{ line: lineOf('"Check": {', VARIABLES_TEXT), condition: ENDLESS }],
    });
  });
  const { order, track } = settleOrder();
  const problem = track(
    'condition failed',
    session.until<DebugProtocol.OutputEvent>('output', (event) =>
      event.body.output.includes('Breakpoint condition'),
    ),
  );
  await track('threads', session.dc.threadsRequest());
  const event = await problem;
  assert.deepEqual(order, ['threads', 'condition failed']);
  assert.match(
    event.body.output,
    /The expression threw an error during evaluation: Expression evaluation timeout: Check for infinite loop/,
  );
  await session.next('terminated');
});
