// Tests of the cached reading of the simple mock form: one reading serves every run of an unchanged
// spec object, a change to the spec between runs is always seen, and no run can change what the
// next one is answered.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execute } from '../interpreter';
import type { JsonObject } from '../json';
import { StepthroughError } from '../errors';
import { simpleMocksForRun } from './specCache';

const MACHINE: JsonObject = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      OutputPath: '$.Payload',
      Next: 'Mark',
    },
    Mark: { Type: 'Pass', Result: 'changed by the run', ResultPath: '$.id', End: true },
  },
};

async function outputOf(mocks: Record<string, unknown>): Promise<unknown> {
  const result = await execute(MACHINE, { mocks });
  assert.equal(result.status, 'SUCCEEDED', `${result.error} ${result.cause}`);
  return result.output;
}

void describe('the simple mock form read once per spec', () => {
  void it('serves an unchanged spec from one reading', () => {
    const spec = { Charge: [{ Return: { Payload: { id: 'ch-1' } } }] };
    assert.equal(simpleMocksForRun(spec), simpleMocksForRun(spec));
  });

  void it('gives every run its own copy of a response, so a run that changes it leaves the next unchanged', async () => {
    const spec = { Charge: [{ Return: { Payload: { id: 'ch-1' } } }] };
    const handedOut = simpleMocksForRun(spec).responseFor('Charge', 0);
    if (handedOut?.kind === 'return') (handedOut.value as JsonObject).Payload = 'spoiled';
    assert.deepEqual(simpleMocksForRun(spec).responseFor('Charge', 0), {
      kind: 'return',
      value: { Payload: { id: 'ch-1' } },
    });
    // Mark writes into what the Task returned (OutputPath hands the Payload on): runs stay the same.
    assert.deepEqual(await outputOf(spec), { id: 'changed by the run' });
    assert.deepEqual(await outputOf(spec), { id: 'changed by the run' });
  });

  void it('reads the spec again when a value in it changed between runs', async () => {
    const returned = { Payload: { id: 'ch-1', amount: 1 } };
    const spec = { Charge: [{ Return: returned }] };
    assert.deepEqual(await outputOf(spec), { id: 'changed by the run', amount: 1 });
    returned.Payload.amount = 2;
    assert.deepEqual(await outputOf(spec), { id: 'changed by the run', amount: 2 });
  });

  void it('reads the spec again when an entry, a key or the order of keys changed', () => {
    const spec: Record<string, unknown[]> = { Charge: [{ Return: 1 }] };
    const first = simpleMocksForRun(spec);
    spec.Charge?.push({ Return: 2 });
    const second = simpleMocksForRun(spec);
    assert.notEqual(second, first);
    assert.deepEqual(second.responseFor('Charge', 1), { kind: 'return', value: 2 });
    spec.Other = [{ Return: 3 }];
    const third = simpleMocksForRun(spec);
    assert.deepEqual(third.stateNames(), ['Charge', 'Other']);
    delete spec.Charge;
    spec.Charge = [{ Return: 1 }];
    assert.deepEqual(simpleMocksForRun(spec).stateNames(), ['Other', 'Charge']);
  });

  void it('tells a number from its string and -0 from 0', () => {
    const entry: { Return: unknown } = { Return: 0 };
    const spec = { Charge: [entry] };
    simpleMocksForRun(spec);
    entry.Return = -0;
    assert.ok(Object.is(returnedValue(simpleMocksForRun(spec)), -0));
    entry.Return = '-0';
    assert.equal(returnedValue(simpleMocksForRun(spec)), '-0');
  });

  void it('reads a spec that is not plain data on every run (a getter may answer differently each time)', () => {
    let n = 0;
    const spec = {
      get Charge() {
        n++;
        return [{ Return: n }];
      },
    };
    const first = returnedValue(simpleMocksForRun(spec));
    const second = returnedValue(simpleMocksForRun(spec));
    assert.notEqual(second, first);
  });

  void it('reads a spec nested past the snapshot depth on every run, and still sees changes', () => {
    const leaf = { value: 1 };
    let deep: unknown = leaf;
    for (let i = 0; i < 100; i++) deep = { next: deep };
    const spec = { Charge: [{ Return: deep }] };
    const first = simpleMocksForRun(spec);
    leaf.value = 2;
    const second = simpleMocksForRun(spec);
    assert.notEqual(second, first);
    assert.match(JSON.stringify(returnedValue(second)), /"value":2/);
  });

  void it('refuses an invalid spec on every run, not only the first', () => {
    const spec = { Charge: [{ Return: 1, Throw: { Error: 'E' } }] };
    for (let run = 0; run < 2; run++)
      assert.throws(
        () => simpleMocksForRun(spec),
        (error: unknown) => error instanceof StepthroughError && error.code === 'E_INVALID_MOCKS',
      );
  });
});

function returnedValue(source: ReturnType<typeof simpleMocksForRun>): unknown {
  const response = source.responseFor('Charge', 0);
  assert.equal(response?.kind, 'return');
  return response?.kind === 'return' ? response.value : undefined;
}
