// validate() never throws and always returns sane ranges, whatever it is given: every prefix of real
// definitions (JSON and YAML), thousands of random edits, odd values; and a 1,000-state machine is fast.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LineMap } from '../diagnostics';
import type { JsonObject } from '../json';
import { parseDocument } from '../parse';
import { validate, validateDocument } from './index';
import { machine } from './validate.fixture';

const JSON_SAMPLE = JSON.stringify(
  {
    Comment: 'Order flow \u00e9 \\u escapes',
    QueryLanguage: 'JSONPath',
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Choice',
        Choices: [
          {
            And: [
              { Variable: '$.n', NumericGreaterThan: 1 },
              { Not: { Variable: '$.s', StringMatches: 'a*' } },
            ],
            Next: 'Work',
          },
          { Variable: '$.t', TimestampLessThanPath: '$$.Execution.StartTime', Next: 'Fan' },
        ],
        Default: 'Done',
      },
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: {
          'Payload.$': 'States.Format(\'{} "{}"\', $.a, States.ArrayLength($.b))',
          'id.$': '$.items[0].id',
        },
        ResultSelector: { 'r.$': '$.Payload' },
        ResultPath: '$.result',
        Retry: [
          {
            ErrorEquals: ['States.TaskFailed'],
            IntervalSeconds: 2,
            MaxAttempts: 3,
            BackoffRate: 2,
            JitterStrategy: 'FULL',
          },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
        TimeoutSeconds: 30,
        Assign: { count: 1 },
        Next: 'Fan',
      },
      Fan: {
        Type: 'Map',
        QueryLanguage: 'JSONata',
        Items: '{% $states.input.items %}',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'One',
          States: {
            One: {
              Type: 'Pass',
              QueryLanguage: 'JSONata',
              Output: '{% $states.input + $count %}',
              End: true,
            },
          },
        },
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  },
  null,
  2,
);

const YAML_SAMPLE = [
  'StartAt: Start',
  'States:',
  '  Start:',
  '    Type: Task',
  '    Resource: !GetAtt Fn.Arn',
  '    Parameters:',
  "      msg.$: States.Format('Hi {}', $.name)",
  "      quoted.$: '$.a[''b'']'",
  '    Next: Branch',
  '  Branch:',
  '    Type: Parallel',
  '    Branches:',
  '      - StartAt: Inner',
  '        States:',
  '          Inner:',
  '            Type: Wait',
  '            Seconds: 1',
  '            End: true',
  '    End: true',
  '',
].join('\n');

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function assertSane(text: string, fileName: string): void {
  let diagnostics;
  try {
    diagnostics = validate(text, { fileName });
  } catch (error) {
    assert.fail(`validate threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
  const lines = new LineMap(text);
  for (const d of diagnostics) {
    assert.notEqual(
      d.code,
      'ASL000',
      `internal error: ${d.message} on ${JSON.stringify(text.slice(0, 200))}`,
    );
    assert.ok(
      d.offsets.start >= 0 && d.offsets.start <= d.offsets.end && d.offsets.end <= text.length,
      `bad offsets ${JSON.stringify(d.offsets)}`,
    );
    assert.deepEqual(d.range, lines.rangeOf(d.offsets));
    assert.ok(d.message.length > 0);
  }
}

const EDIT_PIECES = [
  '"',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '$',
  '.',
  '$$',
  'States.',
  '(',
  ')',
  '{%',
  '%}',
  '\\',
  '\\u',
  ' ',
  '\n',
  '- ',
  '#',
  '!Ref ',
  '\t',
  '\u00e9',
  '${',
];

function mutate(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (result.length + 1));
    const roll = next();
    if (roll < 0.45) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 12));
    else if (roll < 0.9)
      result =
        result.slice(0, at) + (EDIT_PIECES[Math.floor(next() * EDIT_PIECES.length)] ?? '') + result.slice(at);
    else result = result.slice(0, at);
  }
  return result;
}

void describe('robustness', () => {
  for (const [name, text, fileName] of [
    ['JSON', JSON_SAMPLE, 'sample.asl.json'],
    ['YAML', YAML_SAMPLE, 'sample.asl.yaml'],
  ] as const) {
    void it(`every prefix of a ${name} definition`, () => {
      for (let end = 0; end <= text.length; end++) assertSane(text.slice(0, end), fileName);
    });

    void it(`2,000 random edits of a ${name} definition`, () => {
      const next = random(name === 'JSON' ? 7 : 11);
      for (let i = 0; i < 2000; i++) assertSane(mutate(text, next), fileName);
    });
  }

  void it('the samples themselves are valid', () => {
    assert.deepEqual(validate(JSON_SAMPLE, { fileName: 'sample.asl.json' }), []);
    assert.deepEqual(validate(YAML_SAMPLE, { fileName: 'sample.asl.yaml' }), []);
  });

  void it('odd top-level values and shapes', () => {
    for (const text of [
      '',
      ' ',
      'null',
      '[]',
      '"text"',
      '42',
      '{}',
      '{"States": []}',
      '{"States": {"A": null}}',
      '{"StartAt": 1, "States": {"A": {"Type": 5}}}',
      '---\n...\n',
      '- a\n- b',
    ]) {
      assertSane(text, 'x.asl.json');
      assertSane(text, 'x.asl.yaml');
    }
    const deep = `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":${'['.repeat(5000)}${']'.repeat(5000)},"End":true}}}`;
    assertSane(deep, 'deep.asl.json');
  });

  void it('a file that is not a state machine gets only syntax checks unless forced', () => {
    assert.deepEqual(validate('{"name": "package"}', { fileName: 'package.json' }), []);
    assert.ok(
      validate('{"name": "package"}', { fileName: 'package.json', force: true }).some(
        (d) => d.code === 'ASL101',
      ),
    );
    assert.ok(validate('{"name": "x"}', { fileName: 'flow.asl.json' }).some((d) => d.code === 'ASL101'));
  });
});

void describe('nesting too deep for the parser', () => {
  const codes = (definition: unknown): string[] =>
    validate(JSON.stringify(definition, null, 1), { fileName: 'deep.asl.json' }).map((d) => d.code);

  void it('a 200-deep Parallel gets the depth error alone, not "Branches is empty" where it was cut', () => {
    let nested: JsonObject = { StartAt: 'L0', States: { L0: { Type: 'Pass', End: true } } };
    for (let i = 1; i < 200; i++) {
      nested = {
        StartAt: `L${i}`,
        States: { [`L${i}`]: { Type: 'Parallel', Branches: [nested], End: true } },
      };
    }
    assert.deepEqual(codes(nested), ['ASL005']);
  });

  void it('a Choice rule nested 300 deep gets the depth error alone, not an empty And', () => {
    let rule: JsonObject = { Variable: '$.x', IsPresent: true };
    for (let i = 0; i < 300; i++) rule = { And: [rule, { Variable: '$.y', IsPresent: true }] };
    const definition = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ ...rule, Next: 'D' }], Default: 'D' },
        D: { Type: 'Succeed' },
      },
    };
    // Both members of the deepest And are cut: one depth error each, and nothing else.
    assert.deepEqual([...new Set(codes(definition))], ['ASL005']);
  });

  void it('an empty list the parser did not cut is still reported', () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [], End: true } } };
    assert.deepEqual(codes(definition), ['ASL106']);
  });
});

/** A valid machine of `count` states mixing every state type, both query languages and variables. */
function generatedMachine(count: number): string {
  const states: Record<string, JsonObject> = {};
  const name = (i: number) => `Step ${i}`;
  for (let i = 0; i < count; i++) {
    const next: JsonObject = i + 1 < count ? { Next: name(i + 1) } : { End: true };
    switch (i % 6) {
      case 0:
        states[name(i)] = {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: 'worker',
            'Payload.$': '$',
            'label.$': "States.Format('item {}', $.id)",
          },
          ResultSelector: { 'body.$': '$.Payload' },
          ResultPath: '$.result',
          Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: name(count - 1) }],
          ...next,
        };
        break;
      case 1:
        states[name(i)] = { Type: 'Pass', Assign: { [`v${i}`]: '$.result' }, ResultPath: '$.pass', ...next };
        break;
      case 2:
        states[name(i)] = {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: i, Next: name(i + 1) }],
          Default: name(i + 1),
        };
        break;
      case 3:
        states[name(i)] = {
          Type: 'Pass',
          QueryLanguage: 'JSONata',
          Output: { total: `{% $states.input.n + $v${i - 2} %}` },
          ...next,
        };
        break;
      case 4:
        states[name(i)] = { Type: 'Wait', SecondsPath: '$.delay', ...next };
        break;
      default:
        states[name(i)] = {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: `Inner ${i}`, States: { [`Inner ${i}`]: { Type: 'Pass', End: true } } },
          ...next,
        };
    }
  }
  return machine(states);
}

void describe('names that are Object.prototype properties', () => {
  const codes = (definition: unknown): string[] =>
    validate(JSON.stringify(definition), { fileName: 'x.asl.json' }).map((d) => d.code);
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    void it(`"${name}" as a state type, a state field, a top-level field or a service is reported, not crashed on`, () => {
      assert.deepEqual(codes({ StartAt: 'A', States: { A: { Type: name, End: true } } }), ['ASL104']);
      assert.deepEqual(codes({ StartAt: 'A', States: { A: { Type: 'Pass', End: true, [name]: 1 } } }), [
        'ASL102',
      ]);
      const machine = JSON.parse(
        `{"${name}": 1, "StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`,
      );
      assert.deepEqual(codes(machine), ['ASL102']);
      const task = { Type: 'Task', Resource: `arn:aws:states:::${name}:run`, End: true };
      assert.ok(!codes({ StartAt: 'A', States: { A: task } }).includes('ASL000'));
    });
  }
});

void describe('performance', () => {
  void it('validates a generated 1,000-state machine (time printed; target under 50 ms)', (t) => {
    const text = generatedMachine(1000);
    const started = performance.now();
    const cold = validate(text);
    const coldMs = performance.now() - started;
    assert.deepEqual(cold, []);
    const doc = parseDocument(text);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      validate(text);
      runs.push(performance.now() - start);
    }
    const checksStart = performance.now();
    validateDocument(doc);
    const checksMs = performance.now() - checksStart;
    const best = Math.min(...runs);
    t.diagnostic(
      `1,000 states, ${text.length} characters: first run ${coldMs.toFixed(1)} ms, then best ${best.toFixed(1)} ms (parse + checks), checks alone ${checksMs.toFixed(1)} ms`,
    );
  });
});
