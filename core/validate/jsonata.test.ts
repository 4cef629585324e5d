// JSONata and query languages: expression syntax with the error's range, `{% %}` delimiters, fields of the
// other query language, JSONPath states in a JSONata machine, and workflow variables (names, reads).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { JsonObject } from '../json';
import { checkJsonataSyntax, jsonataVariables, validate } from './index';
import { codesIn, locate, machine, runCases, summarize } from './validate.fixture';

const JSONATA = { QueryLanguage: 'JSONata' };
const pass = (extra: JsonObject, top: JsonObject = {}) =>
  machine({ A: { Type: 'Pass', ...extra, End: true } }, top);
const task = (extra: JsonObject, top: JsonObject = {}) =>
  machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ...extra, End: true } }, top);

void describe('JSONata expressions', () => {
  runCases([
    {
      name: 'a syntax error, at the offending token',
      bad: pass({ Output: '{% $states.input.items[?(@.price < 10)] %}' }, JSONATA),
      code: 'ASL401',
      at: '?',
      good: pass({ Output: '{% $states.input.items[price < 10] %}' }, JSONATA),
    },
    {
      name: 'an empty expression',
      bad: pass({ Output: '{%  %}' }, JSONATA),
      code: 'ASL401',
      at: '{%  %}',
      good: pass({ Output: '{% $states.input %}' }, JSONATA),
    },
    {
      name: 'a missing closing %}',
      bad: pass({ Output: { total: '{% 1 + 2' } }, JSONATA),
      code: 'ASL405',
      at: '2"',
      length: 1,
      good: pass({ Output: { total: '{% 1 + 2 %}' } }, JSONATA),
    },
    {
      name: 'a missing opening {%',
      bad: pass({ Output: '1 + 2 %}' }, JSONATA),
      code: 'ASL405',
      at: '1 + 2',
      length: 2,
      good: pass({ Output: '{% 1 + 2 %}' }, JSONATA),
    },
    {
      name: 'an expression in a number field',
      bad: task({ Arguments: {}, TimeoutSeconds: '{% $states.input.timeout + 1' }, JSONATA),
      code: 'ASL405',
      at: '1"',
      length: 1,
      good: task({ Arguments: {}, TimeoutSeconds: '{% $states.input.timeout %}' }, JSONATA),
    },
  ]);

  void it('maps the error range inside a YAML literal block', () => {
    const text = [
      'QueryLanguage: JSONata',
      'StartAt: A',
      'States:',
      '  A:',
      '    Type: Pass',
      '    Output: |-',
      '      {% $states.input.a',
      '         + ? %}',
      '    End: true',
      '',
    ].join('\n');
    const [found] = codesIn(text, 'ASL401', { fileName: 'm.asl.yaml' });
    assert.deepEqual(found?.offsets, {
      start: locate(text, '? %}').start,
      end: locate(text, '? %}').start + 1,
    });
  });

  void it('checkJsonataSyntax returns the offset and length inside the expression', () => {
    assert.equal(checkJsonataSyntax('$sum($states.input.values)'), undefined);
    assert.deepEqual(checkJsonataSyntax('$a.b[?(x)]'), {
      message: 'The symbol "?" cannot be used as a unary operator',
      offset: 5,
      length: 1,
    });
  });

  void it('jsonataVariables skips bindings, lambda parameters, built-in functions and $states', () => {
    const names = jsonataVariables(
      '($x := 1; $map($items, function($v) { $v + $x + $offset }) ~> $sum) & $string($states.input)',
    );
    assert.deepEqual(
      names.map((v) => v.name),
      ['items', 'offset'],
    );
  });
});

void describe('query languages', () => {
  runCases([
    {
      name: 'a JSONPath field in a JSONata state',
      bad: pass({ QueryLanguage: 'JSONata', InputPath: '$.a' }),
      code: 'ASL402',
      at: '"InputPath"',
      message: /\$states\.input/,
      good: pass({ QueryLanguage: 'JSONata', Output: '{% $states.input.a %}' }),
    },
    {
      name: 'ResultPath in a state of a JSONata state machine',
      bad: task({ Arguments: {}, ResultPath: '$.r' }, JSONATA),
      code: 'ASL402',
      at: '"ResultPath"',
      good: task({ Arguments: {}, Assign: { r: '{% $states.result %}' } }, JSONATA),
    },
    {
      name: 'Arguments in a JSONPath state',
      bad: task({ Arguments: { a: 1 } }),
      code: 'ASL403',
      at: '"Arguments"',
      message: /use Parameters/,
      good: task({ Parameters: { a: 1 } }),
    },
    {
      name: 'Items in a JSONPath Map',
      bad: machine({
        M: {
          Type: 'Map',
          Items: [1, 2],
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      }),
      code: 'ASL403',
      at: '"Items"',
      good: machine({
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      }),
    },
    {
      name: 'a JSONPath state in a JSONata state machine',
      bad: pass({ QueryLanguage: 'JSONPath' }, JSONATA),
      code: 'ASL404',
      at: '"JSONPath"',
      good: pass({}, JSONATA),
    },
    {
      name: 'an invalid QueryLanguage value',
      bad: pass({ QueryLanguage: 'JsonATA' }),
      code: 'ASL104',
      at: '"JsonATA"',
      message: /did you mean "JSONata"/,
      good: pass({ QueryLanguage: 'JSONata' }),
    },
  ]);

  void it('lets a JSONata state override a JSONPath machine, and a JSONPath state inside a JSONata Map', () => {
    const text = machine({
      M: {
        Type: 'Map',
        QueryLanguage: 'JSONata',
        Items: '{% $states.input.list %}',
        ItemProcessor: {
          StartAt: 'P',
          States: { P: { Type: 'Pass', QueryLanguage: 'JSONPath', ResultPath: '$.r', End: true } },
        },
        End: true,
      },
    });
    assert.deepEqual(summarize(text, validate(text)), []);
  });

  void it('keeps .$ keys of JSONata Output literal, as AWS does', () => {
    assert.deepEqual(validate(pass({ Output: { 'kept.$': '$' } }, JSONATA)), []);
  });
});

void describe('variables', () => {
  runCases([
    {
      name: 'the reserved name states',
      bad: pass({ Assign: { states: 1 } }),
      code: 'ASL501',
      at: '"states"',
      good: pass({ Assign: { state: 1 } }),
    },
    {
      name: 'a name no $reference can read (warning)',
      bad: pass({ Assign: { 'order-id': 1 } }),
      code: 'ASL503',
      at: '"order-id"',
      good: pass({ Assign: { order_id: 1 } }),
    },
    {
      name: 'a JSONata read of a variable nobody assigns (warning)',
      bad: machine(
        {
          A: { Type: 'Pass', Assign: { total: 1 }, Next: 'B' },
          B: { Type: 'Pass', Output: '{% $totl + 1 %}', End: true },
        },
        JSONATA,
      ),
      code: 'ASL502',
      at: '$totl',
      message: /did you mean "total"/,
      good: machine(
        {
          A: { Type: 'Pass', Assign: { total: 1 }, Next: 'B' },
          B: { Type: 'Pass', Output: '{% $total + 1 %}', End: true },
        },
        JSONATA,
      ),
    },
    {
      name: 'a JSONPath read of a variable nobody assigns, inside an intrinsic',
      bad: machine({ A: { Type: 'Pass', Parameters: { 'a.$': "States.Format('{}', $count)" }, End: true } }),
      code: 'ASL502',
      at: '$count',
      good: machine({
        A: { Type: 'Pass', Assign: { count: 1 }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'a.$': "States.Format('{}', $count)" }, End: true },
      }),
    },
  ]);

  void it('sees outer variables inside a Map but not inner ones outside it', () => {
    const inner = {
      StartAt: 'I',
      States: { I: { Type: 'Pass', Assign: { inner: 1 }, Output: '{% $outer %}', End: true } },
    };
    const text = machine(
      {
        A: { Type: 'Pass', Assign: { outer: 1 }, Next: 'M' },
        M: { Type: 'Map', ItemProcessor: inner, Next: 'B' },
        B: { Type: 'Pass', Output: '{% $inner %}', End: true },
      },
      JSONATA,
    );
    assert.deepEqual(summarize(text, validate(text)), ['ASL502@$inner']);
  });

  void it('counts Assign in Choice rules and Catchers', () => {
    const text = machine(
      {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% true %}', Assign: { picked: 1 }, Next: 'T' }],
          Default: 'T',
        },
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [{ ErrorEquals: ['States.ALL'], Assign: { failed: true }, Next: 'D' }],
          Next: 'D',
        },
        D: { Type: 'Pass', Output: '{% [$picked, $failed] %}', End: true },
      },
      JSONATA,
    );
    assert.deepEqual(summarize(text, validate(text)), []);
  });
});
