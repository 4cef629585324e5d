// Names that are Object.prototype members, in every place a definition, an input or a caller names data
// (issue #20, point 2): JSONPath reads, payload keys, intrinsics, Assign variables, task handlers and mocks,
// substitutions. Each is an ordinary name: it never reaches an inherited value and never sets a prototype.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, JsonValue } from '../json';
import { applySubstitutions } from './substitutions';
import { execute } from './index';
import { simpleMocks } from '../mocks';

const parsed = (text: string): JsonObject => JSON.parse(text) as JsonObject;

function pass(fields: JsonObject, queryLanguage = 'JSONPath'): JsonObject {
  return {
    QueryLanguage: queryLanguage,
    StartAt: 'P',
    States: { P: { Type: 'Pass', ...fields, End: true } },
  };
}

function prototypeShape(): string {
  return JSON.stringify(Object.getOwnPropertyNames(Object.prototype).sort());
}

describe('JSONPath and payload templates', () => {
  for (const path of ['$.__proto__', '$.constructor', '$.toString']) {
    test(`${path} on {} is not found`, async () => {
      const result = await execute(pass({ Parameters: { 'x.$': path } }), { input: {} });
      assert.equal(result.status, 'FAILED');
      assert.equal(result.error, 'States.Runtime');
      assert.match(result.cause ?? '', /could not be found in the input '\{\}'/);
    });
  }

  test("an own '__proto__' member is read and written as a member", async () => {
    const result = await execute(
      pass({ Parameters: parsed('{"__proto__": {"polluted": true}, "x.$": "$[\'__proto__\'].a"}') }),
      {
        input: parsed('{"__proto__": {"a": 1}}'),
      },
    );
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, parsed('{"__proto__": {"polluted": true}, "x": 1}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('intrinsics', () => {
  test("States.StringToJson keeps a '__proto__' key as a member", async () => {
    const before = prototypeShape();
    const result = await execute(
      pass({ Parameters: { 'x.$': 'States.StringToJson(\'{"__proto__": {"polluted": true}}\')' } }),
    );
    assert.deepEqual(result.output, { x: parsed('{"__proto__": {"polluted": true}}') });
    assert.equal(prototypeShape(), before);
  });

  test("States.JsonMerge keeps a '__proto__' key as a member", async () => {
    const result = await execute(pass({ Parameters: { 'x.$': 'States.JsonMerge($.a, $.b, false)' } }), {
      input: parsed('{"a": {"k": 1}, "b": {"__proto__": {"polluted": true}}}'),
    });
    assert.deepEqual(result.output, { x: parsed('{"k": 1, "__proto__": {"polluted": true}}') });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('Assign', () => {
  const assign = parsed('{"__proto__": {"v": 1}, "constructor": 2}');
  test('variables named __proto__ and constructor are variables (JSONPath)', async () => {
    const result = await execute({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: assign, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'p.$': '$__proto__', 'c.$': '$constructor' }, End: true },
      },
    });
    assert.deepEqual(result.output, { p: { v: 1 }, c: 2 });
  });

  test('variables named __proto__ and constructor are variables (JSONata)', async () => {
    const result = await execute({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: assign, Next: 'B' },
        B: { Type: 'Pass', Output: { p: '{% $__proto__ %}', c: '{% $constructor %}' }, End: true },
      },
    });
    assert.deepEqual(result.output, { p: { v: 1 }, c: 2 });
  });

  test('an unassigned $constructor is not found', async () => {
    const result = await execute(pass({ Parameters: { 'c.$': '$constructor' } }));
    assert.equal(result.error, 'States.Runtime');
  });
});

describe('task handlers and mocks', () => {
  const task = (name: string): JsonObject => ({
    StartAt: name,
    States: {
      [name]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f' },
        End: true,
      },
    },
  });
  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    test(`a Task state named ${name} has no handler or mock unless given one`, async () => {
      // A source of other keys (as a MockSource: a key the machine lacks in the simple form is refused).
      const mocks = simpleMocks({ Other: [{ Return: 1 }] });
      const result = await execute(task(name), { taskHandlers: {}, mocks });
      assert.equal(result.status, 'FAILED');
      assert.equal(result.error, 'Stepthrough.MockMissing');
    });
  }

  test('a mock for a Task state named __proto__ answers it', async () => {
    const result = await execute(task('__proto__'), {
      mocks: parsed('{"__proto__": [{"Return": {"ok": 1}}]}'),
    });
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, { ok: 1 });
  });
});

describe('substitutions', () => {
  test('a placeholder named like a prototype member is left alone unless given', () => {
    const definition: JsonValue = { a: '${constructor}', b: 'x-${toString}', c: '${given}' };
    assert.deepEqual(applySubstitutions(definition, { given: 1 }), {
      a: '${constructor}',
      b: 'x-${toString}',
      c: 1,
    });
  });

  test("a substituted key named '__proto__' is a member", () => {
    const out = applySubstitutions(parsed('{"${k}": {"polluted": true}}'), { k: '__proto__' });
    assert.deepEqual(Object.keys(out as JsonObject), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
