// Tests of `stepthrough serve` handler callbacks: the Lambda event and context sent to the client,
// the lambda:invoke envelope, error causes per integration, retries and abort; plus the pure
// helper splitting handler entries out of mocks (the handler contract itself: core/mocks/targets.test.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StepthroughError } from '../../core';
import { Client, mocks, ORDER } from './harness';
import { splitHandlerMocks } from './handlers';

test('a handler entry calls back with the Lambda event and context, and wraps the answer for lambda:invoke', async () => {
  const client = new Client();
  client.send({
    id: 3,
    type: 'execute',
    definition: { file: ORDER },
    input: { sku: 'book' },
    mocks: mocks({
      Reserve: { handler: 'orders.reserve:handler' },
      Charge: [{ handler: 'orders.charge:handler' }],
    }),
  });
  const reserve = await client.next();
  assert.equal(reserve.type, 'invokeHandler');
  assert.equal(reserve.requestId, 3);
  assert.equal(reserve.state, 'Reserve');
  assert.equal(reserve.handler, 'orders.reserve:handler');
  assert.deepEqual(reserve.input, { sku: 'book' }, 'lambda:invoke handlers get the Payload');
  const context = reserve.context as Record<string, unknown>;
  assert.equal(context.functionName, 'reserve');
  assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:reserve:live');
  assert.match(
    String(context.awsRequestId),
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  client.send({
    type: 'handlerResult',
    callId: reserve.callId,
    ok: true,
    value: { sku: 'book', reserved: true },
  });
  const charge = await client.next();
  assert.equal(charge.state, 'Charge');
  assert.deepEqual(charge.input, { sku: 'book', reserved: true }, 'the envelope was unwrapped by OutputPath');
  assert.equal((charge.context as Record<string, unknown>).functionName, 'charge');
  client.send({ type: 'handlerResult', callId: charge.callId, ok: true, value: { charged: 12 } });
  const done = await client.next();
  assert.equal(done.id, 3);
  const result = done.result as {
    status: string;
    output: unknown;
    events: { type: string; taskSucceededEventDetails?: { output: unknown } }[];
  };
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.output, { charged: 12 });
  const reserved = result.events.find((e) => e.type === 'TaskSucceeded');
  const envelope = reserved?.taskSucceededEventDetails?.output as Record<string, unknown>;
  assert.equal(envelope.StatusCode, 200);
  assert.equal(envelope.ExecutedVersion, '$LATEST');
  assert.deepEqual(envelope.Payload, { sku: 'book', reserved: true });
  await client.close();
});

test('handler errors become the task error; an error object is the Cause as the integration writes it', async () => {
  const client = new Client();
  const errorObject = { errorMessage: 'no stock', errorType: 'ValueError', stackTrace: [] };
  client.send({
    id: 4,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Reserve: { handler: 'm:f' } }),
  });
  const first = await client.next();
  client.send({
    type: 'handlerResult',
    callId: first.callId,
    ok: false,
    error: 'Throttled',
    cause: 'slow down',
  });
  const retry = await client.next();
  assert.equal((retry.context as Record<string, unknown>).attempt, 2, 'the retrier called again: attempt 2');
  assert.equal((retry.context as Record<string, unknown>).invocation, 1);
  client.send({
    type: 'handlerResult',
    callId: retry.callId,
    ok: false,
    error: 'ValueError',
    cause: errorObject,
  });
  const done = await client.next();
  const result = done.result as { status: string; output: Record<string, unknown>; states: string[] };
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.states, ['Reserve', 'Failed']);
  assert.deepEqual(result.output.error, { Error: 'ValueError', Cause: JSON.stringify(errorObject) });

  client.send({
    id: 5,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Reserve: { Return: { Payload: {} } }, Charge: { handler: 'm:charge' } }),
  });
  const charge = await client.next();
  client.send({
    type: 'handlerResult',
    callId: charge.callId,
    ok: false,
    error: 'ValueError',
    cause: errorObject,
  });
  const failed = (await client.next()).result as Record<string, unknown>;
  assert.equal(failed.status, 'FAILED');
  assert.equal(failed.error, 'ValueError');
  assert.equal(
    failed.cause,
    '{"errorMessage": "no stock", "errorType": "ValueError", "stackTrace": []}',
    'a bare function ARN gets the runtime-written (spaced) JSON',
  );
  await client.close();
});

test('a handler result with abort stops the execution', async () => {
  const client = new Client();
  client.send({
    id: 6,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Reserve: { handler: 'm:f' } }),
  });
  const call = await client.next();
  client.send({
    type: 'handlerResult',
    callId: call.callId,
    ok: false,
    error: 'KeyboardInterrupt',
    cause: '',
    abort: true,
  });
  const done = await client.next();
  assert.equal((done.result as Record<string, unknown>).status, 'ABORTED');
  await client.close();
});

test('splitHandlerMocks separates handler entries and rejects malformed ones', () => {
  const { mocks: rest, handlers } = splitHandlerMocks({
    A: { handler: 'm:a' },
    B: [{ Handler: 'm:b' }],
    C: [{ Return: 1 }],
  });
  assert.deepEqual(handlers, { A: 'm:a', B: 'm:b' });
  assert.deepEqual(rest, { C: [{ Return: 1 }] });
  const invalid = (spec: Record<string, unknown>, pattern: RegExp): void =>
    assert.throws(
      () => splitHandlerMocks(spec as never),
      (e: unknown) =>
        e instanceof StepthroughError && e.code === 'E_INVALID_MOCKS' && pattern.test(e.message),
    );
  invalid({ A: [{ handler: 'm:a' }, { handler: 'm:b' }] }, /cannot be mixed/);
  invalid({ A: { handler: 'm:a', Return: 1 } }, /has only "handler" \(found "Return"\)/);
  invalid({ A: { handler: 7 } }, /must name a function/);
});
