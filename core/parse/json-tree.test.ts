// Tests for the JSON side of the parser: exact error positions, recovery from half-typed text, placeholders, nesting bounds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../diagnostics';
import { nodeAtPath, parseDocument } from './index';
import { definitionModel } from '../model';

function parseJson(text: string) {
  return parseDocument(text, { format: 'json' });
}

/** A diagnostic as "code line:col-line:col message", one-based like an editor shows it. */
function brief(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${d.code} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

describe('valid JSON', () => {
  test('value equals JSON.parse and there are no diagnostics', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"], "b": {"c": {}}, "d": []}';
    const doc = parseJson(text);
    assert.deepEqual(doc.diagnostics, []);
    assert.deepEqual(doc.value, JSON.parse(text));
  });

  test('keeps __proto__ as an own key instead of changing the prototype', () => {
    const doc = parseJson('{"__proto__": {"polluted": true}, "a": 1}');
    const value = doc.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__', 'a']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('ranges of keys and values are exact offsets', () => {
    const text = '{\n  "StartAt": "A",\n  "n": 12\n}';
    const doc = parseJson(text);
    assert.ok(doc.ast?.kind === 'object');
    const [startAt, n] = doc.ast.properties;
    assert.deepEqual(startAt?.keyRange, {
      start: text.indexOf('"StartAt"'),
      end: text.indexOf('"StartAt"') + 9,
    });
    assert.deepEqual(startAt?.value?.range, { start: text.indexOf('"A"'), end: text.indexOf('"A"') + 3 });
    assert.deepEqual(startAt?.range, { start: text.indexOf('"StartAt"'), end: text.indexOf('"A"') + 3 });
    assert.deepEqual(n?.value?.range, { start: text.indexOf('12'), end: text.indexOf('12') + 2 });
    assert.deepEqual(doc.ast.range, { start: 0, end: text.length });
    assert.equal(n?.value?.parent, doc.ast);
  });

  test('a byte-order mark at the start is ignored', () => {
    const doc = parseJson('\ufeff{"a": 1}');
    assert.deepEqual(doc.diagnostics, []);
    assert.deepEqual(doc.value, { a: 1 });
  });
});

describe('syntax errors', () => {
  test('comments and trailing commas are errors, and the value is still produced', () => {
    const text = '{\n  "a": 1, // note\n  /* block */ "b": [1, 2,],\n}';
    const doc = parseJson(text);
    assert.deepEqual(doc.diagnostics.map(brief), [
      'ASL001 2:11-2:18',
      'ASL001 3:3-3:14',
      'ASL001 3:25-3:26',
      'ASL001 3:27-3:28',
    ]);
    assert.match(doc.diagnostics[0]?.message ?? '', /Comments are not allowed/);
    assert.match(doc.diagnostics[2]?.message ?? '', /Trailing comma: remove the ',' before ']'/);
    assert.match(doc.diagnostics[3]?.message ?? '', /before '}'/);
    assert.deepEqual(doc.value, { a: 1, b: [1, 2] });
  });

  test('missing comma and missing colon are reported where they are', () => {
    const doc = parseJson('{"a" 1,\n "b": 2\n "c": 3}');
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL001 1:2-1:5', 'ASL001 3:2-3:5']);
    assert.match(doc.diagnostics[0]?.message ?? '', /Missing ':' after the property name "a"/);
    assert.match(doc.diagnostics[1]?.message ?? '', /Missing ',' before this property/);
    assert.deepEqual(doc.value, { a: 1, b: 2, c: 3 });
  });

  test('a key with no colon at the end of a line does not swallow the next line', () => {
    const doc = parseJson('{"a"\n "b": 2}');
    assert.deepEqual(doc.value, { b: 2 });
    assert.match(doc.diagnostics[0]?.message ?? '', /Missing ':' after the property name "a"/);
  });

  test('mistakes people make get specific messages', () => {
    const cases: [string, RegExp, unknown][] = [
      ['{"a": 01}', /leading zeros/, {}],
      ['{"a": 0x1F}', /hexadecimal/, {}],
      ['{"a": +1}', /can't start with '\+'/, {}],
      ['{"a": .5}', /digit before the decimal point \(0\.5\)/, {}],
      ['{"a": 1.}', /Incomplete number '1\.'/, {}],
      ['{"a": True}', /lowercase: write true instead of True/, { a: true }],
      ['{"a": None}', /write null/, { a: null }],
      ['{"a": NaN}', /no NaN or Infinity/, {}],
      ['{"a": -Infinity}', /no NaN or Infinity/, {}],
      ['{"a": \'single\'}', /double quotes: write "single"/, { a: 'single' }],
      ['{"a": Pass}', /Unexpected 'Pass': strings must be in double quotes/, { a: 'Pass' }],
      ['{Type: "Pass"}', /Property names must be in double quotes: write "Type"/, { Type: 'Pass' }],
      ['{"a": "x\\qy"}', /Invalid escape '\\q'/, { a: 'xy' }],
      ['{"a": "\\u12"}', /exactly 4 hex digits/, { a: '' }],
      ['{"a": "tab\there"}', /escaped as \\t/, { a: 'tab\there' }],
      ['{"a": 1} {"b": 2}', /after the end of the JSON document/, { a: 1 }],
      ['{"a": "b": "c"}', /Unexpected ':' after the value of "a"/, { a: 'b' }],
    ];
    for (const [text, message, value] of cases) {
      const doc = parseJson(text);
      assert.equal(
        doc.diagnostics.length,
        1,
        `${text}: ${JSON.stringify(doc.diagnostics.map((d) => d.message))}`,
      );
      assert.match(doc.diagnostics[0]?.message ?? '', message, text);
      assert.deepEqual(doc.value, value, text);
    }
  });

  test('the exact range of a bad escape inside a long string', () => {
    const text = '{\n  "Comment": "C:\\temp\\xfiles"\n}';
    const doc = parseJson(text);
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL001 2:22-2:24']);
  });

  test('mismatched closers: a typo closes the inner container, a missing one closes the outer', () => {
    const typo = parseJson('{"a": [1, 2}, "b": 3}');
    assert.deepEqual(typo.diagnostics.map(brief), ['ASL001 1:12-1:13']);
    assert.match(
      typo.diagnostics[0]?.message ?? '',
      /Expected ']' to close the array opened at line 1, column 7/,
    );
    assert.deepEqual(typo.value, { a: [1, 2], b: 3 });

    const missing = parseJson('{"a": [1, 2}');
    assert.equal(missing.diagnostics.length, 1);
    assert.deepEqual(missing.value, { a: [1, 2] });
  });

  test('an empty document and a non-object document', () => {
    const empty = parseJson('  \n');
    assert.equal(empty.ast, undefined);
    assert.equal(empty.value, undefined);
    assert.deepEqual(
      empty.diagnostics.map((d) => d.code),
      ['ASL004'],
    );
    const array = parseJson('[1, 2]');
    assert.deepEqual(array.diagnostics.map(brief), ['ASL004 1:1-1:7']);
    assert.deepEqual(array.value, [1, 2]);
  });

  test('a document that starts with a closer', () => {
    const doc = parseJson('}');
    assert.equal(doc.ast, undefined);
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL001 1:1-1:2']);
  });
});

describe('half-typed documents', () => {
  test('an unfinished string at the end still gives the tree and precise errors', () => {
    const text = '{"StartAt": "A", "States": {"A": {"Type": "Pa';
    const doc = parseJson(text);
    assert.deepEqual(doc.value, { StartAt: 'A', States: { A: { Type: 'Pa' } } });
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL001 1:43-1:46', 'ASL001 1:46-1:46']);
    assert.match(doc.diagnostics[0]?.message ?? '', /Unterminated string/);
    assert.match(
      doc.diagnostics[1]?.message ?? '',
      /object opened at line 1, column 34 is not closed; add '}}}'/,
    );
    assert.equal(definitionModel(doc).states.length, 1);
    assert.equal(definitionModel(doc).states[0]?.type, 'Pa');
    // unclosed containers reach the end of the text, so a cursor there is inside them
    assert.deepEqual(definitionModel(doc).states[0]?.range, {
      start: text.indexOf('"A": {'),
      end: text.length,
    });
  });

  test('a property with no value yet', () => {
    const doc = parseJson('{"StartAt": "A", "States": {"A": {"Type": ');
    assert.deepEqual(doc.value, { StartAt: 'A', States: { A: {} } });
    assert.equal(doc.diagnostics.length, 1);
    assert.match(doc.diagnostics[0]?.message ?? '', /Unexpected end of text: expected a value for "Type"/);
    const type = nodeAtPath(doc.ast, ['States', 'A']);
    assert.equal(type?.kind, 'object');
    assert.equal(type?.kind === 'object' ? type.properties[0]?.key : undefined, 'Type');
  });

  test('a key being typed', () => {
    const doc = parseJson('{"StartAt": "A", "Sta');
    assert.deepEqual(doc.value, { StartAt: 'A' });
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL001 1:18-1:22', 'ASL001 1:22-1:22']);
  });

  test('an object left open in the middle of a document', () => {
    const text = '{\n  "States": {\n    "A": {"Type": "Pass",\n    "B": {"Type": "Succeed"}\n  }\n}';
    const doc = parseJson(text);
    assert.ok(doc.diagnostics.length >= 1);
    assert.equal(doc.diagnostics[0]?.range.start.line, 5);
    assert.deepEqual(doc.value, { States: { A: { Type: 'Pass', B: { Type: 'Succeed' } } } });
  });
});

describe('duplicate keys', () => {
  test('reported at the second key, with where the first one is; the last value wins', () => {
    const text = '{\n  "a": 1,\n  "b": 2,\n  "a": 3\n}';
    const doc = parseJson(text);
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL003 4:3-4:6']);
    assert.match(
      doc.diagnostics[0]?.message ?? '',
      /Duplicate key "a" \(first defined at line 2, column 3\)/,
    );
    assert.deepEqual(doc.value, { a: 3, b: 2 });
  });

  test('found in big objects too', () => {
    const keys = Array.from({ length: 30 }, (_, i) => `"k${i}": ${i}`);
    keys.push('"k7": 0');
    const doc = parseJson(`{${keys.join(', ')}}`);
    assert.deepEqual(
      doc.diagnostics.map((d) => d.code),
      ['ASL003'],
    );
  });
});

describe('unquoted placeholders', () => {
  test('a ${...} where a number goes gets its own diagnostic and the rest still parses', () => {
    const text = '{\n  "TimeoutSeconds": ${Timeout},\n  "MaxConcurrency": ${var.max},\n  "Next": "B"\n}';
    const doc = parseJson(text);
    assert.deepEqual(doc.diagnostics.map(brief), ['ASL006 2:21-2:31', 'ASL006 3:21-3:31']);
    assert.equal(
      doc.diagnostics[0]?.message,
      'Unquoted ${Timeout} placeholder: quote it ("${Timeout}") or substitute it before parsing',
    );
    assert.deepEqual(doc.value, { TimeoutSeconds: '${Timeout}', MaxConcurrency: '${var.max}', Next: 'B' });
  });

  test('quoted placeholders are just strings', () => {
    const doc = parseJson('{"Resource": "${FunctionArn}"}');
    assert.deepEqual(doc.diagnostics, []);
    assert.deepEqual(doc.value, { Resource: '${FunctionArn}' });
  });
});

describe('deep nesting', () => {
  test('100k opening brackets: one ASL005 error, no stack overflow', () => {
    const doc = parseJson('['.repeat(100_000));
    const codes = doc.diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['ASL005', 'ASL004']);
    assert.equal(doc.diagnostics[0]?.offsets.start, 256);
  });

  test('deep but balanced objects are cut at the limit and parsing goes on after them', () => {
    const deep = '{"a":'.repeat(1000) + '1' + '}'.repeat(1000);
    const doc = parseJson(`{"deep": ${deep}, "after": true}`);
    assert.deepEqual(
      doc.diagnostics.map((d) => d.code),
      ['ASL005'],
    );
    assert.equal((doc.value as Record<string, unknown>).after, true);
  });

  test('nesting right at the limit is fine', () => {
    const doc = parseJson('['.repeat(256) + ']'.repeat(256));
    assert.deepEqual(
      doc.diagnostics.map((d) => d.code),
      ['ASL004'],
    );
  });
});

describe('robustness', () => {
  test('never throws on mangled versions of a definition, and agrees with JSON.parse when it reports nothing', () => {
    const base = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: { x: [1, 2.5, null, true] }, Next: 'B' }, B: { Type: 'Succeed' } },
    });
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', 'x', '1', ' ', '\n', '${', "'"];
    for (let i = 0; i < 400; i++) {
      let text = base;
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length);
        const cut = random(3);
        text = text.slice(0, at) + (pieces[random(pieces.length)] ?? '') + text.slice(at + cut);
      }
      const doc = parseJson(text);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const errors = doc.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'ASL004');
      if (errors.length === 0) assert.deepEqual(doc.value, parsed, text);
      else if (!doc.diagnostics.some((d) => d.code === 'ASL003')) assert.equal(parsed, undefined, text);
      for (const d of doc.diagnostics) {
        assert.ok(
          d.offsets.start >= 0 && d.offsets.end <= text.length && d.offsets.start <= d.offsets.end,
          text,
        );
      }
    }
  });

  test('caps the number of diagnostics', () => {
    const doc = parseJson(`{${'"a": True, '.repeat(500)}}`);
    assert.equal(doc.diagnostics.length, 201);
    assert.match(doc.diagnostics[200]?.message ?? '', /more problems not shown/);
  });
});
