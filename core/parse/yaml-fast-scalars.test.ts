// The YAML fast path's scalars: core-schema resolution of plain scalars, keys, quoted and block scalars, each checked for its value and against the `yaml` library path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineMap } from '../diagnostics';
import { type AstNode, astToValue } from './ast';
import type { JsonValue } from '../json';
import { parseYamlFast } from './yaml-fast';
import { parseYamlTreeWithLibrary } from './yaml-tree';

/** The fast path's tree for `text`, asserted to exist and to equal the library path's tree and diagnostics. */
function fastTree(text: string): AstNode | undefined {
  const lines = new LineMap(text);
  const fast = parseYamlFast(text, lines);
  assert.ok(fast, `the fast path bailed on ${JSON.stringify(text)}`);
  assert.deepEqual(fast, parseYamlTreeWithLibrary(text, lines), JSON.stringify(text));
  return fast.ast;
}

/** The value of `v` in `v: <scalar>`, through the fast path. */
function valueOf(scalar: string): JsonValue | undefined {
  const ast = fastTree(`v: ${scalar}\n`);
  assert.ok(ast?.kind === 'object');
  const value = ast.properties[0]?.value;
  return value ? astToValue(value) : undefined;
}

function bails(text: string): boolean {
  return parseYamlFast(text, new LineMap(text)) === undefined;
}

describe('plain scalars: YAML 1.2 core schema', () => {
  const cases: [string, JsonValue][] = [
    ['~', null],
    ['null', null],
    ['Null', null],
    ['NULL', null],
    ['nULL', 'nULL'],
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['tRUE', 'tRUE'],
    ['yes', 'yes'],
    ['No', 'No'],
    ['on', 'on'],
    ['0', 0],
    ['42', 42],
    ['+42', 42],
    ['-42', -42],
    ['007', 7],
    ['0o17', 15],
    ['0o8', '0o8'],
    ['0x1F', 31],
    ['0x1f', 31],
    ['0X1F', '0X1F'],
    ['-0x1F', '-0x1F'],
    ['1_000', '1_000'],
    ['0b101', '0b101'],
    ['1.5', 1.5],
    ['-1.5', -1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['+.5', 0.5],
    ['1.50', 1.5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['.5e+2', 50],
    ['2.5e2', 250],
    ['1.2.3', '1.2.3'],
    ['.', '.'],
    ['e3', 'e3'],
    ['99999999999999999999', 1e20],
    ['nan', 'nan'],
    ['-.nan', '-.nan'],
    ['inf', 'inf'],
    ['$.detail', '$.detail'],
    ['arn:aws:states:::lambda:invoke', 'arn:aws:states:::lambda:invoke'],
    ['a#b', 'a#b'],
    ['a b  c', 'a b  c'],
    ["States.Format('{}', $.x)", "States.Format('{}', $.x)"],
    ['-x', '-x'],
    ['---', '---'],
    ['a]', 'a]'],
    ['${Ref}', '${Ref}'],
  ];
  for (const [source, expected] of cases) {
    test(`${source} → ${JSON.stringify(expected)}`, () => assert.equal(valueOf(source), expected));
  }

  test('-0 stays negative zero, as in the library', () => {
    assert.ok(Object.is(valueOf('-0'), -0));
  });

  test('a comment ends a plain scalar only after a space', () => {
    assert.equal(valueOf('a #b'), 'a');
    assert.equal(valueOf('a# b'), 'a# b');
  });

  test('multi-line plain scalars fold: one line break is a space, blank lines are line breaks', () => {
    assert.deepEqual(astToValue(fastTree('v: a\n  b\n\n  c\n\n\n  d  \nw: 1') as AstNode), {
      v: 'a b\nc\n\nd',
      w: 1,
    });
    assert.deepEqual(astToValue(fastTree('v: 1\n  2\n') as AstNode), { v: '1 2' }, 'folded before resolving');
    assert.deepEqual(astToValue(fastTree('- a\n  - b\n') as AstNode), ['a - b']);
  });

  test('infinities, NaN and numbers too big for a double are left to the library (which warns)', () => {
    for (const source of [
      '.inf',
      '-.Inf',
      '+.INF',
      '.nan',
      '.NaN',
      '.NAN',
      '1e400',
      '9'.repeat(400),
      `0x${'f'.repeat(300)}`,
    ]) {
      assert.ok(bails(`v: ${source}\n`), source);
      assert.ok(bails(`${source}: v\n`), `${source} as a key`);
    }
  });
});

describe('keys', () => {
  test('keys are the resolved value, stringified, as the tree builder gives them', () => {
    const ast = fastTree('1: a\n0x10: b\n1.50: c\ntrue: d\nnull: e\n~: f\n"~": g\n\'1.0\': h\n-0: i\n');
    assert.ok(ast?.kind === 'object');
    assert.deepEqual(
      ast.properties.map((p) => p.key),
      ['1', '16', '1.5', 'true', 'null', 'null', '~', '1.0', '0'],
    );
  });

  test('keys that are equal once resolved are duplicates', () => {
    const lines = new LineMap('1: a\n1.0: b\n');
    const tree = parseYamlFast('1: a\n1.0: b\n', lines);
    assert.deepEqual(
      tree?.diagnostics.map((d) => d.code),
      ['ASL003'],
    );
  });

  test('a plain `<<` merge key is left to the library; a quoted one is an ordinary key', () => {
    assert.ok(bails('<<: {a: 1}\n'));
    assert.deepEqual(astToValue(fastTree('"<<": 1\n') as AstNode), { '<<': 1 });
  });
});

describe('double-quoted scalars', () => {
  test('every escape', () => {
    assert.equal(
      valueOf('"\\0\\a\\b\\e\\f\\n\\r\\t\\v\\N\\_\\L\\P\\ \\"\\/\\\\"'),
      '\0\x07\b\x1b\f\n\r\t\v\u0085\u00a0\u2028\u2029 "/\\',
    );
    assert.equal(valueOf('"\\x41\\u00e9\\U0001F600\\uD800"'), 'Aé😀\ud800');
  });

  test('folding, escaped line breaks and trailing spaces', () => {
    assert.equal(valueOf('"a  \n   b\n\n   c"'), 'a b\nc');
    assert.equal(valueOf('"a\\\n   b"'), 'ab');
    assert.equal(valueOf('"a \\\n   b"'), 'a b');
    assert.equal(valueOf('"a\\t  \n  b"'), 'a\t b');
    assert.equal(valueOf('"x  "'), 'x  ');
    assert.equal(valueOf('"a\r\n  b"'), 'a b');
  });

  test('quoted scalars are always strings', () => {
    assert.equal(valueOf('"1"'), '1');
    assert.equal(valueOf("'true'"), 'true');
    assert.equal(valueOf('""'), '');
    assert.equal(valueOf("'~'"), '~');
  });

  test('bad escapes and unterminated strings are left to the library', () => {
    for (const source of ['"\\q"', '"\\x4"', '"\\u00g0"', '"\\U00110000"', '"open', '"a\nb"']) {
      assert.ok(bails(`v: ${source}\n`), source);
    }
  });
});

describe('single-quoted scalars', () => {
  test("'' is a quote; line breaks fold as in plain scalars", () => {
    assert.equal(valueOf("'it''s'"), "it's");
    assert.equal(valueOf("''''"), "'");
    assert.equal(valueOf("'a  \n  b\n\n  c  '"), 'a b\nc  ');
    assert.equal(valueOf("'a\n  '"), 'a ');
    assert.equal(valueOf("' # not a comment '"), ' # not a comment ');
  });

  test('a continuation line indented no more than the parent is left to the library', () => {
    assert.ok(bails("v: 'a\nb'\n"));
  });
});

describe('block scalars', () => {
  const cases: [string, string][] = [
    ['|\n  a\n   b\n  c\n', 'a\n b\nc\n'],
    ['|-\n  a\n\n', 'a'],
    ['|+\n  a\n\n', 'a\n\n\n'], // valueOf adds a line break
    ['|\n  a\n\n\n', 'a\n'],
    ['|+\n  a', 'a\n'],
    ['>\n  a\n  b\n\n  c\n', 'a b\nc\n'],
    ['>-\n  a\n  b\n', 'a b'],
    ['>\n  a\n    more\n    indented\n  b\n', 'a\n  more\n  indented\nb\n'],
    ['>\n\n  a\n', '\na\n'],
    ['|2\n    a\n  b\n', '  a\nb\n'],
    ['|-1\n    a\n', '   a'],
    ['>2-\n   a\n   b\n', ' a\n b'],
    ['| # a comment\n  a # not a comment\n  # nor this\n', 'a # not a comment\n# nor this\n'],
    ['|\r\n  a\r\n  b\r\n', 'a\nb\n'],
  ];
  for (const [source, expected] of cases) {
    test(JSON.stringify(source), () => assert.equal(valueOf(source), expected));
  }

  test('the range runs from the indicator through the last line kept (clip and strip) or all blank lines (keep)', () => {
    const clip = fastTree('v: |\n  a\n\n\nw: 1\n');
    assert.ok(clip?.kind === 'object');
    assert.deepEqual(clip.properties[0]?.value?.range, { start: 3, end: 9 });
    const keep = fastTree('v: |+\n  a\n\n\nw: 1\n');
    assert.ok(keep?.kind === 'object');
    assert.deepEqual(keep.properties[0]?.value?.range, { start: 3, end: 12 });
  });

  test('unusual block scalars are left to the library', () => {
    const unusual = [
      'v: |\nw: 1\n', // empty
      'v: |\n    \n  a\n', // a leading blank line indented more than the content
      'v: |\n  a\n     \n  b\n', // a blank line indented more than the content
      'v: |0\n  a\n', // a zero indentation indicator
      'v: |--\n  a\n', // two chomping indicators
      'v: |#c\n  a\n', // a comment without a space
      'v:\n  |\n  a\n', // the header on a line of its own
      'v: |2\n a\n', // content less indented than the indicator says
    ];
    for (const text of unusual) assert.ok(bails(text), JSON.stringify(text));
  });
});
