// Tests for the static checks (checkIntrinsic) and the signature table used by the language server.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIntrinsic, INTRINSIC_SIGNATURES, parseIntrinsic } from './index';

function problemsOf(text: string): { message: string; source: string }[] {
  const parsed = parseIntrinsic(text);
  if (!parsed.ok) assert.fail(`parse failed: ${parsed.message}`);
  return checkIntrinsic(parsed.call).map((p) => ({
    message: p.message,
    source: text.slice(p.offset, p.offset + p.length),
  }));
}

function assertSingleProblem(text: string, message: RegExp, source: string): void {
  const problems = problemsOf(text);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.match(problems[0]?.message ?? '', message);
  assert.equal(problems[0]?.source, source);
}

describe('INTRINSIC_SIGNATURES', () => {
  it('lists all 18 functions with consistent argument counts', () => {
    const names = [
      'States.Format',
      'States.StringToJson',
      'States.JsonToString',
      'States.Array',
      'States.ArrayPartition',
      'States.ArrayContains',
      'States.ArrayRange',
      'States.ArrayGetItem',
      'States.ArrayLength',
      'States.ArrayUnique',
      'States.Base64Encode',
      'States.Base64Decode',
      'States.Hash',
      'States.JsonMerge',
      'States.MathRandom',
      'States.MathAdd',
      'States.StringSplit',
      'States.UUID',
    ];
    assert.deepEqual([...INTRINSIC_SIGNATURES.keys()].sort(), [...names].sort());
    for (const signature of INTRINSIC_SIGNATURES.values()) {
      assert.ok(signature.description.length > 0, signature.name);
      assert.ok(signature.minArgs <= signature.maxArgs, signature.name);
    }
    assert.deepEqual(
      [
        INTRINSIC_SIGNATURES.get('States.Format')?.minArgs,
        INTRINSIC_SIGNATURES.get('States.Format')?.maxArgs,
      ],
      [1, Infinity],
    );
    assert.deepEqual(
      [
        INTRINSIC_SIGNATURES.get('States.MathRandom')?.minArgs,
        INTRINSIC_SIGNATURES.get('States.MathRandom')?.maxArgs,
      ],
      [2, 3],
    );
    assert.equal(INTRINSIC_SIGNATURES.get('States.Array')?.minArgs, 0);
  });
});

describe('checkIntrinsic', () => {
  it('accepts valid calls, including paths of unknown type', () => {
    for (const text of [
      "States.Format('{} and {}', $.a, States.UUID())",
      'States.ArrayGetItem($.list, $.index)',
      "States.JsonMerge(States.StringToJson('{}'), $.b, false)",
      "States.Hash($.data, 'SHA-384')",
      'States.ArrayRange(1, 1000, 1)',
      'States.Array()',
      'States.MathRandom(1, 2, 42)',
    ]) {
      assert.deepEqual(problemsOf(text), [], text);
    }
  });

  it('reports unknown functions at the name', () => {
    assertSingleProblem(
      'States.Formatt($.a)',
      /Unknown intrinsic function States\.Formatt/,
      'States.Formatt',
    );
  });

  it('reports wrong argument counts at the name', () => {
    assertSingleProblem(
      'States.ArrayLength($.a, $.b)',
      /States\.ArrayLength expects 1 argument, got 2/,
      'States.ArrayLength',
    );
    assertSingleProblem('States.MathRandom(1)', /expects 2 to 3 arguments, got 1/, 'States.MathRandom');
    assertSingleProblem('States.Format()', /expects at least 1 argument, got 0/, 'States.Format');
  });

  it('reports literal arguments of the wrong type at the argument', () => {
    assertSingleProblem(
      "States.ArrayLength('abc')",
      /expects an array for 'array' \(argument 1\), got a string literal/,
      "'abc'",
    );
    assertSingleProblem(
      "States.MathAdd(1, '2')",
      /expects an integer for 'b' \(argument 2\), got a string literal/,
      "'2'",
    );
    assertSingleProblem(
      'States.Base64Encode(null)',
      /expects a string for 'data' \(argument 1\), got null/,
      'null',
    );
    assertSingleProblem('States.Format(1)', /expects a string for 'template'/, '1');
  });

  it('reports nested calls whose result type cannot fit', () => {
    assertSingleProblem(
      "States.ArrayLength(States.Format('x'))",
      /expects an array for 'array' \(argument 1\), got a string from States\.Format/,
      "States.Format('x')",
    );
    assert.deepEqual(problemsOf('States.MathAdd(States.ArrayLength($.a), 1)'), []);
    assert.deepEqual(problemsOf("States.ArrayLength(States.StringToJson('[1]'))"), []);
  });

  it('checks problems inside nested calls too', () => {
    assertSingleProblem(
      "States.Array(States.Hash('x', 'SHA256'))",
      /Unsupported hash algorithm 'SHA256'/,
      "'SHA256'",
    );
  });

  it('compares States.Format placeholders with the values given, honouring escapes', () => {
    assertSingleProblem("States.Format('{} {}', $.a)", /2 \{\} placeholders but 1 value is given/, "'{} {}'");
    assertSingleProblem(
      "States.Format('\\{\\}', $.a)",
      /0 \{\} placeholders but 1 value is given/,
      "'\\{\\}'",
    );
    assert.deepEqual(problemsOf("States.Format('\\{\\} {}', $.a)"), []);
    assert.deepEqual(problemsOf('States.Format($.template, $.a, $.b)'), []);
  });

  it('flags literal values that AWS rejects at run time', () => {
    assertSingleProblem('States.JsonMerge($.a, $.b, true)', /only shallow merge/, 'true');
    assertSingleProblem('States.ArrayRange(0, 10, 0)', /step must not be 0/, '0');
    assertSingleProblem('States.ArrayRange(0, 1000, 1)', /1001 items/, '1');
    assertSingleProblem('States.ArrayPartition($.a, 0)', /chunk size must be a positive integer/, '0');
    assertSingleProblem('States.ArrayGetItem($.a, -1)', /non-negative integer/, '-1');
    assertSingleProblem('States.ArrayGetItem($.a, 1.5)', /non-negative integer/, '1.5');
    assertSingleProblem(
      'States.MathAdd(3000000000, 1)',
      /integers from -2147483648 to 2147483647/,
      '3000000000',
    );
    assertSingleProblem('States.MathRandom(10, 10)', /end must be greater than the start/, '10');
  });

  it('allows at most 10 intrinsic functions in one field', () => {
    const nine = 'States.Array(' + Array.from({ length: 9 }, () => 'States.UUID()').join(', ') + ')';
    assert.deepEqual(problemsOf(nine), []);
    const ten = 'States.Array(' + Array.from({ length: 10 }, () => 'States.UUID()').join(', ') + ')';
    assertSingleProblem(ten, /uses 11 intrinsic functions; AWS allows at most 10/, 'States.Array');
  });
});
