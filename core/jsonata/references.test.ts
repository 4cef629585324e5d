// Static analysis for the validator and language server: variables read, $states properties, and the
// top-level reads AWS refuses.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeJsonataExpression } from './index';

function names(refs: { name: string }[]): string[] {
  return refs.map((ref) => ref.name);
}

describe('analyzeJsonataExpression', () => {
  test('reports workflow variables with their ranges, not local bindings or functions', () => {
    const expression = '($x := 1; $f := function($a){ $a + $b }; $sum([$x, $f(2), $y]) & $uuid())';
    const analysis = analyzeJsonataExpression(expression);
    assert.deepEqual(names(analysis.variables), ['b', 'y']);
    for (const ref of analysis.variables)
      assert.equal(expression.slice(ref.offset, ref.offset + ref.length), `$${ref.name}`);
  });

  test('$eval is not a known function, so it is reported like an unknown variable', () => {
    assert.deepEqual(names(analyzeJsonataExpression('$eval("1")').variables), ['eval']);
  });

  test('focus and index bindings are local', () => {
    assert.deepEqual(
      names(analyzeJsonataExpression('$states.input.items@$i#$n.[$i, $n, $other]').variables),
      ['other'],
    );
  });

  test('reports $states properties', () => {
    const expression =
      '$states.input.a & $states.result & $states.errorOutput.Error & $states.context.State.Name';
    const analysis = analyzeJsonataExpression(expression);
    assert.deepEqual(names(analysis.statesProperties), ['input', 'result', 'errorOutput', 'context']);
    const result = analysis.statesProperties[1];
    assert.ok(result);
    assert.equal(expression.slice(result.offset, result.offset + result.length), 'result');
    assert.deepEqual(analysis.variables, []);
  });

  test('reports field names read from the top level, but not later steps, predicates or sort terms', () => {
    const analysis = analyzeJsonataExpression(
      'phone & $states.input.items[value > 3].x & $map($states.input.a, function($x){ b }) & `my field`',
    );
    assert.deepEqual(names(analysis.topLevelFields), ['phone', 'b', 'my field']);
    const quoted = analysis.topLevelFields[2];
    assert.ok(quoted);
    assert.equal(quoted.length, '`my field`'.length);
    assert.deepEqual(names(analyzeJsonataExpression('$states.input.list^(price).name').topLevelFields), []);
  });

  test('reports $$ anywhere and $ at the top level only', () => {
    assert.deepEqual(analyzeJsonataExpression('$$.a').contextReferences, [
      { name: '$$', offset: 0, length: 2 },
    ]);
    assert.deepEqual(analyzeJsonataExpression('$').contextReferences, [{ name: '$', offset: 0, length: 1 }]);
    assert.deepEqual(analyzeJsonataExpression('$states.input.items[$ > 1]').contextReferences, []);
  });

  test('an expression that does not parse returns its syntax error and nothing else', () => {
    const analysis = analyzeJsonataExpression('$x +');
    assert.equal(analysis.syntaxError?.code, 'S0207');
    assert.deepEqual(analysis.variables, []);
  });
});
