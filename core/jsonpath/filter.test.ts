// Tests for filter expressions `[?( ... )]`: parsing (precedence, literals, errors) and Jayway's comparison
// semantics (existence, undefined operands, number/string equality, ordering, regex and word operators).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../json';
import { parseJsonPath, queryPath, type FilterExpression } from './index';

function select(filter: string, items: JsonValue[], root?: JsonValue): JsonValue {
  const text = `$.items[?(${filter})]`;
  const parsed = parseJsonPath(text);
  if (!parsed.ok) assert.fail(`'${text}' did not parse: ${parsed.message} at ${parsed.offset}`);
  const result = queryPath(parsed.path, root ?? { items });
  assert.ok(result.found, 'an indefinite path always finds an array');
  return result.value;
}

function filterOf(text: string): FilterExpression {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) assert.fail(parsed.message);
  const [segment] = parsed.path.segments;
  if (segment?.kind !== 'filter') assert.fail('expected a filter segment');
  return segment.expression;
}

function rejection(text: string): { message: string; offset: number } {
  const parsed = parseJsonPath(text);
  if (parsed.ok) assert.fail(`expected '${text}' to be rejected`);
  return { message: parsed.message, offset: parsed.offset };
}

const books: JsonValue[] = [
  { title: 'A', price: 8, isbn: '1' },
  { title: 'B', price: 12 },
  { title: 'C', price: 10, isbn: null },
  { title: 'D', price: '9' },
];
const titles = (selected: JsonValue): JsonValue =>
  (selected as Array<{ title: JsonValue }>).map((item) => item.title);

describe('filter comparisons', () => {
  it('compares numbers with < <= > >= == !=', () => {
    assert.deepEqual(titles(select('@.price < 10', books)), ['A']);
    assert.deepEqual(titles(select('@.price <= 10', books)), ['A', 'C']);
    assert.deepEqual(titles(select('@.price > 10', books)), ['B']);
    assert.deepEqual(titles(select('@.price >= 10', books)), ['B', 'C']);
    assert.deepEqual(titles(select('@.price == 12', books)), ['B']);
    assert.deepEqual(titles(select('@.price != 12', books)), ['A', 'C', 'D']);
  });

  it('orders only two numbers or two strings', () => {
    assert.deepEqual(select('@ < 10', [5, '5', true, null, 20]), [5]);
    assert.deepEqual(select("@ < 'b'", ['a', 'c', 1, 'B']), ['a', 'B']);
  });

  it('treats a number and a numeric string as equal the way Jayway does', () => {
    assert.deepEqual(titles(select('@.price == 9', books)), ['D']);
    assert.deepEqual(titles(select("@.price == '12'", books)), ['B']);
    // Jayway is asymmetric: a number on the left compares numerically, a string on the left compares as text.
    assert.deepEqual(select("@ == '1.0'", [1]), [1]);
    assert.deepEqual(select("'1.0' == @", [1]), []);
    assert.deepEqual(select("@ === '12'", [12, '12']), ['12']);
    assert.deepEqual(select('@ !== 12', [12, '12']), ['12']);
  });

  it('compares strings, booleans and null exactly', () => {
    assert.deepEqual(select("@.a == 'x'", [{ a: 'x' }, { a: 'X' }, { a: 1 }]), [{ a: 'x' }]);
    assert.deepEqual(select('@ == true', [true, 'true', 1, false]), [true]);
    assert.deepEqual(select('@.a == null', [{ a: null }, { a: 0 }, {}]), [{ a: null }]);
    assert.deepEqual(select('@ == "say \\"hi\\""', ['say "hi"', 'say hi']), ['say "hi"']);
  });

  it('compares arrays and objects structurally', () => {
    assert.deepEqual(select('@.t == ["a", "b"]', [{ t: ['a', 'b'] }, { t: ['b', 'a'] }]), [
      { t: ['a', 'b'] },
    ]);
    assert.deepEqual(select("@ == {'k': 1}", [{ k: 1 }, { k: 2 }]), [{ k: 1 }]);
  });

  it('treats a missing operand as undefined: equal to nothing, so != matches', () => {
    assert.deepEqual(titles(select("@.isbn == '1'", books)), ['A']);
    assert.deepEqual(titles(select("@.isbn != '1'", books)), ['B', 'C', 'D']);
    assert.deepEqual(titles(select('@.nope < 100', books)), []);
  });

  it('compares two paths, including $ paths to the queried document', () => {
    const root = {
      limit: 10,
      items: [
        { a: 1, b: 1 },
        { a: 11, b: 2 },
      ],
    };
    assert.deepEqual(select('@.a == @.b', [], root), [{ a: 1, b: 1 }]);
    assert.deepEqual(select('@.a > $.limit', [], root), [{ a: 11, b: 2 }]);
  });

  it('reads (AWS conformance: state_pass_regex_json_path_base) users with status 0', () => {
    const input = {
      users: [
        { year: 1997, status: 0 },
        { year: 1998, status: 1 },
      ],
    };
    const parsed = parseJsonPath('$.users[?(@.status == 0)]');
    assert.ok(parsed.ok);
    assert.deepEqual(queryPath(parsed.path, input), { found: true, value: [{ year: 1997, status: 0 }] });
  });
});

describe('filter existence and logic', () => {
  it('an existence check matches present values, even null', () => {
    assert.deepEqual(titles(select('@.isbn', books)), ['A', 'C']);
    assert.deepEqual(titles(select('!@.isbn', books)), ['B', 'D']);
    assert.deepEqual(select('@.a', [1, 'x', { a: false }]), [{ a: false }]);
  });

  it('combines with && and || (&& binds tighter) and negates parenthesized conditions', () => {
    const items: JsonValue[] = [{ a: 'x', b: 1 }, { a: 'x' }, { a: 'y', b: 2 }, { c: 1 }];
    assert.deepEqual(select("@.a == 'x' && @.b", items), [{ a: 'x', b: 1 }]);
    assert.deepEqual(select("@.c || @.a == 'y' && @.b", items), [{ a: 'y', b: 2 }, { c: 1 }]);
    assert.deepEqual(select("(@.c || @.a == 'y') && @.b", items), [{ a: 'y', b: 2 }]);
    assert.deepEqual(select("!(@.a == 'x')", items), [{ a: 'y', b: 2 }, { c: 1 }]);
    assert.deepEqual(select('!!@.c', items), [{ c: 1 }]);
  });

  it('parses the precedence into an or of ands', () => {
    assert.deepEqual(filterOf('$[?(@.a || @.b && @.c)]'), {
      kind: 'or',
      operands: [
        {
          kind: 'exists',
          path: {
            source: '@.a',
            base: 'current',
            definite: true,
            segments: [{ kind: 'property', name: 'a', quote: "'", offset: 5, length: 2 }],
          },
        },
        {
          kind: 'and',
          operands: [
            {
              kind: 'exists',
              path: {
                source: '@.b',
                base: 'current',
                definite: true,
                segments: [{ kind: 'property', name: 'b', quote: "'", offset: 12, length: 2 }],
              },
            },
            {
              kind: 'exists',
              path: {
                source: '@.c',
                base: 'current',
                definite: true,
                segments: [{ kind: 'property', name: 'c', quote: "'", offset: 19, length: 2 }],
              },
            },
          ],
        },
      ],
    });
  });

  it('accepts conditions joined outside the first parentheses, as Jayway does', () => {
    assert.deepEqual(select('@.a) && (@.b', [{ a: 1, b: 1 }, { a: 1 }]), [{ a: 1, b: 1 }]);
  });

  it('filters nested inside filter paths', () => {
    const items = [{ tags: [{ n: 'x' }] }, { tags: [{ n: 'y' }] }];
    assert.deepEqual(select("@.tags[?(@.n == 'y')]", items), items); // an indefinite sub-path exists (a list)
    assert.deepEqual(select("@.tags[?(@.n == 'y')] == [{'n': 'y'}]", items), [{ tags: [{ n: 'y' }] }]);
  });

  it('a function in a filter path never resolves (AWS does not support functions)', () => {
    assert.deepEqual(select('@.t.length() > 0', [{ t: [1] }]), []);
  });
});

describe('filter regex and word operators', () => {
  it('=~ must match the whole string; flags i, m, s are honoured', () => {
    assert.deepEqual(select('@ =~ /ab+/', ['abb', 'xabb', 'ab', 5]), ['abb', 'ab']);
    assert.deepEqual(select('@ =~ /AB/i', ['ab', 'aB', 'abc']), ['ab', 'aB']);
    assert.deepEqual(select('@ =~ /1\\d/', [12, '13', 2]), [12, '13']);
    assert.deepEqual(select('@.t =~ /a.*/', [{ t: ['x', 'ab'] }, { t: ['x'] }, {}]), [{ t: ['x', 'ab'] }]);
  });

  it('in / nin test membership in an array', () => {
    assert.deepEqual(select("@ in ['a', 2]", ['a', 'b', 2, '2']), ['a', 2, '2']);
    assert.deepEqual(select("@ nin ['a', 2]", ['a', 'b', 2]), ['b']);
    assert.deepEqual(select('@.x IN [1]', [{ x: 1 }, {}]), [{ x: 1 }]);
  });

  it('contains works on strings and arrays', () => {
    assert.deepEqual(select("@ contains 'ell'", ['hello', 'help', ['ell']]), ['hello', ['ell']]);
    assert.deepEqual(select('@.t contains 2', [{ t: [1, 2] }, { t: [3] }]), [{ t: [1, 2] }]);
  });

  it('subsetof, anyof and noneof compare two arrays', () => {
    const items = [{ t: ['a'] }, { t: ['a', 'z'] }, { t: ['z'] }];
    assert.deepEqual(select("@.t subsetof ['a', 'b']", items), [{ t: ['a'] }]);
    assert.deepEqual(select("@.t anyof ['a', 'b']", items), [{ t: ['a'] }, { t: ['a', 'z'] }]);
    assert.deepEqual(select("@.t noneof ['a', 'b']", items), [{ t: ['z'] }]);
  });

  it('size and empty test lengths', () => {
    assert.deepEqual(select('@ size 2', ['ab', [1, 2], 'abc', 2]), ['ab', [1, 2]]);
    assert.deepEqual(select('@ empty true', ['', [], {}, 'a', 0]), ['', [], {}]);
    assert.deepEqual(select('@ empty false', ['', 'a', [1]]), ['a', [1]]);
  });
});

describe('filter syntax errors', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['$[?(@.a ==)]', 10, /Expected a path, a string, a number/],
    ['$[?(@.a = 1)]', 8, /Unsupported filter operator '='/],
    ['$[?(@.a like 1)]', 8, /Unsupported filter operator 'like'/],
    ['$[?(1)]', 4, /A literal is not a condition/],
    ['$[?(@.a == 1]', 12, /Expected '\)'/],
    ["$[?(@.a == 'x)]", 11, /Unterminated string/],
    ['$[?(@.a =~ /x)]', 11, /Unterminated regular expression/],
    ['$[?(@.a =~ /x/g)]', 14, /Unsupported regular expression flag 'g'/],
    ['$[?(@.a =~ /(/)]', 11, /Invalid regular expression/],
    ['$[?(!@.a == 1)]', 4, /'!' can only negate an existence check/],
    ['$[?(!1)]', 5, /Expected a path or '\(' after '!'/],
    ['$[?(@.a == [1, 2)]', 16, /Expected ',' or '\]' in the array literal/],
    ['$[?(@.a == {a: 1})]', 12, /Expected a quoted key/],
    ['$[?(@.a == 1x)]', 11, /Expected a path, a string, a number/],
    ['$[?(@. == 1)]', 5, /must not end with '\.'/],
  ];
  for (const [text, offset, message] of cases) {
    it(`rejects ${text} at offset ${offset}`, () => {
      const error = rejection(text);
      assert.match(error.message, message);
      assert.equal(error.offset, offset);
    });
  }

  it('accepts the literal forms Jayway accepts', () => {
    for (const literal of [
      "'s'",
      '"s"',
      '-1.5e3',
      '.5',
      'true',
      'false',
      'null',
      '[]',
      "{'a': [1, {}]}",
      '/x/ims',
    ]) {
      assert.ok(parseJsonPath(`$[?(@.a == ${literal})]`).ok, literal);
    }
  });
});
