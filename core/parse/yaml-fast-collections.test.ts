// The YAML fast path's structure: block and flow collections, comments, document markers, line endings, ranges, duplicate keys, and what it leaves to the `yaml` library.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineMap } from '../diagnostics';
import type { JsonValue } from '../json';
import { type AstNode, astToValue, nodeAtPath } from './ast';
import type { SyntaxTree } from './support';
import { parseYamlFast } from './yaml-fast';
import { parseYamlTree, parseYamlTreeWithLibrary } from './yaml-tree';

/** The fast path's result, asserted to exist and to equal the library path's tree and diagnostics. */
function fast(text: string): SyntaxTree {
  const lines = new LineMap(text);
  const tree = parseYamlFast(text, lines);
  assert.ok(tree, `the fast path bailed on ${JSON.stringify(text)}`);
  assert.deepEqual(tree, parseYamlTreeWithLibrary(text, lines), JSON.stringify(text));
  return tree;
}

function valueOf(text: string): JsonValue | undefined {
  const { ast } = fast(text);
  return ast ? astToValue(ast) : undefined;
}

function node(text: string, path: (string | number)[]): AstNode {
  const found = nodeAtPath(fast(text).ast, path);
  assert.ok(found, `no node at ${path.join('.')}`);
  return found;
}

describe('block collections', () => {
  const cases: [string, string, JsonValue][] = [
    ['nested mappings', 'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n', { a: { b: { c: 1 }, d: 2 }, e: 3 }],
    ['an indented root mapping', '  a: 1\n  b: 2\n', { a: 1, b: 2 }],
    [
      'keys with spaces, colons and quotes',
      'Bedrock Text: 1\nk:k: 2\n"q": 3\n\'s\': 4\na  : 5\n',
      { 'Bedrock Text': 1, 'k:k': 2, q: 3, s: 4, a: 5 },
    ],
    ['a sequence', '- a\n- 1\n-   b\n', ['a', 1, 'b']],
    [
      'compact mappings in a sequence',
      '- Name: a\n  Next: b\n-   Name: c\n    End: true\n',
      [
        { Name: 'a', Next: 'b' },
        { Name: 'c', End: true },
      ],
    ],
    ['nested sequences', '- - a\n  - b\n- - - c\n', [['a', 'b'], [['c']]]],
    ['a sequence at the indentation of its key', 'a:\n- x\n- y\nb: 1\n', { a: ['x', 'y'], b: 1 }],
    ['a sequence under a compact mapping', '- a:\n  - x\n  b: 1\n', [{ a: ['x'], b: 1 }]],
    ['values on the next line', 'a:\n  text\nb:\n  "q"\nc:\n  [1]\n', { a: 'text', b: 'q', c: [1] }],
    ['items on the next line', '-\n  a: 1\n-\n  - x\n-\n  y\n', [{ a: 1 }, ['x'], 'y']],
    ['empty values', 'a:\nb: # nothing\nc:\n- \n-\n', { a: null, b: null, c: [null, null] }],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(valueOf(text), expected));
  }

  test('a block collection ends where its last child ends; a property runs from its key to its value', () => {
    const text = 'a:\n  b: 1   # c\n\n  c: [x]\n# end\n';
    const a = node(text, ['a']);
    assert.deepEqual(a.range, { start: text.indexOf('b'), end: text.indexOf(']') + 1 });
    assert.ok(a.kind === 'object');
    assert.deepEqual(a.properties[0]?.keyRange, { start: 5, end: 6 });
    assert.deepEqual(a.properties[0]?.range, { start: 5, end: 9 });
  });

  test('an empty value is a null at the end of its line, past the spaces', () => {
    assert.deepEqual(node('a:   \nb: 1\n', ['a']).range, { start: 5, end: 5 });
    assert.deepEqual(node('- # c\n- 1\n', [0]).range, { start: 2, end: 2 });
  });

  test('parents point at the containing node', () => {
    const { ast } = fast('a:\n  - b: [1, {c: 2}]\n');
    assert.ok(ast && !('parent' in ast));
    const c = nodeAtPath(ast, ['a', 0, 'b', 1, 'c']);
    assert.ok(c);
    assert.equal(c.parent, nodeAtPath(ast, ['a', 0, 'b', 1]));
    assert.equal(nodeAtPath(ast, ['a', 0])?.parent, nodeAtPath(ast, ['a']));
  });
});

describe('flow collections', () => {
  const cases: [string, string, JsonValue][] = [
    [
      'sequences and mappings',
      'a: [x, "y", \'z\', 1, null, [], {}]\nb: {c: d, "e": [f]}\n',
      { a: ['x', 'y', 'z', 1, null, [], {}], b: { c: 'd', e: ['f'] } },
    ],
    [
      'over several lines',
      'a: [\n    1,\n    2\n  ]\nb: {\n  c: 1,\n  d:\n    2\n  }\n',
      { a: [1, 2], b: { c: 1, d: 2 } },
    ],
    ['trailing commas', 'a: [1, 2,]\nb: {c: 1,}\n', { a: [1, 2], b: { c: 1 } }],
    ['JSON-style adjacent values', 'a: {"b":1,"c":"d"}\n', { a: { b: 1, c: 'd' } }],
    [
      'plain scalars with colons and spaces',
      'a: [arn:aws:x, a b, $.x.y, 1 2]\n',
      { a: ['arn:aws:x', 'a b', '$.x.y', '1 2'] },
    ],
    [
      'as the document',
      '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}\n',
      { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
    ],
    ['in a sequence', '- [a, b]\n- {c: d}\n', [['a', 'b'], { c: 'd' }]],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(valueOf(text), expected));
  }

  test('a flow collection keeps its own range, brackets included', () => {
    assert.deepEqual(node('a: {b: 1} # c\n', ['a']).range, { start: 3, end: 9 });
    assert.deepEqual(node('a: [\n  1\n  ]\n', ['a']).range, { start: 3, end: 12 });
  });
});

describe('comments, documents and line endings', () => {
  test('comments anywhere between nodes', () => {
    const text = '# head\na: 1 # after\n  # indented\n#x\nb:\n    # before\n  c: "#no" # yes\n';
    assert.deepEqual(valueOf(text), { a: 1, b: { c: '#no' } });
  });

  test('a leading --- with a comment', () => {
    assert.deepEqual(valueOf('# c\n--- # start\na: 1\n'), { a: 1 });
  });

  test('CRLF line endings give the same offsets as the library', () => {
    const text = 'a: 1\r\nb:\r\n  - x\r\n  - "y\r\n    z"\r\nc: |\r\n  l1\r\n  l2\r\n';
    assert.deepEqual(valueOf(text), { a: 1, b: ['x', 'y z'], c: 'l1\nl2\n' });
  });

  test('a byte order mark before a mapping', () => {
    assert.deepEqual(valueOf('\ufeffa: 1\nb: 2\n'), { a: 1, b: 2 });
    assert.deepEqual(node('\ufeffa: 1\n', ['a']).range, { start: 4, end: 5 });
  });
});

describe('duplicate keys', () => {
  test('are reported as the library path does, inner ones first, in block and flow mappings', () => {
    const { diagnostics } = fast('a:\n  x: 1\n  x: 2\na: {y: 1, y: 2}\n');
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`),
      ['ASL003 3:3', 'ASL003 4:11', 'ASL003 4:1'],
    );
  });
});

describe('left to the library', () => {
  const unsupported: [string, string][] = [
    ['an anchor', 'a: &x 1\n'],
    ['an alias', 'a: 1\nb: *x\n'],
    ['a tag', 'a: !Sub x\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a merge key', 'a: {x: 1}\n<<: {y: 2}\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a tab in the indentation', 'a:\n\tb: 1\n'],
    ['a tab in a value', 'a: b\tc\n'],
    ['a lone CR', 'a: 1\rb: 2\n'],
    ['a control character', 'a: b\u0001\n'],
    ['a mapping inside a value', 'a: b: c\n'],
    ['a sequence inside a value', 'a: - b\n'],
    ['an unclosed flow sequence', 'a: [1, 2\n'],
    ['a missing comma', 'a: ["x" "y"]\n'],
    ['brackets inside a plain scalar in a flow sequence', 'a: [$.x[0]]\n'],
    ['an empty flow item', 'a: [1,,2]\n'],
    ['a flow pair in a sequence', 'a: [b: c]\n'],
    ['an empty flow value', 'a: {b: }\n'],
    ['a comment in a flow collection', 'a: [1, # c\n  2]\n'],
    ['a flow end at the parent indentation', 'a: [\n  1\n]\n'],
    ['text after a quoted scalar', "a: 'x' y\n"],
    ['a comment touching a token', 'a: "x"#c\n'],
    ['a key line out of step', 'a: 1\n b: 2\n'],
    ['an under-indented continuation', '- a: b\n c\n'],
    ['a multi-line key', 'a\nb: 1\n'],
    ['a key of 1024 characters or more', `${'k'.repeat(1030)}: 1\n`],
    ['a scalar document', 'hello\n'],
    ['an empty document', '# nothing\n'],
    ['a plain scalar below a comment line', 'a:\n#x\n  b\n c\n'],
    ['a sequence on the line of a byte order mark', '\ufeff- a\n'],
    ['an indented line of a byte order mark', '\ufeff  a: 1\n'],
    ['reserved indicators', 'a: @x\nb: `y\n'],
  ];
  for (const [name, text] of unsupported) {
    test(name, () => {
      const lines = new LineMap(text);
      assert.equal(parseYamlFast(text, lines), undefined);
      // and the combined path gives exactly what the library gives
      assert.deepEqual(parseYamlTree(text, lines), parseYamlTreeWithLibrary(text, lines));
    });
  }
});
