// The expressions of the `jsonata` category of ../shared/conformance, evaluated with the inputs AWS ran them
// with; expected values are the recorded ones (hard-coded: the corpus is not read at test time).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatesError } from '../errors';
import type { JsonValue } from '../json';
import { runCase, type ConformanceCase } from './conformance.fixture';

function check(c: ConformanceCase): void {
  test(c.id, async () => {
    if (c.cause === undefined) {
      assert.deepEqual(await runCase(c), c.expected);
      return;
    }
    await assert.rejects(runCase(c), (error: unknown) => {
      assert.ok(error instanceof StatesError);
      assert.equal(error.error, 'States.QueryEvaluationError');
      assert.equal(error.cause, c.cause);
      return true;
    });
  });
}

const lambdaInput = { input_value: 'string literal', input_values: [1, 2, 3] };
const lambdaVariables = { var_input_value: 'string literal', var_constant_1: 1 };
const literalTemplate = {
  constant_null: null,
  constant_int: 0,
  constant_float: 0.1,
  constant_bool: true,
  constant_str: 'constant string',
  constant_not_jsonata: ' {% states.input %} ',
  constant_varpath_states: '$states.input',
  constant_jp_input: '$',
  'constant_jp_input.$': '$',
  constant_jp_context: '$$',
  constant_if: "States.Format('Format:{}', 101)",
  constant_lst: [
    null,
    0,
    0.1,
    true,
    [],
    { constant: 0 },
    ' {% states.input %} ',
    '$states.input',
    '$no.such.var.path',
  ],
  constant_obj: { in_obj_constant_not_jsonata: ' {% states.input %} ', in_obj_constant_obj: { constant: 0 } },
};
const lambdaEnvelope = { ExecutedVersion: '$LATEST', Payload: { foo: 'foo-1' }, StatusCode: 200 };
describe('conformance: jsonata', () => {
  check({
    id: 'arguments BASE_LAMBDA_EMPTY',
    field: 'Arguments',
    template: {},
    input: lambdaInput,
    expected: {},
  });
  check({
    id: 'arguments BASE_LAMBDA_EXPRESSION (Arguments)',
    field: 'Arguments',
    template: {
      ja_states_input: '{% $states.input %}',
      ja_var_access: '{% $var_input_value %}',
      ja_expr: '{% $sum($states.input.input_values) + $var_constant_1 %}',
    },
    input: lambdaInput,
    variables: lambdaVariables,
    expected: { ja_states_input: lambdaInput, ja_var_access: 'string literal', ja_expr: 7 },
  });
  check({
    id: 'arguments BASE_LAMBDA_EXPRESSION (Assign)',
    field: 'Assign',
    template: {
      ja_var_access: '{% $var_input_value %}',
      ja_expr: '{% $sum($states.input.input_values) + $var_constant_1 %}',
    },
    input: lambdaInput,
    variables: lambdaVariables,
    expected: { ja_var_access: 'string literal', ja_expr: 7 },
  });
  check({
    id: 'arguments/output BASE_LITERALS',
    field: 'Output',
    template: literalTemplate,
    expected: literalTemplate,
  });
  for (const [suffix, expression, expected] of [
    ['BASE', '$contains("hello$world", /^hello\\$/)', true],
    ['BASE_FALSE', '$contains("hello$world", /^hello\\ /)', false],
    ['BASE_SINGLE_QUOTE', "$contains('hello$world', /^hello\\$/)", true],
    ['BASE_SINGLE_QUOTE_FALSE', "$contains('hello$world', /^hello\\ /)", false],
  ] as const) {
    check({
      id: `regular expressions ${suffix}`,
      field: 'Output',
      template: `{% ${expression} %}`,
      expected,
    });
  }
  check({ id: 'map ITEMS', field: 'Items', template: [1, '{% $number("2") %}', 3], expected: [1, 2, 3] });
  check({
    id: 'map ITEMS_DOUBLE_QUOTES',
    field: 'Items',
    template: [1, "{% $number('2') %}", 3],
    expected: [1, 2, 3],
  });
  for (const field of [
    'MaxConcurrency',
    'ToleratedFailureCount',
    'ToleratedFailurePercentage',
    'HeartbeatSeconds',
    'TimeoutSeconds',
  ]) {
    check({
      id: `${field} {% $variable := 1 %}`,
      field,
      template: '{% $variable := 1 %}',
      type: 'integer',
      expected: 1,
    });
  }
  check({
    id: 'map from_input ITEMS',
    field: 'Items',
    template: '{% $states.input.input_value %}',
    input: { input_value: [1, 2, 3] },
    type: 'array',
    expected: [1, 2, 3],
  });
  check({
    id: 'from_input TOLERATED_FAILURE_PERCENTAGE',
    field: 'ToleratedFailurePercentage',
    template: '{% $states.input.input_value %}',
    input: { input_value: 100 },
    type: 'number',
    expected: 100,
  });
  check({
    id: 'merge_with_dynamic_args',
    field: 'Output',
    template: '{% $merge([$states.input.part1, $states.input.part2]) %}',
    input: { part1: { hello: 'world' }, part2: { foo: 'bar' } },
    expected: { hello: 'world', foo: 'bar' },
  });
  check({
    id: 'variable_sampling JSONPATH_ASSIGN_JSONATA_REF (Assign reads entry values)',
    field: 'Assign',
    template: { theAnswer: 18, oldAnswer: '{% $theAnswer %}' },
    variables: { theAnswer: 42 },
    expected: { theAnswer: 18, oldAnswer: 42 },
  });
  check({
    id: 'task_dataflow_to_state (Arguments)',
    field: 'Arguments',
    template: {
      FunctionName: '{% $states.input.functionName %}',
      Payload: { theQuestion: '{% $states.input.enigma.mystery.riddle %}', theAnswer: '{% $answer %}' },
    },
    input: { functionName: 'fn-data-flow', enigma: { mystery: { riddle: 'What is the answer?' } } },
    variables: { answer: 42, inputData: { riddle: 'What is the answer?' } },
    expected: {
      FunctionName: 'fn-data-flow',
      Payload: { theQuestion: 'What is the answer?', theAnswer: 42 },
    },
  });
  check({
    id: 'task_dataflow_to_state (Output reads $states.result)',
    field: 'Output',
    template: { result: '{% $states.result.Payload %}' },
    result: { ...lambdaEnvelope, Payload: { theQuestion: 'q', theAnswer: 42 } },
    expected: { result: { theQuestion: 'q', theAnswer: 42 } },
  });
  check({
    id: 'TASK_LAMBDA_SDK_RESOURCE_JSONATA_TO_JSONPATH (Assign and Output read $states.result)',
    field: 'Output',
    template: { results: '{% $states.result %}' },
    result: lambdaEnvelope,
    expected: { results: lambdaEnvelope },
  });
  check({
    id: 'output BASE_DIRECT_EXPR',
    field: 'Output',
    template: '{% $sum($states.input.input_values) + $var_constant_1 %}',
    input: lambdaInput,
    variables: { var_constant_1: 1 },
    expected: 7,
  });
  const context = {
    Execution: {
      Id: 'arn:aws:states:us-east-1:111111111111:execution:sm:ex',
      Input: lambdaInput,
      Name: 'ex',
    },
    State: { Name: 'State0', EnteredTime: '2024-01-01T00:00:00Z' },
  };
  check({
    id: 'output BASE_EXPR ($states.context)',
    field: 'Output',
    template: {
      ja_states_context: '{% $states.context %}',
      ja_states_input: '{% $states.input %}',
      ja_var_access: '{% $var_input_value %}',
      ja_expr: '{% $sum($states.input.input_values) + $var_constant_1 %}',
    },
    input: lambdaInput,
    variables: lambdaVariables,
    context,
    expected: {
      ja_states_context: context,
      ja_states_input: lambdaInput,
      ja_var_access: 'string literal',
      ja_expr: 7,
    },
  });
  check({
    id: 'output BASE_LAMBDA ($states.result in Output)',
    field: 'Output',
    template: {
      ja_var_access: '{% $var_input_value %}',
      ja_states_result: '{% $states.result %}',
      ja_states_result_access: '{% $states.result.ja_expr %}',
    },
    variables: lambdaVariables,
    result: { ja_var_access: 'string literal', ja_expr: 7 },
    expected: {
      ja_var_access: 'string literal',
      ja_states_result: { ja_var_access: 'string literal', ja_expr: 7 },
      ja_states_result_access: 7,
    },
  });
  for (const [suffix, template] of [
    ['BOOL', true],
    ['FLOAT', 0.1],
    ['INT', 0],
    ['LIST_EMPY', []],
    ['NULL', null],
    ['STR_LIT', 'string literal'],
  ] as [string, JsonValue][]) {
    check({ id: `output any_non_dict ${suffix}`, field: 'Output', template, expected: template });
  }
  check({
    id: 'output any_non_dict JSONATA_EXPR',
    field: 'Output',
    template: '{% $states.input %}',
    input: { input_value: 'stringliteral' },
    expected: { input_value: 'stringliteral' },
  });
  check({
    id: 'output any_non_dict LIST_RICH',
    field: 'Output',
    template: [
      null,
      0,
      0.1,
      true,
      'string',
      [],
      '$nosuchvar',
      '$.no.such.path',
      '{% $states.input %}',
      { key: '{% true %}' },
    ],
    input: { input_value: 'stringliteral' },
    expected: [
      null,
      0,
      0.1,
      true,
      'string',
      [],
      '$nosuchvar',
      '$.no.such.path',
      { input_value: 'stringliteral' },
      { key: true },
    ],
  });
  check({
    id: 'base_task_lambda (Arguments)',
    field: 'Arguments',
    template: { FunctionName: '{% $states.input.FunctionName %}', Payload: '{% $states.input.Payload %}' },
    input: { FunctionName: 'fn', Payload: lambdaInput },
    expected: { FunctionName: 'fn', Payload: lambdaInput },
  });
  for (const condition of [true, false]) {
    check({
      id: `output_in_choice CONDITION_${String(condition).toUpperCase()}`,
      field: 'Condition',
      template: '{% $states.input.condition %}',
      input: { condition },
      type: 'boolean',
      expected: condition,
    });
  }
});
