// The regex sandbox gives exactly what RegExp#exec gives (match, groups, index, lastIndex), synchronously and
// asynchronously, and stops a match that runs past its limit, for both kinds of catastrophic pattern: nested
// quantifiers (which V8's backtracking fallback would cover) and backreferences (which it would not). After a
// timeout the next match runs on a fresh worker; an asynchronous runaway match blocks neither this thread nor
// the matches queued behind it.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  AsyncBoundedRegExp,
  BoundedRegExp,
  execAsync,
  execSync,
  RegexTimeoutError,
  stopRegexSandbox,
} from './index';

after(() => stopRegexSandbox());

/** What RegExp#exec gives, in the sandbox's reply shape. */
function direct(source: string, flags: string, text: string, lastIndex: number): unknown {
  const regex = new RegExp(source, flags);
  regex.lastIndex = lastIndex;
  const match = regex.exec(text);
  return match === null
    ? { kind: 'noMatch', lastIndex: regex.lastIndex }
    : { kind: 'match', index: match.index, groups: Array.from(match), lastIndex: regex.lastIndex };
}

const HOSTILE_TEXT = 'a'.repeat(34) + 'b';

describe('the same results as RegExp', () => {
  const cases: [string, string, string, number][] = [
    ['[0-9]+', 'g', 'ab12cd34', 0],
    ['[0-9]+', 'g', 'ab12cd34', 4],
    ['[0-9]+', 'g', 'ab12cd34', 8],
    ['[0-9]+', '', 'ab12cd34', 5],
    ['(a)|(b)', 'g', 'xb', 0],
    ['^hello\\$', 'g', 'hello$world', 0],
    ['^B', 'gim', 'a\nb', 0],
    ['(?<year>\\d{4})-(\\d{2})', 'g', 'on 2024-05', 0],
    ['\\u{1F600}', 'gu', 'x😀', 0],
    ['x*', 'g', 'abc', 1],
    ['(a+)+\\1', 'g', 'aaaa', 0],
  ];
  for (const [source, flags, text, lastIndex] of cases) {
    test(`/${source}/${flags} on ${JSON.stringify(text)} from ${lastIndex}`, async () => {
      const expected = direct(source, flags, text, lastIndex);
      assert.deepEqual(execSync(source, flags, text, lastIndex, 10_000), expected);
      assert.deepEqual(await execAsync(source, flags, text, lastIndex, 10_000), expected);
    });
  }

  test('alternating texts are each matched against their own text', async () => {
    const texts = ['a1', 'b22', 'a1', 'c333', 'c333'];
    for (const text of texts)
      assert.deepEqual(execSync('\\d+', 'g', text, 0, 10_000), direct('\\d+', 'g', text, 0));
    const replies = await Promise.all(texts.map((text) => execAsync('\\d+', 'g', text, 0, 10_000)));
    assert.deepEqual(
      replies,
      texts.map((text) => direct('\\d+', 'g', text, 0)),
    );
  });

  test('BoundedRegExp steps through global matches like a RegExp', () => {
    const bounded = new BoundedRegExp(/o/g, {
      remainingMs: () => 10_000,
      onTimeout: (error) => {
        throw error;
      },
    });
    const reference = /o/g;
    for (let i = 0; i < 4; i++) {
      const mine = bounded.exec('foo boo');
      const theirs = reference.exec('foo boo');
      assert.deepEqual(
        mine === null ? null : [...mine, mine.index],
        theirs === null ? null : [...theirs, theirs.index],
      );
      assert.equal(bounded.lastIndex, reference.lastIndex);
    }
  });
});

describe('a match past its limit is stopped', () => {
  for (const source of ['^(a+)+$', '^(a+)+\\1$']) {
    test(`/${source}/ on 34 a's and a b, synchronously`, () => {
      assert.throws(() => execSync(source, 'g', HOSTILE_TEXT, 0, 200), RegexTimeoutError);
      // The next match runs on a fresh worker.
      assert.deepEqual(execSync('a+', 'g', 'baa', 0, 10_000), direct('a+', 'g', 'baa', 0));
    });

    test(`/${source}/ on 34 a's and a b, asynchronously: this thread and the queued matches go on`, async () => {
      const runaway = execAsync(source, 'g', HOSTILE_TEXT, 0, 300);
      const queued = execAsync('a+', 'g', 'baa', 0, 10_000);
      // This thread is free while the runaway match runs: a timer fires before it is stopped.
      const order: string[] = [];
      await Promise.all([
        new Promise<void>((resolve) => setImmediate(() => resolve(void order.push('timer')))),
        runaway.then(
          () => order.push('matched'),
          (error: unknown) => order.push(error instanceof RegexTimeoutError ? 'stopped' : String(error)),
        ),
      ]);
      assert.deepEqual(order, ['timer', 'stopped']);
      assert.deepEqual(await queued, direct('a+', 'g', 'baa', 0));
    });
  }

  test('BoundedRegExp and AsyncBoundedRegExp hand the timeout to their caller', async () => {
    const seen: string[] = [];
    const limits = {
      remainingMs: () => 100,
      onTimeout: (error: RegexTimeoutError): never => {
        seen.push(error.source);
        throw new Error('caller’s error');
      },
    };
    assert.throws(() => new BoundedRegExp(/^(a+)+$/, limits).exec(HOSTILE_TEXT), /caller’s error/);
    await assert.rejects(
      new AsyncBoundedRegExp(/^(a+)+\1$/, limits).execFrom(HOSTILE_TEXT, 0),
      /caller’s error/,
    );
    assert.deepEqual(seen, ['^(a+)+$', '^(a+)+\\1$']);
  });

  test('an invalid pattern is a SyntaxError', async () => {
    assert.throws(() => execSync('(', '', 'x', 0, 10_000), SyntaxError);
    await assert.rejects(execAsync('(', '', 'x', 0, 10_000), SyntaxError);
  });
});
