// Tests for evaluateChoiceRule: every operator family, And/Or/Not, and the missing-path errors.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { StatesError } from '../errors';
import type { JsonObject, JsonValue } from '../json';
import { COMPARISON_OPERATORS, evaluateChoiceRule, invalidChoicePathCause, type ResolvePath } from './index';
import { resolverFor } from './resolver.fixture';

/** Evaluates `{ Variable: '$.v', [operator]: operand }` against `{ v: value, ...extra }`. */
function check(value: JsonValue, operator: string, operand: JsonValue, extra: JsonObject = {}): boolean {
  return evaluateChoiceRule(
    { Variable: '$.v', [operator]: operand },
    resolverFor({ v: value, ...extra }),
    'S',
  );
}

function assertRuntimeError(run: () => unknown, cause: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof StatesError);
    assert.equal(error.error, 'States.Runtime');
    assert.equal(error.cause, cause);
    return true;
  });
}

void describe('string operators', () => {
  void it('compare by UTF-16 code unit, like Java String.compareTo', () => {
    assert.equal(check('abc', 'StringEquals', 'abc'), true);
    assert.equal(check('abc', 'StringEquals', 'ABC'), false);
    assert.equal(check('B', 'StringLessThan', 'a'), true); // uppercase sorts before lowercase
    assert.equal(check('A', 'StringLessThan', 'AB'), true); // a prefix sorts first
    assert.equal(check('AB', 'StringGreaterThan', 'A'), true);
    assert.equal(check('A', 'StringLessThanEquals', 'A'), true);
    assert.equal(check('A', 'StringGreaterThanEquals', 'B'), false);
    // U+FF5E (one code unit) sorts after U+1F600 (surrogates D83D DE00) in UTF-16 order.
    assert.equal(check('\u{1F600}', 'StringLessThan', '\uFF5E'), true);
    assert.equal(check('10', 'StringLessThan', '9'), true);
  });

  void it('are false for non-strings', () => {
    assert.equal(check(1, 'StringEquals', '1'), false);
    assert.equal(check(null, 'StringLessThan', 'a'), false);
    assert.equal(check(['a'], 'StringEquals', 'a'), false);
    assert.equal(check(true, 'StringGreaterThanEquals', ''), false);
  });

  void it('StringMatches uses * wildcards and \\ escapes', () => {
    assert.equal(check('log-12.txt', 'StringMatches', 'log-*.txt'), true);
    assert.equal(check('log-12.csv', 'StringMatches', 'log-*.txt'), false);
    assert.equal(check('a*b', 'StringMatches', 'a\\*b'), true);
    assert.equal(check('axb', 'StringMatches', 'a\\*b'), false);
    assert.equal(check(12, 'StringMatches', '*'), false);
  });
});

void describe('numeric operators', () => {
  void it('compare integers and decimals as numbers', () => {
    assert.equal(check(1, 'NumericEquals', 1.0), true);
    assert.equal(check(0, 'NumericEquals', -0), true);
    assert.equal(check(2.22, 'NumericEquals', 2.22), true);
    assert.equal(check(1.1, 'NumericEquals', 1), false);
    assert.equal(check(-5, 'NumericLessThan', -4.5), true);
    assert.equal(check(3, 'NumericGreaterThan', 3), false);
    assert.equal(check(3, 'NumericGreaterThanEquals', 3), true);
    assert.equal(check(3, 'NumericLessThanEquals', 2.999), false);
    assert.equal(check(1e21, 'NumericGreaterThan', 1e20), true);
  });

  void it('are false for null, strings, booleans and containers', () => {
    assert.equal(check(null, 'NumericEquals', 0), false);
    assert.equal(check(null, 'NumericLessThan', 1), false);
    assert.equal(check('1', 'NumericEquals', 1), false);
    assert.equal(check(true, 'NumericEquals', 1), false);
    assert.equal(check([1], 'NumericEquals', 1), false);
    assert.equal(check({ a: 1 }, 'NumericGreaterThanEquals', 0), false);
  });
});

void describe('BooleanEquals', () => {
  void it('matches only booleans of the same value', () => {
    assert.equal(check(true, 'BooleanEquals', true), true);
    assert.equal(check(false, 'BooleanEquals', false), true);
    assert.equal(check(false, 'BooleanEquals', true), false);
    assert.equal(check(0, 'BooleanEquals', false), false);
    assert.equal(check('true', 'BooleanEquals', true), false);
    assert.equal(check(null, 'BooleanEquals', false), false);
  });
});

void describe('timestamp operators', () => {
  void it('compare instants, across offsets and fractions', () => {
    assert.equal(check('2012-10-09T19:00:55Z', 'TimestampEquals', '2012-10-09T20:00:55+01:00'), true);
    assert.equal(check('2012-10-09T19:00:55.000Z', 'TimestampEquals', '2012-10-09T19:00:55Z'), true);
    assert.equal(check('2012-10-09T19:00:55Z', 'TimestampLessThan', '2012-10-09T19:00:55.001Z'), true);
    assert.equal(check('2012-10-09T19:00:56Z', 'TimestampGreaterThan', '2012-10-09T19:00:55Z'), true);
    assert.equal(check('2012-10-09T19:00:55Z', 'TimestampGreaterThanEquals', '2012-10-09T19:00:55Z'), true);
    assert.equal(check('2012-10-09T19:00:56Z', 'TimestampLessThanEquals', '2012-10-09T19:00:55Z'), false);
    // Nanosecond differences count.
    assert.equal(
      check('2012-10-09T19:00:55.000000001Z', 'TimestampGreaterThan', '2012-10-09T19:00:55Z'),
      true,
    );
  });

  void it('are false when the value is not a string or not a valid timestamp', () => {
    assert.equal(check('2012-10-09T19:00:55', 'TimestampEquals', '2012-10-09T19:00:55Z'), false);
    assert.equal(check('2023-02-24 12:15:56.832957', 'TimestampLessThan', '2099-01-01T00:00:00Z'), false);
    assert.equal(check(1349809255, 'TimestampEquals', '2012-10-09T19:00:55Z'), false);
    assert.equal(check(null, 'TimestampEquals', '2012-10-09T19:00:55Z'), false);
  });
});

void describe('type tests', () => {
  const values: Array<[string, JsonValue]> = [
    ['null', null],
    ['int', 0],
    ['float', 1.5],
    ['string', 'x'],
    ['timestamp', '2012-10-09T19:00:55Z'],
    ['bool', false],
    ['array', []],
    ['object', {}],
  ];
  const expectations: Record<string, string[]> = {
    IsNull: ['null'],
    IsNumeric: ['int', 'float'],
    IsString: ['string', 'timestamp'],
    IsBoolean: ['bool'],
    IsTimestamp: ['timestamp'],
    IsPresent: values.map(([label]) => label),
  };
  for (const [operator, holdsFor] of Object.entries(expectations)) {
    void it(`${operator}: true matches exactly ${holdsFor.join(', ')}; false matches the rest`, () => {
      for (const [label, value] of values) {
        const holds = holdsFor.includes(label);
        assert.equal(check(value, operator, true), holds, `${operator}: true on ${label}`);
        assert.equal(check(value, operator, false), !holds, `${operator}: false on ${label}`);
      }
    });
  }

  void it('IsTimestamp rejects timestamps without an offset and lowercase t/z', () => {
    assert.equal(check('2012-10-09T19:00:55', 'IsTimestamp', true), false);
    assert.equal(check('2012-10-09t19:00:55z', 'IsTimestamp', true), false);
    assert.equal(check('2012-10-09T19:00:55.123456789+05:30', 'IsTimestamp', true), true);
  });
});

void describe('...Path operators', () => {
  void it('compare with the value another path resolves to', () => {
    assert.equal(check(5, 'NumericEqualsPath', '$.other', { other: 5.0 }), true);
    assert.equal(check(5, 'NumericLessThanPath', '$.other', { other: 4 }), false);
    assert.equal(check('b', 'StringGreaterThanPath', '$.other', { other: 'a' }), true);
    assert.equal(check(true, 'BooleanEqualsPath', '$.other', { other: true }), true);
    assert.equal(
      check('2012-10-09T19:00:55Z', 'TimestampLessThanEqualsPath', '$.other', {
        other: '2012-10-09T19:00:55Z',
      }),
      true,
    );
  });

  void it('are false when the compared value has another type', () => {
    assert.equal(check(5, 'NumericEqualsPath', '$.other', { other: '5' }), false);
    assert.equal(check(5, 'NumericEqualsPath', '$.other', { other: null }), false);
    assert.equal(check(true, 'BooleanEqualsPath', '$.other', { other: 'true' }), false);
    assert.equal(check('2012-10-09T19:00:55Z', 'TimestampEqualsPath', '$.other', { other: 'soon' }), false);
  });

  void it('fail with States.Runtime when the compared path matches nothing', () => {
    assertRuntimeError(() => check(5, 'NumericEqualsPath', '$.missing'), invalidChoicePathCause('$.missing'));
  });
});

void describe('missing Variable', () => {
  void it('is a States.Runtime error with the AWS cause for every operator but IsPresent', () => {
    const expectedCause =
      "Invalid path '$.nope': The choice state's condition path references an invalid value.";
    for (const [operator, operand] of [
      ['StringEquals', 'x'],
      ['NumericEquals', 1],
      ['BooleanEquals', true],
      ['TimestampEquals', '2012-10-09T19:00:55Z'],
      ['IsNull', true],
      ['IsNull', false],
      ['IsString', false],
      ['StringMatches', '*'],
      ['NumericEqualsPath', '$.v'],
    ] as const) {
      assertRuntimeError(
        () => evaluateChoiceRule({ Variable: '$.nope', [operator]: operand }, resolverFor({ v: 1 }), 'S'),
        expectedCause,
      );
    }
  });

  void it('is what IsPresent tests', () => {
    const resolve = resolverFor({ present: null });
    assert.equal(evaluateChoiceRule({ Variable: '$.absent', IsPresent: false }, resolve, 'S'), true);
    assert.equal(evaluateChoiceRule({ Variable: '$.absent', IsPresent: true }, resolve, 'S'), false);
    assert.equal(evaluateChoiceRule({ Variable: '$.present', IsPresent: true }, resolve, 'S'), true);
    assert.equal(evaluateChoiceRule({ Variable: '$.present', IsPresent: false }, resolve, 'S'), false);
  });

  void it('passes the path text to the resolver unchanged (context object and variables)', () => {
    const seen: string[] = [];
    const resolve: ResolvePath = (path) => {
      seen.push(path);
      if (path === '$$.Execution.Input.n') return { found: true, value: 0 };
      if (path === '$limit') return { found: true, value: 10 };
      return { found: false };
    };
    assert.equal(
      evaluateChoiceRule({ Variable: '$$.Execution.Input.n', NumericLessThanEquals: 0 }, resolve, 'S'),
      true,
    );
    assert.equal(
      evaluateChoiceRule({ Variable: '$$.Execution.Input.n', NumericLessThanPath: '$limit' }, resolve, 'S'),
      true,
    );
    assertRuntimeError(
      () => evaluateChoiceRule({ Variable: '$undefinedVar', IsNull: true }, resolve, 'S'),
      "Invalid path '$undefinedVar': The choice state's condition path references an invalid value.",
    );
    assert.deepEqual(seen, ['$$.Execution.Input.n', '$$.Execution.Input.n', '$limit', '$undefinedVar']);
  });
});

void describe('And, Or, Not', () => {
  const resolve = resolverFor({ type: 'Private', value: 22, flag: true });
  const rule = (r: JsonObject): boolean => evaluateChoiceRule(r, resolve, 'S');

  void it('Not inverts, including nested', () => {
    assert.equal(rule({ Not: { Variable: '$.type', StringEquals: 'Private' } }), false);
    assert.equal(rule({ Not: { Variable: '$.type', StringEquals: 'Public' } }), true);
    assert.equal(rule({ Not: { Not: { Variable: '$.flag', BooleanEquals: true } } }), true);
  });

  void it('And needs every rule, Or any rule', () => {
    const inTwenties: JsonObject[] = [
      { Variable: '$.value', NumericGreaterThanEquals: 20 },
      { Variable: '$.value', NumericLessThan: 30 },
    ];
    assert.equal(rule({ And: inTwenties }), true);
    assert.equal(rule({ And: [...inTwenties, { Variable: '$.flag', BooleanEquals: false }] }), false);
    assert.equal(rule({ Or: [{ Variable: '$.flag', BooleanEquals: false }, ...inTwenties] }), true);
    assert.equal(rule({ Or: [{ Variable: '$.flag', BooleanEquals: false }] }), false);
    assert.equal(rule({ And: [{ Variable: '$.type', StringEquals: 'Private' }] }), true);
    assert.equal(
      rule({
        Or: [
          { Not: { Variable: '$.flag', IsBoolean: true } },
          { And: [{ Variable: '$.value', IsNumeric: true }] },
        ],
      }),
      true,
    );
  });

  void it('short-circuit in order, so an IsPresent guard protects the rules after it', () => {
    const guarded: JsonObject = {
      And: [
        { Variable: '$.missing', IsPresent: true },
        { Variable: '$.missing', StringEquals: 'x' },
      ],
    };
    assert.equal(rule(guarded), false);
    const orGuard: JsonObject = {
      Or: [
        { Variable: '$.missing', IsPresent: false },
        { Variable: '$.missing', NumericEquals: 1 },
      ],
    };
    assert.equal(rule(orGuard), true);
    // Without the guard first, the missing Variable is an error.
    assertRuntimeError(
      () =>
        rule({
          And: [
            { Variable: '$.missing', StringEquals: 'x' },
            { Variable: '$.missing', IsPresent: true },
          ],
        }),
      invalidChoicePathCause('$.missing'),
    );
  });
});

void describe('rule fields', () => {
  void it('ignores Next, Comment and Assign', () => {
    const resolve = resolverFor({ v: 'complete' });
    const rule = { Variable: '$.v', StringEquals: 'complete', Next: 'Done', Comment: 'c', Assign: { x: 1 } };
    assert.equal(evaluateChoiceRule(rule, resolve, 'S'), true);
  });
});

void describe('COMPARISON_OPERATORS', () => {
  void it('lists every comparison operator, its Path form, and the type tests', () => {
    const families = ['String', 'Numeric', 'Timestamp'];
    const relations = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];
    const expected = [
      ...families.flatMap((f) => relations.flatMap((r) => [`${f}${r}`, `${f}${r}Path`])),
      'BooleanEquals',
      'BooleanEqualsPath',
      'StringMatches',
      'IsNull',
      'IsPresent',
      'IsNumeric',
      'IsString',
      'IsBoolean',
      'IsTimestamp',
    ];
    assert.deepEqual([...COMPARISON_OPERATORS].sort(), expected.sort());
    assert.equal(COMPARISON_OPERATORS.includes('StringMatchesPath'), false);
    assert.equal(COMPARISON_OPERATORS.includes('And'), false);
  });
});
