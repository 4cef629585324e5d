// Regular expressions in JSONata are bounded by the evaluation's time budget (issue #20, point 4): a
// backtracking pattern, whether a nested quantifier or a backreference, in a regex literal or a `$toMillis`
// picture, ends the evaluation with AWS's timeout error instead of running for minutes. Legal patterns give the
// same results as before.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { StatesError } from '../errors';
import { execute } from '../interpreter';
import type { JsonValue } from '../json';
import { stopRegexSandbox } from '../regex';
import { evaluateJsonata, LIMIT_MESSAGES, type JsonataRuntime } from './index';

after(() => stopRegexSandbox());

const HOSTILE = 'a'.repeat(34) + 'b';
const runtime: JsonataRuntime = { random: () => 0.5, uuid: () => 'fixed-id', limits: { timeoutMs: 300 } };

async function evaluate(expression: string, input: JsonValue = { s: HOSTILE }): Promise<JsonValue> {
  const bindings = { states: { input, context: {} }, variables: {} };
  return evaluateJsonata(`{% ${expression} %}`, bindings, runtime, 'Output');
}

function timeoutCause(expression: string): string {
  return `The JSONata expression '${expression}' specified for the field 'Output' threw an error during evaluation: ${LIMIT_MESSAGES.timeout}`;
}

async function assertTimesOut(expression: string, input?: JsonValue): Promise<void> {
  await assert.rejects(evaluate(expression, input), (error: unknown) => {
    assert.ok(error instanceof StatesError, String(error));
    assert.equal(error.error, 'States.QueryEvaluationError');
    assert.equal(error.cause, timeoutCause(expression));
    return true;
  });
}

describe('backtracking patterns stop at the time budget', () => {
  for (const pattern of ['/^(a+)+$/', '/^(a+)+\\1$/']) {
    for (const use of [
      `$contains($states.input.s, ${pattern})`,
      `$match($states.input.s, ${pattern})`,
      `$replace($states.input.s, ${pattern}, "x")`,
      `$split($states.input.s, ${pattern})`,
      `${pattern}($states.input.s)`,
      `$states.input.s ~> ${pattern}`,
    ]) {
      test(use, () => assertTimesOut(use));
    }
  }

  test('$toMillis with a picture whose numeric parts backtrack', () =>
    assertTimesOut("$toMillis($states.input.s, '[Y][M][D][H][m][s][f][Y][M][D][H][m][s][f]')", {
      s: '1'.repeat(40) + 'x',
    }));

  test('$toMillis on a long timestamp-like string (its ISO-8601 check is quadratic)', () =>
    assertTimesOut('$toMillis($states.input.s)', { s: '2020' + '-01'.repeat(80_000) + 'x' }));

  test('the evaluation after a timeout runs normally', async () => {
    await assertTimesOut('$contains($states.input.s, /^(a+)+$/)');
    assert.equal(await evaluate('$contains($states.input.s, /^a+b$/)'), true);
  });
});

describe('legal patterns keep their results', () => {
  const cases: [string, JsonValue][] = [
    ['$contains("hello$world", /^hello\\$/)', true],
    ['$contains("hello$world", /^hello\\$/i)', true],
    [
      '$match("ab12cd345", /([a-z])([0-9]+)/)',
      [
        { match: 'b12', index: 1, groups: ['b', '12'] },
        { match: 'd345', index: 5, groups: ['d', '345'] },
      ],
    ],
    ['$match("ab12cd345", /[0-9]+/, 1)', { match: '12', index: 2, groups: [] }],
    ['$replace("ab12cd34", /[0-9]+/, "#")', 'ab#cd#'],
    ['$replace("John Smith", /(\\w+)\\s(\\w+)/, "$2, $1")', 'Smith, John'],
    ['$replace("a1b22", /[0-9]+/, function($m) { $string($number($m.match) * 2) })', 'a2b44'],
    ['$split("a1b22c", /[0-9]+/)', ['a', 'b', 'c']],
    ['/^A/mi("x\\nabc").match', 'a'],
    ['$toMillis("2024-01-02T03:04:05Z")', 1704164645000],
    ["$toMillis('2024-05-06', '[Y0001]-[M01]-[D01]')", 1714953600000],
    ['$contains("aaaa", /(a+)+\\1/)', true],
  ];
  for (const [expression, expected] of cases) {
    test(expression, async () => assert.deepEqual(await evaluate(expression), expected));
  }

  test('a pattern that matches the empty string still fails with D1004, as jsonata does', async () => {
    await assert.rejects(evaluate('$match("abc", /x*/)'), (error: unknown) => {
      assert.ok(error instanceof StatesError);
      assert.match(error.cause ?? '', /threw an error during evaluation\. D1004: /);
      return true;
    });
  });
});

test('in a run: the machine fails with AWS’s JSONata timeout after the 5 s budget', async () => {
  const expression = '$contains($states.input.s, /^(a+)+$/)';
  const result = await execute(
    {
      QueryLanguage: 'JSONata',
      StartAt: 'Match',
      States: { Match: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } },
    },
    { input: { s: HOSTILE } },
  );
  assert.equal(result.status, 'FAILED');
  assert.equal(result.error, 'States.QueryEvaluationError');
  assert.equal(
    result.cause,
    `An error occurred while executing the state 'Match' (entered at the event id #2). ${timeoutCause(expression)}`,
  );
});
