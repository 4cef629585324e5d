// The HCL expression parser and evaluator on the forms Terraform definitions use, and on broken input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonValue } from '../../json';
import { type TfModule, TfEvaluator, rootNames } from './evaluate';
import { ParseFailure, parseExpression, parseTemplate } from './expression';

const module: TfModule = {
  dir: '/m',
  prefix: '',
  resources: new Map([
    ['aws_lambda_function.f', { body: { function_name: 'fn' }, file: '/m/main.tf', location: undefined }],
  ]),
  data: new Map(),
  variables: new Map([['stage', { body: { default: 'dev' }, file: '/m/main.tf', location: undefined }]]),
  locals: new Map([['prefix', { raw: 'app-${var.stage}', file: '/m/main.tf' }]]),
  modules: new Map(),
  inputs: new Map(),
  files: new Map(),
};

function evaluate(text: string): JsonValue {
  const expr = parseExpression(text);
  assert.ok(!(expr instanceof ParseFailure), expr instanceof ParseFailure ? expr.message : '');
  const evaluator = new TfEvaluator({
    ctx: { region: 'eu-west-1', accountId: '111122223333', partition: 'aws' },
    stack: 'stack',
    rootDir: '/m',
    readFile: () => undefined,
    diagnostics: [],
    standIns: new Map(),
  });
  return evaluator.expr(expr, evaluator.scope(module));
}

void describe('HCL expressions', () => {
  void it('literals, operators, conditionals, tuples and objects (both key styles)', () => {
    assert.equal(evaluate('1 + 2 * 3'), 7);
    assert.equal(evaluate('var.stage == "dev" ? 1 : 0'), 1);
    assert.deepEqual(evaluate('[1, "a", true, null]'), [1, 'a', true, null]);
    assert.deepEqual(evaluate('{ a = 1, "b": 2 }'), { a: 1, b: 2 });
    assert.equal(evaluate('!false && (2 >= 2)'), true);
  });

  void it('templates: interpolation, $${ escapes, %{if} directives, HCL string escapes, heredocs', () => {
    assert.equal(evaluate('"${local.prefix}-x"'), 'app-dev-x');
    assert.equal(evaluate('"keep $${this} and %%{that}"'), 'keep ${this} and %{that}');
    assert.equal(evaluate('"%{ if var.stage == "dev" }D%{ else }P%{ endif }"'), 'D');
    assert.equal(evaluate('"a\\"b\\nc"'), 'a"b\nc');
    assert.equal(evaluate('<<-EOT\n    {"k": "${var.stage}"}\n    EOT\n'), '{"k": "dev"}\n');
  });

  void it('functions, references with index and splat, for expressions', () => {
    assert.equal(evaluate('jsonencode({ b = 1, a = [var.stage] })'), '{"a":["dev"],"b":1}');
    assert.equal(evaluate('format("%s-%d", "x", 2)'), 'x-2');
    assert.equal(evaluate('replace("a.b.c", ".", "/")'), 'a/b/c');
    assert.deepEqual(evaluate('[for s in ["a", "b"] : upper(s)]'), ['A', 'B']);
    assert.deepEqual(evaluate('{ for k, v in { a = 1 } : k => v + 1 }'), { a: 2 });
    assert.equal(evaluate('aws_lambda_function.f.arn'), 'arn:aws:lambda:eu-west-1:111122223333:function:fn');
    assert.equal(evaluate('merge({ a = 1 }, { b = 2 }).b'), 2);
  });

  void it('root names of a reference, for resolvability', () => {
    const expr = parseExpression(
      '"${aws_sfn_activity.a[0].id}-${var.x}-${local.y}-${data.aws_region.r.name}-${z}"',
    );
    assert.ok(!(expr instanceof ParseFailure));
    assert.deepEqual(rootNames(expr), ['aws_sfn_activity.a', 'var.x', 'local.y', 'data.aws_region.r', 'z']);
  });

  void it('broken input is a located failure, never an exception', () => {
    for (const text of [
      '1 +',
      '"unterminated',
      '{ a = }',
      'f(1,',
      '[1 2]',
      '<<EOT\nno end',
      '"${"',
      '((((((((((',
    ]) {
      const result = parseExpression(text);
      assert.ok(result instanceof ParseFailure, text);
      assert.ok(result.offset >= 0 && result.offset <= text.length, text);
    }
    assert.ok(parseTemplate('%{ bogus }') instanceof ParseFailure);
    const deep = parseExpression('['.repeat(5000));
    assert.ok(deep instanceof ParseFailure);
  });
});
