// Tests for parseDocument as a whole: format detection, odd inputs, speed on a large definition.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AstNode,
  MAX_NESTING_DEPTH,
  detectFormat,
  nodeAtPath,
  parseDocument,
  propertyAt,
} from './index';
import { definitionModel } from '../model';

describe('format detection', () => {
  test('by extension first, then by the first significant character', () => {
    assert.equal(detectFormat('{"a": 1}', 'machine.asl.yaml'), 'yaml');
    assert.equal(detectFormat('a: 1', 'machine.YML'), 'yaml');
    assert.equal(detectFormat('a: 1', 'machine.asl.json'), 'json');
    assert.equal(detectFormat('  \n {"a": 1}'), 'json');
    assert.equal(detectFormat('// a comment\n{"a": 1}'), 'json');
    assert.equal(detectFormat('/* a comment */ {"a": 1}'), 'json');
    assert.equal(detectFormat('\ufeff{"a": 1}'), 'json');
    assert.equal(detectFormat('StartAt: A'), 'yaml');
    assert.equal(detectFormat('[1]'), 'yaml');
    assert.equal(detectFormat(''), 'yaml');
  });

  test('an explicit format wins over the file name', () => {
    const doc = parseDocument('{"a": 1}', { fileName: 'x.yaml', format: 'json' });
    assert.equal(doc.format, 'json');
  });

  test('a JSON file with a leading comment is parsed as JSON and the comment reported', () => {
    const doc = parseDocument('// header\n{"StartAt": "A"}');
    assert.equal(doc.format, 'json');
    assert.deepEqual(
      doc.diagnostics.map((d) => d.code),
      ['ASL001'],
    );
    assert.deepEqual(doc.value, { StartAt: 'A' });
  });
});

describe('odd inputs never throw', () => {
  const inputs = [
    '\u0000\u0001\u0002',
    '{"\ud800": "\udfff"}',
    '{"a": "\u2028"}',
    '\r\n\r\n{"a":\r\n1}',
    ': : :',
    '- [ { ] }',
    '&a *a',
    '!!binary AAAA',
    '%YAML 1.1\n---\na: yes\n',
    '{'.repeat(300) + '}'.repeat(300),
    'a: "unterminated',
    `{"a": "${'x'.repeat(100_000)}"}`,
  ];
  for (const input of inputs) {
    for (const format of ['json', 'yaml'] as const) {
      test(`${format}: ${JSON.stringify(input.slice(0, 20))}`, () => {
        const doc = parseDocument(input, { format });
        assert.equal(doc.text, input);
        for (const d of doc.diagnostics) {
          assert.ok(d.offsets.start >= 0 && d.offsets.end <= input.length, d.message);
          assert.ok(d.message.length > 0);
        }
      });
    }
  }

  test('CRLF line ends give the right lines and columns', () => {
    const doc = parseDocument('{\r\n  "a": 1,\r\n  "a": 2\r\n}');
    assert.deepEqual(doc.diagnostics[0]?.range, {
      start: { line: 2, character: 2 },
      end: { line: 2, character: 5 },
    });
  });
});

describe('nesting too deep', () => {
  test('the container that lost a member to the depth limit is marked truncated, and only it', () => {
    const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
    const doc = parseDocument(`{"a": [${deep(MAX_NESTING_DEPTH)}], "b": []}`);
    assert.deepEqual(
      doc.diagnostics.map((d) => d.code),
      ['ASL005'],
    );
    let node = doc.ast;
    let cut: AstNode | undefined;
    while (node) {
      if (node.truncated) cut = node;
      node =
        node.kind === 'array'
          ? node.items[0]
          : node.kind === 'object'
            ? node.properties[0]?.value
            : undefined;
    }
    assert.equal(cut?.kind, 'array');
    assert.deepEqual(cut?.kind === 'array' ? cut.items : undefined, []);
    const b = doc.ast?.kind === 'object' ? propertyAt(doc.ast, 'b')?.value : undefined;
    assert.equal(b?.truncated, undefined);
  });
});

describe('lookup helpers', () => {
  test('nodeAtPath and propertyAt', () => {
    const doc = parseDocument('{"a": {"b": [10, {"c": true}]}, "d": 1, "d": 2}');
    assert.equal(nodeAtPath(doc.ast, ['a', 'b', 1, 'c'])?.kind, 'boolean');
    assert.equal(nodeAtPath(doc.ast, ['a', 'b', 5]), undefined);
    assert.equal(nodeAtPath(doc.ast, ['a', 'b', 'x']), undefined);
    assert.equal(nodeAtPath(doc.ast, []), doc.ast);
    assert.equal(nodeAtPath(undefined, ['a']), undefined);
    assert.ok(doc.ast?.kind === 'object');
    const d = propertyAt(doc.ast, 'd');
    assert.equal(d?.value?.kind === 'number' ? d.value.value : undefined, 2);
    assert.equal(propertyAt(doc.ast, 'zz'), undefined);
  });
});

describe('speed', () => {
  test('a 1,000-state JSON definition parses in a few milliseconds once warm', () => {
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) {
      states[`Step ${i}`] = {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { 'Payload.$': '$', FunctionName: `fn-${i}` },
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3, BackoffRate: 1.5 }],
        Next: `Step ${i + 1}`,
      };
    }
    const text = JSON.stringify({ StartAt: 'Step 0', States: states }, null, 2);
    // Speed is measured by `npm run bench`; here only the result of parsing a large document.
    const doc = parseDocument(text);
    assert.equal(definitionModel(doc).states.length, 1000);
    assert.deepEqual(doc.diagnostics, []);
  });
});
