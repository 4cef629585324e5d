// The bounds on values entering a run from outside (core/json.ts): nesting (MAX_INPUT_DEPTH, the
// 1,000 levels of AWS's JSON reader) before size (the 256 KiB payload limit), and each boundary exact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonByteLength, MAX_INPUT_DEPTH, MAX_PAYLOAD_BYTES, outsideValueProblem } from './json';

/** Objects nested `levels` deep: { a: { a: ... { a: 1 } } }. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** A string value whose compact JSON text is exactly `bytes` bytes long. */
function jsonOfBytes(bytes: number): string {
  return 'x'.repeat(bytes - 2);
}

test('a value nested 1,000 levels keeps the bound; 1,001 levels breaks it', () => {
  assert.equal(outsideValueProblem(nested(MAX_INPUT_DEPTH), MAX_PAYLOAD_BYTES), undefined);
  assert.equal(outsideValueProblem(nested(MAX_INPUT_DEPTH + 1), MAX_PAYLOAD_BYTES), 'depth');
  // Arrays count as levels too.
  let array: unknown = [];
  for (let i = 1; i < MAX_INPUT_DEPTH + 1; i++) array = [array];
  assert.equal(outsideValueProblem(array, MAX_PAYLOAD_BYTES), 'depth');
});

test('a value of exactly the limit in bytes keeps the bound; one byte more breaks it', () => {
  const atLimit = jsonOfBytes(MAX_PAYLOAD_BYTES);
  assert.equal(jsonByteLength(atLimit), MAX_PAYLOAD_BYTES);
  assert.equal(outsideValueProblem(atLimit, MAX_PAYLOAD_BYTES), undefined);
  assert.equal(outsideValueProblem(jsonOfBytes(MAX_PAYLOAD_BYTES + 1), MAX_PAYLOAD_BYTES), 'size');
  // Multi-byte characters are measured in UTF-8, as AWS measures payloads.
  assert.equal(outsideValueProblem('é'.repeat(MAX_PAYLOAD_BYTES / 2), MAX_PAYLOAD_BYTES), 'size');
  assert.equal(outsideValueProblem({ v: 'é'.repeat(1000) }, 2008), undefined);
  assert.equal(outsideValueProblem({ v: 'é'.repeat(1000) }, 2007), 'size');
});

test('a value both too deep and too large is reported for its nesting first', () => {
  const both = { big: jsonOfBytes(MAX_PAYLOAD_BYTES + 10), deep: nested(MAX_INPUT_DEPTH + 5) };
  assert.equal(outsideValueProblem(both, MAX_PAYLOAD_BYTES), 'depth');
  // Deep but small, behind a large sibling the size walk stops at: still found.
  const behind = { first: jsonOfBytes(MAX_PAYLOAD_BYTES), then: nested(MAX_INPUT_DEPTH + 1) };
  assert.equal(outsideValueProblem(behind, MAX_PAYLOAD_BYTES), 'depth');
});

test('a value within both bounds is settled by one walk, primitives and null included', () => {
  for (const value of [null, 0, true, 'text', [], {}, { a: [1, { b: null }] }]) {
    assert.equal(outsideValueProblem(value, MAX_PAYLOAD_BYTES), undefined);
  }
});
