// The JSONata expressions of ../shared/conformance (jsonata, intrinsic_functions, choice_operators,
// variables, error_handling, map, wait, scenarios), evaluated with the inputs AWS ran them with; the expected
// values and causes are the recorded ones (hard-coded: the corpus is not read at test time).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatesError } from '../errors';
import type { JsonValue } from '../json';
import {
  evaluateJsonataTemplate,
  evaluateTyped,
  type JsonataBindings,
  type JsonataExpectedType,
  type JsonataRuntime,
} from './index';

interface Case {
  id: string;
  field: string;
  template: JsonValue;
  input?: JsonValue;
  variables?: Record<string, JsonValue>;
  context?: JsonValue;
  result?: JsonValue;
  errorOutput?: JsonValue;
  type?: JsonataExpectedType;
  expected?: JsonValue;
  cause?: string;
}

const runtime: JsonataRuntime = { random: () => 0.25, uuid: () => '11111111-2222-4333-8444-555555555555' };

function bindingsOf(c: Case): JsonataBindings {
  const states: JsonataBindings['states'] = { input: c.input ?? {}, context: c.context ?? {} };
  if (c.result !== undefined) states.result = c.result;
  if (c.errorOutput !== undefined) states.errorOutput = c.errorOutput;
  return { states, variables: c.variables ?? {} };
}

function run(c: Case): Promise<JsonValue> {
  if (c.type !== undefined) return evaluateTyped(c.template as string, bindingsOf(c), runtime, c.field, c.type);
  return evaluateJsonataTemplate(c.template, bindingsOf(c), runtime, c.field);
}

function check(c: Case): void {
  test(c.id, async () => {
    if (c.cause === undefined) {
      assert.deepEqual(await run(c), c.expected);
      return;
    }
    await assert.rejects(run(c), (error: unknown) => {
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
  constant_lst: [null, 0, 0.1, true, [], { constant: 0 }, ' {% states.input %} ', '$states.input', '$no.such.var.path'],
  constant_obj: { in_obj_constant_not_jsonata: ' {% states.input %} ', in_obj_constant_obj: { constant: 0 } },
};
const lambdaEnvelope = { ExecutedVersion: '$LATEST', Payload: { foo: 'foo-1' }, StatusCode: 200 };
const lambdaError = {
  Error: 'Exception',
  Cause: '{"errorMessage":"Some exception was raised.","errorType":"Exception"}',
};

describe('conformance: jsonata', () => {
  check({ id: 'arguments BASE_LAMBDA_EMPTY', field: 'Arguments', template: {}, input: lambdaInput, expected: {} });
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
  check({ id: 'arguments/output BASE_LITERALS', field: 'Output', template: literalTemplate, expected: literalTemplate });
  for (const [suffix, expression, expected] of [
    ['BASE', '$contains("hello$world", /^hello\\$/)', true],
    ['BASE_FALSE', '$contains("hello$world", /^hello\\ /)', false],
    ['BASE_SINGLE_QUOTE', "$contains('hello$world', /^hello\\$/)", true],
    ['BASE_SINGLE_QUOTE_FALSE', "$contains('hello$world', /^hello\\ /)", false],
  ] as const) {
    check({ id: `regular expressions ${suffix}`, field: 'Output', template: `{% ${expression} %}`, expected });
  }
  check({ id: 'map ITEMS', field: 'Items', template: [1, '{% $number("2") %}', 3], expected: [1, 2, 3] });
  check({ id: 'map ITEMS_DOUBLE_QUOTES', field: 'Items', template: [1, "{% $number('2') %}", 3], expected: [1, 2, 3] });
  for (const field of ['MaxConcurrency', 'ToleratedFailureCount', 'ToleratedFailurePercentage', 'HeartbeatSeconds', 'TimeoutSeconds']) {
    check({ id: `${field} {% $variable := 1 %}`, field, template: '{% $variable := 1 %}', type: 'integer', expected: 1 });
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
    expected: { FunctionName: 'fn-data-flow', Payload: { theQuestion: 'What is the answer?', theAnswer: 42 } },
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
    Execution: { Id: 'arn:aws:states:us-east-1:111111111111:execution:sm:ex', Input: lambdaInput, Name: 'ex' },
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
    expected: { ja_states_context: context, ja_states_input: lambdaInput, ja_var_access: 'string literal', ja_expr: 7 },
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
  ] as const) {
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
    template: [null, 0, 0.1, true, 'string', [], '$nosuchvar', '$.no.such.path', '{% $states.input %}', { key: '{% true %}' }],
    input: { input_value: 'stringliteral' },
    expected: [null, 0, 0.1, true, 'string', [], '$nosuchvar', '$.no.such.path', { input_value: 'stringliteral' }, { key: true }],
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

describe('conformance: intrinsic_functions (JSONata equivalents)', () => {
  const partitions: [number[], number, number[][]][] = [
    [[0], 1, [[0]]], [[0], 2, [[0]]], [[0], 3, [[0]]], [[0], 4, [[0]]], [[0], 5, [[0]]],
    [[0, 1], 1, [[0], [1]]], [[0, 1], 2, [[0, 1]]], [[0, 1], 3, [[0, 1]]], [[0, 1], 4, [[0, 1]]], [[0, 1], 5, [[0, 1]]],
    [[0, 1, 2], 1, [[0], [1], [2]]], [[0, 1, 2], 2, [[0, 1], [2]]], [[0, 1, 2], 3, [[0, 1, 2]]],
    [[0, 1, 2], 4, [[0, 1, 2]]], [[0, 1, 2], 5, [[0, 1, 2]]],
    [[0, 1, 2, 3], 1, [[0], [1], [2], [3]]], [[0, 1, 2, 3], 2, [[0, 1], [2, 3]]], [[0, 1, 2, 3], 3, [[0, 1, 2], [3]]],
    [[0, 1, 2, 3], 4, [[0, 1, 2, 3]]], [[0, 1, 2, 3], 5, [[0, 1, 2, 3]]],
  ]; // prettier-ignore
  partitions.forEach(([fst, snd, expected], index) => {
    check({
      id: `test_array_partition.${String(index).padStart(2, '0')}`,
      field: 'Output',
      template: '{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}',
      input: { FunctionInput: { fst, snd } },
      expected,
    });
  });
  const ranges: [number, number, number, JsonValue][] = [
    [0, 9, 3, [0, 3, 6, 9]],
    [0, 10, 3, [0, 3, 6, 9]],
    [1, 9, 9, 1],
    [1, 9, 2, [1, 3, 5, 7, 9]],
  ];
  ranges.forEach(([fst, snd, trd, expected], index) => {
    check({
      id: `test_array_range.0${index}`,
      field: 'Output',
      template:
        '{% $range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd) %}',
      input: { FunctionInput: { fst, snd, trd } },
      expected,
    });
  });
  const parses: [string, JsonValue][] = [
    ['-0', 0],
    ['1', 1],
    ['1.1', 1.1],
    ['true', true],
    ['"HelloWorld"', 'HelloWorld'],
    ['[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']],
    ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ];
  parses.forEach(([text, expected], index) => {
    check({
      id: `test_parse.0${index}`,
      field: 'Output',
      template: '{% $parse($states.input.FunctionInput) %}',
      input: { FunctionInput: text },
      expected,
    });
  });
  test('test_parse.00 gives 0, not -0', async () => {
    const value = await evaluateJsonataTemplate('{% $parse("-0") %}', bindingsOf({ id: '', field: '', template: '' }), runtime, 'Output');
    assert.ok(Object.is(value, 0));
  });
});

describe('conformance: choice_operators (JSONata Condition)', () => {
  const docsInput = { type: 'Private', value: 22 };
  check({ id: 'aws docs rule 1', field: 'Condition', template: "{% $not($states.input.type = 'Private') %}", input: docsInput, type: 'boolean', expected: false });
  check({ id: 'aws docs rule 2', field: 'Condition', template: '{% $states.input.value = 0 %}', input: docsInput, type: 'boolean', expected: false });
  check({ id: 'aws docs rule 3', field: 'Condition', template: '{% $states.input.value >= 20 and $states.input.value < 30 %}', input: docsInput, type: 'boolean', expected: true });
  check({ id: 'singleton composite', field: 'Condition', template: "{% $states.input.type = 'Public' %}", input: { type: 'Public', value: 22 }, type: 'boolean', expected: true });
  check({ id: 'singleton composite literal', field: 'Condition', template: '{% $states.input.str_value = "string literal" %}', input: { str_value: 'string literal' }, type: 'boolean', expected: true });
  for (const done of [true, false]) {
    check({ id: `unsorted parameters done=${done} rule 1`, field: 'Condition', template: '{% $states.input.result.done %}', input: { result: { done } }, type: 'boolean', expected: done });
    check({ id: `unsorted parameters done=${done} rule 2`, field: 'Condition', template: '{% $not($states.input.result.done) %}', input: { result: { done } }, type: 'boolean', expected: !done });
  }
}); // prettier-ignore

describe('conformance: variables', () => {
  const undefinedCases: [string, string, JsonValue][] = [
    ['BASE_UNDEFINED_ARGUMENTS', 'Arguments', '{% $doesNotExist %}'],
    ['BASE_UNDEFINED_ARGUMENTS_FIELD', 'Arguments', { FunctionName: '{% $doesNotExist %}' }],
    ['BASE_UNDEFINED_ASSIGN', 'Assign', { result: '{% $doesNotExist %}' }],
    ['BASE_UNDEFINED_OUTPUT', 'Output', '{% $doesNotExist %}'],
    ['BASE_UNDEFINED_OUTPUT_FIELD', 'Output', { result: '{% $doesNotExist %}' }],
  ];
  const fieldOf = (field: string, template: JsonValue): string =>
    typeof template === 'string' ? field : `${field}/${Object.keys(template as object)[0] ?? ''}`;
  for (const [id, field, template] of undefinedCases) {
    check({
      id,
      field,
      template,
      cause: `The JSONata expression '$doesNotExist' specified for the field '${fieldOf(field, template)}' returned nothing (undefined).`,
    });
  }
  check({
    id: 'assign_in_catch_state (Catch Assign reads $states.errorOutput)',
    field: 'Assign',
    template: { result: '{% $states.errorOutput %}' },
    errorOutput: lambdaError,
    expected: { result: lambdaError },
  });
});

describe('conformance: error_handling', () => {
  check({ id: 'fail_cause_jsonata', field: 'Cause', template: '{% $states.input.cause %}', input: { cause: 'This failed to due an Exception.' }, type: 'string', expected: 'This failed to due an Exception.' });
  check({ id: 'fail_error_jsonata', field: 'Error', template: '{% $states.input.error %}', input: { error: 'Exception' }, type: 'string', expected: 'Exception' });
  check({
    id: 'catch_error_variable_sampling (Catch Assign)',
    field: 'Assign',
    template: { inputVar: '{% $states.input %}', errorVar: '{% $states.errorOutput %}' },
    input: { inputData: 'dummy' },
    errorOutput: lambdaError,
    expected: { inputVar: { inputData: 'dummy' }, errorVar: lambdaError },
  });
  check({ id: 'catch_error_variable_sampling (Fallback Output)', field: 'Output', template: { error: '{% $errorVar %}' }, variables: { errorVar: lambdaError }, expected: { error: lambdaError } });
  check({
    id: 'task_catch_error_output (Catch Output)',
    field: 'Output',
    template: { stateInput: '{% $states.input %}', stateError: '{% $states.errorOutput %}' },
    input: { inputData: 'dummy' },
    errorOutput: lambdaError,
    expected: { stateInput: { inputData: 'dummy' }, stateError: lambdaError },
  });
  check({ id: 's3_no_such_key (Catch Output)', field: 'Output', template: '{% $states.errorOutput %}', errorOutput: lambdaError, expected: lambdaError });
}); // prettier-ignore

describe('conformance: scenarios (escape sequences)', () => {
  check({ id: 'ESCAPE_SEQUENCES_JSONATA_COMPARISON_ASSIGN', field: 'Output', template: `{% $var = '"' %}`, variables: { var: '"' }, expected: true });
  check({ id: 'ESCAPE_SEQUENCES_JSONATA_COMPARISON_OUTPUT', field: 'Output', template: `{% $states.input = '"' %}`, input: '"', expected: true });
}); // prettier-ignore

describe('conformance: wait', () => {
  check({ id: 'wait_seconds_jsonata', field: 'Seconds', template: '{% $states.input.waitSeconds %}', input: { waitSeconds: 0 }, type: 'integer', expected: 0 });
  for (const valid of ['2016-03-05T21:29:29.243167252Z', '2016-03-14T01:59:00Z']) {
    check({ id: `wait_timestamp_jsonata ${valid}`, field: 'Timestamp', template: '{% $states.input.TimestampValue %}', input: { TimestampValue: valid }, type: 'timestamp', expected: valid });
  }
  for (const [id, invalid] of [['INVALID_DATE', '2016-13-05T21:29:29Z'], ['INVALID_ISO', '05-12-2016T21:29:29Z'], ['INVALID_TIME', '2016-12-05T25:29:29Z'], ['NO_T', '2016-12-05 21:29:29Z'], ['NO_Z', '2016-12-05T21:29:29']]) {
    check({
      id: `wait_timestamp_jsonata_${id}`,
      field: 'Timestamp',
      template: '{% $states.input.TimestampValue %}',
      input: { TimestampValue: invalid },
      type: 'timestamp',
      cause: `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${invalid}`,
    });
  }
}); // prettier-ignore

describe('conformance: map Items and ItemSelector', () => {
  for (const [id, expression, expected] of [['mixed', "[1, 'two', 3]", [1, 'two', 3]], ['singleton', '[0]', [0]], ['empty', '[]', []]] as const) {
    check({ id: `items_eval_jsonata_${id}`, field: 'Items', template: `{% ${expression} %}`, type: 'array', expected: [...expected] });
  }
  check({ id: 'items_input_array_singleton ($states.input.items keeps [0])', field: 'Output', template: '{% $states.input.items %}', input: { items: [0] }, expected: [0] });
  const literalFailures: [string, string, string, string][] = [
    ['boolean', 'true', 'boolean', 'true'],
    ['null', 'null', 'null', 'null'],
    ['number', '1', 'number', '1'],
    ['object', "{'foo': 'bar'}", 'object', '{"foo":"bar"}'],
    ['string', "'string'", 'string', '"string"'],
  ];
  for (const [id, expression, typeName, shown] of literalFailures) {
    check({
      id: `items_eval_jsonata_fail_${id}`,
      field: 'Items',
      template: `{% ${expression} %}`,
      type: 'array',
      cause: `The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${typeName}' for value: ${shown}`,
    });
    check({
      id: `items_variable_sampling_${id}`,
      field: 'Items',
      template: '{% $ItemsVar %}',
      variables: { ItemsVar: JSON.parse(shown) as JsonValue },
      type: 'array',
      cause: `The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${typeName}' for value: ${shown}`,
    });
  }
  check({
    id: 'items_eval_jsonata_fail_function',
    field: 'Items',
    template: '{% $fn := function($x){$x} %}',
    type: 'array',
    cause: "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
  });
  for (const [index, item] of ['Item1', 'Item2'].entries()) {
    check({
      id: `MAP_STATE_ITEM_SELECTOR_JSONATA item ${index}`,
      field: 'ItemSelector',
      template: { map_item_value: '{% $states.context.Map.Item.Value %}', var_sample: '{% $ItemsVar %}', string_literal: 'string literal' },
      variables: { ItemsVar: ['Item1', 'Item2'] },
      context: { Map: { Item: { Index: index, Value: item } } },
      expected: { map_item_value: item, var_sample: ['Item1', 'Item2'], string_literal: 'string literal' },
    });
  }
}); // prettier-ignore
