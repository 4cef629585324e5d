// Tests of edge labels (Choice conditions, caught errors), node details and text wrapping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeChoiceRule, describeErrorEquals, shortenLabel } from './labels';
import { shortResource, stateDetail } from './details';
import { breakOpportunities, estimateTextWidth, truncateToWidth, wrapText } from './text';

test('comparison operators read as symbols with the operand as JSON, path operands bare', () => {
  const cases: Array<[object, string]> = [
    [{ Variable: '$.x', NumericEquals: 5 }, '$.x == 5'],
    [{ Variable: '$.x', NumericLessThanEquals: 5.5 }, '$.x <= 5.5'],
    [{ Variable: '$.x', NumericGreaterThanEqualsPath: '$.y' }, '$.x >= $.y'],
    [{ Variable: '$.s', StringEquals: 'a"b' }, '$.s == "a\\"b"'],
    [{ Variable: '$.s', StringLessThan: 'm' }, '$.s < "m"'],
    [{ Variable: '$.t', TimestampGreaterThan: '2024-01-01T00:00:00Z' }, '$.t > "2024-01-01T00:00:00Z"'],
    [{ Variable: '$.b', BooleanEquals: false }, '$.b == false'],
    [{ Variable: '$.b', BooleanEqualsPath: '$.c' }, '$.b == $.c'],
    [{ Variable: '$.f', StringMatches: '*.csv' }, '$.f matches "*.csv"'],
    [{ Variable: '$.v', IsNumeric: true }, 'IsNumeric $.v'],
    [{ Variable: '$.v', IsPresent: false }, 'not IsPresent $.v'],
    [{ Not: { Variable: '$.v', IsString: true } }, 'Not(IsString $.v)'],
    [
      {
        Or: [
          { Variable: '$.a', NumericEquals: 1 },
          { Variable: '$.a', NumericEquals: 2 },
        ],
      },
      'Or($.a == 1, $.a == 2)',
    ],
    [{ Variable: '$.x', SomethingElse: 1 }, '?'],
    [{ NumericEquals: 1 }, '? == 1'],
    [{ Condition: '{%  $x  =  1 %}' }, '$x = 1'],
    [{ Condition: '{%\n  $a and\n  $b\n%}' }, '$a and $b'],
    [{ Condition: true }, 'true'],
  ];
  for (const [rule, expected] of cases)
    assert.equal(describeChoiceRule(rule as never), expected, JSON.stringify(rule));
});

test('caught errors are joined; shortening keeps short text and ellipsises long text', () => {
  assert.equal(describeErrorEquals({ ErrorEquals: ['A', 'B.C'] }), 'A, B.C');
  assert.equal(describeErrorEquals({ ErrorEquals: [] }), '?');
  assert.equal(describeErrorEquals({}), '?');
  assert.equal(shortenLabel('  a \n b  '), 'a b');
  assert.equal(shortenLabel('abcdefghij', 5), 'abcd…');
  assert.equal(shortenLabel('abcde', 5), 'abcde');
});

test('task resources and wait durations make short details', () => {
  assert.equal(shortResource('arn:aws:states:::lambda:invoke'), 'lambda:invoke');
  assert.equal(shortResource('arn:aws:states:::aws-sdk:s3:getObject'), 's3:getObject');
  assert.equal(shortResource('arn:aws:states:::ecs:runTask.sync'), 'ecs:runTask.sync');
  assert.equal(shortResource('arn:aws:lambda:us-east-1:123456789012:function:my-fn:PROD'), 'lambda my-fn');
  assert.equal(shortResource('arn:aws:states:us-east-1:123456789012:activity:approve'), 'activity approve');
  assert.equal(shortResource('${ProcessFunctionArn}'), '${ProcessFunctionArn}');
  assert.equal(stateDetail({ Type: 'Wait', Seconds: 86400 }), '1 d');
  assert.equal(stateDetail({ Type: 'Wait', Seconds: 90 }), '90 s');
  assert.equal(stateDetail({ Type: 'Wait', Seconds: 120 }), '2 min');
  assert.equal(stateDetail({ Type: 'Wait', SecondsPath: '$.delay' }), '$.delay');
  assert.equal(
    stateDetail({ Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z' }),
    'until 2030-01-01T00:00:00Z',
  );
  assert.equal(stateDetail({ Type: 'Pass' }), undefined);
  assert.equal(stateDetail({ Type: 'Task' }), undefined);
});

test('labels wrap at spaces, separators and camelCase, then shorten with an ellipsis', () => {
  assert.deepEqual(breakOpportunities('ProcessOrder-v2 now'), ['Process', 'Order-', 'v2 ', 'now']);
  const short = wrapText('Validate', 170, 12, 2);
  assert.deepEqual(short, { lines: ['Validate'], truncated: false });
  const two = wrapText('ReserveStockForEveryOrderLineAndNotify', 120, 12, 2);
  assert.equal(two.lines.length, 2);
  assert.equal(two.truncated, true);
  assert.ok(two.lines[1]?.endsWith('…'));
  for (const line of two.lines) assert.ok(estimateTextWidth(line, 12) <= 120, line);
  assert.ok(two.lines[0]?.startsWith('Reserve'));
  const fits = wrapText('Charge the customer card', 120, 12, 3);
  assert.equal(fits.truncated, false);
  assert.equal(fits.lines.join(' '), 'Charge the customer card');
  const unbroken = wrapText('x'.repeat(80), 100, 12, 2);
  assert.equal(unbroken.lines.length, 2);
  for (const line of unbroken.lines) assert.ok(estimateTextWidth(line, 12) <= 100);
  assert.deepEqual(wrapText('', 100, 12, 2).lines, ['']);
});

test('text width grows with length and character width; truncation respects the width', () => {
  assert.ok(estimateTextWidth('WWWW', 12) > estimateTextWidth('iiii', 12));
  assert.ok(estimateTextWidth('abcdef', 12) > estimateTextWidth('abc', 12));
  const cut = truncateToWidth('a'.repeat(100), 60, 12);
  assert.ok(cut.endsWith('…'));
  assert.ok(estimateTextWidth(cut, 12) <= 60);
  assert.equal(truncateToWidth('abc', 60, 12), 'abc');
});
