// No JSONata expression reaches JavaScript itself (issue #20, point 2): property reads see a value's own JSON
// members only, function values are opaque, object keys named like Object.prototype members are ordinary keys,
// and no expression changes the data it is given. The polluting machine of the issue runs here, followed by a
// normal run in the same process.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatesError } from '../errors';
import { execute } from '../interpreter';
import { cloneJson, type JsonValue } from '../json';
import { evaluateJsonata, type JsonataRuntime } from './index';

const runtime: JsonataRuntime = { random: () => 0.5, uuid: () => 'fixed-id' };

/** The own property names of Object.prototype and Array.prototype, to compare before and after. */
function prototypeShape(): string {
  return JSON.stringify([
    Object.getOwnPropertyNames(Object.prototype).sort(),
    Object.getOwnPropertyNames(Array.prototype).sort(),
    Object.getOwnPropertyNames(Function.prototype).sort(),
  ]);
}

/** An input with members named like prototype members, a JSON object carrying jsonata's marker keys. */
function hostileInput(): JsonValue {
  return JSON.parse(
    '{"own": {"__proto__": {"x": 1}, "constructor": 5}, "marker": {"_jsonata_function": true, ' +
      '"_jsonata_lambda": true, "a": 1}, "list": [1, 2], "s": "abc"}',
  ) as JsonValue;
}

type Outcome = { value: JsonValue } | { cause: string };

async function evaluate(expression: string, input: JsonValue): Promise<Outcome> {
  try {
    const bindings = { states: { input, context: { State: { Name: 'S' } } }, variables: {} };
    return { value: await evaluateJsonata(`{% ${expression} %}`, bindings, runtime, 'Output') };
  } catch (error) {
    assert.ok(error instanceof StatesError, String(error));
    const prefix = `The JSONata expression '${expression}' specified for the field 'Output' `;
    assert.ok(error.cause?.startsWith(prefix), error.cause);
    return { cause: (error.cause ?? '').slice(prefix.length) };
  }
}

const NOTHING = { cause: 'returned nothing (undefined).' };
const UNSUPPORTED = { cause: 'returned an unsupported result type.' };
const NOT_A_FUNCTION = {
  cause: 'threw an error during evaluation. T1006: Attempted to invoke a non-function',
};

describe('the polluting machine of issue #20', () => {
  test('fails cleanly, and Object.prototype and the next run are unaffected', async () => {
    const before = prototypeShape();
    const polluting = {
      QueryLanguage: 'JSONata',
      StartAt: 'Pollute',
      States: {
        Pollute: {
          Type: 'Pass',
          Output: "{% $states.input.__proto__.__defineGetter__('polluted', $states.input.constructor) %}",
          End: true,
        },
      },
    };
    const first = await execute(polluting, { input: { a: 1 } });
    assert.equal(first.status, 'FAILED');
    assert.equal(first.error, 'States.QueryEvaluationError');
    assert.match(first.cause ?? '', /returned nothing \(undefined\)\.$/);
    assert.equal(prototypeShape(), before);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);

    // What failed in the issue after the pollution: a Task with Retry and Catch (the engine sets such fields).
    const normal = {
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f', 'Payload.$': '$' },
          Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 1, IntervalSeconds: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recovered', ResultPath: '$.error' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    };
    const mocks = { Work: [{ Throw: { Error: 'Busy' } }, { Throw: { Error: 'Broken', Cause: 'no' } }] };
    const second = await execute(normal, { input: { order: 7 }, mocks });
    assert.equal(second.status, 'SUCCEEDED');
    assert.deepEqual(second.output, { order: 7, error: { Error: 'Broken', Cause: 'no' } });
    assert.deepEqual(second.states, ['Work', 'Recovered']);
  });
});

describe('reads see own JSON members only', () => {
  const cases: [string, Outcome][] = [
    ['$states.input.__proto__', NOTHING],
    ['$states.input.constructor', NOTHING],
    ['$states.input.toString', NOTHING],
    ['$states.input.hasOwnProperty', NOTHING],
    ['$states.input.__defineGetter__', NOTHING],
    ['$states.input.__lookupGetter__', NOTHING],
    ["$states.input.__lookupGetter__('__proto__')", NOT_A_FUNCTION],
    ['$states.input.list.constructor', NOTHING],
    ['$states.input.list.length', NOTHING],
    ['$states.input.s.length', NOTHING],
    ['$states.context.constructor', NOTHING],
    ["$lookup($states.input, 'constructor')", NOTHING],
    ["$lookup($states.input, '__proto__')", NOTHING],
    ['$keys($states.input.__proto__)', NOTHING],
    ['$string($states.input.constructor)', NOTHING],
    ['$$.constructor', NOTHING],
    // Members with those names are data like any other.
    ['$states.input.own.__proto__.x', { value: 1 }],
    ['$states.input.own.constructor', { value: 5 }],
    ["$lookup($states.input.own, 'constructor')", { value: 5 }],
    ['$keys($states.input.own)', { value: ['__proto__', 'constructor'] }],
    ['$each($states.input.own, function($v, $k) { $k })', { value: ['__proto__', 'constructor'] }],
    [
      '$sift($states.input.own, function($v) { true })',
      { value: JSON.parse('{"__proto__": {"x": 1}, "constructor": 5}') as JsonValue },
    ],
    ['$spread($states.input.own)[0]', { value: JSON.parse('{"__proto__": {"x": 1}}') as JsonValue }],
    // A JSON object with jsonata's marker keys is an object, not a function.
    ['$states.input.marker.a', { value: 1 }],
    ['$type($states.input.marker)', { value: 'object' }],
    ['$states.input.marker()', NOT_A_FUNCTION],
  ];
  for (const [expression, expected] of cases) {
    test(expression, async () => {
      const input = hostileInput();
      const before = prototypeShape();
      assert.deepEqual(await evaluate(expression, input), expected);
      assert.deepEqual(input, hostileInput(), 'the input was changed');
      assert.equal(prototypeShape(), before);
    });
  }
});

describe('function values are opaque and never leave as JSON', () => {
  const cases: [string, Outcome][] = [
    ['$sum.*', NOTHING],
    ['($f := function($x) { $x }; $f.*)', NOTHING],
    ['($f := function($x) { $x }; $f.environment)', NOTHING],
    ["$lookup($sum, 'implementation')", NOTHING],
    ['$keys($sum)', NOTHING],
    ['$spread([$sum]).implementation', NOTHING],
    ['$spread([$sum]).signature', NOTHING],
    ['$sum.**', UNSUPPORTED],
    ['$spread([$sum])', UNSUPPORTED],
    ['{"a": $sum}', UNSUPPORTED],
    ['/a/("a")', UNSUPPORTED],
    ['$string($sum)', { value: '' }],
    ["$eval('1')", NOT_A_FUNCTION],
  ];
  for (const [expression, expected] of cases) {
    test(expression, async () => {
      assert.deepEqual(await evaluate(expression, hostileInput()), expected);
    });
  }
});

describe('objects and variables named like prototype members', () => {
  const cases: [string, Outcome][] = [
    ['{"__proto__": {"a": 1}}', { value: JSON.parse('{"__proto__": {"a": 1}}') as JsonValue }],
    ['{"__proto__": {"a": 1}}.a', NOTHING],
    ['{"hasOwnProperty": 1, "b": 2}', { value: { hasOwnProperty: 1, b: 2 } }],
    ['$states.input{"constructor": 1, "toString": 2}', { value: { constructor: 1, toString: 2 } }],
    ['$merge([{"__proto__": 1}, {"b": 2}])', { value: JSON.parse('{"__proto__": 1, "b": 2}') as JsonValue }],
    ['($hasOwnProperty := 1; $x := 2; $x)', { value: 2 }],
    ['($__proto__ := {"y": 1}; $y)', NOTHING],
    ['($__proto__ := {"y": 1}; $__proto__)', { value: { y: 1 } }],
    ['$constructor', NOTHING],
    ['$toString', NOTHING],
  ];
  for (const [expression, expected] of cases) {
    test(expression, async () => {
      const before = prototypeShape();
      assert.deepEqual(await evaluate(expression, hostileInput()), expected);
      assert.equal(prototypeShape(), before);
    });
  }
});

describe('no expression changes the data it was given', () => {
  test('a transform changes its own copy, even with $clone rebound', async () => {
    const input = hostileInput();
    const outcome = await evaluate(
      '($clone := function($x) { $x }; $states.input ~> |$|{"added": true}|)',
      input,
    );
    assert.deepEqual(outcome, { value: { ...(cloneJson(hostileInput()) as object), added: true } });
    assert.deepEqual(input, hostileInput());
  });

  test('a transform whose pattern names the caller’s data leaves that data alone', async () => {
    const input = hostileInput();
    assert.deepEqual(await evaluate('$states.input ~> |$states.input|{"x": 1}|', input), {
      value: hostileInput(),
    });
    assert.deepEqual(input, hostileInput());
  });

  test("a transform's `__proto__` key is a member of the copy", async () => {
    const outcome = await evaluate('{"a": 1} ~> |$|{"__proto__": {"p": 1}}|', hostileInput());
    assert.deepEqual(outcome, { value: JSON.parse('{"a": 1, "__proto__": {"p": 1}}') as JsonValue });
  });

  test('calling an object leaves it as it was', async () => {
    const input = hostileInput();
    assert.deepEqual(await evaluate('$states.input.own()', input), NOT_A_FUNCTION);
    assert.deepEqual(input, hostileInput());
  });
});
