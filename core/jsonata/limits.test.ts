// Runaway expressions end with States.QueryEvaluationError instead of hanging or exhausting memory; the
// depth and memory bounds sit exactly where AWS's measured bounds are.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatesError } from '../errors';
import type { JsonValue } from '../json';
import { evaluateJsonata, LIMIT_MESSAGES, type JsonataLimits, type JsonataRuntime } from './index';

function runtimeWith(limits: Partial<JsonataLimits> = {}): JsonataRuntime {
  return { random: () => 0.5, uuid: () => 'id', limits };
}

// Tests of the depth and memory bounds must not depend on how busy the machine is: they get a time
// budget no evaluation here comes near. Only the tests of the time bound itself use a short one.
const unhurried = runtimeWith({ timeoutMs: 120_000 });
const quick = runtimeWith({ timeoutMs: 150 });

function evaluate(expression: string, runtime: JsonataRuntime = unhurried): Promise<JsonValue> {
  return evaluateJsonata(
    expression,
    { states: { input: {}, context: {} }, variables: {} },
    runtime,
    'Output/r',
  );
}

async function boundHit(expression: string, runtime: JsonataRuntime = unhurried): Promise<string> {
  try {
    await evaluate(expression, runtime);
  } catch (error) {
    assert.ok(error instanceof StatesError, String(error));
    assert.equal(error.error, 'States.QueryEvaluationError');
    const prefix = `The JSONata expression '${expression}' specified for the field 'Output/r' threw an error during evaluation`;
    assert.ok(error.cause?.startsWith(prefix), error.cause);
    return (error.cause ?? '').slice(prefix.length);
  }
  assert.fail(`${expression.slice(0, 40)} did not fail`);
}

const recursion = (n: number): string => `($f := function($x){ $x <= 0 ? 0 : 1 + $f($x-1) }; $f(${n}))`;

describe('nesting depth (AWS accepts 100, refuses 101)', () => {
  const shapes: [string, (n: number) => string, number][] = [
    ['an addition chain of n terms', (n) => '1' + '+1'.repeat(n - 1), 100],
    ['n nested parentheses', (n) => '('.repeat(n) + '1' + ')'.repeat(n), 99],
    ['n nested array constructors', (n) => '['.repeat(n) + '1' + ']'.repeat(n), 99],
    ['a chain of n ~> stages', (n) => '1' + '~>$string'.repeat(n), 99],
  ];
  for (const [name, build, accepted] of shapes) {
    test(`${name}: ${accepted} evaluates, ${accepted + 1} is refused`, async () => {
      await evaluate(build(accepted));
      assert.equal(await boundHit(build(accepted + 1)), `: ${LIMIT_MESSAGES.depth}`);
    });
  }

  test('non-tail recursion: $f(31) evaluates, $f(32) is refused, $f(1000000) ends at once', async () => {
    assert.equal(await evaluate(recursion(31)), 31);
    assert.equal(
      await boundHit(recursion(32)),
      ': Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.',
    );
    assert.equal(await boundHit(recursion(1_000_000)), `: ${LIMIT_MESSAGES.depth}`);
  });

  test('the bound is configurable', async () => {
    assert.equal(await boundHit('1+1+1+1+1+1', runtimeWith({ maxDepth: 5 })), `: ${LIMIT_MESSAGES.depth}`);
  });
});

describe('time', () => {
  test('tail recursion with no base case loops without nesting and ends on the clock', async () => {
    assert.equal(
      await boundHit('($f := function($x){ $f($x+1) }; $f(1))', quick),
      ': Expression evaluation timeout: Check for infinite loop',
    );
  });

  test('a cross product too large to build ends on the clock or the heap, never by crashing', async () => {
    const suffix = await boundHit('[1..800000].[1..800000]', quick);
    assert.ok([`: ${LIMIT_MESSAGES.timeout}`, `: ${LIMIT_MESSAGES.memory}`].includes(suffix), suffix);
  });
});

describe('memory (AWS measured bounds)', () => {
  test('[1..873782] evaluates; one element more, or $sum([1..900000]), is refused', async () => {
    const runtime = runtimeWith({ timeoutMs: 30_000 });
    assert.equal(await evaluate('[1..873782] ~> $count()', runtime), 873782);
    assert.equal(await boundHit('[1..873783] ~> $count()', runtime), `: ${LIMIT_MESSAGES.memory}`);
    assert.equal(
      await boundHit('$sum([1..900000])', runtime),
      ': Expression evaluation memory limit exceeded: Check for excessive memory usage',
    );
  });

  test('a string doubled 22 times evaluates; doubled 23 times it is refused', async () => {
    const runtime = runtimeWith({ timeoutMs: 30_000 });
    const doubling = (n: number): string =>
      `($p := function($s, $n) { $n = 0 ? $s : $p($s & $s, $n - 1) }; $length($p('x', ${n})))`;
    assert.equal(await evaluate(doubling(22), runtime), 4194304);
    assert.equal(await boundHit(doubling(23), runtime), `: ${LIMIT_MESSAGES.memory}`);
  });

  test('$range holds 360145 elements at most and refuses more before allocating', async () => {
    const runtime = runtimeWith({ timeoutMs: 30_000 });
    assert.equal(await evaluate('$count($range(1, 360145, 1))', runtime), 360145);
    assert.equal(await boundHit('$range(1, 360146, 1)'), `: ${LIMIT_MESSAGES.memory}`);
    assert.equal(await boundHit('$range(0, 1e15, 1)'), `: ${LIMIT_MESSAGES.memory}`);
  });

  test('building a giant string with $string, & or $pad is refused', async () => {
    const runtime = runtimeWith({ timeoutMs: 30_000 });
    assert.equal(await evaluate('$length($string([1..800000]))', runtime), 5488896);
    assert.equal(
      await boundHit('$string([1..800000]) & $string([1..800000])', runtime),
      `: ${LIMIT_MESSAGES.memory}`,
    );
    assert.equal(await boundHit("$pad('', 10000000, 'ab')", runtime), `: ${LIMIT_MESSAGES.memory}`);
  });

  test('the range operator keeps jsonata-js own bound (D2014) for absurd sizes', async () => {
    assert.equal(
      await boundHit('[0..1e9]'),
      '. D2014: The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate 1000000001.',
    );
  });

  test('the value bound is configurable', async () => {
    assert.equal(
      await boundHit("'abcdef' & 'ghijk'", runtimeWith({ maxValueBytes: 10 })),
      `: ${LIMIT_MESSAGES.memory}`,
    );
    assert.equal(await evaluate("'abcdef' & 'ghij'", runtimeWith({ maxValueBytes: 10 })), 'abcdefghij');
  });
});

describe('a long evaluation leaves the process responsive and can be cancelled', () => {
  const endless = '($f := function($x) { $f($x) }; $f(1))';

  test('other work runs while an endless tail recursion uses up its time', async () => {
    const order: string[] = [];
    const evaluation = boundHit(endless, runtimeWith({ timeoutMs: 1_000 })).then((cause) => {
      order.push('evaluation ended');
      return cause;
    });
    // Without yielding, this callback would wait for the whole evaluation.
    setImmediate(() => order.push('event loop ran'));
    assert.equal(await evaluation, `: ${LIMIT_MESSAGES.timeout}`);
    assert.deepEqual(order, ['event loop ran', 'evaluation ended']);
  });

  test('aborting the signal stops the evaluation at its next step', async () => {
    const controller = new AbortController();
    const evaluation = boundHit(endless, { ...runtimeWith(), signal: controller.signal });
    setImmediate(() => controller.abort());
    assert.equal(await evaluation, ': Expression evaluation cancelled');
  });

  test('aborting the signal stops a regular-expression match', async () => {
    const controller = new AbortController();
    const expression = `$contains("${'a'.repeat(34)}b", /^(a+)+$/)`;
    const evaluation = boundHit(expression, { ...runtimeWith(), signal: controller.signal });
    setImmediate(() => controller.abort());
    assert.equal(await evaluation, ': Expression evaluation cancelled');
  });
});
