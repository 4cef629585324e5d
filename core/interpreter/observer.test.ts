// The observer hooks and the sync-first runtime: a run that nobody observes completes without waiting on
// anything, and a hook that returns any thenable (not only a native promise) holds the run until it settles.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../json';
import { startExecution } from './execute';

const MACHINE: JsonObject = {
  StartAt: 'Shape',
  States: {
    Shape: { Type: 'Pass', Parameters: { 'id.$': '$.id' }, ResultPath: '$.shaped', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

/** A minimal thenable, as a user's promise library might return. */
function manualThenable(): { thenable: PromiseLike<void>; settle: () => void } {
  const waiting: (() => void)[] = [];
  let settled = false;
  const thenable: PromiseLike<void> = {
    then(onFulfilled) {
      if (settled) onFulfilled?.(undefined);
      else
        waiting.push(() => {
          onFulfilled?.(undefined);
        });
      return thenable as PromiseLike<never>;
    },
  };
  return {
    thenable,
    settle: () => {
      settled = true;
      for (const callback of waiting.splice(0)) callback();
    },
  };
}

describe('observer hooks', () => {
  test('startExecution returns its handle before any state runs, so abort() can still stop it', async () => {
    const handle = startExecution(MACHINE, { input: { id: 7 } });
    assert.deepEqual(
      handle.events.map((e) => e.type),
      ['ExecutionStarted'],
    );
    handle.abort();
    assert.equal((await handle.result).status, 'ABORTED');
    const again = await startExecution(MACHINE, { input: { id: 7 } }).result;
    assert.deepEqual(again.output, { id: 7, shaped: { id: 7 } });
  });

  test('an error thrown by an observer before the first state rejects the result, not startExecution', async () => {
    const handle = startExecution(MACHINE, {
      observer: {
        onThreadStarted: () => {
          throw new Error('observer bug');
        },
      },
    });
    await assert.rejects(handle.result, /observer bug/);
  });

  for (const hook of ['beforeState', 'onStage', 'onStateOutcome'] as const) {
    test(`a thenable returned by ${hook} holds the run until it settles`, async () => {
      const { thenable, settle } = manualThenable();
      let calls = 0;
      let firstCall!: () => void;
      const called = new Promise<void>((resolve) => (firstCall = resolve));
      const handle = startExecution(MACHINE, {
        input: { id: 7 },
        observer: {
          [hook]: () => {
            calls++;
            if (calls > 1) return undefined;
            firstCall();
            return thenable;
          },
        },
      });
      await called;
      // Had the thenable been ignored, the rest of this synchronous run would have finished by now.
      await Promise.resolve();
      assert.equal(
        handle.events.some((e) => e.type === 'ExecutionSucceeded'),
        false,
        'the run went on without waiting',
      );
      settle();
      const result = await handle.result;
      assert.equal(result.status, 'SUCCEEDED');
      assert.ok(calls > 1, `${hook} was called once only`);
    });
  }

  test('beforeState can give workflow variables new values, in the scope that holds them', async () => {
    const machine: JsonObject = {
      StartAt: 'Remember',
      States: {
        Remember: { Type: 'Pass', Assign: { attempts: 2 }, Next: 'Use' },
        Use: { Type: 'Pass', Parameters: { 'attempts.$': '$attempts', 'note.$': '$note' }, End: true },
      },
    };
    const seen: Record<string, unknown>[] = [];
    const handle = startExecution(machine, {
      observer: {
        beforeState: (frame) => {
          if (frame.stateName === 'Use') frame.variableEdits = { attempts: 5, note: 'added' };
        },
        onStateOutcome: (outcome) => {
          seen.push({ ...outcome.frame.variables });
        },
      },
    });
    const result = await handle.result;
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, { attempts: 5, note: 'added' });
    assert.deepEqual(seen.at(-1), { attempts: 5, note: 'added' });
  });

  test('a failed outcome says whether the Catch of an enclosing Map or Parallel will handle the error', async () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };
    const machine: JsonObject = {
      StartAt: 'Outer',
      States: {
        Outer: {
          Type: 'Parallel',
          Catch: [{ ErrorEquals: ['Outer.Caught'], Next: 'Recovered' }],
          Branches: [
            {
              StartAt: 'Inner',
              States: {
                Inner: {
                  Type: 'Map',
                  Catch: [{ ErrorEquals: ['Inner.Caught'], Next: 'InnerRecovered' }],
                  ItemProcessor: { StartAt: 'Work', States: { Work: task } },
                  End: true,
                },
                InnerRecovered: { Type: 'Pass', End: true },
              },
            },
          ],
          Next: 'Last',
        },
        Recovered: { Type: 'Pass', Next: 'Last' },
        Last: task,
      },
    };
    const failures = async (errors: string[]): Promise<string[]> => {
      const seen: string[] = [];
      const mocks = {
        Work: [{ Throw: { Error: errors[0], Cause: 'x' } }],
        Last: [{ Throw: { Error: errors[1], Cause: 'y' } }],
      };
      const handle = startExecution(machine, {
        input: [1],
        mocks,
        observer: {
          onStateOutcome: (o) => {
            if (o.status === 'failed') seen.push(`${o.frame.stateName} ${o.error} ${String(o.willBeCaught)}`);
          },
        },
      });
      await handle.result;
      return seen;
    };
    // Caught by the Map around it; by the Parallel two levels up; by nothing.
    assert.deepEqual((await failures(['Inner.Caught', 'Last.Error'])).slice(0, 1), [
      'Work Inner.Caught true',
    ]);
    assert.deepEqual((await failures(['Outer.Caught', 'Last.Error'])).slice(0, 2), [
      'Work Outer.Caught true',
      'Inner Outer.Caught true',
    ]);
    assert.deepEqual(await failures(['Nobody.Catches', 'Last.Error']), [
      'Work Nobody.Catches false',
      'Inner Nobody.Catches false',
      'Outer Nobody.Catches false',
    ]);
    assert.deepEqual((await failures(['Outer.Caught', 'Last.Error'])).at(-1), 'Last Last.Error false');
  });
});
