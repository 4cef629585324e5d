// Thousands of nested intrinsic calls (issue #20, point 7) are refused by the parser at a bounded depth, so
// validation reports a located diagnostic and a run fails with States.Runtime, instead of the stack
// overflowing into ASL000 or Stepthrough.InternalError.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execute } from '../interpreter';
import type { JsonObject } from '../json';
import { validate } from '../validate';
import { evaluateIntrinsic, MAX_INTRINSIC_NESTING, parseIntrinsic } from './index';

/** `States.Format('{}', States.Format('{}', … 'x' …))` with `depth` calls. */
function nested(depth: number): string {
  let text = "'x'";
  for (let i = 0; i < depth; i++) text = `States.Format('{}', ${text})`;
  return text;
}

/** Where the `n`-th call (1-based, outermost first) starts. */
function callOffset(n: number): number {
  return "States.Format('{}', ".length * (n - 1);
}

function machine(depth: number): JsonObject {
  return { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'v.$': nested(depth) }, End: true } } };
}

describe('the parser', () => {
  test(`accepts ${MAX_INTRINSIC_NESTING} nested calls and evaluates them`, () => {
    const parsed = parseIntrinsic(nested(MAX_INTRINSIC_NESTING));
    assert.ok(parsed.ok);
    const env = { resolvePath: () => null, random: () => 0.5, uuid: () => 'id' };
    assert.equal(evaluateIntrinsic(parsed.call, env), 'x');
  });

  for (const depth of [MAX_INTRINSIC_NESTING + 1, 2_000, 200_000]) {
    test(`refuses ${depth} nested calls at the first call past the bound`, () => {
      const text = nested(depth);
      const parsed = parseIntrinsic(text);
      assert.ok(!parsed.ok);
      assert.equal(
        parsed.message,
        `Intrinsic functions nest more than ${MAX_INTRINSIC_NESTING} deep here; AWS allows at most 10 in one field.`,
      );
      const offset = callOffset(MAX_INTRINSIC_NESTING + 1);
      assert.deepEqual([parsed.offset, parsed.length], [offset, 'States.Format'.length]);
      assert.equal(text.slice(parsed.offset, parsed.offset + parsed.length), 'States.Format');
    });
  }
});

test('validation: a located diagnostic, not ASL000', () => {
  const definition = JSON.stringify(machine(2_000));
  const diagnostics = validate(definition);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['ASL305'],
  );
  const [diagnostic] = diagnostics;
  assert.match(diagnostic?.message ?? '', /nest more than 100 deep/);
  const start = definition.indexOf(nested(2_000)) + callOffset(MAX_INTRINSIC_NESTING + 1);
  assert.deepEqual(diagnostic?.offsets, { start, end: start + 'States.Format'.length });
});

test('a run: States.Runtime, not an internal error', async () => {
  // `validate: false` (once runs validate first): this is what a run does with a machine AWS would refuse.
  const options = { validate: false } as object;
  const result = await execute(machine(2_000), options);
  assert.equal(result.status, 'FAILED');
  assert.equal(result.error, 'States.Runtime');
  assert.match(
    result.cause ?? '',
    /^An error occurred while executing the state 'P' \(entered at the event id #2\)\. Invalid intrinsic function '/,
  );
  assert.match(result.cause ?? '', /Intrinsic functions nest more than 100 deep here/);
});
