// Tests of the simple mock form: entry order, repetition of the last entry, and strict validation.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StepthroughError } from '../errors';
import { isMockSource, simpleMocks } from './index';

function invalid(spec: unknown, pattern: RegExp, origin?: string): StepthroughError {
  let caught: unknown;
  try {
    simpleMocks(spec, origin);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof StepthroughError, 'expected a StepthroughError');
  assert.equal(caught.code, 'E_INVALID_MOCKS');
  assert.match(caught.message, pattern);
  assert.ok(caught.hint !== undefined && caught.hint.length > 0, 'expected a hint');
  return caught;
}

void describe('simpleMocks', () => {
  void it('gives the n-th invocation the n-th entry and repeats the last', () => {
    const mocks = simpleMocks({
      Lambda: [{ Throw: { Error: 'Lambda.ServiceException', Cause: 'boom' } }, { Return: { ok: 1 } }],
    });
    assert.deepEqual(mocks.responseFor('Lambda', 0), {
      kind: 'throw',
      error: 'Lambda.ServiceException',
      cause: 'boom',
    });
    assert.deepEqual(mocks.responseFor('Lambda', 1), { kind: 'return', value: { ok: 1 } });
    assert.deepEqual(mocks.responseFor('Lambda', 7), { kind: 'return', value: { ok: 1 } });
  });

  void it('accepts a single entry instead of a list', () => {
    const mocks = simpleMocks({ Only: { Return: 'text' } });
    assert.deepEqual(mocks.responseFor('Only', 0), { kind: 'return', value: 'text' });
    assert.deepEqual(mocks.responseFor('Only', 3), { kind: 'return', value: 'text' });
  });

  void it('accepts any JSON value as a Return, including null and false', () => {
    const mocks = simpleMocks({
      N: { Return: null },
      F: [{ Return: false }],
      A: { Return: [1, 'x'] },
      D: { Return: 2.5 },
    });
    assert.deepEqual(mocks.responseFor('N', 0), { kind: 'return', value: null });
    assert.deepEqual(mocks.responseFor('F', 0), { kind: 'return', value: false });
    assert.deepEqual(mocks.responseFor('A', 0), { kind: 'return', value: [1, 'x'] });
    assert.deepEqual(mocks.responseFor('D', 0), { kind: 'return', value: 2.5 });
  });

  void it('answers undefined for states it does not mock, and reports its states', () => {
    const mocks = simpleMocks({ B: { Return: 1 }, A: { Return: 2 } });
    assert.equal(mocks.responseFor('Other', 0), undefined);
    assert.equal(mocks.has('Other'), false);
    assert.equal(mocks.has('A'), true);
    assert.deepEqual(mocks.stateNames(), ['B', 'A']);
  });

  void it('ignores extra entry keys such as the corpus "event"', () => {
    const mocks = simpleMocks({ T: [{ Throw: { Error: 'States.Timeout' }, event: 'TaskTimedOut' }] });
    assert.deepEqual(mocks.responseFor('T', 0), { kind: 'throw', error: 'States.Timeout', cause: '' });
  });

  void it('sends a Cause given as a JSON object as its JSON text', () => {
    const cause = { errorMessage: 'Some exception was raised.', errorType: 'Exception' };
    const response = simpleMocks({ L: { Throw: { Error: 'Exception', Cause: cause } } }).responseFor('L', 0);
    assert.ok(response?.kind === 'throw');
    assert.deepEqual(JSON.parse(response.cause), cause);
  });

  void it('reads Delay and delaySeconds as the simulated duration', () => {
    const mocks = simpleMocks({
      A: { Return: 1, Delay: 30 },
      B: { Throw: { Error: 'E', Cause: 'c' }, delaySeconds: 2.5 },
    });
    assert.deepEqual(mocks.responseFor('A', 0), { kind: 'return', value: 1, delaySeconds: 30 });
    assert.deepEqual(mocks.responseFor('B', 0), { kind: 'throw', error: 'E', cause: 'c', delaySeconds: 2.5 });
  });

  void it('hands out copies, so changing a response does not change the next one', () => {
    const mocks = simpleMocks({ S: { Return: { list: [1] } } });
    const first = mocks.responseFor('S', 0);
    assert.ok(first?.kind === 'return');
    (first.value as { list: number[] }).list.push(2);
    assert.deepEqual(mocks.responseFor('S', 1), { kind: 'return', value: { list: [1] } });
  });

  void it('rejects an invalid invocation number as an internal error', () => {
    const mocks = simpleMocks({ S: { Return: 1 } });
    assert.throws(
      () => mocks.responseFor('S', -1),
      (e: unknown) => e instanceof StepthroughError && e.code === 'E_INTERNAL',
    );
    assert.throws(
      () => mocks.responseFor('S', 0.5),
      (e: unknown) => e instanceof StepthroughError && e.code === 'E_INTERNAL',
    );
  });

  void it('is recognised as a MockSource while a raw spec is not', () => {
    assert.equal(isMockSource(simpleMocks({})), true);
    assert.equal(isMockSource({ S: [{ Return: 1 }] }), false);
    assert.equal(isMockSource(null), false);
  });
});

void describe('simpleMocks validation', () => {
  void it('rejects a spec that is not an object', () => {
    invalid([], /must be an object mapping state names/);
    invalid('x', /got string/);
    invalid(null, /got null/);
  });

  void it('rejects an entry with neither Return nor Throw, naming the state, the index and the fields', () => {
    invalid(
      { Lambda: [{ Return: 1 }, { Retrun: 2 }] },
      /state "Lambda", entry 1: has neither "Return" nor "Throw" \(fields: "Retrun"\)/,
    );
  });

  void it('rejects an entry with both Return and Throw', () => {
    invalid({ S: { Return: 1, Throw: { Error: 'E' } } }, /state "S": has both "Return" and "Throw"/);
  });

  void it('rejects a non-object entry', () => {
    invalid({ S: [42] }, /state "S", entry 0: expected an object, got number/);
    invalid({ S: 'Return' }, /state "S": expected an object, got string/);
  });

  void it('rejects an empty response list', () => {
    invalid({ S: [] }, /state "S": the response list is empty/);
  });

  void it('rejects a Throw without Error, with a non-string Error, or with unknown fields', () => {
    invalid({ S: { Throw: { Cause: 'c' } } }, /state "S": "Throw" has no "Error"/);
    invalid({ S: { Throw: { Error: 5 } } }, /"Throw.Error" must be a string, got number/);
    invalid({ S: { Throw: { Error: 'E', Casue: 'c' } } }, /"Throw" has unknown field "Casue"/);
    invalid({ S: { Throw: 'E' } }, /"Throw" must be an object, got string/);
  });

  void it('rejects a Cause that is neither text nor a JSON object', () => {
    invalid({ S: { Throw: { Error: 'E', Cause: 3 } } }, /"Throw.Cause" must be a string .*got number/);
  });

  void it('rejects a Return that is not JSON', () => {
    invalid({ S: { Return: { when: new Date(0) } } }, /"Return" is not a JSON value \(at Return\.when\)/);
    invalid({ S: { Return: Number.NaN } }, /"Return" is not a JSON value \(at its top\)/);
    invalid({ S: { Return: undefined } }, /"Return" is not a JSON value/);
  });

  void it('rejects a negative, non-numeric or doubled delay', () => {
    invalid({ S: { Return: 1, Delay: -1 } }, /"Delay" must be a non-negative number of seconds, got -1/);
    invalid(
      { S: { Return: 1, delaySeconds: '5' } },
      /"delaySeconds" must be a non-negative number of seconds, got string/,
    );
    invalid({ S: { Return: 1, Delay: 1, delaySeconds: 1 } }, /both "Delay" and "delaySeconds"/);
  });

  void it('points at the mock file and suggests the MockConfigFile loader for a config file', () => {
    const error = invalid({ StateMachines: {}, MockedResponses: {} }, /state "StateMachines"/, 'mocks.json');
    assert.deepEqual(error.location, { file: 'mocks.json' });
    assert.match(error.hint ?? '', /MockConfigFile/);
  });
});

describe('simpleMocks keeps its own copies', () => {
  it('later changes to the spec do not reach the responses, and each response is a fresh copy', () => {
    const spec = { T: [{ Return: { n: 1 } }] };
    const source = simpleMocks(spec);
    spec.T[0] = { Return: { n: 2 } };
    (spec.T as { Return: Record<string, unknown> }[]).push({ Return: { n: 3 } });
    const first = source.responseFor('T', 0);
    assert.deepEqual(first, { kind: 'return', value: { n: 1 } });
    if (first?.kind === 'return') (first.value as Record<string, unknown>).n = 99;
    assert.deepEqual(source.responseFor('T', 1), { kind: 'return', value: { n: 1 } });
  });

  it('a source for one run hands a response out as stored once, then copies', () => {
    const source = simpleMocks({ T: [{ Return: { n: 1 } }] }, undefined, { forOneRun: true });
    const first = source.responseFor('T', 0);
    const second = source.responseFor('T', 1);
    assert.deepEqual(second, first);
    assert.notEqual(
      first?.kind === 'return' ? first.value : undefined,
      second?.kind === 'return' ? second.value : undefined,
      "the repeated response must not share the first one's object",
    );
  });
});
