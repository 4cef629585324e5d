// A CommonJS test file under Vitest (with `globals: true`): require() works for stepthrough/vitest.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { execute } = require('stepthrough');
const { defineSfnTests } = require('stepthrough/vitest');

const dir = join(__dirname, '..', 'examples', 'order');
const read = (file) => readFileSync(join(dir, file), 'utf8');

test('CommonJS: ships the order', async () => {
  const run = await execute(read('order.asl.json'), {
    input: JSON.parse(read('order.input.json')),
    mocks: JSON.parse(read('order.mocks.json')),
  });
  expect(run).toSucceedWith({ status: 'SHIPPED' });
  expect(run).toHaveInvoked('ChargeCard', { times: 1, withInput: { Payload: { orderId: 'ord-42' } } });
});

defineSfnTests('examples/order', { cwd: join(__dirname, '..'), filter: 'ReserveLine' });
