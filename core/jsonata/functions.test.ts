// The functions Step Functions adds to JSONata, $eval's removal, and $now/$millis on the runtime clock.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatesError } from '../errors';
import type { JsonValue } from '../json';
import { evaluateJsonata, type JsonataBindings, type JsonataRuntime } from './index';

const bindings: JsonataBindings = { states: { input: {}, context: {} }, variables: {} };

function runtimeWith(overrides: Partial<JsonataRuntime> = {}): JsonataRuntime {
  let draws = 0;
  let ids = 0;
  return {
    random: () => [0.125, 0.5, 0.875][draws++ % 3] ?? 0,
    uuid: () => `00000000-0000-4000-8000-00000000000${ids++}`,
    ...overrides,
  };
}

function evaluate(expression: string, runtime: JsonataRuntime = runtimeWith()): Promise<JsonValue> {
  return evaluateJsonata(expression, bindings, runtime, 'Output');
}

async function causeOf(expression: string): Promise<string> {
  try {
    await evaluate(expression);
  } catch (error) {
    assert.ok(error instanceof StatesError);
    assert.equal(error.error, 'States.QueryEvaluationError');
    return error.cause ?? '';
  }
  assert.fail(`${expression} did not fail`);
}

function thrown(expression: string, tail: string): string {
  return `The JSONata expression '${expression}' specified for the field 'Output' threw an error during evaluation. ${tail}`;
}

function nothing(expression: string): string {
  return `The JSONata expression '${expression}' specified for the field 'Output' returned nothing (undefined).`;
}

describe('$partition', () => {
  test('chunks an array, the last chunk holding the remainder', async () => {
    assert.deepEqual(await evaluate('$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)'), [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    assert.deepEqual(await evaluate('$partition([1, 2, 3, 4, 5], 2)'), [[1, 2], [3, 4], [5]]);
  });

  test('a single chunk stays nested (it is an array, not a sequence)', async () => {
    assert.deepEqual(await evaluate('$partition([0], 1)'), [[0]]);
  });

  test('a fractional size is truncated towards zero', async () => {
    assert.deepEqual(await evaluate('$partition([1, 2, 3, 4, 5], 2.9)'), [[1, 2], [3, 4], [5]]);
  });

  test('no size gives the whole array as one chunk', async () => {
    assert.deepEqual(await evaluate('$partition([1, 2, 3])'), [[1, 2, 3]]);
  });

  test('an empty array, a size of zero (or -0.5) and a missing array give nothing', async () => {
    for (const expression of [
      '$partition([], 2)',
      '$partition([1, 2], 0)',
      '$partition([1, 2], -0.5)',
      '$partition($nothing, 2)',
    ]) {
      assert.equal(await causeOf(expression), nothing(expression));
    }
  });

  test('a negative size, a non-array and a non-number size are errors', async () => {
    assert.equal(
      await causeOf('$partition([1, 2], -1)'),
      thrown('$partition([1, 2], -1)', 'D3137: Second argument must be zero or greater'),
    );
    assert.equal(
      await causeOf('$partition(null, 2)'),
      thrown(
        '$partition(null, 2)',
        'T0412: Argument 1 of function "partition" must be an array of undefined',
      ),
    );
    assert.equal(
      await causeOf("$partition([1], 'a')"),
      thrown(
        "$partition([1], 'a')",
        'T0410: Argument 2 of function "partition" does not match function signature',
      ),
    );
    assert.equal(
      await causeOf('$partition([1], 1, 2)'),
      thrown(
        '$partition([1], 1, 2)',
        'T0410: Argument 3 of function "partition" does not match function signature',
      ),
    );
  });
});

describe('$range', () => {
  test('counts from start to end inclusive by step', async () => {
    assert.deepEqual(await evaluate('$range(0, 10, 2)'), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(await evaluate('$range(10, 0, -2)'), [10, 8, 6, 4, 2, 0]);
    assert.deepEqual(await evaluate('$range(0, 10, 3)'), [0, 3, 6, 9]);
  });

  test('a one-element range collapses to the number, as AWS returns for $range(1, 9, 9)', async () => {
    assert.equal(await evaluate('$range(1, 9, 9)'), 1);
    assert.equal(await evaluate('$range(3, 3, 1)'), 3);
    assert.deepEqual(await evaluate('[$range(3, 3, 1)]'), [3]);
  });

  test('arguments are truncated towards zero', async () => {
    assert.deepEqual(await evaluate('$range(-1.7, 2, 1)'), [-1, 0, 1, 2]);
    assert.deepEqual(await evaluate('$range(5, 1, -1.5)'), [5, 4, 3, 2, 1]);
  });

  test('no step, a zero step and a step in the wrong direction give nothing', async () => {
    for (const expression of ['$range(1, 5)', '$range(1, 5, 0)', '$range(5, 1, 1)', '$range(1, 5, -1)']) {
      assert.equal(await causeOf(expression), nothing(expression));
    }
  });

  test('missing or non-numeric bounds are signature errors', async () => {
    assert.equal(
      await causeOf('$range(1)'),
      thrown('$range(1)', 'T0410: Argument 2 of function "range" does not match function signature'),
    );
    assert.equal(
      await causeOf("$range('a', 2, 1)"),
      thrown("$range('a', 2, 1)", 'T0410: Argument 1 of function "range" does not match function signature'),
    );
  });

  test('can be used in a path', async () => {
    assert.equal(await evaluate('$range(0, 8, 2)[2]'), 4);
    assert.equal(await evaluate('$sum($range(1, 100, 1))'), 5050);
  });
});

describe('$hash', () => {
  test('hex digests of the UTF-8 bytes for the five algorithms', async () => {
    assert.equal(await evaluate("$hash('Hello', 'MD5')"), '8b1a9953c4611296a827abf8c47804d7');
    assert.equal(await evaluate("$hash('Hello', 'SHA-1')"), 'f7ff9e8b7bb2e09b70935a5d785e0cc5d9d0abf0');
    assert.equal(
      await evaluate("$hash('Hello', 'SHA-256')"),
      '185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969',
    );
    assert.equal(
      await evaluate("$hash('Hello', 'SHA-384')"),
      '3519fe5ad2c596efe3e276a6f351b8fc0b03db861782490d45f7598ebd0ab5fd5520ed102f38c4a5ec834e98668035fc',
    );
    assert.equal(
      await evaluate("$hash('Hello', 'SHA-512')"),
      '3615f80c9d293ed7402687f94b22d58e529b8cc7916f8fac7fddf7fbd5af4cf777d3d795a7a00a16bf7e7f3fb9561ee9baae480da9fe7a18769e71886b03f315',
    );
    assert.equal(await evaluate("$hash('ñ', 'MD5')"), '94e9342ecbb1458b6043ecd3bfcbc192');
  });

  test('algorithm names are case-sensitive', async () => {
    assert.equal(
      await causeOf("$hash('a', 'md5')"),
      thrown(
        "$hash('a', 'md5')",
        "D3137: Hash algorithm 'md5' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5",
      ),
    );
  });

  test('no algorithm gives nothing; a non-string value or algorithm is a signature error', async () => {
    assert.equal(await causeOf("$hash('a')"), nothing("$hash('a')"));
    assert.equal(
      await causeOf("$hash(42, 'MD5')"),
      thrown("$hash(42, 'MD5')", 'T0410: Argument 1 of function "hash" does not match function signature'),
    );
    assert.equal(
      await causeOf("$hash('a', 5)"),
      thrown("$hash('a', 5)", 'T0410: Argument 2 of function "hash" does not match function signature'),
    );
  });
});

describe('$random', () => {
  test('without a seed it draws from the runtime', async () => {
    assert.deepEqual(await evaluate('[$random(), $random()]'), [0.125, 0.5]);
  });

  test('a seed gives java.util.Random(seed).nextDouble(), as AWS', async () => {
    assert.equal(await evaluate('$random(42)'), 0.7275636800328681);
    assert.equal(await evaluate('$random(0)'), 0.730967787376657);
    assert.equal(await evaluate('$random(7)'), 0.7306990420600421);
    assert.equal(await evaluate('$random(0.9)'), 0.730967787376657);
    assert.equal(await evaluate('$random(42) = $random(42)'), true);
  });

  test('a non-numeric seed or a second argument is a signature error', async () => {
    assert.equal(
      await causeOf("$random('a')"),
      thrown("$random('a')", 'T0410: Argument 1 of function "random" does not match function signature'),
    );
    assert.equal(
      await causeOf('$random(1, 2)'),
      thrown('$random(1, 2)', 'T0410: Argument 2 of function "random" does not match function signature'),
    );
  });
});

describe('$uuid', () => {
  test('takes each id from the runtime', async () => {
    assert.deepEqual(await evaluate('[$uuid(), $uuid()]'), [
      '00000000-0000-4000-8000-000000000000',
      '00000000-0000-4000-8000-000000000001',
    ]);
  });

  test('takes no argument', async () => {
    assert.equal(
      await causeOf("$uuid('x')"),
      thrown("$uuid('x')", 'T0410: Argument 1 of function "uuid" does not match function signature'),
    );
  });
});

describe('$parse', () => {
  test('parses JSON texts of every type', async () => {
    assert.deepEqual(await evaluate(`$parse('{"a": [1, {"b": null}]}')`), { a: [1, { b: null }] });
    assert.equal(await evaluate(`$parse('"s"')`), 's');
    assert.equal(await evaluate(`$parse('1.5')`), 1.5);
    assert.equal(await evaluate(`$exists($parse('null'))`), true);
  });

  test('a parsed value can be navigated and mapped', async () => {
    assert.equal(await evaluate(`$parse('{"joinable": true}').joinable`), true);
    assert.deepEqual(await evaluate(`$map(['{"a":1}', '{"a":2}'], $parse).a`), [1, 2]);
  });

  test('invalid JSON, a repeated key and an out-of-range number are D3137', async () => {
    for (const text of ["'not json'", "''", `'{"a":1}{"b":2}'`, `'{"a":1,"a":2}'`, "'1e400'"]) {
      const expression = `$parse(${text})`;
      assert.equal(await causeOf(expression), thrown(expression, 'D3137: Invalid JSON'));
    }
  });

  test('no argument gives nothing; a non-string is a signature error', async () => {
    assert.equal(await causeOf('$parse()'), nothing('$parse()'));
    assert.equal(
      await causeOf('$parse(null)'),
      thrown('$parse(null)', 'T0410: Argument 1 of function "parse" does not match function signature'),
    );
  });
});

describe('$eval is not available', () => {
  test('calling it is T1006, as AWS answers', async () => {
    assert.equal(
      await causeOf('$eval("1+1")'),
      thrown('$eval("1+1")', 'T1006: Attempted to invoke a non-function'),
    );
  });

  test('reading it gives nothing', async () => {
    assert.equal(await evaluate('$exists($eval)'), false);
  });

  test('a workflow variable named eval is still readable', async () => {
    const value = await evaluateJsonata(
      '$eval',
      { states: { input: {}, context: {} }, variables: { eval: 3 } },
      runtimeWith(),
      'Output',
    );
    assert.equal(value, 3);
  });
});

describe('$now and $millis', () => {
  const at = Date.UTC(2024, 0, 2, 3, 4, 5, 6);

  test('use the runtime clock, fixed for the whole evaluation', async () => {
    const runtime = runtimeWith({ now: () => at });
    assert.equal(await evaluate('$now()', runtime), '2024-01-02T03:04:05.006Z');
    assert.equal(await evaluate('$millis()', runtime), at);
    assert.equal(await evaluate("$now('[Y0001]-[M01]-[D01]')", runtime), '2024-01-02');
    assert.equal(await evaluate('$now() = $now()', runtime), true);
  });

  test("$toMillis fills a picture's missing date from the same clock, so a run is reproducible", async () => {
    // JSONata defaults the date parts a picture leaves out to its evaluation timestamp; in a run that is
    // the execution's clock (on AWS the execution's own time, here the virtual one), not today's date.
    const runtime = runtimeWith({ now: () => at });
    assert.equal(await evaluate("$toMillis('10:30', '[H01]:[m01]')", runtime), Date.UTC(2024, 0, 2, 10, 30));
    const epoch = runtimeWith({ now: () => 0 });
    assert.equal(await evaluate("$toMillis('10:30', '[H01]:[m01]')", epoch), Date.UTC(1970, 0, 1, 10, 30));
  });

  test('default to the wall clock', async () => {
    const before = Date.now();
    const millis = await evaluate('$millis()');
    assert.ok(typeof millis === 'number' && millis >= before && millis <= Date.now());
  });
});

describe('standard JSONata functions keep their behaviour', () => {
  test('errors carry jsonata-js codes and messages', async () => {
    assert.equal(
      await causeOf("$sum(['a'])"),
      thrown("$sum(['a'])", 'T0412: Argument 1 of function "sum" must be an array of "numbers"'),
    );
  });

  test('$string writes whole numbers in full below 1e21', async () => {
    assert.equal(await evaluate('$string(1e20)'), '100000000000000000000');
    assert.equal(await evaluate('$string(1e21)'), '1e+21');
  });

  test('$count(null) is 1', async () => {
    assert.equal(await evaluate('$count(null)'), 1);
  });
});
