// The JSONata expressions of the other categories of ../shared/conformance (intrinsic_functions,
// choice_operators, variables, error_handling, scenarios, wait, map), evaluated with the inputs AWS ran them
// with; expected values and causes are the recorded ones (hard-coded: the corpus is not read at test time).

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

const lambdaError = {
  Error: 'Exception',
  Cause: '{"errorMessage":"Some exception was raised.","errorType":"Exception"}',
};

describe('conformance: intrinsic_functions (JSONata equivalents)', () => {
  // prettier-ignore
  const partitions: [number[], number, number[][]][] = [
    [[0], 1, [[0]]], [[0], 2, [[0]]], [[0], 3, [[0]]], [[0], 4, [[0]]], [[0], 5, [[0]]],
    [[0, 1], 1, [[0], [1]]], [[0, 1], 2, [[0, 1]]], [[0, 1], 3, [[0, 1]]], [[0, 1], 4, [[0, 1]]], [[0, 1], 5, [[0, 1]]],
    [[0, 1, 2], 1, [[0], [1], [2]]], [[0, 1, 2], 2, [[0, 1], [2]]], [[0, 1, 2], 3, [[0, 1, 2]]],
    [[0, 1, 2], 4, [[0, 1, 2]]], [[0, 1, 2], 5, [[0, 1, 2]]],
    [[0, 1, 2, 3], 1, [[0], [1], [2], [3]]], [[0, 1, 2, 3], 2, [[0, 1], [2, 3]]], [[0, 1, 2, 3], 3, [[0, 1, 2], [3]]],
    [[0, 1, 2, 3], 4, [[0, 1, 2, 3]]], [[0, 1, 2, 3], 5, [[0, 1, 2, 3]]],
  ];
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
    const value = await runCase({ id: '', field: 'Output', template: '{% $parse("-0") %}' });
    assert.ok(Object.is(value, 0));
  });
});

describe('conformance: choice_operators (JSONata Condition)', () => {
  const docsInput = { type: 'Private', value: 22 };
  check({
    id: 'aws docs rule 1',
    field: 'Condition',
    template: "{% $not($states.input.type = 'Private') %}",
    input: docsInput,
    type: 'boolean',
    expected: false,
  });
  check({
    id: 'aws docs rule 2',
    field: 'Condition',
    template: '{% $states.input.value = 0 %}',
    input: docsInput,
    type: 'boolean',
    expected: false,
  });
  check({
    id: 'aws docs rule 3',
    field: 'Condition',
    template: '{% $states.input.value >= 20 and $states.input.value < 30 %}',
    input: docsInput,
    type: 'boolean',
    expected: true,
  });
  check({
    id: 'singleton composite',
    field: 'Condition',
    template: "{% $states.input.type = 'Public' %}",
    input: { type: 'Public', value: 22 },
    type: 'boolean',
    expected: true,
  });
  check({
    id: 'singleton composite literal',
    field: 'Condition',
    template: '{% $states.input.str_value = "string literal" %}',
    input: { str_value: 'string literal' },
    type: 'boolean',
    expected: true,
  });
  for (const done of [true, false]) {
    check({
      id: `unsorted parameters done=${done} rule 1`,
      field: 'Condition',
      template: '{% $states.input.result.done %}',
      input: { result: { done } },
      type: 'boolean',
      expected: done,
    });
    check({
      id: `unsorted parameters done=${done} rule 2`,
      field: 'Condition',
      template: '{% $not($states.input.result.done) %}',
      input: { result: { done } },
      type: 'boolean',
      expected: !done,
    });
  }
});

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
  check({
    id: 'fail_cause_jsonata',
    field: 'Cause',
    template: '{% $states.input.cause %}',
    input: { cause: 'This failed to due an Exception.' },
    type: 'string',
    expected: 'This failed to due an Exception.',
  });
  check({
    id: 'fail_error_jsonata',
    field: 'Error',
    template: '{% $states.input.error %}',
    input: { error: 'Exception' },
    type: 'string',
    expected: 'Exception',
  });
  check({
    id: 'catch_error_variable_sampling (Catch Assign)',
    field: 'Assign',
    template: { inputVar: '{% $states.input %}', errorVar: '{% $states.errorOutput %}' },
    input: { inputData: 'dummy' },
    errorOutput: lambdaError,
    expected: { inputVar: { inputData: 'dummy' }, errorVar: lambdaError },
  });
  check({
    id: 'catch_error_variable_sampling (Fallback Output)',
    field: 'Output',
    template: { error: '{% $errorVar %}' },
    variables: { errorVar: lambdaError },
    expected: { error: lambdaError },
  });
  check({
    id: 'task_catch_error_output (Catch Output)',
    field: 'Output',
    template: { stateInput: '{% $states.input %}', stateError: '{% $states.errorOutput %}' },
    input: { inputData: 'dummy' },
    errorOutput: lambdaError,
    expected: { stateInput: { inputData: 'dummy' }, stateError: lambdaError },
  });
  check({
    id: 's3_no_such_key (Catch Output)',
    field: 'Output',
    template: '{% $states.errorOutput %}',
    errorOutput: lambdaError,
    expected: lambdaError,
  });
});

describe('conformance: scenarios (escape sequences)', () => {
  check({
    id: 'ESCAPE_SEQUENCES_JSONATA_COMPARISON_ASSIGN',
    field: 'Output',
    template: `{% $var = '"' %}`,
    variables: { var: '"' },
    expected: true,
  });
  check({
    id: 'ESCAPE_SEQUENCES_JSONATA_COMPARISON_OUTPUT',
    field: 'Output',
    template: `{% $states.input = '"' %}`,
    input: '"',
    expected: true,
  });
});

describe('conformance: wait', () => {
  check({
    id: 'wait_seconds_jsonata',
    field: 'Seconds',
    template: '{% $states.input.waitSeconds %}',
    input: { waitSeconds: 0 },
    type: 'integer',
    expected: 0,
  });
  for (const valid of ['2016-03-05T21:29:29.243167252Z', '2016-03-14T01:59:00Z']) {
    check({
      id: `wait_timestamp_jsonata ${valid}`,
      field: 'Timestamp',
      template: '{% $states.input.TimestampValue %}',
      input: { TimestampValue: valid },
      type: 'timestamp',
      expected: valid,
    });
  }
  const invalidTimestamps: [string, string][] = [
    ['INVALID_DATE', '2016-13-05T21:29:29Z'],
    ['INVALID_ISO', '05-12-2016T21:29:29Z'],
    ['INVALID_TIME', '2016-12-05T25:29:29Z'],
    ['NO_T', '2016-12-05 21:29:29Z'],
    ['NO_Z', '2016-12-05T21:29:29'],
  ];
  for (const [id, invalid] of invalidTimestamps) {
    check({
      id: `wait_timestamp_jsonata_${id}`,
      field: 'Timestamp',
      template: '{% $states.input.TimestampValue %}',
      input: { TimestampValue: invalid },
      type: 'timestamp',
      cause: `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${invalid}`,
    });
  }
});

describe('conformance: map Items and ItemSelector', () => {
  for (const [id, expression, expected] of [
    ['mixed', "[1, 'two', 3]", [1, 'two', 3]],
    ['singleton', '[0]', [0]],
    ['empty', '[]', []],
  ] as const) {
    check({
      id: `items_eval_jsonata_${id}`,
      field: 'Items',
      template: `{% ${expression} %}`,
      type: 'array',
      expected: [...expected],
    });
  }
  check({
    id: 'items_input_array_singleton ($states.input.items keeps [0])',
    field: 'Output',
    template: '{% $states.input.items %}',
    input: { items: [0] },
    expected: [0],
  });
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
    cause:
      "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
  });
  for (const [index, item] of ['Item1', 'Item2'].entries()) {
    check({
      id: `MAP_STATE_ITEM_SELECTOR_JSONATA item ${index}`,
      field: 'ItemSelector',
      template: {
        map_item_value: '{% $states.context.Map.Item.Value %}',
        var_sample: '{% $ItemsVar %}',
        string_literal: 'string literal',
      },
      variables: { ItemsVar: ['Item1', 'Item2'] },
      context: { Map: { Item: { Index: index, Value: item } } },
      expected: { map_item_value: item, var_sample: ['Item1', 'Item2'], string_literal: 'string literal' },
    });
  }
});
