// `=~` in JSONPath filters runs in the regex sandbox (issue #20, point 4): a backtracking pattern, a nested
// quantifier or a backreference, ends the query with a reason instead of hanging; legal patterns match as
// Jayway's whole-string `=~` does.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { execute } from '../interpreter';
import { stopRegexSandbox } from '../regex';
import { parseJsonPath, queryPath, type QueryResult } from './index';
import type { JsonValue } from '../json';

after(() => stopRegexSandbox());

const HOSTILE = 'a'.repeat(34) + 'b';

function query(text: string, document: JsonValue, regexMilliseconds?: number): QueryResult {
  const parsed = parseJsonPath(text);
  assert.ok(parsed.ok, text);
  return queryPath(parsed.path, document, regexMilliseconds);
}

describe('backtracking patterns stop at the bound', () => {
  for (const pattern of ['/^(a+)+$/', '/^(a+)+\\1$/']) {
    test(pattern, () => {
      const result = query(
        `$.items[?(@.name =~ ${pattern})]`,
        { items: [{ name: 'aa' }, { name: HOSTILE }] },
        200,
      );
      assert.deepEqual(result, {
        found: false,
        missingAt: "$['items'][?]",
        message: 'A regular expression in the path did not finish matching within 0.2 s',
      });
    });
  }

  test('in a run: an InputPath with such a filter fails the state with States.Runtime (5 s bound)', async () => {
    const path = '$.items[?(@.name =~ /^(a+)+$/)]';
    const result = await execute(
      { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: path, End: true } } },
      { input: { items: [{ name: HOSTILE }] } },
    );
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.Runtime');
    assert.match(result.cause ?? '', /did not finish matching within 5 s$/);
  });
});

describe('legal patterns match the whole string', () => {
  const items = [{ name: 'abc' }, { name: 'b' }, { name: 'ABC' }, { name: 12 }];
  const cases: [string, JsonValue][] = [
    ['$.items[?(@.name =~ /a.*/)]', [{ name: 'abc' }]],
    ['$.items[?(@.name =~ /a.*/i)]', [{ name: 'abc' }, { name: 'ABC' }]],
    ['$.items[?(@.name =~ /b/)]', [{ name: 'b' }]],
    ['$.items[?(@.name =~ /1\\d/)]', [{ name: 12 }]],
    ['$.items[?(@.name =~ /(a)\\1?bc/)]', [{ name: 'abc' }]],
  ];
  for (const [path, expected] of cases) {
    test(path, () => assert.deepEqual(query(path, { items }), { found: true, value: expected }));
  }
});
