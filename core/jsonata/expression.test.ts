// Recognising `{% %}` strings, extracting the inner expression with its offset, and syntax errors with
// ranges inside the expression.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkJsonataSyntax, extractExpression, isJsonataExpression } from './index';

describe('isJsonataExpression', () => {
  test('accepts strings that start with {% and end with %}', () => {
    assert.equal(isJsonataExpression('{% $states.input %}'), true);
    assert.equal(isJsonataExpression('{%$states.input%}'), true);
    assert.equal(isJsonataExpression('{%%}'), true);
  });

  test('does not trim: surrounding spaces make a plain string, as AWS records', () => {
    assert.equal(isJsonataExpression(' {% states.input %} '), false);
    assert.equal(isJsonataExpression('{% x %} '), false);
    assert.equal(isJsonataExpression(' {% x %}'), false);
  });

  test('rejects other values and partial delimiters', () => {
    for (const value of [
      '$states.input',
      '{% x',
      'x %}',
      'Hello {% x %} there',
      '{%}',
      '',
      1,
      null,
      ['{% x %}'],
      { a: 1 },
    ]) {
      assert.equal(isJsonataExpression(value), false, JSON.stringify(value));
    }
  });
});

describe('extractExpression', () => {
  test('returns the trimmed inner text and where it starts', () => {
    assert.deepEqual(extractExpression('{% $states.input %}'), { expression: '$states.input', offset: 3 });
    assert.deepEqual(extractExpression('{%$x%}'), { expression: '$x', offset: 2 });
    assert.deepEqual(extractExpression('{%   1 + 2\n %}'), { expression: '1 + 2', offset: 5 });
  });

  test('an inner expression passed on its own is returned trimmed', () => {
    assert.deepEqual(extractExpression('  $x '), { expression: '$x', offset: 2 });
  });

  test('an empty expression', () => {
    assert.deepEqual(extractExpression('{%  %}'), { expression: '', offset: 4 });
  });
});

describe('checkJsonataSyntax', () => {
  test('valid expressions have no error', () => {
    for (const expression of [
      '$states.input',
      '$sum($states.input.values) + $x',
      "($f := function($v){$v}; $f('a'))",
      '$$',
    ]) {
      assert.equal(checkJsonataSyntax(expression), undefined, expression);
    }
  });

  test('a wrong token is located on the token', () => {
    assert.deepEqual(checkJsonataSyntax('a[1,2)'), {
      message: 'Expected "]", got ","',
      offset: 3,
      length: 1,
      code: 'S0202',
    });
    assert.deepEqual(checkJsonataSyntax('foo bar'), {
      message: 'Syntax error: "bar"',
      offset: 4,
      length: 3,
      code: 'S0201',
    });
    assert.deepEqual(checkJsonataSyntax('{"a":}'), {
      message: 'The symbol "}" cannot be used as a unary operator',
      offset: 5,
      length: 1,
      code: 'S0211',
    });
  });

  test('an unexpected end is located at the end, with no length', () => {
    assert.deepEqual(checkJsonataSyntax('1 +'), {
      message: 'Unexpected end of expression',
      offset: 3,
      length: 0,
      code: 'S0207',
    });
    assert.deepEqual(checkJsonataSyntax(''), {
      message: 'Unexpected end of expression',
      offset: 0,
      length: 0,
      code: 'S0207',
    });
    assert.equal(checkJsonataSyntax('$sum(1,2')?.code, 'S0203');
  });

  test('lexer errors without a token point at the last character read', () => {
    const error = checkJsonataSyntax("'abc");
    assert.deepEqual(error, {
      message: 'String literal must be terminated by a matching quote',
      offset: 3,
      length: 1,
      code: 'S0101',
    });
    assert.equal(checkJsonataSyntax('$match("a", /abc')?.code, 'S0302');
  });

  test('offsets combine with extractExpression to locate the error in the field string', () => {
    const text = '{%   a[1,2) %}';
    const { expression, offset } = extractExpression(text);
    const error = checkJsonataSyntax(expression);
    assert.ok(error);
    assert.equal(text.slice(offset + error.offset, offset + error.offset + error.length), ',');
  });
});
