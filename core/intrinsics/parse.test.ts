// Tests for the intrinsic parser: argument kinds and offsets, nesting, escapes, paths and syntax errors.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeIntrinsic, parseIntrinsic } from './index';
import type { IntrinsicArg, IntrinsicCall } from './index';

function parseOk(text: string): IntrinsicCall {
  const result = parseIntrinsic(text);
  if (!result.ok) assert.fail(`expected ${text} to parse, got: ${result.message} at ${result.offset}`);
  return result.call;
}

function parseError(text: string): { message: string; offset: number; length: number } {
  const result = parseIntrinsic(text);
  if (result.ok) assert.fail(`expected ${text} to fail`);
  return { message: result.message, offset: result.offset, length: result.length };
}

function slice(text: string, arg: { offset: number; length: number }): string {
  return text.slice(arg.offset, arg.offset + arg.length);
}

describe('looksLikeIntrinsic', () => {
  it('accepts States.* calls, with leading whitespace', () => {
    assert.equal(looksLikeIntrinsic('States.UUID()'), true);
    assert.equal(looksLikeIntrinsic("  States.Format('x')"), true);
  });
  it('rejects paths, plain text and names without a parenthesis', () => {
    assert.equal(looksLikeIntrinsic('$.a.b'), false);
    assert.equal(looksLikeIntrinsic('States.Format'), false);
    assert.equal(looksLikeIntrinsic('Format(1)'), false);
    assert.equal(looksLikeIntrinsic('x States.UUID()'), false);
  });
});

describe('parseIntrinsic: calls and arguments', () => {
  it('parses a call without arguments', () => {
    const call = parseOk('States.UUID()');
    assert.deepEqual(call, { name: 'States.UUID', nameOffset: 0, args: [], offset: 0, length: 13 });
  });

  it('counts offsets from the start of the text, leading whitespace included', () => {
    const call = parseOk('  States.UUID( ) ');
    assert.equal(call.nameOffset, 2);
    assert.equal(call.offset, 2);
    assert.equal(call.length, 'States.UUID( )'.length);
  });

  it('parses every argument kind with exact offsets', () => {
    const text = "States.Array('a', 1.5, -2, 1e3, true, false, null, $.x, $$.Execution.Id, $myVar.field, $)";
    const call = parseOk(text);
    const expected: [IntrinsicArg['kind'], string][] = [
      ['string', "'a'"],
      ['number', '1.5'],
      ['number', '-2'],
      ['number', '1e3'],
      ['boolean', 'true'],
      ['boolean', 'false'],
      ['null', 'null'],
      ['path', '$.x'],
      ['path', '$$.Execution.Id'],
      ['path', '$myVar.field'],
      ['path', '$'],
    ];
    assert.equal(call.args.length, expected.length);
    call.args.forEach((arg, i) => {
      const [kind, source] = expected[i] ?? ['', ''];
      assert.equal(arg.kind, kind);
      assert.ok(arg.kind !== 'call');
      assert.equal(slice(text, arg), source);
    });
    assert.deepEqual(
      call.args.map((a) =>
        a.kind === 'number' || a.kind === 'boolean' || a.kind === 'string' ? a.value : null,
      ),
      ['a', 1.5, -2, 1000, true, false, null, null, null, null, null],
    );
    assert.deepEqual(
      call.args.filter((a) => a.kind === 'path').map((a) => (a.kind === 'path' ? a.text : '')),
      ['$.x', '$$.Execution.Id', '$myVar.field', '$'],
    );
  });

  it('parses nested calls with their own offsets', () => {
    const text =
      "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength($.a), -1))";
    const call = parseOk(text);
    assert.equal(call.name, 'States.ArrayGetItem');
    const [split, add] = call.args;
    assert.ok(split?.kind === 'call' && add?.kind === 'call');
    assert.equal(slice(text, split.call), "States.StringSplit($$.StateMachine.Name, '-')");
    assert.equal(split.call.nameOffset, 20);
    assert.equal(add.call.name, 'States.MathAdd');
    const inner = add.call.args[0];
    assert.ok(inner?.kind === 'call');
    assert.equal(slice(text, inner.call), 'States.ArrayLength($.a)');
    assert.equal(call.length, text.length);
  });

  it('allows whitespace and newlines between tokens', () => {
    const call = parseOk("States.Format(\n  '{}' ,\t$.a\n)");
    assert.equal(call.args.length, 2);
  });
});

describe('parseIntrinsic: string literals', () => {
  it("resolves the escapes \\' \\{ \\} \\\\ and keeps the raw text", () => {
    const text = "States.Format('it\\'s \\{x\\} a \\\\ b')";
    const arg = parseOk(text).args[0];
    assert.ok(arg?.kind === 'string');
    assert.equal(arg.value, "it's {x} a \\ b");
    assert.equal(arg.raw, "it\\'s \\{x\\} a \\\\ b");
    assert.equal(slice(text, arg), "'it\\'s \\{x\\} a \\\\ b'");
  });

  it('keeps unescaped braces, double quotes, commas and parentheses inside a literal', () => {
    const arg = parseOk(`States.StringToJson('{"a": "x, (y)"}')`).args[0];
    assert.ok(arg?.kind === 'string');
    assert.equal(arg.value, '{"a": "x, (y)"}');
  });

  it('keeps real newline characters inside a literal', () => {
    const arg = parseOk("States.StringSplit('Hello\nWorld', '\n')").args[1];
    assert.ok(arg?.kind === 'string');
    assert.equal(arg.value, '\n');
  });

  it('parses an empty literal', () => {
    const arg = parseOk("States.Format('')").args[0];
    assert.ok(arg?.kind === 'string');
    assert.equal(arg.value, '');
  });
});

describe('parseIntrinsic: paths', () => {
  it('keeps brackets, quoted names and filters (with commas and parentheses) inside one path', () => {
    const text = "States.ArrayLength($.items[?(@.tag == 'a, b)')].id, $['key with space'][0])";
    const call = parseOk(text);
    assert.deepEqual(
      call.args.map((a) => (a.kind === 'path' ? a.text : a.kind)),
      ["$.items[?(@.tag == 'a, b)')].id", "$['key with space'][0]"],
    );
  });

  it('reports an unterminated bracket at the bracket', () => {
    const error = parseError('States.ArrayLength($.a[0)');
    assert.match(error.message, /Unterminated '\['/);
    assert.equal(error.offset, 22);
  });
});

describe('parseIntrinsic: errors carry offsets and never throw', () => {
  const cases: [text: string, offset: number, length: number, message: RegExp][] = [
    ["States.Format('abc", 14, 4, /Unterminated string literal/],
    ["States.Format('a\\nb')", 16, 2, /Invalid escape '\\n'/],
    ['States.Array(1,)', 15, 1, /Expected an argument/],
    ['States.Array(1 2)', 15, 1, /Expected ',' or '\)'/],
    ['States.Array("x")', 13, 1, /single quotes/],
    ['States.Array(foo)', 13, 3, /Unexpected 'foo'/],
    ['States.Array(Foo.Bar(1))', 13, 7, /Unknown function 'Foo.Bar'/],
    ['States.UUID() x', 14, 1, /Unexpected text after/],
    ['Foo.Bar()', 0, 7, /must start with 'States.'/],
    ['', 0, 1, /must start with 'States.'/],
    ['States.(1)', 0, 7, /Expected a function name/],
    ['States.Array', 12, 1, /Expected '\('/],
    ['States.Array(1', 0, 14, /Missing '\)'/],
    ['States.Array(01)', 13, 2, /Invalid number '01'/],
    ['States.Array(-)', 13, 1, /Invalid number '-'/],
    ['States.Array(1a)', 13, 2, /Invalid number '1a'/],
    ['States.Array($.a])', 16, 1, /Unmatched '\]'/],
  ];
  for (const [text, offset, length, message] of cases) {
    it(JSON.stringify(text), () => {
      const error = parseError(text);
      assert.match(error.message, message);
      assert.equal(error.offset, offset, 'offset');
      assert.equal(error.length, length, 'length');
    });
  }

  it('returns an error (never throws) for arbitrary mangled input', () => {
    const pieces = [
      'States.',
      'Format',
      '(',
      ')',
      "'",
      '\\',
      ',',
      '$',
      '[',
      ']',
      ' ',
      '1',
      '-',
      'x',
      '"',
      '{}',
    ];
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const size = 1 + (n % 12);
      for (let i = 0; i < size; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += pieces[seed % pieces.length];
      }
      const result = parseIntrinsic(text);
      if (!result.ok) {
        assert.ok(result.offset >= 0 && result.offset <= text.length, `offset in range for ${text}`);
        assert.ok(result.length >= 1, `length positive for ${text}`);
      }
    }
  });
});
