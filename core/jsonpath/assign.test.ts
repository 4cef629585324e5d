// Tests for setAtPath (ResultPath writes: copy-on-write, created intermediates, AWS failure message) and
// isReferencePath.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cloneJson, type JsonValue } from '../json';
import { isReferencePath, parseJsonPath, setAtPath, type ParsedPath } from './index';

function parse(text: string): ParsedPath {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) assert.fail(`'${text}' did not parse: ${parsed.message}`);
  return parsed.path;
}

function set(root: JsonValue, text: string, value: JsonValue): JsonValue {
  const result = setAtPath(root, parse(text), value);
  if (!result.ok) assert.fail(`setting ${text} failed: ${result.message}`);
  return result.value;
}

function failure(root: JsonValue, text: string, value: JsonValue = 'v'): string {
  const result = setAtPath(root, parse(text), value);
  if (result.ok) assert.fail(`setting ${text} unexpectedly succeeded: ${JSON.stringify(result.value)}`);
  return result.message;
}

function deepFreeze<T extends JsonValue>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child as JsonValue);
    Object.freeze(value);
  }
  return value;
}

describe('setAtPath', () => {
  it('$ replaces the whole root', () => {
    assert.equal(set({ a: 1 }, '$', 'result'), 'result');
    assert.deepEqual(set('text', '$', { b: 2 }), { b: 2 });
  });

  it('adds and overwrites names (AWS conformance: map_state_item_selector ResultPath $.detail.shipped_output)', () => {
    const input = { detail: { 'delivery-partner': 'UQS', shipped: ['A', 'B', 'C'] } };
    assert.deepEqual(set(input, '$.detail.shipped_output', [1, 2, 3]), {
      detail: { 'delivery-partner': 'UQS', shipped: ['A', 'B', 'C'], shipped_output: [1, 2, 3] },
    });
    assert.deepEqual(set({ a: 1, b: 2 }, '$.a', null), { a: null, b: 2 });
    assert.deepEqual(set({}, "$['a b']", 1), { 'a b': 1 });
  });

  it('creates missing intermediate objects', () => {
    assert.deepEqual(set({}, '$.a.b.c', 1), { a: { b: { c: 1 } } });
    assert.deepEqual(set({ x: 0, a: {} }, '$.a.b', true), { x: 0, a: { b: true } });
  });

  it('writes into existing array elements, negative indexes counting from the end', () => {
    assert.deepEqual(set({ a: [1, 2, 3] }, '$.a[1]', 'x'), { a: [1, 'x', 3] });
    assert.deepEqual(set({ a: [1, 2, 3] }, '$.a[-1]', 'x'), { a: [1, 2, 'x'] });
    assert.deepEqual(set({ a: [{ b: 1 }] }, '$.a[0].c', 2), { a: [{ b: 1, c: 2 }] });
    assert.deepEqual(set([[0]], '$[0][0]', 9), [[9]]);
  });

  it('never mutates the input and copies only along the path', () => {
    const input = deepFreeze({ keep: { deep: [1, 2] }, edit: { inner: { x: 1 }, sibling: { y: 2 } } });
    const before = cloneJson(input);
    const output = set(input, '$.edit.inner.z', 3) as typeof input & { edit: { inner: { z?: number } } };
    assert.deepEqual(input, before);
    assert.deepEqual(output.edit.inner, { x: 1, z: 3 });
    assert.notEqual(output, input);
    assert.notEqual(output.edit, input.edit);
    assert.equal(output.keep, input.keep, 'untouched branches are shared');
    assert.equal(output.edit.sibling, input.edit.sibling, 'untouched siblings are shared');
  });

  it('sets a "__proto__" key as data without touching prototypes', () => {
    const output = set({}, '$.__proto__.polluted', true) as Record<string, JsonValue>;
    assert.deepEqual(Object.keys(output), ['__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(output, '__proto__')?.value, { polluted: true });
    assert.equal(Object.getPrototypeOf(output), Object.prototype);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it("fails with AWS's message when a non-object is in the way", () => {
    assert.equal(
      failure('text', '$.partitioned'),
      'Unable to apply ReferencePath $.partitioned to input "text"',
    );
    assert.equal(failure({ a: 1 }, '$.a.b'), 'Unable to apply ReferencePath $.a.b to input {"a":1}');
    assert.match(failure({ a: null }, '$.a.b'), /^Unable to apply ReferencePath \$\.a\.b to input/);
    assert.match(failure({ a: [1] }, '$.a.b'), /^Unable to apply ReferencePath/);
    assert.match(failure([1, 2], '$.a'), /^Unable to apply ReferencePath/);
  });

  it('fails on indexes that do not exist or are not applied to arrays', () => {
    assert.match(failure({ a: [1] }, '$.a[1]'), /^Unable to apply ReferencePath \$\.a\[1\]/);
    assert.match(failure({ a: [1] }, '$.a[-2]'), /^Unable to apply ReferencePath/);
    assert.match(failure({ a: { 0: 1 } }, '$.a[0]'), /^Unable to apply ReferencePath/);
    assert.match(failure({}, '$.a[0]'), /^Unable to apply ReferencePath/);
  });

  it('refuses paths that are not reference paths into the input', () => {
    assert.match(failure({}, '$$.Execution.Input'), /must start with '\$'/);
    assert.match(failure({}, '$var.x'), /must start with '\$'/);
    for (const text of [
      '$.a[*]',
      '$..a',
      "$['a','b']",
      '$.a[0,1]',
      '$.a[1:]',
      '$.a[?(@.b)]',
      '$.a.length()',
    ]) {
      assert.match(failure({ a: [] }, text), /is not a reference path/, text);
    }
  });
});

describe('isReferencePath', () => {
  const cases: Array<[string, boolean]> = [
    ['$', true],
    ['$.a.b', true],
    ["$['a b'][0]", true],
    ['$.a[-1]', true],
    ['$$.Execution.Input', true],
    ['$myVar.field', true],
    ["$['a','b']", false],
    ['$.a.length()', false],
    ['$.a[*]', false],
    ['$..a', false],
    ['$.a[0:1]', false],
    ['$.a[?(@.b)]', false],
  ];
  for (const [text, expected] of cases) {
    it(`${text} is ${expected ? '' : 'not '}a reference path`, () =>
      assert.equal(isReferencePath(parse(text)), expected));
  }
});
