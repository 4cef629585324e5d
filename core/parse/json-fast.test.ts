// Tests for the JSON fast path: it takes exactly the well-formed documents and builds the same AST as the full parser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineMap } from '../diagnostics';
import type { AstNode } from './ast';
import { parseWellFormedJson } from './json-fast';
import { parseJsonTreeWithRecovery } from './json-tree';
import { MAX_NESTING_DEPTH } from './support';

/** The AST without parent links (which make it cyclic), keeping key order and -0. */
function plain(node: AstNode | undefined): unknown {
  if (!node) return node;
  const { parent: _parent, ...rest } = node;
  if (node.kind === 'object') {
    return {
      ...rest,
      properties: node.properties.map((p) => ({ ...p, value: plain(p.value) })),
    };
  }
  if (node.kind === 'array') return { ...rest, items: node.items.map(plain) };
  return rest;
}

function checkParents(node: AstNode, parent: AstNode | undefined): void {
  assert.equal(node.parent, parent);
  if (node.kind === 'object') for (const p of node.properties) if (p.value) checkParents(p.value, node);
  if (node.kind === 'array') for (const item of node.items) checkParents(item, node);
}

const WELL_FORMED = [
  '{}',
  '[]',
  '"text"',
  '-0',
  ' \t\r\n{ "a" : [ ] , "b":{} } \n',
  '\ufeff{"StartAt": "A"}',
  '{"a": [1, -2.5e3, 0.5E+2, 1e-7, 1e400, true, false, null], "b": {"c": {"d": [[], {}]}}}',
  '{"s": "\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800 x", "\\u0041": "\u2028é😀"}',
  '{"__proto__": {"x": 1}, "constructor": 2}',
  `{${Array.from({ length: 20 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`,
  '['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH),
];

const NOT_TAKEN = [
  '',
  '  \n',
  '{"a": 1,}',
  '[1,]',
  '{"a": 1 // comment\n}',
  '{"a": /* c */ 1}',
  '{"a": 1, "a": 2}',
  `{${Array.from({ length: 12 }, (_, i) => `"k${i}": ${i}`).join(', ')}, "k3": 0}`,
  '['.repeat(MAX_NESTING_DEPTH + 1) + ']'.repeat(MAX_NESTING_DEPTH + 1),
  '{"a":\u000b1}',
  '{"a":\u00a01}',
  '{"a": "tab\there"}',
  '{"a": "line\nbreak"}',
  '{"a": "\\x"}',
  '{"a": "\\u12"}',
  '{"a": "open',
  '{"a": 01}',
  '{"a": 1.}',
  '{"a": 1e}',
  '{"a": -}',
  '{"a": .5}',
  '{"a": +1}',
  '{"a": True}',
  '{"a": nul}',
  '{"a": truex}',
  "{'a': 1}",
  '{a: 1}',
  '{"a" 1}',
  '{"a": 1 "b": 2}',
  '{"a": ${Value}}',
  '{"a": 1}}',
  '{"a": 1} {}',
  '{"a": [1 2]}',
  '{"a": 1',
];

describe('JSON fast path', () => {
  test('well-formed documents get the same AST as the full parser, with parent links', () => {
    for (const text of WELL_FORMED) {
      const fast = parseWellFormedJson(text);
      assert.ok(fast, text);
      const full = parseJsonTreeWithRecovery(text, new LineMap(text));
      assert.deepEqual(full.diagnostics, [], text);
      assert.deepEqual(plain(fast), plain(full.ast), text);
      checkParents(fast, undefined);
    }
  });

  test('keeps -0 and the decoded escapes exactly', () => {
    const fast = parseWellFormedJson('[-0, "\\ud800\\u0041"]');
    assert.ok(fast?.kind === 'array');
    assert.ok(Object.is(fast.items[0]?.kind === 'number' && fast.items[0].value, -0));
    assert.equal(fast.items[1]?.kind === 'string' && fast.items[1].value, '\ud800A');
  });

  test('leaves every other document to the full parser', () => {
    for (const text of NOT_TAKEN) assert.equal(parseWellFormedJson(text), undefined, JSON.stringify(text));
  });
});
