// Every matcher with a broken expectation: run on purpose to check that Vitest reports them readably.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { execute } from 'stepthrough';
import { defineSfnTests } from 'stepthrough/vitest';

const order = (file: string): string =>
  readFileSync(new URL(`../examples/order/${file}`, import.meta.url), 'utf8');
const ship = () =>
  execute(order('order.asl.json'), {
    input: JSON.parse(order('order.input.json')),
    mocks: JSON.parse(order('order.mocks.json')),
  });
const empty = () =>
  execute(order('order.asl.json'), {
    input: { orderId: 'ord-0', customer: { id: 'c-7', email: 'ada@example.com' }, lines: [] },
    mocks: JSON.parse(order('order.mocks.json')),
  });

test('broken toSucceed', async () => expect(await empty()).toSucceed());
test('broken toSucceedWith', async () =>
  expect(await ship()).toSucceedWith({ status: 'DELIVERED', chargeId: 'ch-1001' }));
test('broken toFailWith', async () => expect(await empty()).toFailWith('Order.Missing', 'gone'));
test('broken toHaveVisited', async () => expect(await ship()).toHaveVisited('OutOfStock'));
test('broken toHavePath', async () => expect(await ship()).toHavePath(['Validate', 'HasLines', 'Ship']));
test('broken toHaveInvoked', async () =>
  expect(await ship()).toHaveInvoked('ReserveLine', { withInput: { Payload: { sku: 'mug-9' } } }));
test('broken toHaveVariables', async () => expect(await ship()).toHaveVariables({ total: 37.5 }));
test('not an execution', () => expect({ status: 'nope' }).toSucceed());

defineSfnTests('failing/order.failing.sfn-test.yaml', { cwd: fileURLToPath(new URL('..', import.meta.url)) });
