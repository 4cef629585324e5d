// The execution's limits, as AWS applies them: maxTransitions bounds the history's events (AWS's limit is
// 25,000 per execution, each child execution having its own), only integers from 1 to 1,000,000 are
// accepted, and an input over 256 KiB is refused before the execution exists, as StartExecution does.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StepthroughError } from '../errors';
import type { JsonObject } from '../json';
import { execute, startExecution } from './execute';

/** A loop AWS accepts (it has a way out), whose way out is never taken. */
const LOOP: JsonObject = {
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Next: 'B' },
    B: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'C' }], Default: 'A' },
    C: { Type: 'Succeed' },
  },
};

const TWO_PASSES: JsonObject = {
  StartAt: 'A',
  States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } },
};

function isCode(code: string): (err: unknown) => boolean {
  return (err) => err instanceof StepthroughError && err.code === code;
}

describe('maxTransitions', () => {
  test('accepts integers from 1 to 1,000,000 only, with a typed error for anything else', async () => {
    for (const bad of [-5, 0, 1.5, 1e8, 1_000_001, Number.NaN, Infinity, '10', null]) {
      const options = { maxTransitions: bad as number };
      await assert.rejects(execute(TWO_PASSES, options), isCode('E_USAGE'), `execute with ${String(bad)}`);
      assert.throws(
        () => startExecution(TWO_PASSES, options),
        isCode('E_USAGE'),
        `start with ${String(bad)}`,
      );
    }
    assert.equal((await execute(TWO_PASSES, { maxTransitions: 1_000_000 })).status, 'SUCCEEDED');
    assert.equal((await execute(TWO_PASSES, { maxTransitions: 6 })).status, 'SUCCEEDED');
  });

  // AWS's developer guide, "Avoid reaching the history quota": "When an execution reaches 24,999 events, it
  // waits for the next event to happen. If the event number 25,000 is ExecutionSucceeded, the execution
  // finishes successfully. If the event number 25,000 isn't ExecutionSucceeded, the ExecutionFailed event is
  // logged". The bound counts history events, not states.
  test('counts history events: the last one allowed must end the execution', async () => {
    // ExecutionStarted, A entered/exited, B entered/exited, ExecutionSucceeded: 6 events.
    const fits = await execute(TWO_PASSES, { maxTransitions: 6 });
    assert.equal(fits.status, 'SUCCEEDED');
    assert.equal(fits.events.length, 6);

    const over = await execute(TWO_PASSES, { maxTransitions: 5 });
    assert.equal(over.status, 'FAILED');
    assert.equal(over.events.length, 5);
    assert.equal(over.events.at(-1)?.type, 'ExecutionFailed');
    assert.equal(over.error, 'Stepthrough.HistoryLimitExceeded');
  });

  test("a loop stops at the bound, and the message speaks of history events and AWS's limit", async () => {
    const bounded = await execute(LOOP, { maxTransitions: 100 });
    assert.equal(bounded.status, 'FAILED');
    assert.equal(bounded.events.length, 100);
    assert.match(bounded.cause ?? '', /^The execution reached the maximum number of history events \(100\)/);
    assert.match(bounded.cause ?? '', /AWS's own limit is 25,000/);

    const byDefault = await execute(LOOP);
    assert.equal(byDefault.events.length, 25_000);
    assert.match(
      byDefault.cause ?? '',
      /^The execution reached the maximum number of history events \(25000\), AWS's hard limit per execution/,
    );
  });

  test("a Distributed Map's child executions each have their own history under the bound", async () => {
    const map = (mode: 'INLINE' | 'DISTRIBUTED'): JsonObject => ({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: mode, ExecutionType: 'STANDARD' },
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    });
    // The parent's history: ExecutionStarted, MapStateEntered/Started, MapRunStarted/Succeeded,
    // MapStateSucceeded/Exited, ExecutionSucceeded = 8; each child's: 4.
    const distributed = await execute(map('DISTRIBUTED'), { input: [1, 2, 3], maxTransitions: 8 });
    assert.equal(distributed.status, 'SUCCEEDED', distributed.cause);
    assert.deepEqual(
      distributed.childExecutions?.map((c) => c.events.length),
      [4, 4, 4],
    );
    // Inline, the same iterations write into the one history, which the bound then cuts short.
    const inline = await execute(map('INLINE'), { input: [1, 2, 3], maxTransitions: 8 });
    assert.equal(inline.error, 'Stepthrough.HistoryLimitExceeded');
  });
});

describe('execution input', () => {
  // AWS's quota "Maximum input or output size for a task, state, or execution": 256 KiB. StartExecution
  // refuses a larger input: the execution never exists, so no state is blamed.
  const json = (length: number): string => 'x'.repeat(length - 2); // a JSON string of `length` bytes

  test('an input over 256 KiB is refused before the execution starts', async () => {
    const machine: JsonObject = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const seen: string[] = [];
    const observer = { onEvent: (e: { type: string }) => seen.push(e.type) };
    await assert.rejects(execute(machine, { input: json(256 * 1024 + 1) }), (err: unknown) => {
      assert.ok(err instanceof StepthroughError);
      assert.equal(err.code, 'E_INVALID_INPUT');
      assert.match(err.message, /larger than AWS's 256 KiB limit \(262145 bytes\)/);
      return true;
    });
    assert.throws(
      () => startExecution(machine, { input: json(256 * 1024 + 1), observer }),
      isCode('E_INVALID_INPUT'),
    );
    assert.deepEqual(seen, [], 'no event of an execution that never started');
    // Exactly 256 KiB is within the limit.
    assert.equal((await execute(machine, { input: json(256 * 1024) })).status, 'SUCCEEDED');
  });
});
