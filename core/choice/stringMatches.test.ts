// Tests for the StringMatches wildcard matcher.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileStringPattern, stringMatches } from './stringMatches';

void describe('stringMatches', () => {
  void it('matches the whole string when there is no wildcard', () => {
    assert.equal(stringMatches('log.txt', 'log.txt'), true);
    assert.equal(stringMatches('log.txt2', 'log.txt'), false);
    assert.equal(stringMatches('', ''), true);
    assert.equal(stringMatches('a', ''), false);
  });

  void it('treats * as any run of characters, including none', () => {
    assert.equal(stringMatches('log-2023.txt', 'log-*.txt'), true);
    assert.equal(stringMatches('log-.txt', 'log-*.txt'), true);
    assert.equal(stringMatches('log-2023.txt.bak', 'log-*.txt'), false);
    assert.equal(stringMatches('anything', '*'), true);
    assert.equal(stringMatches('', '*'), true);
    assert.equal(stringMatches('', '**'), true);
    assert.equal(stringMatches('abc', 'a*'), true);
    assert.equal(stringMatches('abc', '*c'), true);
    assert.equal(stringMatches('abc', '*b*'), true);
    assert.equal(stringMatches('abc', '*d*'), false);
    assert.equal(stringMatches('a', 'a*a'), false);
    assert.equal(stringMatches('aa', 'a*a'), true);
    assert.equal(stringMatches('abcabc', '*b*c'), true);
    assert.equal(stringMatches('abXcdYab', 'ab*cd*ab'), true);
    assert.equal(stringMatches('abcdab', 'ab*cd*ab*x'), false);
  });

  void it('lets * span line breaks', () => {
    assert.equal(stringMatches('first\nsecond', 'first*second'), true);
  });

  void it('treats regex metacharacters literally', () => {
    assert.equal(stringMatches('a.c', 'a.c'), true);
    assert.equal(stringMatches('abc', 'a.c'), false);
    assert.equal(stringMatches('a?c', 'a?c'), true);
    assert.equal(stringMatches('abc', 'a?c'), false);
    assert.equal(stringMatches('[x]+(y)', '[x]+(y)'), true);
  });

  void it('supports \\* for a literal asterisk and \\\\ for a literal backslash', () => {
    assert.equal(stringMatches('a*b', 'a\\*b'), true);
    assert.equal(stringMatches('aXb', 'a\\*b'), false);
    assert.equal(stringMatches('C:\\temp', 'C:\\\\temp'), true);
    assert.equal(stringMatches('C:\\temp\\x.log', 'C:\\\\*.log'), true);
    assert.equal(stringMatches('a\\Xb', 'a\\\\*b'), true);
    assert.equal(stringMatches('a\\*', 'a\\\\\\*'), true);
  });

  void it('keeps a backslash that does not escape * or \\ as a literal backslash', () => {
    assert.equal(stringMatches('a\\b', 'a\\b'), true);
    assert.equal(stringMatches('ab', 'a\\b'), false);
    assert.equal(stringMatches('end\\', 'end\\'), true);
  });

  void it('compiles patterns into literal runs and collapsed wildcards', () => {
    assert.deepEqual(compileStringPattern('a**b\\*c'), [
      { kind: 'literal', text: 'a' },
      { kind: 'wildcard' },
      { kind: 'literal', text: 'b*c' },
    ]);
  });
  void it('is a wildcard match, not a regular expression: hostile patterns answer at once (issue #20)', () => {
    // As a backtracking regex, `.*a.*a…b` over a long run of a's would not finish.
    const pattern = '*a'.repeat(40) + '*b';
    assert.equal(stringMatches('a'.repeat(100_000), pattern), false);
    assert.equal(stringMatches('a'.repeat(100_000) + 'b', pattern), true);
    assert.equal(stringMatches('(a+)+$', '(a+)+$'), true);
    assert.equal(stringMatches('aaa', '(a+)+$'), false);
  });
});
