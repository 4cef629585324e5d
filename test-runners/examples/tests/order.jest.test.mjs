// The same under Jest's ESM mode (node --experimental-vm-modules): import, not require.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@jest/globals';
import { execute } from 'stepthrough';
import { defineSfnTests } from 'stepthrough/jest';

const read = (file) => readFileSync(new URL(`../examples/order/${file}`, import.meta.url), 'utf8');

test('ESM: ships the order', async () => {
  const run = await execute(read('order.asl.json'), {
    input: JSON.parse(read('order.input.json')),
    mocks: JSON.parse(read('order.mocks.json')),
  });
  expect(run).toSucceedWith({ status: 'SHIPPED' });
  expect(run).toHaveInvoked('NotifyCustomer', { times: 1 });
});

defineSfnTests('examples/order', {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  filter: /MockConfigFile/,
});
