// Tests for parseJsonPath: roots, every selector kind, definiteness, bracket notation and syntax errors.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonPath, toBracketNotation, type ParsedPath, type PathSegment } from './index';

function parse(text: string): ParsedPath {
  const result = parseJsonPath(text);
  if (!result.ok) assert.fail(`expected '${text}' to parse, got: ${result.message} at ${result.offset}`);
  return result.path;
}

/** Segments without their source spans, for compact comparisons. */
function shapes(text: string): unknown[] {
  return parse(text).segments.map((segment: PathSegment) => {
    const { offset: _offset, length: _length, ...rest } = segment;
    return rest;
  });
}

function parseError(text: string): { message: string; offset: number; length: number } {
  const result = parseJsonPath(text);
  if (result.ok) assert.fail(`expected '${text}' to be rejected`);
  return { message: result.message, offset: result.offset, length: result.length };
}

describe('parseJsonPath roots', () => {
  it('reads $ as the input root with no segments', () => {
    const path = parse('$');
    assert.deepEqual(path.root, { kind: 'input' });
    assert.deepEqual(path.segments, []);
    assert.equal(path.definite, true);
    assert.equal(path.source, '$');
  });

  it('reads $$ as the context object', () => {
    const path = parse('$$.Execution.Input');
    assert.deepEqual(path.root, { kind: 'context' });
    assert.deepEqual(shapes('$$.Execution.Input'), [
      { kind: 'property', name: 'Execution', quote: "'" },
      { kind: 'property', name: 'Input', quote: "'" },
    ]);
    assert.deepEqual(parse('$$').segments, []);
  });

  it('reads $name as a variable reference', () => {
    const path = parse('$constant_obj.in_obj_constant_lst');
    assert.deepEqual(path.root, { kind: 'variable', name: 'constant_obj' });
    assert.deepEqual(shapes('$constant_obj.in_obj_constant_lst'), [
      { kind: 'property', name: 'in_obj_constant_lst', quote: "'" },
    ]);
    assert.deepEqual(parse('$x').root, { kind: 'variable', name: 'x' });
    assert.deepEqual(parse('$_a1[0]').root, { kind: 'variable', name: '_a1' });
  });

  it('rejects text that does not start with $', () => {
    assert.deepEqual(parseError('a.b'), { message: "A JSONPath must start with '$'", offset: 0, length: 1 });
    assert.equal(parseError(' $.a').offset, 0);
    assert.equal(parseError('').message, 'A JSONPath must not be empty');
  });

  it('rejects a character that cannot follow the root', () => {
    assert.deepEqual(parseError('$1'), {
      message: "Unexpected character '1' at offset 1: expected '.' or '['",
      offset: 1,
      length: 1,
    });
    assert.equal(parseError('$x-y').offset, 2);
    assert.equal(parseError('$$x').offset, 2);
  });
});

describe('parseJsonPath selectors', () => {
  it('reads dot names, including characters Jayway allows such as - and unicode', () => {
    assert.deepEqual(shapes('$.a.b'), [
      { kind: 'property', name: 'a', quote: "'" },
      { kind: 'property', name: 'b', quote: "'" },
    ]);
    assert.deepEqual(shapes('$.delivery-partner'), [
      { kind: 'property', name: 'delivery-partner', quote: "'" },
    ]);
    assert.deepEqual(shapes('$$.Execution.Input.input-value')[2], {
      kind: 'property',
      name: 'input-value',
      quote: "'",
    });
    assert.deepEqual(shapes('$.café.日本'), [
      { kind: 'property', name: 'café', quote: "'" },
      { kind: 'property', name: '日本', quote: "'" },
    ]);
    assert.deepEqual(shapes('$.0'), [{ kind: 'property', name: '0', quote: "'" }]);
  });

  it('reads bracketed names with either quote, and a dot before a bracket', () => {
    assert.deepEqual(shapes("$['a b']"), [{ kind: 'property', name: 'a b', quote: "'" }]);
    assert.deepEqual(shapes('$["x"]'), [{ kind: 'property', name: 'x', quote: '"' }]);
    assert.deepEqual(shapes("$.abc.['def ghi']"), [
      { kind: 'property', name: 'abc', quote: "'" },
      { kind: 'property', name: 'def ghi', quote: "'" },
    ]);
    assert.deepEqual(shapes("$[ 'a' ]"), [{ kind: 'property', name: 'a', quote: "'" }]);
    assert.deepEqual(shapes("$['']"), [{ kind: 'property', name: '', quote: "'" }]);
    assert.deepEqual(shapes("$['a.b[0]']"), [{ kind: 'property', name: 'a.b[0]', quote: "'" }]);
  });

  it('keeps backslashes in bracketed names as written (AWS conformance: escape_sequence_parsing)', () => {
    // The definition text `$['Test\""Name"']` matched the input key `Test\""Name"` on AWS.
    assert.deepEqual(shapes(`$['Test\\""Name"']`), [{ kind: 'property', name: 'Test\\""Name"', quote: "'" }]);
    // A backslash stops the next character from closing the name.
    assert.deepEqual(shapes(`$['it\\'s']`), [{ kind: 'property', name: "it\\'s", quote: "'" }]);
  });

  it('reads name unions', () => {
    assert.deepEqual(shapes("$['a','b']"), [{ kind: 'propertyUnion', names: ['a', 'b'], quote: "'" }]);
    assert.deepEqual(shapes('$[ "a" , "b" ].c')[0], { kind: 'propertyUnion', names: ['a', 'b'], quote: '"' });
  });

  it('reads indexes, negative indexes and index unions', () => {
    assert.deepEqual(shapes('$.a[0]')[1], { kind: 'index', index: 0 });
    assert.deepEqual(shapes('$[-1]'), [{ kind: 'index', index: -1 }]);
    assert.deepEqual(shapes('$[0,2]'), [{ kind: 'indexUnion', indexes: [0, 2] }]);
    assert.deepEqual(shapes('$[ 0 , -1 ]'), [{ kind: 'indexUnion', indexes: [0, -1] }]);
    assert.deepEqual(shapes('$[0][1]'), [
      { kind: 'index', index: 0 },
      { kind: 'index', index: 1 },
    ]);
  });

  it('reads slices with either bound (a step is accepted and ignored, as Jayway does)', () => {
    assert.deepEqual(shapes('$[1:5]'), [{ kind: 'slice', start: 1, end: 5 }]);
    assert.deepEqual(shapes('$[:2]'), [{ kind: 'slice', start: null, end: 2 }]);
    assert.deepEqual(shapes('$[-2:]'), [{ kind: 'slice', start: -2, end: null }]);
    assert.deepEqual(shapes('$[1:]'), [{ kind: 'slice', start: 1, end: null }]);
    assert.deepEqual(shapes('$[1:5:2]'), [{ kind: 'slice', start: 1, end: 5 }]);
  });

  it('reads wildcards in both notations', () => {
    assert.deepEqual(shapes('$[*]'), [{ kind: 'wildcard' }]);
    assert.deepEqual(shapes('$.*'), [{ kind: 'wildcard' }]);
    assert.deepEqual(shapes('$.a[ * ].b'), [
      { kind: 'property', name: 'a', quote: "'" },
      { kind: 'wildcard' },
      { kind: 'property', name: 'b', quote: "'" },
    ]);
  });

  it('reads recursive descent followed by a name, bracket, wildcard or filter', () => {
    assert.deepEqual(shapes('$..name'), [
      { kind: 'descendants' },
      { kind: 'property', name: 'name', quote: "'" },
    ]);
    assert.deepEqual(shapes('$..[0]'), [{ kind: 'descendants' }, { kind: 'index', index: 0 }]);
    assert.deepEqual(shapes('$..*'), [{ kind: 'descendants' }, { kind: 'wildcard' }]);
    assert.equal(shapes('$..[?(@.a)]')[1] !== undefined, true);
    assert.deepEqual(
      shapes('$.a..b').map((s) => (s as { kind: string }).kind),
      ['property', 'descendants', 'property'],
    );
  });

  it('reads functions, which AWS does not support, as function segments', () => {
    assert.deepEqual(shapes('$.items.length()'), [
      { kind: 'property', name: 'items', quote: "'" },
      { kind: 'function', name: 'length' },
    ]);
    assert.match(parseError('$.items.sum(1)').message, /Arguments to the function 'sum' are not supported/);
  });

  it('records source spans for each segment', () => {
    const path = parse("$.ab['c'][0]..d");
    assert.deepEqual(
      path.segments.map((s) => [s.offset, s.length]),
      [
        [1, 3],
        [4, 5],
        [9, 3],
        [12, 2],
        [14, 1],
      ],
    );
  });

  it('ignores trailing whitespace but keeps the original source', () => {
    const path = parse('$.a  ');
    assert.equal(path.source, '$.a  ');
    assert.equal(path.segments.length, 1);
  });
});

describe('parseJsonPath definiteness', () => {
  const cases: Array<[string, boolean]> = [
    ['$', true],
    ['$.a.b[0]', true],
    ['$[-1]', true],
    ["$['a b'].c", true],
    ["$.x['a','b']", true], // trailing union: Jayway merges the names into one object
    ["$['a','b'].c", false],
    ['$[0,1]', false],
    ['$[1:2]', false],
    ['$[*]', false],
    ['$.*', false],
    ['$..a', false],
    ['$.a[?(@.b)]', false],
  ];
  for (const [text, definite] of cases) {
    it(`${text} is ${definite ? 'definite' : 'indefinite'}`, () =>
      assert.equal(parse(text).definite, definite));
  }
});

describe('toBracketNotation', () => {
  const cases: Array<[string, string]> = [
    ['$', '$'],
    ['$.NoSuchOutputPath', "$['NoSuchOutputPath']"],
    ['$.a.b[0]', "$['a']['b'][0]"],
    ['$["x"]', '$["x"]'],
    ["$['a','b']", "$['a','b']"],
    ['$[0, 2]', '$[0,2]'],
    ['$[1:5]', '$[1:5]'],
    ['$[:2]', '$[:2]'],
    ['$[-2:]', '$[-2:]'],
    ['$.*', '$[*]'],
    ['$..name', "$..['name']"],
    ['$.a[?(@.b > 1)]', "$['a'][?]"],
    ['$.a.length()', "$['a'].length()"],
    ['$$.Execution.Id', "$['Execution']['Id']"],
    ['$var.x', "$['x']"],
  ];
  for (const [text, expected] of cases) {
    it(`${text} -> ${expected}`, () => assert.equal(toBracketNotation(parse(text)), expected));
  }
});

describe('parseJsonPath errors', () => {
  const cases: Array<[string, { offset: number; length: number; message: RegExp }]> = [
    ['$.', { offset: 1, length: 1, message: /must not end with '\.'/ }],
    ['$..', { offset: 1, length: 2, message: /must not end with '\.\.'/ }],
    ['$.a.', { offset: 3, length: 1, message: /must not end with '\.'/ }],
    ['$...a', { offset: 3, length: 1, message: /Unexpected '\.'/ }],
    ['$.a b', { offset: 3, length: 1, message: /bracket notation/ }],
    ['$[', { offset: 1, length: 1, message: /Unclosed '\['/ }],
    ['$[0', { offset: 1, length: 1, message: /Unclosed '\['/ }],
    ["$['a", { offset: 2, length: 2, message: /Unterminated quoted name/ }],
    ["$['a'", { offset: 1, length: 1, message: /Unclosed '\['/ }],
    ["$['a' 'b']", { offset: 6, length: 1, message: /Expected ',' or '\]'/ }],
    ['$[\'a\',"b"]', { offset: 6, length: 1, message: /same quote/ }],
    ['$[a]', { offset: 2, length: 1, message: /Expected a quoted name, an index/ }],
    ['$[]', { offset: 2, length: 1, message: /Expected a quoted name, an index/ }],
    ['$[1a]', { offset: 3, length: 1, message: /Unexpected character 'a' in an array selector/ }],
    ['$[1, ]', { offset: 1, length: 5, message: /Invalid array index ''/ }],
    ['$[1 :2]', { offset: 1, length: 6, message: /must not contain spaces/ }],
    ['$[:]', { offset: 1, length: 3, message: /needs a start or an end/ }],
    ['$[1-2]', { offset: 1, length: 5, message: /Invalid array index '1-2'/ }],
    ['$[99999999999]', { offset: 1, length: 13, message: /out of range/ }],
    ['$[*', { offset: 3, length: 0, message: /Expected '\]' after '\*'/ }],
    ['$.a[*]b', { offset: 6, length: 1, message: /expected '\.' or '\['/ }],
    ["$['a']b", { offset: 6, length: 1, message: /expected '\.' or '\['/ }],
    ['$[?@.a]', { offset: 1, length: 3, message: /\[\?\(condition\)\]/ }],
    ['$[?(@.a)', { offset: 8, length: 0, message: /Expected '\]' to close the filter/ }],
    ['$.a(', { offset: 3, length: 1, message: /Arguments to the function 'a'/ }],
  ];
  for (const [text, expected] of cases) {
    it(`rejects ${JSON.stringify(text)} at offset ${expected.offset}`, () => {
      const error = parseError(text);
      assert.match(error.message, expected.message);
      assert.equal(error.offset, expected.offset);
      assert.equal(error.length, expected.length);
    });
  }

  it('refuses absurdly long paths and deep nesting without throwing', () => {
    assert.match(parseError('$' + '.a'.repeat(5000)).message, /longer than 8192/);
    assert.match(parseError('$' + '.a'.repeat(600)).message, /more than 512 segments/);
    const nested = '$[?(' + '('.repeat(200) + '@.a' + ')'.repeat(200) + ')]';
    assert.match(parseError(nested).message, /nested more than 32 levels/);
  });
});
