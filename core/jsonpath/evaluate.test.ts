// Tests for queryPath: each selector kind, definite vs indefinite results, Jayway's not-found reasons,
// Jayway's slice and recursive-descent rules, and the evaluation budget.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../json';
import { parseJsonPath, queryPath, type QueryResult } from './index';

function query(text: string, root: JsonValue): QueryResult {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) assert.fail(`'${text}' did not parse: ${parsed.message}`);
  return queryPath(parsed.path, root);
}

function value(text: string, root: JsonValue): JsonValue {
  const result = query(text, root);
  if (!result.found) assert.fail(`'${text}' found nothing: ${result.message}`);
  return result.value;
}

function notFound(text: string, root: JsonValue): { missingAt: string; message: string } {
  const result = query(text, root);
  if (result.found) assert.fail(`'${text}' unexpectedly found ${JSON.stringify(result.value)}`);
  return { missingAt: result.missingAt, message: result.message };
}

const store: JsonValue = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      {
        category: 'fiction',
        author: 'Herman Melville',
        title: 'Moby Dick',
        isbn: '0-553-21311-3',
        price: 8.99,
      },
      {
        category: 'fiction',
        author: 'J. R. R. Tolkien',
        title: 'The Lord of the Rings',
        isbn: '0-395-19395-8',
        price: 22.99,
      },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};

describe('queryPath on definite paths', () => {
  it('returns the root for $', () => {
    assert.deepEqual(value('$', { a: 1 }), { a: 1 });
    assert.equal(value('$', 'text'), 'text');
    assert.equal(value('$', null), null);
  });

  it('follows names in dot and bracket notation', () => {
    assert.equal(value('$.store.bicycle.color', store), 'red');
    assert.equal(value("$['store']['bicycle']['color']", store), 'red');
    assert.equal(value('$["expensive"]', store), 10);
    assert.equal(value("$['a b']", { 'a b': 1 }), 1);
    assert.equal(value('$.delivery-partner', { 'delivery-partner': 'UQS' }), 'UQS');
  });

  it('returns values that are null or false as found', () => {
    assert.equal(value('$.a', { a: null }), null);
    assert.equal(value('$.a', { a: false }), false);
  });

  it('indexes arrays, negative indexes counting from the end', () => {
    assert.equal(value('$.store.book[0].author', store), 'Nigel Rees');
    assert.equal(value('$.store.book[-1].author', store), 'J. R. R. Tolkien');
    assert.deepEqual(value('$[1]', [[1], [2, 3]]), [2, 3]);
  });

  it('merges a trailing name union into one object of the names present (Jayway)', () => {
    assert.deepEqual(value("$.store.book[0]['author','price','nope']", store), {
      author: 'Nigel Rees',
      price: 8.95,
    });
  });

  it('never reads inherited properties', () => {
    assert.equal(notFound('$.constructor', {}).message, "No results for path: $['constructor']");
    assert.equal(notFound('$.__proto__', {}).message, "No results for path: $['__proto__']");
    assert.deepEqual(value('$.__proto__', JSON.parse('{"__proto__": {"x": 1}}') as JsonValue), { x: 1 });
  });
});

describe('queryPath not-found reasons (Jayway messages AWS quotes)', () => {
  it('a missing last name: "No results for path" with the whole path', () => {
    assert.deepEqual(notFound('$.NoSuchOutputPath', { 'int-literal': 0 }), {
      missingAt: "$['NoSuchOutputPath']",
      message: "No results for path: $['NoSuchOutputPath']",
    });
    assert.equal(notFound('$.a.b', { a: {} }).message, "No results for path: $['a']['b']");
  });

  it('a missing intermediate name: "Missing property in path" with the prefix', () => {
    assert.deepEqual(notFound('$.no.such.result.path', {}), {
      missingAt: "$['no']",
      message: "Missing property in path $['no']",
    });
    assert.equal(notFound('$.a.b.c', { a: {} }).missingAt, "$['a']['b']");
  });

  it('an index out of range: "No results for path" with the whole path', () => {
    assert.deepEqual(notFound('$.items[10]', { items: [1, 2] }), {
      missingAt: "$['items'][10]",
      message: "No results for path: $['items'][10]",
    });
    assert.equal(
      notFound('$.items[-3].x', { items: [1, 2] }).message,
      "No results for path: $['items'][-3]['x']",
    );
  });

  it('a name applied to a non-object', () => {
    const failure = notFound('$.a.b', { a: 'text' });
    assert.equal(failure.missingAt, "$['a']['b']");
    assert.match(
      failure.message,
      /^Expected to find an object with property \['b'\] in path \$\['a'\] but found 'java.lang.String'/,
    );
    assert.match(notFound('$.a', [1]).message, /property \['a'\] in path \$ but found 'java.util.ArrayList'/);
    assert.match(notFound('$.a.b', { a: null }).message, /but found 'null'/);
  });

  it('an index applied to null or to a non-array', () => {
    assert.deepEqual(notFound('$.a[0]', { a: null }), {
      missingAt: "$['a'][0]",
      message: "The path $['a'] is null",
    });
    assert.equal(
      notFound('$.a[0].b', { a: { x: 1 } }).message,
      'Filter: [0][\'b\'] can only be applied to arrays. Current context is: {"x":1}',
    );
  });

  it('a function call, which AWS does not support', () => {
    assert.match(
      notFound('$.items.length()', { items: [1] }).message,
      /function length\(\) is not supported/,
    );
  });
});

describe('queryPath on indefinite paths', () => {
  it('always returns an array, empty when nothing matches (AWS: slice/wildcard with no input)', () => {
    assert.deepEqual(value('$.item.items[1:5].itemValue', {}), []);
    assert.deepEqual(value('$[*]', {}), []);
    assert.deepEqual(value('$.a[*]', { a: 'text' }), []);
    assert.deepEqual(value('$.a[0,1]', { a: null }), []);
  });

  it('wildcards select array elements and object values in order', () => {
    assert.deepEqual(value('$.store.book[*].author', store), [
      'Nigel Rees',
      'Evelyn Waugh',
      'Herman Melville',
      'J. R. R. Tolkien',
    ]);
    assert.deepEqual(value('$.store.bicycle.*', store), ['red', 19.95]);
    assert.deepEqual(value('$[*][*]', [[1, 2], [3], 4]), [1, 2, 3]);
  });

  it('index unions keep their order and duplicates, skipping indexes out of range', () => {
    assert.deepEqual(value('$[2,0,0,9,-1]', ['a', 'b', 'c']), ['c', 'a', 'a', 'c']);
  });

  it('a non-final name union iterates the names present', () => {
    assert.deepEqual(value("$['a','b','c'].v", { a: { v: 1 }, c: { v: 3 }, b: {} }), [1, 3]);
  });

  it('skips items where a later name is missing', () => {
    assert.deepEqual(value('$.store.book[*].isbn', store), ['0-553-21311-3', '0-395-19395-8']);
  });
});

describe('slices (Jayway rules)', () => {
  const list: JsonValue = [0, 1, 2, 3, 4];
  const cases: Array<[string, JsonValue]> = [
    ['$[1:3]', [1, 2]],
    ['$[:2]', [0, 1]],
    ['$[2:]', [2, 3, 4]],
    ['$[-2:]', [3, 4]],
    ['$[:-2]', [0, 1, 2]],
    ['$[-3:-1]', [2, 3]],
    ['$[1:100]', [1, 2, 3, 4]],
    ['$[7:]', []],
    ['$[-9:]', [0, 1, 2, 3, 4]],
    ['$[3:1]', []],
    // Jayway clamps only the end of [a:b]: [1:-1] selects nothing and a negative start wraps.
    ['$[1:-1]', []],
    ['$[-2:5]', [3, 4, 0, 1, 2, 3, 4]],
    ['$[1:3:9]', [1, 2]],
  ];
  for (const [text, expected] of cases) {
    it(`${text} on [0..4] -> ${JSON.stringify(expected)}`, () =>
      assert.deepEqual(value(text, list), expected));
  }

  it('handles huge bounds without iterating them', () => {
    assert.deepEqual(value('$[-2147483648:1]', [7, 8]), [7, 8, 7]);
    assert.deepEqual(value('$[0:2147483647]', [7, 8]), [7, 8]);
  });

  it('matches nothing on empty arrays and non-arrays', () => {
    assert.deepEqual(value('$[:2]', []), []);
    assert.deepEqual(value('$[0:]', { 0: 'x' }), []);
  });
});

describe('recursive descent', () => {
  it('finds a name at every depth, in document order', () => {
    assert.deepEqual(value('$..author', store), [
      'Nigel Rees',
      'Evelyn Waugh',
      'Herman Melville',
      'J. R. R. Tolkien',
    ]);
    assert.deepEqual(value('$.store..price', store), [8.95, 12.99, 8.99, 22.99, 19.95]);
    assert.deepEqual(value('$..a', { a: 1, b: { a: 2, c: [{ a: 3 }] }, d: { a: 4 } }), [1, 2, 3, 4]);
  });

  it('applies an index to every array found', () => {
    assert.deepEqual(value('$..book[2].author', store), ['Herman Melville']);
    assert.deepEqual(value('$..[0]', { x: [1, [2, 3]], y: [4] }), [1, 2, 4]);
  });

  it("keeps Jayway's quirk: a non-final index after .. applies the rest of the path to every element", () => {
    assert.deepEqual(value('$..[0].name', { a: [{ name: 1 }, { name: 2 }] }), [1, 2]);
  });

  it('.. with a wildcard lists every value under the start, parents first', () => {
    assert.deepEqual(value('$..*', { a: { b: 1 }, c: [2] }), [{ b: 1 }, [2], 1, 2]);
  });

  it('.. with a filter tests objects themselves and array elements', () => {
    assert.deepEqual(value('$..[?(@.price > 20)].title', store), ['The Lord of the Rings']);
  });

  it('walks very deep input without overflowing the stack', () => {
    let deep: JsonValue = { a: 'bottom' };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.deepEqual(value('$..a', deep), ['bottom']);
  });
});

describe('filters on objects (Jayway applies a filter on an object to the object itself)', () => {
  it('returns the object when it passes', () => {
    assert.deepEqual(value('$.bike[?(@.color == "red")]', { bike: { color: 'red' } }), [{ color: 'red' }]);
    assert.deepEqual(value('$.bike[?(@.color == "blue")]', { bike: { color: 'red' } }), []);
  });

  it('ignores primitives', () => {
    assert.deepEqual(value('$.n[?(@ > 1)]', { n: 5 }), []);
  });
});

describe('evaluation budget', () => {
  it('gives up on combinatorial queries instead of hanging', () => {
    let deep: JsonValue = 1;
    for (let i = 0; i < 3000; i++) deep = [deep, deep];
    const failure = notFound('$..*..*..*', deep);
    assert.match(failure.message, /more than 2000000 steps/);
    assert.equal(failure.missingAt, '$..[*]..[*]..[*]');
  });
});
