// JSONPath cases recorded on real AWS Step Functions (shared/conformance), hard-coded here: each path, its
// input and the value or failure AWS produced; plus every JSONPath form the corpus definitions use must parse.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../json';
import { parseJsonPath, queryPath, type QueryResult } from './index';

function query(text: string, root: JsonValue): QueryResult {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) assert.fail(`'${text}' did not parse: ${parsed.message}`);
  return queryPath(parsed.path, root);
}

const elevenItems: JsonValue = {
  items: Array.from({ length: 11 }, (_, i) => ({ item_key: i })),
};

describe('AWS conformance: base.test_json_path_*', () => {
  const cases: Array<{ name: string; path: string; input: JsonValue; expected: JsonValue }> = [
    { name: 'array_access_.items_0', path: '$.items[0]', input: elevenItems, expected: { item_key: 0 } },
    { name: 'array_access_.items_10', path: '$.items[10]', input: elevenItems, expected: { item_key: 10 } },
    { name: 'wildcard_or_slice_with_no_input', path: '$[*]', input: {}, expected: [] },
    { name: '..._.item.items', path: '$.item.items[*]', input: {}, expected: [] },
    { name: '..._.item.items_1', path: '$.item.items[1:]', input: {}, expected: [] },
    { name: '..._.item.items_1.2', path: '$.item.items[:1]', input: {}, expected: [] },
    { name: '..._.item.items_1_5', path: '$.item.items[1:5]', input: {}, expected: [] },
    { name: '..._.item.items_1_5_.itemValue', path: '$.item.items[1:5].itemValue', input: {}, expected: [] },
    { name: '..._.items', path: '$.items[*]', input: {}, expected: [] },
    { name: '..._.items_.itemValue', path: '$.items[*].itemValue', input: {}, expected: [] },
    { name: '..._.items_1', path: '$.items[1:]', input: {}, expected: [] },
    { name: '..._.items_1.2', path: '$.items[:1]', input: {}, expected: [] },
    { name: '..._.items_1_.itemValue', path: '$.items[1:].itemValue', input: {}, expected: [] },
    { name: '..._.items_1_.itemValue.2', path: '$.items[:1].itemValue', input: {}, expected: [] },
    {
      name: 'state_pass_regex_json_path_base',
      path: '$.users[?(@.status == 0)]',
      input: {
        users: [
          { year: 1997, status: 0 },
          { year: 1998, status: 1 },
        ],
      },
      expected: [{ year: 1997, status: 0 }],
    },
  ];
  for (const { name, path, input, expected } of cases) {
    it(`${name}: ${path}`, () => assert.deepEqual(query(path, input), { found: true, value: expected }));
  }
});

describe('AWS conformance: other recorded JSONPath behaviour', () => {
  it('escape_sequence_parsing_ESCAPE_SEQUENCES_JSONPATH: backslashes in a bracketed name are literal', () => {
    const input = { 'Test\\""Name"': 'Value"\\' };
    assert.deepEqual(query(`$['Test\\""Name"']`, input), { found: true, value: 'Value"\\' });
  });

  it('map_state_item_selector: a dot name containing "-"', () => {
    const input = { 'delivery-partner': 'UQS', shipped: ['A', 'B', 'C'] };
    assert.deepEqual(query('$.delivery-partner', input), { found: true, value: 'UQS' });
  });

  it('context_object.test_variable: $$.Execution.Input.input-value', () => {
    const context = { Execution: { Input: { 'input-value': 0 } } };
    assert.deepEqual(query('$$.Execution.Input.input-value', context), { found: true, value: 0 });
  });

  it('invalid_jsonpath_IN_OUTPUTPATH / INPUTPATH / TIMEOUTSECONDSPATH: "No results for path"', () => {
    for (const name of ['NoSuchOutputPath', 'NoSuchInputPath', 'NoSuchTimeoutSecondsPath']) {
      assert.deepEqual(query(`$.${name}`, { 'int-literal': 0 }), {
        found: false,
        missingAt: `$['${name}']`,
        message: `No results for path: $['${name}']`,
      });
    }
  });

  it('catch_states_runtime: OutputPath $.no.such.result.path on {} is "Missing property in path $[\'no\']"', () => {
    assert.deepEqual(query('$.no.such.result.path', {}), {
      found: false,
      missingAt: "$['no']",
      message: "Missing property in path $['no']",
    });
  });

  it('invalid_jsonpath_IN_STRING_EXPR_CONTEXTPATH: a missing context field is not found', () => {
    const context = { Execution: { Input: { 'int-literal': 0 } } };
    const result = query('$$.Execution.Input.no_such_jsonpath', context);
    assert.equal(result.found, false);
  });
});

describe('every JSONPath form used in the conformance definitions parses', () => {
  // Non-trivial forms found with: jq '.. | strings | select(startswith("$"))' over every definition, plus the
  // path arguments of intrinsic functions.
  const forms = [
    '$$.Execution.Input.input-value',
    '$.delivery-partner',
    '$.item.items[*]',
    '$.item.items[1:5]',
    '$.item.items[1:5].itemValue',
    '$.item.items[1:]',
    '$.item.items[:1]',
    '$.items[*]',
    '$.items[*].itemValue',
    '$.items[0]',
    '$.items[10]',
    '$.items[1:]',
    '$.items[1:].itemValue',
    '$.items[:1]',
    '$.items[:1].itemValue',
    '$.sub-values',
    '$.users[?(@.status == 0)]',
    `$['Test\\""Name"']`,
    '$[*]',
    '$[0]',
    '$[1]',
    '$[2]',
    '$PokemonList',
    '$Question',
    '$constant_obj.in_obj_constant_lst',
    '$constant_str_contextpath_root',
    '$no.such.var.path',
    '$noSuchVar.noSuchMember',
    '$states.input',
    '$$.Map.Item.Value',
    '$$.StateMachine.Name',
    '$$.Execution.Input.FunctionInput',
    '$.FunctionInput.fst',
    '$.Error',
    '$',
    '$$',
  ];
  for (const form of forms) {
    it(form, () => {
      const parsed = parseJsonPath(form);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
    });
  }

  it('classifies the roots of the corpus forms', () => {
    const root = (text: string): unknown => {
      const parsed = parseJsonPath(text);
      return parsed.ok ? parsed.path.root : parsed.message;
    };
    assert.deepEqual(root('$$.Map.Item.Value'), { kind: 'context' });
    assert.deepEqual(root('$no.such.var.path'), { kind: 'variable', name: 'no' });
    assert.deepEqual(root('$states.input'), { kind: 'variable', name: 'states' });
    assert.deepEqual(root('$.Error'), { kind: 'input' });
  });
});
