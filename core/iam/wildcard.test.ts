// IAM wildcards (`*`, `?`) match in O(pattern × value) whatever a policy holds (issue #20, point 4: a policy
// is repository content, and a backtracking regex took minutes on `*a*a*a*a*a*a*b`), with the semantics of
// the regular expression they replaced, checked on every small pattern over a small alphabet.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wildcardMatch } from './evaluate';

/** The former implementation: a regular expression per pattern. */
function byRegex(pattern: string, value: string, ignoreCase: boolean): boolean {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's').test(value);
}

function* words(alphabet: string, maxLength: number): Generator<string> {
  yield '';
  let level = [''];
  for (let length = 1; length <= maxLength; length++) {
    const next: string[] = [];
    for (const prefix of level) for (const ch of alphabet) next.push(prefix + ch);
    yield* next;
    level = next;
  }
}

test('agrees with the regular expression on every pattern and value up to length 4', () => {
  const values = [...words('aB:', 4)];
  let compared = 0;
  for (const pattern of words('ab*?', 4)) {
    for (const value of values) {
      for (const ignoreCase of [false, true]) {
        assert.equal(
          wildcardMatch(pattern, value, ignoreCase),
          byRegex(pattern, value, ignoreCase),
          `${JSON.stringify(pattern)} ~ ${JSON.stringify(value)} (ignoreCase ${ignoreCase})`,
        );
        compared++;
      }
    }
  }
  assert.ok(compared > 10_000);
});

test('a pattern that makes a backtracking regex run for years answers at once', () => {
  const pattern = 'arn:' + '*a'.repeat(40) + '*b';
  assert.equal(wildcardMatch(pattern, 'arn:' + 'a'.repeat(200), false), false);
  assert.equal(wildcardMatch(pattern, 'arn:' + 'a'.repeat(200) + 'b', false), true);
});
