// The execution's limits, as AWS applies them: maxTransitions bounds the history's events (AWS's limit is
// 25,000 per execution, each child execution having its own), only integers from 1 to 1,000,000 are
// accepted, and an input over 256 KiB is refused before the execution exists, as StartExecution does.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StepthroughError } from '../errors';
import { MAX_INPUT_DEPTH, type JsonObject, type JsonValue } from '../json';
import { execute, startExecution } from './execute';
import { TaskTokenError } from './taskTokens';

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

  // AWS documents no nesting bound; Stepthrough refuses input nested deeper than MAX_INPUT_DEPTH (the
  // bound of Jackson, AWS's JSON reader, by default) at the start, where JSON.stringify would otherwise
  // overflow the stack mid-run (#20: "2,000 nested ... overflow the stack into an internal error").
  const nested = (levels: number): JsonValue => {
    let value: JsonValue = 1;
    for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { a: value } : [value];
    return value;
  };

  test('an input nested deeper than 1,000 levels is refused at the start; 1,000 levels run', async () => {
    const machine: JsonObject = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    assert.equal(MAX_INPUT_DEPTH, 1000);
    for (const levels of [MAX_INPUT_DEPTH + 1, 100_000]) {
      await assert.rejects(execute(machine, { input: nested(levels) }), (err: unknown) => {
        assert.ok(err instanceof StepthroughError);
        assert.equal(err.code, 'E_INVALID_INPUT');
        assert.match(err.message, /nests objects or arrays more than 1000 levels deep/);
        return true;
      });
    }
    const atBound = await execute(machine, { input: nested(MAX_INPUT_DEPTH) });
    assert.equal(atBound.status, 'SUCCEEDED');
    assert.deepEqual(atBound.output, nested(MAX_INPUT_DEPTH));
  });

  test('a mocked result nested deeper than 1,000 levels is an invalid mock, not a stack overflow', async () => {
    const machine: JsonObject = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f' },
          End: true,
        },
      },
    };
    await assert.rejects(
      execute(machine, { mocks: { T: [{ Return: nested(100_000) }] } }),
      isCode('E_INVALID_MOCKS'),
    );
    const ok = await execute(machine, { mocks: { T: [{ Return: nested(MAX_INPUT_DEPTH) }] } });
    assert.equal(ok.status, 'SUCCEEDED');
  });

  // #20: "A task handler returning JSON nested ~10,000 levels → Stepthrough.InternalError". Every value
  // entering a run from outside meets one bound (core/json.ts outsideDepthProblem). AWS documents no
  // nesting limit; a result its services cannot take is the Task's States.DataLimitExceeded, as an
  // oversized result is ("States.DataLimitExceeded ... output ... larger than payload size quota",
  // developer guide, "Error names"), so a Retry or Catch sees it where it happened.
  const lambdaTask = (resource: string, extra: JsonObject = {}): JsonObject => ({
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: resource, ...extra, End: true },
      ...('Catch' in extra ? { Caught: { Type: 'Pass', End: true } } : {}),
    },
  });

  test("a handler's result nested past 1,000 levels fails its Task with States.DataLimitExceeded", async () => {
    for (const resource of [
      'arn:aws:states:::lambda:invoke',
      'arn:aws:lambda:us-east-1:123456789012:function:f',
      'arn:aws:states:::sqs:sendMessage',
    ]) {
      for (const levels of [MAX_INPUT_DEPTH + 1, 10_000, 100_000]) {
        const result = await execute(lambdaTask(resource), { taskHandlers: { T: () => nested(levels) } });
        assert.equal(result.status, 'FAILED', `${resource} ${levels}`);
        assert.equal(result.error, 'States.DataLimitExceeded');
        assert.match(
          result.cause ?? '',
          /returned a result that nests objects or arrays more than 1000 levels deep/,
        );
        const failure = result.events.find((e) => /^(Task|LambdaFunction)Failed$/.test(e.type));
        assert.ok(failure, `the Task's own failure event (${resource})`);
      }
      const atBound = await execute(lambdaTask(resource), {
        taskHandlers: { T: () => nested(MAX_INPUT_DEPTH - 2) },
      });
      assert.equal(atBound.status, 'SUCCEEDED', `${resource}: ${atBound.error ?? ''} ${atBound.cause ?? ''}`);
    }
    // The Task's failure: a Catch on it takes it.
    const caught = await execute(
      lambdaTask('arn:aws:states:::sqs:sendMessage', {
        Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'Caught' }],
      }),
      { taskHandlers: { T: () => nested(10_000) } },
    );
    assert.equal(caught.status, 'SUCCEEDED');
  });

  test('an answer sent for a task token nested past 1,000 levels is refused (InvalidOutput); the task still waits', async () => {
    let waiting: (token: string) => void = () => undefined;
    const token = new Promise<string>((resolve) => (waiting = resolve));
    const handle = startExecution(lambdaTask('arn:aws:states:::sqs:sendMessage.waitForTaskToken'), {
      outsideAnswers: true,
      observer: { onTaskWaiting: (task) => waiting(task.taskToken) },
    });
    const taskToken = await token;
    assert.throws(
      () => handle.sendTaskSuccess(taskToken, nested(10_000)),
      (e: unknown) =>
        e instanceof TaskTokenError &&
        e.awsError === 'InvalidOutput' &&
        /nests objects or arrays more than 1000 levels deep/.test(e.message),
    );
    handle.sendTaskSuccess(taskToken, nested(MAX_INPUT_DEPTH));
    const result = await handle.result;
    assert.equal(result.status, 'SUCCEEDED');
  });
});
