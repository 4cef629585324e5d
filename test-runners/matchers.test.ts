// The matchers and the snapshot serializer in process, under Jest's own `expect` package: pass and
// fail (negated too) on real executions, subset and asymmetric matching, retries counted as calls,
// and snapshots that do not change with the start time, the execution name or generated UUIDs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from 'expect';
import { execute } from '../core';
import { sfnMatchers, type SfnMatchers } from './matchers';
import { snapshotView } from './serializer';

expect.extend(sfnMatchers as unknown as Parameters<typeof expect.extend>[0]);
// The matchers' declarations, for this file (the entry points declare them for Vitest and Jest).
const check = expect as unknown as (value: unknown) => SfnMatchers<void> & { not: SfnMatchers<void> };

const MACHINE = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'charge', 'Payload.$': '$' },
      Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1 }],
      ResultSelector: { 'id.$': '$.Payload.id', 'ref.$': 'States.UUID()' },
      Next: 'Done',
    },
    Done: { Type: 'Pass', Assign: { charged: true }, End: true },
  },
};
const MOCKS = {
  Charge: [{ Throw: { Error: 'Busy', Cause: 'try later' } }, { Return: { Payload: { id: 'ch-1' } } }],
};

function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('the assertion passed');
}

test('every matcher passes on a matching execution, and its negation fails with a message', async () => {
  const run = await execute(MACHINE, { input: { amount: 5 }, mocks: MOCKS });
  check(run).toSucceed();
  check(run).toSucceedWith({ id: 'ch-1', ref: expect.any(String) });
  check(run).toHavePath(['Charge', 'Done']);
  check(run).toHaveVisited('Done');
  check(run).toHaveInvoked('Charge', { times: 2 }); // a retry is a call
  check(run).toHaveInvoked('Charge', { times: 2, withInput: { Payload: { amount: 5 } } });
  check(run).toHaveInvoked('Charge', { withInput: { FunctionName: expect.stringMatching(/^ch/) } });
  check(run).toHaveVariables({ charged: true });
  check(run).not.toFailWith('Busy');
  check(run).not.toHaveInvoked('Done');
  assert.match(
    failureOf(() => check(run).not.toSucceed()),
    /Expected the execution not to succeed, but it did/,
  );
  assert.match(
    failureOf(() => check(run).not.toHavePath(['Charge', 'Done'])),
    /Expected a different path/,
  );
  assert.match(
    failureOf(() => check(run).toHaveInvoked('Charge', { times: 1 })),
    /to be invoked 1 time\nReceived: 2 calls/,
  );
});

test('subsets match like toMatchObject: arrays element by element, missing keys fail', async () => {
  const run = await execute(
    { StartAt: 'P', States: { P: { Type: 'Pass', Result: { list: [{ a: 1, b: 2 }], n: null }, End: true } } },
    {},
  );
  check(run).toSucceedWith({ list: [{ a: 1 }] });
  check(run).toSucceedWith({ n: null });
  assert.match(
    failureOf(() => check(run).toSucceedWith({ list: [] })),
    /does not contain the expected values/,
  );
  assert.match(
    failureOf(() => check(run).toSucceedWith({ missing: undefined })),
    /does not contain/,
  );
  assert.match(
    failureOf(() => check(run).toSucceedWith({ list: [{ a: 1 }, { a: 1 }] })),
    /does not contain/,
  );
});

test('toFailWith takes a string, a RegExp or an asymmetric matcher for the error and the cause', async () => {
  const run = await execute(MACHINE, {
    mocks: { Charge: [{ Throw: { Error: 'Card.Declined', Cause: 'no funds' } }] },
  });
  check(run).toFailWith('Card.Declined');
  check(run).toFailWith(/^Card\./, /funds/);
  check(run).toFailWith(expect.stringContaining('Declined'), 'no funds');
  assert.match(
    failureOf(() => check(run).toFailWith('Card.Declined', 'expired')),
    /Expected cause: "expired"/,
  );
  assert.match(
    failureOf(() => check(run).toSucceed()),
    /Ended: +FAILED Card\.Declined: no funds/,
  );
});

test('snapshots are the same whatever the start time, execution name and generated UUIDs', async () => {
  const first = await execute(MACHINE, {
    input: {},
    mocks: MOCKS,
    seed: 1,
    startTime: '2025-01-01T00:00:00Z',
  });
  const second = await execute(MACHINE, { input: {}, mocks: MOCKS, seed: 2, executionName: 'other' });
  assert.notDeepEqual(first.output, second.output); // the UUIDs differ...
  assert.deepEqual(snapshotView(first), snapshotView(second)); // ...the snapshots do not
  const view = snapshotView(first);
  assert.deepEqual(view.output, { id: 'ch-1', ref: '<uuid>' });
  assert.deepEqual(view.path, ['Charge', 'Done']);
  assert.ok(!JSON.stringify(view).match(/\d{4}-\d{2}-\d{2}T/), 'no timestamp in a snapshot');
});

test('a value that is not an execution result is a usage error, not a failed expectation', () => {
  assert.throws(() => check({ status: 'SUCCEEDED' }).toSucceed(), /expected an execution result/);
  assert.throws(() => check(undefined).toHavePath([]), /received undefined/);
});

test('toHavePath is top-level, as expect.path and assert_path are; includeInner lists every state', async () => {
  const machine = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
  const run = await execute(machine, { input: [1, 2] });
  check(run).toHavePath(['Each', 'Done']);
  check(run).toHavePath(['Each', 'Item', 'Item', 'Done'], { includeInner: true });
  assert.match(
    failureOf(() => check(run).toHavePath(['Each', 'Done'], { includeInner: true })),
    /The states entered differ/,
  );
});
