// Replays every JSONPath case of conformance/choice_operators (recorded on AWS) through evaluateChoiceRule.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { JsonObject, JsonValue } from '../json';
import { SCENARIO_CHOICE_CASES, SKIPPED_JSONATA_CASES, TEMPLATE_CHOICE_CASES } from './choice-cases.fixture';
import { evaluateChoiceRule } from './index';
import { resolverFor } from './resolver.fixture';

/** The Next of the first matching rule, else the Default (undefined when there is none). */
function chooseNext(choices: readonly JsonObject[], defaultNext: string | undefined, input: JsonValue) {
  const resolve = resolverFor(input);
  for (const rule of choices) {
    if (evaluateChoiceRule(rule, resolve, 'CheckValues')) return rule.Next;
  }
  return defaultNext;
}

void describe('choice_operators conformance (recorded on AWS)', () => {
  void it('covers all 501 cases of the category', () => {
    assert.equal(
      TEMPLATE_CHOICE_CASES.length + SCENARIO_CHOICE_CASES.length + SKIPPED_JSONATA_CASES.length,
      501,
    );
  });

  void describe('single-rule template cases', () => {
    for (const testCase of TEMPLATE_CHOICE_CASES) {
      void it(`${testCase.caseName}: ${testCase.operator} ${JSON.stringify(testCase.operand)}`, () => {
        const rule: JsonObject = {
          Variable: '$.Variable',
          [testCase.operator]: testCase.operand,
          Next: 'ConditionTrue',
        };
        const next = chooseNext([rule], 'ConditionFalse', testCase.input);
        assert.equal(
          next,
          testCase.matched ? 'ConditionTrue' : 'ConditionFalse',
          JSON.stringify(testCase.input),
        );
      });
    }
  });

  void describe('multi-rule scenarios', () => {
    for (const testCase of SCENARIO_CHOICE_CASES) {
      void it(testCase.caseName, () => {
        assert.equal(
          chooseNext(testCase.choices, testCase.defaultNext, testCase.input),
          testCase.expectedNext,
        );
      });
    }
  });
});

void describe('test resolver', () => {
  void it('resolves fields, indexes and quoted keys, and reports missing ones', () => {
    const resolve = resolverFor({ a: { b: [10, { c: null }] }, 'x y': 1 });
    assert.deepEqual(resolve('$.a.b[0]'), { found: true, value: 10 });
    assert.deepEqual(resolve('$.a.b[1].c'), { found: true, value: null });
    assert.deepEqual(resolve("$['x y']"), { found: true, value: 1 });
    assert.deepEqual(resolve('$'), { found: true, value: { a: { b: [10, { c: null }] }, 'x y': 1 } });
    assert.deepEqual(resolve('$.a.b[2]'), { found: false });
    assert.deepEqual(resolve('$.a.z'), { found: false });
    assert.deepEqual(resolve('$.a.b.c'), { found: false });
  });
});
