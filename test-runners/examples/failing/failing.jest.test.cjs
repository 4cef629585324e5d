// Every matcher with a broken expectation: run on purpose to check that Jest reports them readably.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { execute } = require('stepthrough');
const { defineSfnTests } = require('stepthrough/jest');

const read = (file) => readFileSync(join(__dirname, '..', 'examples', 'order', file), 'utf8');
const ship = () =>
  execute(read('order.asl.json'), {
    input: JSON.parse(read('order.input.json')),
    mocks: JSON.parse(read('order.mocks.json')),
  });
const empty = () =>
  execute(read('order.asl.json'), {
    input: { orderId: 'ord-0', customer: { id: 'c-7', email: 'ada@example.com' }, lines: [] },
    mocks: JSON.parse(read('order.mocks.json')),
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

defineSfnTests('failing/order.failing.sfn-test.yaml', { cwd: join(__dirname, '..') });
