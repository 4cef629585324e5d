// JSONPath fields by kind, payload templates (`.$` keys), intrinsic functions, and ranges inside strings
// that map decoded offsets back to the source through JSON escapes and YAML quoting styles.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { JsonObject } from '../json';
import { validate } from './index';
import { codesIn, locate, machine, runCases, summarize } from './validate.fixture';

const pass = (extra: JsonObject) => machine({ A: { Type: 'Pass', ...extra, End: true } });
const params = (parameters: JsonObject) => pass({ Parameters: parameters });
const map = (extra: JsonObject) =>
  machine({
    M: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      End: true,
      ...extra,
    },
  });

void describe('JSONPath fields', () => {
  runCases([
    {
      name: 'a space in a dot-notation name, at the space',
      bad: pass({ InputPath: '$.a b' }),
      code: 'ASL301',
      at: ' b"',
      length: 1,
      message: /bracket notation/,
      good: pass({ InputPath: "$['a b']" }),
    },
    {
      name: 'a path not starting with $',
      bad: pass({ OutputPath: 'result' }),
      code: 'ASL301',
      at: 'result',
      length: 1,
      good: pass({ OutputPath: '$.result' }),
    },
    {
      name: 'ResultPath selecting many nodes, at the wildcard',
      bad: pass({ ResultPath: '$.items[*]' }),
      code: 'ASL302',
      at: '[*]',
      good: pass({ ResultPath: '$.items[0]' }),
    },
    {
      name: 'ResultPath into the context object',
      bad: pass({ ResultPath: '$$.Execution' }),
      code: 'ASL303',
      at: '$$',
      good: pass({ ResultPath: '$.Execution' }),
    },
    {
      name: 'ResultPath into a variable',
      bad: pass({ ResultPath: '$total' }),
      code: 'ASL303',
      at: '$total',
      message: /use Assign/,
      good: pass({ ResultPath: '$.total' }),
    },
    {
      name: 'ItemsPath with a deep scan',
      bad: map({ ItemsPath: '$..items' }),
      code: 'ASL302',
      at: '..',
      good: map({ ItemsPath: '$.items' }),
    },
    {
      name: 'TimeoutSecondsPath with a filter',
      bad: machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          TimeoutSecondsPath: '$.t[?(@.x)]',
          End: true,
        },
      }),
      code: 'ASL302',
      at: '[?(@.x)]',
      good: machine({
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSecondsPath: '$.t', End: true },
      }),
    },
    {
      name: 'CausePath with plain text',
      bad: machine({ F: { Type: 'Fail', CausePath: 'Something broke' } }),
      code: 'ASL304',
      at: '"Something broke"',
      message: /use "Cause" instead/,
      good: machine({ F: { Type: 'Fail', Cause: 'Something broke' } }),
    },
  ]);

  void it('accepts the context object, variables, filters and slices where a plain path is allowed', () => {
    const text = machine({
      A: { Type: 'Pass', Assign: { v: 1 }, Next: 'B' },
      B: {
        Type: 'Pass',
        InputPath: '$$.Execution.Input',
        Parameters: { 'a.$': '$.items[?(@.price < 10)]', 'b.$': '$.v[1:3]', 'c.$': '$v' },
        OutputPath: '$v',
        End: true,
      },
    });
    assert.deepEqual(summarize(text, validate(text)), []);
  });
});

void describe('payload templates', () => {
  runCases([
    {
      name: 'a .$ key with a literal string',
      bad: params({ 'greeting.$': 'hello' }),
      code: 'ASL304',
      at: '"hello"',
      message: /remove \.\$ from the name/,
      good: params({ greeting: 'hello' }),
    },
    {
      name: 'a .$ key with a number',
      bad: params({ nested: { 'count.$': 5 } }),
      code: 'ASL304',
      at: '5',
      good: params({ nested: { count: 5 } }),
    },
    {
      name: 'a key present with and without .$',
      bad: params({ id: 'x', 'id.$': '$.id' }),
      code: 'ASL307',
      at: '"id.$"',
      good: params({ 'id.$': '$.id' }),
    },
    {
      name: 'leading spaces before a path',
      bad: params({ 'a.$': '  $.a' }),
      code: 'ASL304',
      at: '  $.a',
      length: 2,
      good: params({ 'a.$': '$.a' }),
    },
  ]);

  void it('leaves Pass Result literal: .$ keys there are plain keys', () => {
    assert.deepEqual(validate(pass({ Result: { 'x.$': 'not a path' } })), []);
  });
});

void describe('intrinsic functions', () => {
  runCases([
    {
      name: 'an unknown function, at its name',
      bad: params({ 'a.$': "States.Formatt('{}', $.a)" }),
      code: 'ASL306',
      at: 'States.Formatt',
      message: /Unknown intrinsic function/,
      good: params({ 'a.$': "States.Format('{}', $.a)" }),
    },
    {
      name: 'States.Format with fewer values than placeholders, at the template',
      bad: params({ 'a.$': "States.Format('{} and {}', $.a)" }),
      code: 'ASL306',
      at: "'{} and {}'",
      good: params({ 'a.$': "States.Format('{} and {}', $.a, $.b)" }),
    },
    {
      name: 'a wrong argument type',
      bad: params({ 'a.$': "States.MathAdd($.n, 'one')" }),
      code: 'ASL306',
      at: "'one'",
      good: params({ 'a.$': 'States.MathAdd($.n, 1)' }),
    },
    {
      name: 'a missing closing parenthesis',
      bad: params({ 'a.$': 'States.JsonToString($.a' }),
      code: 'ASL305',
      at: 'States.JsonToString($.a',
      good: params({ 'a.$': 'States.JsonToString($.a)' }),
    },
    {
      name: 'an invalid path argument, located inside the call',
      bad: params({ 'a.$': 'States.Array($.a, $.b.)' }),
      code: 'ASL301',
      at: '.)',
      length: 1,
      good: params({ 'a.$': 'States.Array($.a, $.b)' }),
    },
    {
      name: 'ErrorPath with a function that does not return a string',
      bad: machine({ F: { Type: 'Fail', ErrorPath: 'States.MathAdd($.a, 1)' } }),
      code: 'ASL306',
      at: 'States.MathAdd',
      good: machine({ F: { Type: 'Fail', ErrorPath: "States.Format('E{}', $.a)" } }),
    },
  ]);
});

void describe('ranges inside strings', () => {
  void it('maps through JSON escapes', () => {
    const text = params({ 'a.$': 'States.Format(\'"q" {}\', $.b.)' });
    assert.ok(text.includes('\\"q\\"'), 'the JSON text escapes the quotes');
    const [found] = codesIn(text, 'ASL301');
    assert.deepEqual(found?.offsets, { start: locate(text, '.)').start, end: locate(text, '.)').start + 1 });
  });

  void it('maps through \\u escapes', () => {
    const text =
      '{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.\\u0061\\u0062 c", "End": true}}}';
    const [found] = codesIn(text, 'ASL301');
    assert.equal(text.slice(found?.offsets.start, found?.offsets.end), ' ');
  });

  const yaml = (value: string) =>
    [
      'StartAt: A',
      'States:',
      '  A:',
      '    Type: Pass',
      '    Parameters:',
      `      a.$: ${value}`,
      '    End: true',
      '',
    ].join('\n');
  for (const [style, value] of [
    ['plain', '$.a b'],
    ['single-quoted', "'$.a b'"],
    ['double-quoted', '"$.a b"'],
  ] as const) {
    void it(`maps a YAML ${style} scalar`, () => {
      const text = yaml(value);
      const [found] = codesIn(text, 'ASL301', { fileName: 'm.asl.yaml' });
      assert.deepEqual(found?.offsets, {
        start: locate(text, ' b').start,
        end: locate(text, ' b').start + 1,
      });
    });
  }

  void it("maps a YAML single-quoted scalar with '' escapes", () => {
    const text = yaml("'States.Format(''{}'', $.a.)'");
    const [found] = codesIn(text, 'ASL301', { fileName: 'm.asl.yaml' });
    assert.equal(found?.offsets.start, locate(text, '.)').start);
  });

  void it('falls back to the whole value for folded YAML scalars', () => {
    const text = [
      'StartAt: A',
      'States:',
      '  A:',
      '    Type: Pass',
      '    InputPath: >-',
      '      $.a',
      '      b',
      '    End: true',
      '',
    ].join('\n');
    const [found] = codesIn(text, 'ASL301', { fileName: 'm.asl.yaml' });
    assert.ok(found, 'the folded value "$.a b" is still checked');
    const value = text.slice(found.offsets.start, found.offsets.end);
    assert.ok(value.startsWith('>-') && value.includes('$.a'), value);
  });
});
