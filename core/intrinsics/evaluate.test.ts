// Tests for evaluating each intrinsic: results beyond the recorded cases, argument validation and the
// States.Runtime errors, evaluation order, and AWS's (Java-style) rendering of values.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StatesError } from '../errors';
import type { JsonValue } from '../json';
import { evaluateIntrinsic, formatJavaNumber, parseIntrinsic, toCompactJson } from './index';
import type { IntrinsicEnv } from './index';
import { JavaRandom } from './java-random';

function envFor(input: JsonValue, overrides: Partial<IntrinsicEnv> = {}): IntrinsicEnv {
  return {
    resolvePath(path) {
      if (path === '$') return input;
      const key = /^\$\.([A-Za-z0-9_]+)$/.exec(path)?.[1];
      if (
        key === undefined ||
        input === null ||
        typeof input !== 'object' ||
        Array.isArray(input) ||
        !(key in input)
      ) {
        throw new StatesError('States.Runtime', `The JSONPath '${path}' could not be found in the input`);
      }
      return input[key] as JsonValue;
    },
    random: () => 0.5,
    uuid: () => '0f8fad5b-d9cb-469f-a165-70867728950e',
    ...overrides,
  };
}

function evaluate(
  expression: string,
  input: JsonValue = {},
  overrides: Partial<IntrinsicEnv> = {},
): JsonValue {
  const parsed = parseIntrinsic(expression);
  if (!parsed.ok) assert.fail(`parse failed: ${parsed.message}`);
  return evaluateIntrinsic(parsed.call, envFor(input, overrides));
}

function assertRuntimeError(expression: string, cause: RegExp, input: JsonValue = {}): void {
  assert.throws(
    () => evaluate(expression, input),
    (error: unknown) => {
      assert.ok(error instanceof StatesError, `expected StatesError, got ${String(error)}`);
      assert.equal(error.error, 'States.Runtime');
      assert.match(error.cause ?? '', cause);
      return true;
    },
  );
}

describe('States.Format', () => {
  it('treats escaped braces as literal text, not placeholders', () => {
    assert.equal(evaluate("States.Format('\\{\\} is {} and \\{{}\\}', 1, 'x')"), '{} is 1 and {x}');
    assert.equal(evaluate("States.Format('it\\'s {}', $.a)", { a: 'ok' }), "it's ok");
  });

  it('renders values as AWS does: Java-style objects and arrays, unquoted nested strings', () => {
    const input = { v: { s: 'txt', n: null, b: false, list: [1, 'two', { x: [] }], o: {} } };
    assert.equal(
      evaluate("States.Format('{}', $.v)", input),
      '{s=txt, n=null, b=false, list=[1, two, {x=[]}], o={}}',
    );
    assert.equal(evaluate("States.Format('{}|{}|{}', true, null, $.a)", { a: [] }), 'true|null|[]');
  });

  it('prints numbers the way Java prints them', () => {
    const input = { small: 0.00001, big: 12345678.5, huge: 1e21, int: 123456789, neg: -2.5 };
    assert.equal(
      evaluate("States.Format('{} {} {} {} {}', $.small, $.big, $.huge, $.int, $.neg)", input),
      '1.0E-5 1.23456785E7 1.0E21 123456789 -2.5',
    );
  });

  it('takes the template from a path, where every {} is a placeholder', () => {
    assert.equal(evaluate('States.Format($.t, 1, 2)', { t: '{}+{}' }), '1+2');
  });

  it('fails when placeholders and values do not match', () => {
    assertRuntimeError(
      "States.Format('{} {}', 1)",
      /States\.Format: the template has 2 \{\} placeholders but 1 value was given/,
    );
    assertRuntimeError("States.Format('none', 1)", /has 0 \{\} placeholders but 1 value/);
  });

  it('fails when the template is not a string', () => {
    assertRuntimeError('States.Format($.t)', /first argument must be a string, but it was number 5/, {
      t: 5,
    });
  });
});

describe('formatJavaNumber and toCompactJson', () => {
  it('formats numbers like Java/Jackson', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [-17, '-17'],
      [1.1, '1.1'],
      [0.001, '0.001'],
      [0.0001, '1.0E-4'],
      [1.5e-7, '1.5E-7'],
      [9999999.5, '9999999.5'],
      [10000000.5, '1.00000005E7'],
      [2 ** 53 + 2, '9007199254740994'],
      [1e18, '1000000000000000000'],
      [1e20, '1.0E20'],
      [1e300, '1.0E300'],
    ];
    for (const [value, text] of cases) assert.equal(formatJavaNumber(value), text, String(value));
  });

  it('writes compact JSON with escaped strings', () => {
    assert.equal(
      toCompactJson({ a: [1, 'x"y\n', null, true], 'k\\': { z: 0.5 } }),
      '{"a":[1,"x\\"y\\n",null,true],"k\\\\":{"z":0.5}}',
    );
  });
});

describe('States.StringToJson and States.JsonToString', () => {
  it('round-trips nested values', () => {
    const value = { a: [1, { b: 'c' }], d: null };
    assert.deepEqual(evaluate('States.StringToJson(States.JsonToString($.v))', { v: value }), value);
  });

  it('parses "-0" as 0', () => {
    assert.ok(Object.is(evaluate('States.StringToJson($.s)', { s: '-0' }), 0));
  });

  it('rejects invalid JSON text and non-strings', () => {
    assertRuntimeError(
      "States.StringToJson('{a:1}')",
      /States\.StringToJson: the argument is not valid JSON text/,
    );
    assertRuntimeError('States.StringToJson($.n)', /must be a string, but it was number 1/, { n: 1 });
  });

  it('JsonToString writes compact JSON for every type', () => {
    assert.equal(
      evaluate('States.JsonToString($.v)', { v: { a: [1, 'b'], c: { d: null } } }),
      '{"a":[1,"b"],"c":{"d":null}}',
    );
    assert.equal(evaluate('States.JsonToString($.v)', { v: 0.00001 }), '1.0E-5');
  });
});

describe('States.JsonMerge', () => {
  it('replaces whole values (shallow)', () => {
    assert.deepEqual(
      evaluate('States.JsonMerge($.a, $.b, false)', { a: { x: { p: 1 }, y: 1 }, b: { x: { q: 2 } } }),
      { x: { q: 2 }, y: 1 },
    );
  });
  it('rejects deep merge and non-objects', () => {
    assertRuntimeError('States.JsonMerge($.a, $.a, true)', /deep merge .* is not supported/, { a: {} });
    assertRuntimeError(
      'States.JsonMerge($.a, $.b, false)',
      /second argument must be a JSON object, but it was array/,
      { a: {}, b: [] },
    );
    assertRuntimeError("States.JsonMerge($.a, $.a, 'false')", /third argument must be a boolean/, { a: {} });
  });
});

describe('array intrinsics', () => {
  it('States.Array copies path values instead of aliasing the input', () => {
    const input = { obj: { n: 1 } };
    const result = evaluate('States.Array($.obj)', input) as { n: number }[];
    assert.deepEqual(result, [{ n: 1 }]);
    assert.notEqual(result[0], input.obj);
  });

  it('States.ArrayPartition rounds the chunk size and rejects non-positive sizes', () => {
    assert.deepEqual(evaluate('States.ArrayPartition($.a, 1.5)', { a: [1, 2, 3] }), [[1, 2], [3]]);
    assertRuntimeError(
      'States.ArrayPartition($.a, 0)',
      /chunk size must be a positive integer, but it was 0/,
      { a: [1] },
    );
    assertRuntimeError('States.ArrayPartition($.a, -1)', /chunk size must be a positive integer/, { a: [1] });
    assertRuntimeError(
      "States.ArrayPartition('abc', 1)",
      /first argument must be an array, but it was string "abc"/,
    );
  });

  it('States.ArrayContains compares objects deeply and requires an array', () => {
    assert.equal(
      evaluate('States.ArrayContains($.a, $.v)', { a: [{ x: [1, { y: 2 }] }], v: { x: [1, { y: 2 }] } }),
      true,
    );
    assert.equal(evaluate("States.ArrayContains($.a, '1')", { a: [1] }), false);
    assertRuntimeError('States.ArrayContains($.a, 1)', /must be an array/, { a: { 0: 1 } });
  });

  it('States.ArrayRange counts down with a negative step and is empty when the step points away', () => {
    assert.deepEqual(evaluate('States.ArrayRange(10, 1, -3)'), [10, 7, 4, 1]);
    assert.deepEqual(evaluate('States.ArrayRange(1, 10, -1)'), []);
    assert.deepEqual(evaluate('States.ArrayRange(5, 5, 2)'), [5]);
    assert.deepEqual(evaluate('States.ArrayRange(0.5, 2.4, 1)'), [1, 2]);
  });

  it('States.ArrayRange allows 1000 items, not 1001, and rejects a zero step', () => {
    assert.equal((evaluate('States.ArrayRange(1, 1000, 1)') as number[]).length, 1000);
    assertRuntimeError('States.ArrayRange(0, 1000, 1)', /would contain 1001 items; .* at most 1000/);
    assertRuntimeError('States.ArrayRange(0, 10, 0)', /step .* must not be 0/);
    assertRuntimeError("States.ArrayRange('0', 10, 1)", /first argument must be a number/);
  });

  it('States.ArrayGetItem checks the index', () => {
    assert.equal(evaluate('States.ArrayGetItem($.a, 0)', { a: ['x'] }), 'x');
    assertRuntimeError('States.ArrayGetItem($.a, 3)', /index 3 is out of bounds for an array of length 3/, {
      a: [1, 2, 3],
    });
    assertRuntimeError('States.ArrayGetItem($.a, -1)', /index -1 is out of bounds/, { a: [1] });
    assertRuntimeError('States.ArrayGetItem($.a, 0.5)', /second argument must be an integer/, { a: [1] });
  });

  it('States.ArrayUnique keeps first occurrences in order, comparing deeply', () => {
    const a = [3, 1, 3, { k: [1] }, 'x', { k: [1] }, null, 1, null, 'x', { k: [2] }];
    assert.deepEqual(evaluate('States.ArrayUnique($.a)', { a }), [3, 1, { k: [1] }, 'x', null, { k: [2] }]);
  });

  it('States.ArrayLength requires an array', () => {
    assertRuntimeError("States.ArrayLength('abc')", /must be an array/);
  });
});

describe('encoding and hashing', () => {
  it('Base64 round-trips non-ASCII text as UTF-8', () => {
    assert.equal(evaluate("States.Base64Encode('héllo ✓')"), 'aMOpbGxvIOKckw==');
    assert.equal(evaluate("States.Base64Decode('aMOpbGxvIOKckw==')"), 'héllo ✓');
    assert.equal(evaluate("States.Base64Decode('aMOpbGxvIOKckw')"), 'héllo ✓');
  });

  it('rejects invalid Base64', () => {
    assertRuntimeError("States.Base64Decode('abc$')", /not valid Base64/);
    assertRuntimeError("States.Base64Decode('abcde')", /not valid Base64/);
    assertRuntimeError("States.Base64Decode('ab=c')", /not valid Base64/);
  });

  it('limits the input to 10,000 characters', () => {
    assert.equal(typeof evaluate('States.Base64Encode($.s)', { s: 'a'.repeat(10000) }), 'string');
    assertRuntimeError('States.Base64Encode($.s)', /has 10001 characters; the maximum is 10000/, {
      s: 'a'.repeat(10001),
    });
    assertRuntimeError("States.Hash($.s, 'MD5')", /maximum is 10000/, { s: 'a'.repeat(10001) });
  });

  it('States.Hash accepts only the five exact algorithm names and string data', () => {
    assert.equal(evaluate("States.Hash('', 'MD5')"), 'd41d8cd98f00b204e9800998ecf8427e');
    assertRuntimeError(
      "States.Hash('x', 'sha-256')",
      /unsupported algorithm "sha-256"; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512/,
    );
    assertRuntimeError("States.Hash($.o, 'MD5')", /first argument must be a string, but it was object/, {
      o: { a: 1 },
    });
  });
});

describe('math and randomness', () => {
  it('States.MathAdd rounds each argument (halves towards +infinity) and never returns -0', () => {
    assert.equal(evaluate('States.MathAdd(2147483647, -2147483648)'), -1);
    assert.ok(Object.is(evaluate('States.MathAdd(-0.4, 0)'), 0));
  });

  it('States.MathAdd rejects values outside 32-bit integers and non-numbers', () => {
    assertRuntimeError(
      'States.MathAdd(2147483648, 0)',
      /2147483648 is outside the supported range -2147483648 to 2147483647/,
    );
    assertRuntimeError("States.MathAdd('1', 2)", /first argument must be a number, but it was string "1"/);
  });

  it('States.MathRandom without a seed maps env.random() onto [start, end)', () => {
    assert.equal(evaluate('States.MathRandom(10, 20)', {}, { random: () => 0 }), 10);
    assert.equal(evaluate('States.MathRandom(10, 20)', {}, { random: () => 0.999999 }), 19);
    assert.equal(evaluate('States.MathRandom(-5, 5)', {}, { random: () => 0.5 }), 0);
  });

  it('States.MathRandom with a seed is deterministic and does not use env.random()', () => {
    const noRandom = { random: (): number => assert.fail('env.random must not be used with a seed') };
    const first = evaluate('States.MathRandom(0, 999, 3)', {}, noRandom);
    assert.equal(first, 239); // java.util.Random(3).nextInt(999)
    assert.equal(evaluate('States.MathRandom(0, 999, 3)', {}, noRandom), first);
    assert.notEqual(evaluate('States.MathRandom(0, 999, 4)', {}, noRandom), first);
  });

  it('States.MathRandom needs end > start', () => {
    assertRuntimeError('States.MathRandom(5, 5)', /end \(5\) must be greater than the start \(5\)/);
  });

  it('States.UUID returns env.uuid() and takes no arguments', () => {
    assert.equal(evaluate('States.UUID()'), '0f8fad5b-d9cb-469f-a165-70867728950e');
    assertRuntimeError('States.UUID(1)', /Invalid arguments in States\.UUID: expected 0 arguments, got 1/);
  });
});

describe('JavaRandom matches java.util.Random', () => {
  it('reproduces well-known outputs', () => {
    assert.equal(new JavaRandom(42).nextIntUnbounded(), -1170105035);
    assert.equal(new JavaRandom(0).nextIntUnbounded(), -1155484576);
    assert.equal(new JavaRandom(42).nextInt(10), 0);
    assert.equal(new JavaRandom(42).nextDouble(), 0.7275636800328681);
  });

  it('stays within the bound, including power-of-two bounds', () => {
    const generator = new JavaRandom(123);
    for (let i = 0; i < 500; i++) {
      const bound = i % 2 === 0 ? 16 : 1000;
      const value = generator.nextInt(bound);
      assert.ok(Number.isInteger(value) && value >= 0 && value < bound);
    }
  });
});

describe('States.StringSplit', () => {
  it('handles empty inputs, no delimiters and non-BMP delimiter characters', () => {
    assert.deepEqual(evaluate("States.StringSplit('', ',')"), []);
    assert.deepEqual(evaluate("States.StringSplit('a,b', '')"), ['a,b']);
    assert.deepEqual(evaluate("States.StringSplit('a😀b😀', '😀')"), ['a', 'b']);
  });
  it('requires strings', () => {
    assertRuntimeError("States.StringSplit($.a, ',')", /first argument must be a string, but it was array/, {
      a: [],
    });
  });
});

describe('evaluation', () => {
  it('reports unknown functions and wrong argument counts as States.Runtime', () => {
    assertRuntimeError('States.Nope(1)', /Unknown intrinsic function States\.Nope/);
    assertRuntimeError(
      'States.ArrayLength()',
      /Invalid arguments in States\.ArrayLength: expected 1 argument, got 0/,
    );
    assertRuntimeError('States.MathRandom(1)', /expected 2 to 3 arguments, got 1/);
    assertRuntimeError('States.Format()', /expected at least 1 argument, got 0/);
  });

  it('propagates path errors from the environment unchanged', () => {
    assertRuntimeError('States.Array($.missing)', /The JSONPath '\$\.missing' could not be found/);
  });

  it('evaluates arguments left to right, nested calls first', () => {
    const seen: string[] = [];
    const env = envFor({ a: 1, b: 2, c: 3 });
    const resolve = env.resolvePath.bind(env);
    const parsed = parseIntrinsic('States.Array($.a, States.Array($.b), $.c)');
    assert.ok(parsed.ok);
    const result = evaluateIntrinsic(parsed.call, {
      ...env,
      resolvePath: (path) => {
        seen.push(path);
        return resolve(path);
      },
    });
    assert.deepEqual(result, [1, [2], 3]);
    assert.deepEqual(seen, ['$.a', '$.b', '$.c']);
  });
});
