// The 256 KiB limit on a state's output holds wherever the value came from: a state's own result, a
// Parallel branch's or Map iteration's input built by Parameters/ItemSelector, or an input a debugger
// replaced at the pause point, even when the state passes its input through unchanged.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../json';
import { execute, startExecution } from './execute';

const BIG = 'x'.repeat(300 * 1024);
const HALF = 'y'.repeat(150 * 1024);

async function errorOf(definition: JsonObject, input: unknown): Promise<string | undefined> {
  const result = await execute(definition, { input: input as JsonObject });
  return result.error;
}

describe('payload limit on pass-through outputs', () => {
  test('a Pass whose Result is over the limit fails, and one passing a large input on unchanged does not', async () => {
    // An execution input over the limit never starts (limits.test.ts): a state can only meet one it made.
    const pass = { StartAt: 'P', States: { P: { Type: 'Pass', Result: { big: BIG }, End: true } } };
    assert.equal(await errorOf(pass, {}), 'States.DataLimitExceeded');
    const wait = {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 5, Next: 'S' }, S: { Type: 'Succeed' } },
    };
    assert.equal(await errorOf(wait, { half: HALF }), undefined);
  });

  test("a Parallel branch whose Parameters double the input fails at the branch's first state", async () => {
    const machine: JsonObject = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Parameters: { 'a.$': '$', 'b.$': '$' },
          End: true,
          Branches: [
            {
              StartAt: 'Keep',
              States: {
                Keep: { Type: 'Pass', Next: 'Small' },
                Small: { Type: 'Pass', Result: 'small', End: true },
              },
            },
          ],
        },
      },
    };
    assert.equal(await errorOf(machine, { half: HALF }), 'States.DataLimitExceeded');
  });

  test('an input a debugger replaces with an oversized one is held to the limit', async () => {
    const machine: JsonObject = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const handle = startExecution(machine, {
      input: { small: true },
      observer: {
        beforeState: (frame) => {
          frame.input = { big: BIG };
        },
      },
    });
    assert.equal((await handle.result).error, 'States.DataLimitExceeded');
  });

  test('a checked output passed on unchanged is not a failure', async () => {
    const machine: JsonObject = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'B' },
        B: { Type: 'Choice', Choices: [{ Variable: '$.none', IsPresent: true, Next: 'C' }], Default: 'C' },
        C: { Type: 'Succeed' },
      },
    };
    const result = await execute(machine, { input: { half: HALF } });
    assert.equal(result.status, 'SUCCEEDED');
  });
});
