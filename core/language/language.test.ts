// The editor features as pure functions: completion sites in half-typed JSON and YAML, hover, navigation,
// rename across scopes, quick fixes in both formats, formatting and folding.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../parse';
import { validateDocument } from '../validate';
import { quoteName } from './text';
import {
  completionsAt,
  definitionAt,
  documentSymbols,
  foldingRanges,
  formatJson,
  formatJsonText,
  hoverAt,
  quickFixes,
  referencesAt,
  renameState,
  type TextEdit,
} from './index';

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start)) {
    out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  }
  return out;
}

/** The text with `|` removed, and the offset where it was. */
function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function labelsAt(marked: string, fileName = 'm.asl.json'): string[] {
  const { text, offset } = cursor(marked);
  return completionsAt(parseDocument(text, { fileName }), offset).map((c) => c.label);
}

describe('completion sites', () => {
  test('a key being typed without quotes, with quotes, and one left unterminated', () => {
    const bare = labelsAt('{"StartAt": "A", "States": {"A": {"Type": "Wait", Se|}}}');
    assert.ok(bare.includes('Seconds') && bare.includes('SecondsPath') && bare.includes('Timestamp'));
    assert.ok(!bare.includes('Resource'));
    const { text, offset } = cursor('{"StartAt": "A", "States": {"A": {"Type": "Wait", "Se|\n}}}');
    const doc = parseDocument(text, { fileName: 'm.asl.json' });
    const seconds = completionsAt(doc, offset).find((c) => c.label === 'Seconds');
    assert.ok(seconds);
    assert.equal(seconds.insertText, '"Seconds": ${1:0}');
    assert.deepEqual(
      seconds.range,
      { start: text.indexOf('"Se'), end: offset },
      'the unterminated key is replaced up to the cursor',
    );
    assert.equal(seconds.filterText, '"Seconds"');
  });

  test('editing the key of a property that has a value writes only the key', () => {
    const { text, offset } = cursor(
      '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Nx|": "B"}, "B": {"Type": "Succeed"}}}',
    );
    const next = completionsAt(parseDocument(text, { fileName: 'm.asl.json' }), offset).find(
      (c) => c.label === 'Next',
    );
    assert.equal(next?.insertText, '"Next"');
  });

  test('a state without a Type offers Type first', () => {
    const { text, offset } = cursor('{"StartAt": "A", "States": {"A": {|}}}');
    const items = completionsAt(parseDocument(text, { fileName: 'm.asl.json' }), offset);
    assert.equal(items[0]?.label, 'Type');
    assert.match(items[0]?.insertText ?? '', /^"Type": \$\{1\|"Pass","Task","Choice",.*"Map"\|\}$/);
  });

  test('Choice rules by query language, Retry and Catch entries, ErrorEquals, ProcessorConfig', () => {
    const jsonPathRule = labelsAt(
      '{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{|}], "Default": "C"}}}',
    );
    assert.ok(
      jsonPathRule.includes('Variable') &&
        jsonPathRule.includes('StringMatches') &&
        jsonPathRule.includes('IsPresent') &&
        jsonPathRule.includes('Next'),
    );
    assert.ok(!jsonPathRule.includes('Condition'));
    const nested = labelsAt(
      '{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Not": {|}, "Next": "C"}]}}}',
    );
    assert.ok(nested.includes('Variable') && !nested.includes('Next'), 'nested rules have no Next');
    const jsonataRule = labelsAt(
      '{"QueryLanguage": "JSONata", "StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{|}]}}}',
    );
    assert.deepEqual(jsonataRule.sort(), ['Assign', 'Comment', 'Condition', 'Next', 'Output']);
    const retry = labelsAt(
      '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "x", "Retry": [{|}], "End": true}}}',
    );
    assert.ok(retry.includes('BackoffRate') && retry.includes('JitterStrategy') && !retry.includes('Next'));
    const catcher = labelsAt(
      '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "x", "Catch": [{|}], "End": true}}}',
    );
    assert.ok(catcher.includes('Next') && catcher.includes('ResultPath') && !catcher.includes('BackoffRate'));
    const errors = labelsAt(
      '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "x", "Retry": [{"ErrorEquals": ["States.Timeout", "|"]}], "End": true}}}',
    );
    assert.ok(
      errors.includes('States.ALL') && !errors.includes('States.Timeout'),
      'names already listed are left out',
    );
    const mode = labelsAt(
      '{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "|"}}}}}',
    );
    assert.deepEqual(mode, ['INLINE', 'DISTRIBUTED']);
  });

  test('JSONPath paths: the context object and variables; intrinsics only where they may stand', () => {
    const base =
      '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"counter": 1}, "Next": "B"}, "B": {"Type": "Pass", ';
    const context = labelsAt(`${base}"InputPath": "$$.Ex|", "End": true}}}`);
    assert.ok(context.includes('$$.Execution.Id') && context.includes('$$.Map.Item.Value'));
    const variables = labelsAt(`${base}"InputPath": "$c|", "End": true}}}`);
    assert.ok(variables.includes('$counter') && !variables.includes('States.Format'));
    const template = labelsAt(`${base}"Parameters": {"x.$": "States.|"}, "End": true}}}`);
    assert.ok(template.includes('States.Format') && template.includes('States.UUID'));
    const empty = labelsAt(`${base}"Parameters": {"x.$": "|"}, "End": true}}}`);
    assert.ok(
      empty.includes('$') &&
        empty.includes('$$') &&
        empty.includes('$counter') &&
        empty.includes('States.Array'),
    );
    const plain = labelsAt(`${base}"Parameters": {"x": "States.|"}, "End": true}}}`);
    assert.deepEqual(plain, [], 'a plain string in a payload template is data');
  });

  test('variables of enclosing scopes are visible inside a Map, not the other way round', () => {
    const marked = `{"QueryLanguage": "JSONata", "StartAt": "Set", "States": {
  "Set": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "M"},
  "M": {"Type": "Map", "Items": [1], "ItemProcessor": {"StartAt": "In", "States": {
    "In": {"Type": "Pass", "Assign": {"inner": 2}, "Output": "{% $| %}", "End": true}}}, "Output": "{% $ %}", "End": true}}}`;
    const inside = labelsAt(marked);
    assert.ok(inside.includes('$outer') && inside.includes('$inner'));
    const { text, offset } = cursor(marked);
    const sum = completionsAt(parseDocument(text, { fileName: 'm.asl.json' }), offset).find(
      (c) => c.label === '$sum',
    );
    assert.equal(sum?.insertText, '\\$sum($1)', 'the $ is escaped in the snippet');
    const outside = labelsAt(
      marked.replace('$| %}', '$ %}').replace('}}}, "Output": "{% $ %}"', '}}}, "Output": "{% $| %}"'),
    );
    assert.ok(outside.includes('$outer') && !outside.includes('$inner'));
  });

  test("YAML: a blank line in a state offers that state's fields; values keep the YAML style", () => {
    const marked =
      'StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: x\n    |\n  B:\n    Type: Succeed\n';
    const fields = labelsAt(marked, 'm.asl.yaml');
    assert.ok(fields.includes('Retry') && fields.includes('HeartbeatSeconds') && !fields.includes('Type'));
    const { text, offset } = cursor(
      'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B|\n  "B 2":\n    Type: Succeed\n',
    );
    const item = completionsAt(parseDocument(text, { fileName: 'm.asl.yaml' }), offset).find(
      (c) => c.label === 'B 2',
    );
    assert.equal(item?.insertText, 'B 2');
  });

  test('an empty document offers a skeleton in its format', () => {
    const json = completionsAt(parseDocument('', { fileName: 'm.asl.json' }), 0);
    assert.match(json[0]?.insertText ?? '', /^\{\n {2}"Comment"/);
    const yaml = completionsAt(parseDocument('  ', { fileName: 'm.asl.yaml' }), 1);
    assert.match(yaml[0]?.insertText ?? '', /^Comment: /);
  });
});

describe('hover and navigation', () => {
  const machine = `{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
  "A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
  "B": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Arguments": {"n": "{% $sum([$total]) %}"}, "Retry": [{"ErrorEquals": ["States.Timeout"]}], "End": true}}}`;
  const doc = parseDocument(machine, { fileName: 'm.asl.json' });
  const at = (marker: string, delta: number): number => machine.indexOf(marker) + delta;

  test('JSONata functions, variables, error names, resources', () => {
    assert.match(hoverAt(doc, at('$sum', 2))?.markdown ?? '', /\$sum\(array\)/);
    assert.match(hoverAt(doc, at('$total])', 2))?.markdown ?? '', /workflow variable.*\n\nAssigned by `A`/);
    assert.match(hoverAt(doc, at('"States.Timeout"', 3))?.markdown ?? '', /ran longer than TimeoutSeconds/);
    assert.match(hoverAt(doc, at('sqs:send', 2))?.markdown ?? '', /SQS queue.*callback/);
  });

  test('a variable goes to the Assign that sets it', () => {
    const [target] = definitionAt(doc, at('$total])', 3));
    assert.deepEqual(target, { start: at('"total"', 0), end: at('"total"', 7) });
  });

  test('references and rename follow scopes when a name repeats in another scope', () => {
    const text = `{"StartAt": "Work", "States": {
  "Work": {"Type": "Parallel", "Branches": [{"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}], "Next": "Done"},
  "Done": {"Type": "Succeed"}}}`;
    const repeated = parseDocument(text, { fileName: 'm.asl.json' });
    const inner = text.indexOf('"Work": {"Type": "Pass"') + 2;
    assert.equal(referencesAt(repeated, inner, false).length, 1, 'only the branch StartAt');
    const outcome = renameState(repeated, inner, 'Inner');
    assert.ok(outcome.ok);
    const renamed = apply(text, outcome.edits);
    assert.match(
      renamed,
      /^\{"StartAt": "Work", "States": \{\n {2}"Work": \{"Type": "Parallel", "Branches": \[\{"StartAt": "Inner", "States": \{"Inner"/,
    );
    assert.deepEqual(validateDocument(parseDocument(renamed, { fileName: 'm.asl.json' })), []);
    assert.deepEqual(renameState(repeated, inner, 'x'.repeat(81)).ok, false);
  });

  test('symbols of a Map hold its states; an unnamed state still shows', () => {
    const text =
      '{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}, "": {}}}';
    const symbols = documentSymbols(parseDocument(text, { fileName: 'm.asl.json' }));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.children.map((c) => c.name)]),
      [
        ['M', 'Map', ['I']],
        ['(empty name)', '', []],
      ],
    );
  });
});

describe('quick fixes in YAML', () => {
  const text = `StartAt: A
States:
  A:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Retry:
      - ErrorEquals: [States.ALL]
      - ErrorEquals:
          - States.Timeout
        MaxAttempts: 1
    Next: Bx
  B:
    Type: Pass
  C: {Type: Pass}
`;
  const doc = parseDocument(text, { fileName: 'm.asl.yaml' });
  const fixes = quickFixes(doc, validateDocument(doc));
  const fixed = (title: string): string => {
    const fix = fixes.find((f) => f.title === title);
    assert.ok(fix, `${title} in ${fixes.map((f) => f.title).join(', ')}`);
    return apply(text, fix.edits);
  };

  test('block and flow mappings get End in their own style', () => {
    assert.match(fixed('Add "End": true to "B"'), / {2}B:\n {4}Type: Pass\n {4}End: true\n {2}C:/);
    assert.match(fixed('Add "End": true to "C"'), / {2}C: \{Type: Pass, End: true\}\n$/);
  });

  test('the States.ALL retrier moves last; did you mean; create the state', () => {
    assert.match(
      fixed('Move the States.ALL retrier last'),
      /Retry:\n {6}- ErrorEquals:\n {10}- States.Timeout\n {8}MaxAttempts: 1\n {6}- ErrorEquals: \[States.ALL\]\n/,
    );
    assert.match(fixed('Change to "B"'), /Next: B\n/);
    const created = fixed('Create state "Bx"');
    assert.match(created, /\n {2}Bx:\n {4}Type: Pass\n {4}End: true\n$/);
    assert.ok(
      !validateDocument(parseDocument(created, { fileName: 'm.asl.yaml' })).some((d) => d.code === 'ASL201'),
    );
  });
});

describe('formatting and folding', () => {
  test('JSON formatting honours tabs, keeps numbers as written, CRLF, and is idempotent', () => {
    const text = '{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1.50,"End":true}},"Comment":"é"}\r\n';
    const formatted = formatJsonText(text, { tabSize: 4, insertSpaces: false });
    assert.equal(
      formatted,
      '{\r\n\t"StartAt": "A",\r\n\t"States": {\r\n\t\t"A": {\r\n\t\t\t"Type": "Wait",\r\n\t\t\t"Seconds": 1.50,\r\n\t\t\t"End": true\r\n\t\t}\r\n\t},\r\n\t"Comment": "é"\r\n}\r\n',
    );
    const again = parseDocument(formatted ?? '', { fileName: 'm.asl.json' });
    assert.deepEqual(formatJson(again, { tabSize: 4, insertSpaces: false }), []);
  });

  test('YAML and broken JSON are not formatted', () => {
    assert.deepEqual(
      formatJson(parseDocument('StartAt: A\n', { fileName: 'm.asl.yaml' }), {
        tabSize: 2,
        insertSpaces: true,
      }),
      [],
    );
    assert.deepEqual(
      formatJson(parseDocument('{"StartAt": "A",, }', { fileName: 'm.asl.json' }), {
        tabSize: 2,
        insertSpaces: true,
      }),
      [],
    );
  });

  test('folding keeps the closing bracket line visible; YAML folds from the key line', () => {
    const json = '{\n  "States": {\n    "A": {}\n  }\n}';
    assert.deepEqual(foldingRanges(parseDocument(json, { fileName: 'm.asl.json' })), [
      { startLine: 0, endLine: 3 },
      { startLine: 1, endLine: 2 },
    ]);
    const yaml = 'States:\n  A:\n    Type: Pass\n    End: true\n';
    assert.deepEqual(foldingRanges(parseDocument(yaml, { fileName: 'm.asl.yaml' })), [
      { startLine: 0, endLine: 3 },
      { startLine: 0, endLine: 3 },
      { startLine: 1, endLine: 3 },
    ]);
  });
});

describe('writing names in YAML', () => {
  test('a name written by quoteName reads back as the same string (plain when safe)', () => {
    const tricky = [
      'Plain name',
      'arn:aws:states:::lambda:invoke',
      '${Fn}',
      'yes',
      'No',
      '1.5',
      '0x1F',
      '-dash',
      'a: b',
      'a #b',
      'ends:',
      ' lead',
      "it's",
      '"q"',
      '2024-01-01',
      '~',
      '.inf',
      '@at',
      'tab\there',
      'é😀',
      '[x]',
      '{y}',
      '*alias',
      '!tag',
    ];
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = 'aZ9 :#-?,[]{}&*!|>\'"%@`~.+$\\\t\né';
    for (let i = 0; i < 2000; i++) {
      tricky.push(
        Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
          alphabet.charAt(Math.floor(random() * alphabet.length)),
        ).join(''),
      );
    }
    for (const name of tricky) {
      const written = quoteName(name, 'yaml');
      const doc = parseDocument(`StartAt: ${written}\n`, { fileName: 'm.asl.yaml' });
      assert.deepEqual(doc.value, { StartAt: name }, `${JSON.stringify(name)} written as ${written}`);
    }
    assert.equal(quoteName('arn:aws:states:::lambda:invoke', 'yaml'), 'arn:aws:states:::lambda:invoke');
    assert.equal(quoteName('Plain name', 'yaml'), 'Plain name');
    assert.equal(quoteName('yes', 'yaml'), '"yes"');
  });
});
