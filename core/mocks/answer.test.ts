// The one mock rule (keys.ts) and the task-handler contract (targets.ts), through execute(): what a
// key may name, which key answers a call, a mock before a handler, `when` matching on the request,
// and a missing mock naming the nearest mock nobody used.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StepthroughError } from '../errors';
import { execute } from '../interpreter';
import type { JsonObject, JsonValue } from '../json';
import { combineMocks } from './combine';
import { knownMockKeys } from './keys';
import { simpleMocks } from './simple';
import { causeText, requestIdFor, taskTarget } from './targets';
import type { TaskHandlerContext } from './types';

const INVOKE = 'arn:aws:states:::lambda:invoke';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:reserve';
const ACTIVITY_ARN = 'arn:aws:states:us-east-1:123456789012:activity:approve';

function machine(states: JsonObject, startAt = Object.keys(states)[0] ?? ''): JsonObject {
  return { StartAt: startAt, States: states };
}

/** A lambda:invoke Task calling `functionName` with the state input as Payload, unwrapping the result. */
function invokeTask(functionName: string, next?: string): JsonObject {
  return {
    Type: 'Task',
    Resource: INVOKE,
    Parameters: { FunctionName: functionName, 'Payload.$': '$' },
    OutputPath: '$.Payload',
    ...(next === undefined ? { End: true } : { Next: next }),
  };
}

const ret = (payload: JsonValue): JsonObject => ({ Return: { StatusCode: 200, Payload: payload } });

describe('what a mock may be keyed by (rule 1)', () => {
  test('a state, the function a Task calls (name or ARN), an activity, a logical ID', () => {
    const def = machine({
      Reserve: invokeTask(FUNCTION_ARN, 'Approve'),
      Approve: { Type: 'Task', Resource: ACTIVITY_ARN, Next: 'Legacy' },
      Legacy: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:ship:live',
        End: true,
      },
    });
    const known = knownMockKeys(def, { Reserve: 'ReserveFunction' });
    assert.deepEqual(
      [...known].map(([key, k]) => [key, k.level, k.states.join()]),
      [
        ['Reserve', 'state', 'Reserve'],
        ['Approve', 'state', 'Approve'],
        ['Legacy', 'state', 'Legacy'],
        ['ReserveFunction', 'logicalId', 'Reserve'],
        [FUNCTION_ARN, 'function', 'Reserve'],
        ['reserve', 'function', 'Reserve'],
        [ACTIVITY_ARN, 'activity', 'Approve'],
        ['approve', 'activity', 'Approve'],
        ['arn:aws:lambda:us-east-1:123456789012:function:ship:live', 'function', 'Legacy'],
        ['ship', 'function', 'Legacy'],
      ],
    );
  });

  test('any other key is refused with the nearest valid one, for mocks and handlers alike', async () => {
    const def = machine({ ReserveLine: invokeTask('reserve') });
    for (const options of [
      { mocks: { ReserveLne: ret({}) } },
      { taskHandlers: { ReserveLne: () => ({}) } },
    ]) {
      await assert.rejects(
        execute(def, options),
        (e: unknown) =>
          e instanceof StepthroughError &&
          e.code === 'E_UNKNOWN_STATE' &&
          /mock for "ReserveLne", which is not a state .*\(did you mean "ReserveLine"\?\)/.test(e.message),
      );
    }
  });
});

describe('which key answers a call (rules 2-4)', () => {
  const def = machine({ Reserve: invokeTask('reserve') });
  const run = async (options: Parameters<typeof execute>[1]): Promise<JsonValue> =>
    (await execute(def, { input: { sku: 'a' }, logicalIds: { Reserve: 'ReserveFn' }, ...options })).output;

  test('state name beats logical ID beats function name', async () => {
    assert.deepEqual(
      await run({ mocks: { reserve: ret('function'), ReserveFn: ret('logical'), Reserve: ret('state') } }),
      'state',
    );
    assert.deepEqual(
      await run({ mocks: { reserve: ret('function'), ReserveFn: ret('logical') } }),
      'logical',
    );
    assert.deepEqual(await run({ mocks: { reserve: ret('function') } }), 'function');
  });

  test('at the same level a mock beats a handler; a handler at a more specific level beats a mock', async () => {
    const handler = (): JsonValue => 'handler';
    assert.deepEqual(
      await run({ mocks: { Reserve: ret('mock') }, taskHandlers: { Reserve: handler } }),
      'mock',
    );
    assert.deepEqual(
      await run({ mocks: { reserve: ret('mock') }, taskHandlers: { Reserve: handler } }),
      'handler',
    );
  });

  test("a case's entry beats the file's, whatever its level", async () => {
    const caseMocks = simpleMocks({ reserve: ret('case') });
    const fileMocks = simpleMocks({ Reserve: ret('file') });
    assert.deepEqual(await run({ mocks: combineMocks(caseMocks, fileMocks) }), 'case');
  });

  test("a template's stateResources (several logical IDs per state) key mocks too", async () => {
    const result = await execute(def, {
      input: { sku: 'a' },
      logicalIds: { Reserve: ['StockTable', 'ReserveFunction'] },
      mocks: { ReserveFunction: ret('by logical ID') },
    });
    assert.deepEqual(result.output, 'by logical ID');
    assert.equal(
      knownMockKeys(def, { Reserve: ['StockTable', 'ReserveFunction'] }).get('StockTable')?.level,
      'logicalId',
    );
  });

  test('an activity is answered under its name', async () => {
    const activity = machine({ Approve: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } });
    const result = await execute(activity, { mocks: { approve: { Return: { approved: true } } } });
    assert.deepEqual(result.output, { approved: true });
  });
});

describe('mocks that match on input (when)', () => {
  /** A Map over items reserving each one, two at a time: iterations run concurrently. */
  const mapMachine = machine({
    Reserve: {
      Type: 'Map',
      MaxConcurrency: 2,
      ItemProcessor: {
        StartAt: 'ReserveLine',
        States: {
          ReserveLine: {
            ...invokeTask('reserve'),
            Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 2 }],
          },
        },
      },
      End: true,
    },
  });

  test('each iteration gets the entry matching its item, whatever order they run in', async () => {
    const mocks = {
      ReserveLine: [
        { when: { sku: 'book-1' }, Throw: { Error: 'Lambda.TooManyRequestsException' } },
        { when: { sku: 'book-1' }, ...ret({ sku: 'book-1', reserved: true }) },
        { When: { sku: 'pen-3' }, ...ret({ sku: 'pen-3', reserved: true }) },
      ],
    };
    const result = await execute(mapMachine, { input: [{ sku: 'book-1' }, { sku: 'pen-3' }], mocks });
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, [
      { sku: 'book-1', reserved: true },
      { sku: 'pen-3', reserved: true },
    ]);
  });

  test('an entry without when is the fallback; matching is a deep subset of the Payload', async () => {
    const mocks = {
      ReserveLine: [{ when: { item: { sku: 'a' } }, ...ret('matched a') }, ret('fallback')],
    };
    const input: JsonValue = [{ item: { sku: 'a', qty: 1 } }, { item: { sku: 'b' } }];
    const result = await execute(mapMachine, { input, mocks });
    assert.deepEqual(result.output, ['matched a', 'fallback']);
  });

  test('no entry matching and no fallback fails the task, showing the request', async () => {
    const result = await execute(mapMachine, {
      input: [{ sku: 'zzz' }],
      mocks: { ReserveLine: [{ when: { sku: 'a' }, ...ret(1) }] },
    });
    assert.equal(result.error, 'Stepthrough.MockMissing');
    assert.match(result.cause ?? '', /none of its "when" entries matches the request \{"sku":"zzz"\}/);
  });

  test('an ordered list without when keeps working: the n-th call gets the n-th entry', async () => {
    const def = machine({ A: invokeTask('f', 'B'), B: invokeTask('f') });
    const result = await execute(def, { mocks: { f: [ret(1), ret(2)], B: [ret('b')] } });
    assert.deepEqual(result.output, 'b');
    const both = await execute(machine({ A: invokeTask('f', 'B'), B: invokeTask('f') }), {
      input: 0,
      mocks: { f: [ret(1), ret(2)] },
    });
    assert.deepEqual(both.output, 2, 'the function key counts its own calls');
  });

  test('"when" and "When" at once is a mistake', () => {
    assert.throws(() => simpleMocks({ A: [{ when: {}, When: {}, Return: 1 }] }), /both "when" and "When"/);
  });
});

describe('a missing mock', () => {
  test('names the nearest mock nobody used', async () => {
    const def = machine({
      Route: {
        Type: 'Choice',
        Choices: [{ Variable: '$.x', IsPresent: true, Next: 'ChargeCard' }],
        Default: 'ChargeCash',
      },
      ChargeCard: invokeTask('card'),
      ChargeCash: invokeTask('cash'),
    });
    const result = await execute(def, { mocks: { ChargeCard: ret(1) } });
    assert.equal(result.error, 'Stepthrough.MockMissing');
    assert.match(
      result.cause ?? '',
      /'ChargeCash'.*The mock "ChargeCard" was never used: did you mean "ChargeCash"\?/,
    );
  });
});

describe('the task-handler contract (same as Python handlers)', () => {
  test('lambda:invoke: the Payload in, the function result out, wrapped in the envelope', async () => {
    const seen: { event: JsonValue; context: TaskHandlerContext }[] = [];
    const def = machine({
      T: {
        Type: 'Task',
        Resource: INVOKE,
        Parameters: { FunctionName: 'reserve', 'Payload.$': '$' },
        Retry: [{ ErrorEquals: ['Throttled'], IntervalSeconds: 1 }],
        End: true,
      },
    });
    const result = await execute(def, {
      input: { sku: 'a' },
      taskHandlers: {
        reserve: (event, context) => {
          seen.push({ event, context });
          if (context.attempt === 1) throw Object.assign(new Error('slow down'), { name: 'Throttled' });
          return { reserved: true };
        },
      },
    });
    assert.equal(result.status, 'SUCCEEDED');
    const output = result.output as JsonObject;
    assert.equal(output.StatusCode, 200);
    assert.deepEqual(output.Payload, { reserved: true });
    assert.deepEqual(
      seen.map((s) => [
        s.event,
        s.context.attempt,
        s.context.invocation,
        s.context.key,
        s.context.functionName,
      ]),
      [
        [{ sku: 'a' }, 1, 0, 'reserve', 'reserve'],
        [{ sku: 'a' }, 2, 1, 'reserve', 'reserve'],
      ],
    );
    assert.equal(
      seen[0]?.context.invokedFunctionArn,
      'arn:aws:lambda:us-east-1:123456789012:function:reserve',
    );
    assert.equal(seen[0]?.context.awsRequestId, requestIdFor('T/0/1'));
  });

  test('a bare function ARN and other services: the request in, the result out as it is', async () => {
    const def = machine({
      Legacy: { Type: 'Task', Resource: FUNCTION_ARN, Next: 'Put' },
      Put: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: { TableName: 't' },
        End: true,
      },
    });
    const events: JsonValue[] = [];
    const result = await execute(def, {
      input: { a: 1 },
      taskHandlers: {
        Legacy: (event) => (events.push(event), { b: 2 }),
        Put: (event) => (events.push(event), { ok: true }),
      },
    });
    assert.deepEqual(events, [{ a: 1 }, { TableName: 't' }]);
    assert.deepEqual(result.output, { ok: true });
  });

  test("a Lambda function's exception fails the task with the runtime's error object as Cause", async () => {
    const { OutputPath: _unwrapped, ...task } = invokeTask('f');
    const def = machine({ T: task });
    const result = await execute(def, {
      taskHandlers: {
        f: () => {
          throw new TypeError('bad sku');
        },
      },
    });
    assert.equal(result.error, 'TypeError');
    const cause = JSON.parse(result.cause ?? '{}') as JsonObject;
    assert.equal(cause.errorType, 'TypeError');
    assert.equal(cause.errorMessage, 'bad sku');
  });

  test('causeText writes error objects as each integration does; targets are read from the request', () => {
    const errorObject = { errorMessage: 'm', stackTrace: ['a'] };
    assert.equal(causeText('plain', 'lambdaArn'), 'plain');
    assert.equal(causeText(errorObject, 'lambdaInvoke'), '{"errorMessage":"m","stackTrace":["a"]}');
    assert.equal(causeText(errorObject, 'lambdaArn'), '{"errorMessage": "m", "stackTrace": ["a"]}');
    assert.deepEqual(taskTarget(`${INVOKE}.waitForTaskToken`, { FunctionName: '123:function:tok' }), {
      integration: 'lambdaCallback',
      functionName: 'tok',
    });
    assert.match(requestIdFor('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('spellings', () => {
  test('the simple form takes the lower-case spellings of test files too', async () => {
    const def = machine({ A: invokeTask('f', 'B'), B: invokeTask('g') });
    const result = await execute(def, {
      mocks: {
        A: [{ throw: { error: 'Boom', cause: 'x' } }],
        B: { return: { Payload: 'b' }, delay: 5 },
      },
    });
    assert.equal(result.error, 'Boom');
    assert.equal(result.cause, 'x');
    const ok = await execute(machine({ B: invokeTask('g') }), {
      mocks: { B: { return: { Payload: 'b' }, delay: 5 } },
    });
    assert.equal(ok.output, 'b');
    assert.equal(
      Date.parse(ok.events.at(-1)?.timestamp ?? '') - Date.parse(ok.events[0]?.timestamp ?? ''),
      5000,
    );
    assert.throws(() => simpleMocks({ A: { return: 1, Return: 2 } }), /both "return" and "Return"/);
  });
});
