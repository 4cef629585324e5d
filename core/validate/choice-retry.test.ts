// Choice rules (one comparison per rule, Variable present, Next only and always in top-level rules, operand
// types, JSONata Conditions) and Retry/Catch (ErrorEquals, States.ALL alone and last).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { JsonObject } from '../json';
import { validate } from './index';
import { codesIn, machine, runCases, summarize } from './validate.fixture';

const choice = (rules: JsonObject[], extra: JsonObject = {}) =>
  machine({ C: { Type: 'Choice', Choices: rules, Default: 'D', ...extra }, D: { Type: 'Succeed' } });
const withRetry = (retry: JsonObject[]) =>
  machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: retry, End: true } });

void describe('Choice rules (JSONPath)', () => {
  void it('two comparison operators in one rule: ASL120 at each of them; the fix with And is clean', () => {
    const text = choice([{ Variable: '$.a', StringEquals: 'x', IsPresent: true, Next: 'D' }]);
    assert.deepEqual(summarize(text, codesIn(text, 'ASL120')), [
      'ASL120@"StringEquals"',
      'ASL120@"IsPresent"',
    ]);
    const fixed = choice([
      {
        And: [
          { Variable: '$.a', StringEquals: 'x' },
          { Variable: '$.a', IsPresent: true },
        ],
        Next: 'D',
      },
    ]);
    assert.deepEqual(validate(fixed), []);
  });

  runCases([
    {
      name: 'a rule without any comparison',
      bad: choice([{ Variable: '$.a', Next: 'D' }]),
      code: 'ASL120',
      at: '{\n          "Variable"',
      good: choice([{ Variable: '$.a', IsNull: false, Next: 'D' }]),
    },
    {
      name: 'a comparison without Variable',
      bad: choice([{ NumericEquals: 1, Next: 'D' }]),
      code: 'ASL121',
      at: '"NumericEquals"',
      good: choice([{ Variable: '$.n', NumericEquals: 1, Next: 'D' }]),
    },
    {
      name: 'a top-level rule without Next',
      bad: choice([{ Variable: '$.a', BooleanEquals: true }]),
      code: 'ASL122',
      at: '{\n          "Variable"',
      good: choice([{ Variable: '$.a', BooleanEquals: true, Next: 'D' }]),
    },
    {
      name: 'Next inside a nested rule',
      bad: choice([{ Not: { Variable: '$.a', IsPresent: true, Next: 'D' }, Next: 'D' }]),
      code: 'ASL102',
      at: '"Next"',
      message: /only allowed in the top-level rules/,
      good: choice([{ Not: { Variable: '$.a', IsPresent: true }, Next: 'D' }]),
    },
    {
      name: 'a numeric operator with a string operand',
      bad: choice([{ Variable: '$.n', NumericGreaterThan: '5', Next: 'D' }]),
      code: 'ASL123',
      at: '"5"',
      good: choice([{ Variable: '$.n', NumericGreaterThan: 5, Next: 'D' }]),
    },
    {
      name: 'a timestamp operand that is not RFC 3339',
      bad: choice([{ Variable: '$.t', TimestampLessThan: '2025-01-01', Next: 'D' }]),
      code: 'ASL123',
      at: '"2025-01-01"',
      good: choice([{ Variable: '$.t', TimestampLessThan: '2025-01-01T00:00:00Z', Next: 'D' }]),
    },
    {
      name: 'a Variable that is not a reference path',
      bad: choice([{ Variable: '$.items[*].id', IsPresent: true, Next: 'D' }]),
      code: 'ASL302',
      at: '[*]',
      good: choice([{ Variable: '$.items[0].id', IsPresent: true, Next: 'D' }]),
    },
    {
      name: 'a ...Path operand with an invalid path',
      bad: choice([{ Variable: '$.a', StringEqualsPath: '$.b.', Next: 'D' }]),
      code: 'ASL301',
      at: '."',
      length: 1,
      good: choice([{ Variable: '$.a', StringEqualsPath: '$.b', Next: 'D' }]),
    },
    {
      name: 'a JSONata Condition in a JSONPath state',
      bad: choice([{ Condition: '{% $states.input.a %}', Next: 'D' }]),
      code: 'ASL403',
      at: '"Condition"',
      good: choice([{ Condition: '{% $states.input.a %}', Next: 'D' }], { QueryLanguage: 'JSONata' }),
    },
  ]);
});

void describe('Choice rules (JSONata)', () => {
  runCases([
    {
      name: 'Variable-based rule in a JSONata state',
      bad: choice([{ IsPresent: true, Condition: '{% true %}', Next: 'D' }], { QueryLanguage: 'JSONata' }),
      code: 'ASL402',
      at: '"IsPresent"',
      good: choice([{ Condition: '{% true %}', Next: 'D' }], { QueryLanguage: 'JSONata' }),
    },
    {
      name: 'a rule without Condition',
      bad: choice([{ Next: 'D' }], { QueryLanguage: 'JSONata' }),
      code: 'ASL101',
      at: '{\n          "Next"',
      good: choice([{ Condition: true, Next: 'D' }], { QueryLanguage: 'JSONata' }),
    },
  ]);
});

void describe('Retry and Catch', () => {
  runCases([
    {
      name: 'States.ALL in a retrier that is not the last',
      bad: withRetry([{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['States.Timeout'] }]),
      code: 'ASL130',
      at: '"States.ALL"',
      good: withRetry([{ ErrorEquals: ['States.Timeout'] }, { ErrorEquals: ['States.ALL'] }]),
    },
    {
      name: 'States.ALL with other error names',
      bad: withRetry([{ ErrorEquals: ['States.Timeout', 'States.ALL'] }]),
      code: 'ASL131',
      at: '"States.ALL"',
      good: withRetry([{ ErrorEquals: ['States.Timeout'] }, { ErrorEquals: ['States.ALL'] }]),
    },
    {
      name: 'a catcher without Next',
      bad: machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [{ ErrorEquals: ['States.ALL'] }],
          End: true,
        },
      }),
      code: 'ASL101',
      at: '{\n          "ErrorEquals"',
      good: machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }],
          End: true,
        },
        F: { Type: 'Fail' },
      }),
    },
    {
      name: 'an empty ErrorEquals',
      bad: withRetry([{ ErrorEquals: [] }]),
      code: 'ASL106',
      at: '[]',
      good: withRetry([{ ErrorEquals: ['States.TaskFailed'] }]),
    },
    {
      name: 'a misspelt retrier field',
      bad: withRetry([{ ErrorEquals: ['E'], MaxAttempt: 2 }]),
      code: 'ASL102',
      at: '"MaxAttempt"',
      message: /did you mean "MaxAttempts"/,
      good: withRetry([{ ErrorEquals: ['E'], MaxAttempts: 2 }]),
    },
  ]);

  void it('States.ALL alone and last in a Catch is fine; the catch target counts as a transition', () => {
    const text = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Catch: [
          { ErrorEquals: ['E'], Next: 'F' },
          { ErrorEquals: ['States.ALL'], Next: 'F' },
        ],
        End: true,
      },
      F: { Type: 'Fail', Error: 'Failed' },
    });
    assert.deepEqual(summarize(text, validate(text)), []);
  });

  void it('reports States.ALL both misplaced and not alone', () => {
    const text = withRetry([{ ErrorEquals: ['States.ALL', 'E'] }, { ErrorEquals: ['F'] }]);
    assert.equal(codesIn(text, 'ASL130').length, 1);
    assert.equal(codesIn(text, 'ASL131').length, 1);
  });
});
