// Tests of `stepthrough serve` (pytest's server) on a machine named in its template, as
// `stepthrough run template.yaml#Machine` takes it: the example app's OrderFlow with `handlers: "auto"`
// (its Python and Node.js functions run from CodeUri and Handler), ShipmentFlow found in the same
// template and run as a child execution, mocks keyed by a template's logical ID, and the refusals.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, mocks, ORDER } from './harness';

const ORDER_APP = join(__dirname, '..', '..', 'examples', 'order-app', 'template.yaml');
const ORDER_INPUT = {
  orderId: 'ord-42',
  amount: 37.5,
  card: '4111 1111 1111 1111',
  address: { street: '1 Harbour Road', city: 'Dublin' },
};
// What is not the team's code, as examples/order-app/order-app.sfn-test.yaml mocks it.
const NOT_OUR_CODE = {
  RecordOrder: { return: {} },
  ReserveStock: {
    return: { StatusCode: 201, StatusText: 'Created', ResponseBody: { reservationId: 'res-7' } },
  },
  CreateShipment: { return: {} },
  BookCourier: { return: { StatusCode: 200, StatusText: 'OK', ResponseBody: { trackingId: 'TRK-1' } } },
  AwaitDelivery: {
    callback: { heartbeats: [3000, 6000], after: 8000, success: { deliveredAt: '2024-01-01T02:13:20Z' } },
  },
};

void test('a template machine runs with handlers "auto" and its child machine found in the template', async () => {
  const client = new Client();
  const response = await client.request({
    id: 1,
    type: 'execute',
    definition: { file: `${ORDER_APP}#OrderFlow` },
    input: ORDER_INPUT,
    mocks: mocks(NOT_OUR_CODE),
    handlers: 'auto',
  });
  assert.equal(response.ok, true, JSON.stringify(response));
  const result = response.result as Record<string, unknown>;
  assert.equal(result.status, 'SUCCEEDED', JSON.stringify([result.error, result.cause]));
  // The charge id and currency come from the Node.js function; validation from the Python one.
  assert.deepEqual(result.output, {
    orderId: 'ord-42',
    status: 'DELIVERED',
    chargeId: 'ch_ord-42',
    currency: 'EUR',
    trackingId: 'TRK-1',
    deliveredAt: '2024-01-01T02:13:20Z',
  });
  const children = result.childExecutions as Record<string, unknown>[];
  assert.deepEqual(
    children.map((c) => [c.startedBy, c.parentState, c.status]),
    [['startExecution', 'ShipOrder', 'SUCCEEDED']],
  );
  await client.close();
});

void test('a mock keyed by a logical ID of the template answers that function, over the handler', async () => {
  const client = new Client();
  const response = await client.request({
    id: 2,
    type: 'execute',
    definition: { file: `${ORDER_APP}#OrderFlow` },
    input: ORDER_INPUT,
    mocks: mocks({
      ...NOT_OUR_CODE,
      ValidateOrderFunction: { return: { Payload: { valid: false, reasons: ['mocked'] } } },
    }),
    handlers: 'auto',
  });
  assert.equal(response.ok, true, JSON.stringify(response));
  const result = response.result as Record<string, unknown>;
  assert.deepEqual([result.status, result.error, result.cause], ['FAILED', 'OrderRejected', '["mocked"]']);
  await client.close();
});

void test('handlers "auto" on a definition file, and a mistyped logical ID, are refused with what to do', async () => {
  const client = new Client();
  const auto = await client.request({
    id: 3,
    type: 'execute',
    definition: { file: ORDER },
    handlers: 'auto',
  });
  assert.equal(auto.ok, false);
  assert.match(JSON.stringify(auto.error), /handlers \\"auto\\" runs the functions of a template machine/);
  assert.match(JSON.stringify(auto.error), /template\.yaml#MachineId/);
  const typo = await client.request({
    id: 4,
    type: 'execute',
    definition: { file: `${ORDER_APP}#OrderFlow` },
    input: ORDER_INPUT,
    mocks: mocks({ ...NOT_OUR_CODE, ValidateOrderFuncton: { return: {} } }),
    handlers: 'auto',
  });
  assert.equal(typo.ok, false);
  assert.match(JSON.stringify(typo.error), /Did you mean \\"ValidateOrderFunction\\"/);
  await client.close();
});
